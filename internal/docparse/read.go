package docparse

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dondoc"
)

// Limits bound what a reader accepts, so that a hostile or broken upload cannot exhaust memory,
// disk or time.
type Limits struct {
	// MaxInput is the largest file accepted, in bytes.
	MaxInput int64
	// MaxUnpacked is the most a .docx may unpack to, all parts read together.
	MaxUnpacked int64
	// MaxRatio is the highest compression ratio accepted for one part of a .docx; zip bombs reach
	// ratios in the thousands, real documents stay below 100.
	MaxRatio int64
	// MaxEntries is the most entries a .docx may list.
	MaxEntries int
	// MaxText is the most text a reader may produce, in bytes.
	MaxText int
	// Timeout bounds one Read, conversion included.
	Timeout time.Duration
}

// DefaultLimits suits directives: a 50 MB upload covers scanned attachments in a PDF, while the
// text of even the longest plan is a few hundred kilobytes.
func DefaultLimits() Limits {
	return Limits{MaxInput: 50 << 20, MaxUnpacked: 200 << 20, MaxRatio: 200, MaxEntries: 5000,
		MaxText: MaxParseBytes, Timeout: 60 * time.Second}
}

// Source is what a reader produced from a file.
type Source struct {
	// Name is the file name as given.
	Name string `json:"file"`
	// Format is txt, md, docx, pdf or edxml.
	Format string `json:"format"`
	// Encoding is the character set plain text was decoded from (utf-8, windows-1258, tcvn3).
	Encoding string `json:"encoding,omitempty"`
	// SHA256 is the hash of the file as uploaded, to detect the same file uploaded twice.
	SHA256 string `json:"sha256"`
	// Text is the text for Parse.
	Text string `json:"-"`
	// Envelope holds the header fields of an edXML message.
	Envelope *Envelope `json:"envelope,omitempty"`
}

// fileError reports a file the readers refuse, in both languages, against the field "file".
func fileError(vi, en string) error { return dondoc.Invalid("file", vi, en) }

// ReadFile reads the file at path with Read.
func ReadFile(ctx context.Context, path string, lim Limits) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError("Không mở được tệp: "+err.Error()+".", "Cannot open the file: "+err.Error()+".")
	}
	defer f.Close()
	return Read(ctx, filepath.Base(path), f, lim)
}

// Read reads a document from r. The format comes from the content where it can (zip, PDF and XML
// signatures) and from the name's extension otherwise; anything else is read as plain text.
func Read(ctx context.Context, name string, r io.Reader, lim Limits) (*Source, error) {
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
		defer cancel()
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxInput+1))
	if err != nil {
		return nil, fileError("Không đọc được tệp: "+err.Error()+".", "Cannot read the file: "+err.Error()+".")
	}
	if int64(len(data)) > lim.MaxInput {
		return nil, fileError(fmt.Sprintf("Tệp lớn hơn giới hạn %d MB.", lim.MaxInput>>20),
			fmt.Sprintf("The file is larger than the %d MB limit.", lim.MaxInput>>20))
	}
	sum := sha256.Sum256(data)
	src, err := readBytes(ctx, name, data, lim, 0)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fileError("Đọc tệp quá thời gian cho phép.", "Reading the file took longer than allowed.")
		}
		return nil, err
	}
	src.Name = name
	src.SHA256 = hex.EncodeToString(sum[:])
	if len(src.Text) > lim.MaxText {
		return nil, fileError("Văn bản dài hơn giới hạn cho phép.", "The document's text is longer than allowed.")
	}
	if strings.TrimSpace(src.Text) == "" {
		return nil, fileError("Tệp không có nội dung văn bản.", "The file holds no text.")
	}
	return src, nil
}

// readBytes dispatches on the format; depth counts edXML attachments, which may not nest.
func readBytes(ctx context.Context, name string, data []byte, lim Limits, depth int) (*Source, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".docx":
		text, err := readDocx(ctx, data, lim)
		if err != nil {
			return nil, err
		}
		return &Source{Format: "docx", Text: text}, nil
	case bytes.HasPrefix(data, []byte("%PDF-")) || ext == ".pdf":
		text, err := readPDF(ctx, data, lim)
		if err != nil {
			return nil, err
		}
		return &Source{Format: "pdf", Text: text}, nil
	case ext == ".xml" || ext == ".edxml" || looksLikeXML(data):
		if depth > 0 {
			return nil, fileError("Tệp đính kèm edXML lồng nhau không được hỗ trợ.", "Nested edXML attachments are not supported.")
		}
		return readEdXML(ctx, data, lim)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")):
		return nil, fileError("Định dạng .doc cũ chưa được hỗ trợ; hãy lưu thành .docx hoặc .pdf.",
			"The old .doc format is not supported; save the file as .docx or .pdf.")
	}
	text, enc, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	format := "txt"
	if ext == ".md" || ext == ".markdown" {
		format = "md"
	}
	return &Source{Format: format, Encoding: enc, Text: text}, nil
}

// looksLikeXML reports whether data starts, after blanks and a BOM, with an XML declaration or an
// element.
func looksLikeXML(data []byte) bool {
	d := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return bytes.HasPrefix(d, []byte("<?xml")) || bytes.HasPrefix(d, []byte("<edXML")) ||
		bytes.HasPrefix(d, []byte("<edXML:")) || bytes.HasPrefix(d, []byte("<SOAP-ENV:")) || bytes.HasPrefix(d, []byte("<soap:"))
}
