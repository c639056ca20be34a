package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"dondoc"
)

// maxBody bounds a JSON request. It is larger than any valid field so that an over-long field is
// reported by name rather than as an over-large request.
const maxBody = 16 << 20

// decode reads a JSON body into T strictly: unknown fields, wrong types, trailing data and invalid
// UTF-8 are errors that name the field, because a silently ignored field is a lost write.
func decode[T any](w http.ResponseWriter, r *http.Request) (T, error) {
	var v T
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return v, newHTTPError(http.StatusUnsupportedMediaType, dondoc.EInvalid, "Content-Type",
				"Nội dung phải là JSON (application/json).", "The body must be JSON (application/json).")
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return v, newHTTPError(http.StatusRequestEntityTooLarge, dondoc.EInvalid, "body",
				"Yêu cầu vượt quá 16 MB.", "The request exceeds 16 MB.")
		}
		return v, dondoc.Invalid("body", "Không đọc được nội dung yêu cầu.", "Could not read the request body.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return v, dondoc.Invalid("body", "Thiếu nội dung JSON.", "The JSON body is missing.")
	}
	if !utf8.Valid(body) {
		field := fieldAtOffset(body, invalidUTF8Offset(body))
		return v, dondoc.Invalid(field, "Văn bản không phải UTF-8 hợp lệ.", "Text is not valid UTF-8.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return v, jsonError(body, err)
	}
	if dec.More() {
		return v, dondoc.Invalid("body", "Có dữ liệu thừa sau đối tượng JSON.", "Unexpected data after the JSON object.")
	}
	return v, nil
}

// jsonError turns a decoding error into a domain error naming the field.
func jsonError(body []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return dondoc.Invalid(fieldAtOffset(body, int(se.Offset)), "JSON sai cú pháp tại vị trí "+strconv.FormatInt(se.Offset, 10)+".",
			"Malformed JSON at offset "+strconv.FormatInt(se.Offset, 10)+".")
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return dondoc.Invalid(field, "Sai kiểu dữ liệu: cần "+typeVI(te.Type.Kind().String())+".",
			"Wrong type: expected "+te.Type.String()+".")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return dondoc.Invalid("body", "JSON bị cắt cụt.", "Truncated JSON.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return dondoc.Invalid(name, "Trường không được hỗ trợ.", "Unknown field.")
	}
	var ve *dondoc.ValueError
	if errors.As(err, &ve) {
		// Custom decoders such as dondoc.Date do not know their field: find the value instead.
		return dondoc.Invalid(fieldOfValue(body, ve.Value), ve.Message, ve.MessageEN)
	}
	return dondoc.Invalid("body", "Dữ liệu không hợp lệ.", "Invalid data: "+err.Error())
}

func typeVI(kind string) string {
	switch kind {
	case "string":
		return "chuỗi"
	case "int", "int64", "int32", "float64", "uint", "uint64":
		return "số"
	case "bool":
		return "true/false"
	case "slice":
		return "danh sách"
	case "struct", "map":
		return "đối tượng"
	}
	return kind
}

// fieldOfValue returns the path of the first string value equal to v.
func fieldOfValue(body []byte, v string) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "body"
		}
		if s, ok := tok.(string); ok && s == v {
			return fieldAtOffset(body, int(dec.InputOffset())-1)
		}
	}
}

// invalidUTF8Offset returns the offset of the first byte that is not valid UTF-8.
func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// fieldAtOffset finds the JSON path ("recipients[2].text") of the value that spans offset in
// body, so that errors found by offset can still name the field.
func fieldAtOffset(body []byte, offset int) string {
	// Replace invalid bytes so that the tokenizer can walk the document.
	clean := bytes.ToValidUTF8(body, []byte("?"))
	if len(clean) != len(body) {
		clean = []byte(strings.ToValidUTF8(string(body), "?"))
		offset = len(strings.ToValidUTF8(string(body[:min(offset, len(body))]), "?"))
	}
	dec := json.NewDecoder(bytes.NewReader(clean))
	type frame struct {
		array bool
		key   string
		index int
		// expectKey is true in an object when the next string token is a key.
		expectKey bool
	}
	var stack []frame
	path := func() string {
		var sb strings.Builder
		for _, f := range stack {
			if f.array {
				sb.WriteString("[" + strconv.Itoa(f.index) + "]")
			} else if f.key != "" {
				if sb.Len() > 0 {
					sb.WriteByte('.')
				}
				sb.WriteString(f.key)
			}
		}
		if sb.Len() == 0 {
			return "body"
		}
		return sb.String()
	}
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		after := int(dec.InputOffset())
		if err != nil {
			return path()
		}
		isKey := len(stack) > 0 && !stack[len(stack)-1].array && stack[len(stack)-1].expectKey
		if s, ok := tok.(string); ok && isKey {
			stack[len(stack)-1].key = s
			stack[len(stack)-1].expectKey = false
			continue
		}
		if offset >= before && offset < after || after > offset {
			if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
				return path()
			}
			return path()
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{expectKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, frame{array: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: advance the enclosing container.
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.array {
				top.index++
			} else {
				top.expectKey = true
			}
		}
	}
}
