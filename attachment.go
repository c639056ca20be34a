package dondoc

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on the files attached to a progress report: enough for a signed report, its annexes and a
// few photographs, small enough that a province's reports fit on one server's disk.
const (
	MaxAttachments        = 10
	MaxAttachmentSize     = 20 << 20
	MaxAttachmentNameRune = 255
)

// Attachment is a file attached to a progress report: the signed scan, an annex, a photograph of
// the work. The bytes live in the file store under their SHA-256; the row keeps the name the
// uploader gave and the type the server detected, which is what a download is served as.
type Attachment struct {
	ID          int64     `json:"id"`
	ReportID    int64     `json:"report_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// SizeKB is the size in kilobytes, rounded up so that no file shows as 0, for pages to print.
func (a *Attachment) SizeKB() int { return int((a.Size + 1023) / 1024) }

// AttachmentInput names a file, uploaded before the report, to attach to it: the hash, type and
// size the upload answered, and the name to show. Storage checks that the caller uploaded that
// very file, so that knowing a hash is not enough to attach someone else's document.
type AttachmentInput struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// StoredFile is what an upload answers: the file as the server keeps it, ready to be named in an
// AttachmentInput.
type StoredFile struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Input returns the attachment input that attaches the stored file under its own name.
func (f *StoredFile) Input() AttachmentInput {
	return AttachmentInput{SHA256: f.SHA256, Name: f.Name, ContentType: f.ContentType, Size: f.Size}
}

// FileService keeps uploaded files and hands attached ones back only to those who may read the
// task they belong to. The API and the pages share it, so both apply the same checks.
type FileService interface {
	// StoreFile checks and stores an uploaded file for the caller to attach later.
	StoreFile(ctx context.Context, name string, data []byte) (*StoredFile, error)
	// ReportAttachment returns one attachment of a report whose task the caller may read; any
	// other is not found.
	ReportAttachment(ctx context.Context, reportID, attachmentID int64) (*Attachment, error)
	// OpenReportAttachment is ReportAttachment with the file's content, for a download.
	OpenReportAttachment(ctx context.Context, reportID, attachmentID int64) (*Attachment, io.ReadSeekCloser, error)
}

// fileKind is one accepted kind of file: the extensions it may carry, the type it is served as,
// the type http.DetectContentType sniffs from its first bytes, and an optional deeper check.
type fileKind struct {
	exts        []string
	contentType string
	sniffed     string
	check       func(data []byte) bool
}

// oleMagic opens the compound files of Word 97–2003 and Excel 97–2003.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// fileKinds are the files a report may carry: what offices exchange (PDF scans, Word and Excel in
// both formats, OpenDocument), photographs, plain text, and zip archives of annexes. Nothing that
// runs: an executable sniffs as none of these and is refused whatever its name.
var fileKinds = []fileKind{
	{exts: []string{".pdf"}, contentType: "application/pdf", sniffed: "application/pdf"},
	{exts: []string{".docx"}, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		sniffed: "application/zip", check: zipHas("[Content_Types].xml", "word/")},
	{exts: []string{".xlsx"}, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		sniffed: "application/zip", check: zipHas("[Content_Types].xml", "xl/")},
	{exts: []string{".odt"}, contentType: "application/vnd.oasis.opendocument.text", sniffed: "application/zip", check: zipHas("mimetype", "")},
	{exts: []string{".ods"}, contentType: "application/vnd.oasis.opendocument.spreadsheet", sniffed: "application/zip", check: zipHas("mimetype", "")},
	{exts: []string{".doc"}, contentType: "application/msword", sniffed: "application/octet-stream", check: hasOLEMagic},
	{exts: []string{".xls"}, contentType: "application/vnd.ms-excel", sniffed: "application/octet-stream", check: hasOLEMagic},
	{exts: []string{".jpg", ".jpeg"}, contentType: "image/jpeg", sniffed: "image/jpeg"},
	{exts: []string{".png"}, contentType: "image/png", sniffed: "image/png"},
	{exts: []string{".txt"}, contentType: "text/plain; charset=utf-8", sniffed: "text/plain; charset=utf-8", check: utf8.Valid},
	{exts: []string{".zip"}, contentType: "application/zip", sniffed: "application/zip", check: zipHas("", "")},
}

// AllowedAttachmentExtensions lists the accepted extensions, for the file input's accept attribute
// and for messages.
func AllowedAttachmentExtensions() []string {
	var out []string
	for _, k := range fileKinds {
		out = append(out, k.exts...)
	}
	return out
}

func hasOLEMagic(data []byte) bool { return bytes.HasPrefix(data, oleMagic) }

// zipHas checks that data is a readable zip archive holding the named entry and an entry under
// the prefix (either may be empty).
func zipHas(name, prefix string) func([]byte) bool {
	return func(data []byte) bool {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return false
		}
		foundName, foundPrefix := name == "", prefix == ""
		for _, f := range zr.File {
			foundName = foundName || f.Name == name
			foundPrefix = foundPrefix || strings.HasPrefix(f.Name, prefix)
		}
		return foundName && foundPrefix
	}
}

// kindOfExt returns the kind of file an extension announces.
func kindOfExt(ext string) (fileKind, bool) {
	ext = strings.ToLower(ext)
	for _, k := range fileKinds {
		for _, e := range k.exts {
			if e == ext {
				return k, true
			}
		}
	}
	return fileKind{}, false
}

// InspectFile checks an uploaded file against the rules for attachments and describes it: its name
// in NFC, the content type its bytes prove (the extension must agree with them), its size and its
// SHA-256. Errors name the field "file" and the file, so that a form can say which one is at fault.
func InspectFile(name string, data []byte) (*StoredFile, error) {
	name = norm.NFC.String(strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/"))))
	if err := checkAttachmentName("file", name); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, Invalid("file", fmt.Sprintf("Tệp “%s” rỗng.", name), fmt.Sprintf("The file “%s” is empty.", name))
	}
	if len(data) > MaxAttachmentSize {
		return nil, Invalid("file", fmt.Sprintf("Tệp “%s” lớn hơn 20 MB.", name), fmt.Sprintf("The file “%s” is larger than 20 MB.", name))
	}
	k, ok := kindOfExt(path.Ext(name))
	if !ok {
		return nil, Invalid("file", fmt.Sprintf("Tệp “%s”: loại tệp không được phép; chỉ nhận %s.", name, strings.Join(AllowedAttachmentExtensions(), ", ")),
			fmt.Sprintf("The file “%s”: this type is not allowed; only %s.", name, strings.Join(AllowedAttachmentExtensions(), ", ")))
	}
	if http.DetectContentType(data) != k.sniffed || (k.check != nil && !k.check(data)) {
		return nil, Invalid("file", fmt.Sprintf("Tệp “%s”: nội dung không phải tệp %s như tên tệp cho biết.", name, strings.ToUpper(k.exts[0][1:])),
			fmt.Sprintf("The file “%s”: its content is not the %s file its name says.", name, strings.ToUpper(k.exts[0][1:])))
	}
	sum := sha256.Sum256(data)
	return &StoredFile{SHA256: hex.EncodeToString(sum[:]), Name: name, ContentType: k.contentType, Size: int64(len(data))}, nil
}

// checkAttachmentName accepts a plain file name: not empty, at most 255 characters in NFC, with no
// folder and no control characters, so that it is safe to show and to offer back as a download.
func checkAttachmentName(field, name string) error {
	switch {
	case strings.TrimSpace(name) == "" || name == "." || name == "/":
		return Invalid(field, "Thiếu tên tệp.", "The file name is missing.")
	case !utf8.ValidString(name) || !norm.NFC.IsNormalString(name):
		return Invalid(field, "Tên tệp phải là văn bản Unicode dựng sẵn (NFC).", "The file name must be Unicode text in NFC.")
	case utf8.RuneCountInString(name) > MaxAttachmentNameRune:
		return Invalid(field, "Tên tệp dài quá 255 ký tự.", "The file name is longer than 255 characters.")
	case strings.ContainsAny(name, `/\`) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return Invalid(field, "Tên tệp không được chứa thư mục hay ký tự điều khiển.", "The file name may not hold a folder or control characters.")
	}
	return nil
}

// validateAttachments checks the files a report names: how many, and each one's hash, name, type
// and size, with the field of the item at fault ("attachments[1].name", counting from 0).
func validateAttachments(in []AttachmentInput) error {
	if len(in) > MaxAttachments {
		return Invalid("attachments", fmt.Sprintf("Mỗi báo cáo đính kèm tối đa %d tệp.", MaxAttachments),
			fmt.Sprintf("A report may carry at most %d files.", MaxAttachments))
	}
	for i, a := range in {
		f := fmt.Sprintf("attachments[%d].", i)
		if len(a.SHA256) != sha256.Size*2 || strings.Trim(a.SHA256, "0123456789abcdef") != "" {
			return Invalid(f+"sha256", "Mã băm SHA-256 của tệp không hợp lệ (64 chữ số thập lục phân viết thường).",
				"sha256 must be 64 lower-case hex digits.")
		}
		if err := checkAttachmentName(f+"name", a.Name); err != nil {
			return err
		}
		k, ok := kindOfExt(path.Ext(a.Name))
		if !ok {
			return Invalid(f+"name", "Phần mở rộng của tên tệp không thuộc loại được phép.", "The file name's extension is not an allowed type.")
		}
		if a.ContentType != k.contentType {
			return Invalid(f+"content_type", "Loại nội dung không khớp với tên tệp.", "content_type does not match the file name.")
		}
		if a.Size <= 0 || a.Size > MaxAttachmentSize {
			return Invalid(f+"size", "Kích thước tệp phải từ 1 byte đến 20 MB.", "size must be from 1 byte to 20 MB.")
		}
	}
	return nil
}

// ContentDisposition offers the attachment as a download under its name, as RFC 6266 advises: an
// ASCII name for old clients and the Vietnamese name in filename* (RFC 8187), which browsers prefer.
func (a *Attachment) ContentDisposition() string {
	var ascii, enc strings.Builder
	for _, r := range norm.NFD.String(a.Name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			ascii.WriteByte('d')
		case r == 'Đ':
			ascii.WriteByte('D')
		case r < utf8.RuneSelf && r >= ' ' && r != '"' && r != '\\' && r != 0x7f:
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	for _, c := range []byte(a.Name) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			enc.WriteByte(c)
		default:
			fmt.Fprintf(&enc, "%%%02X", c)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}
