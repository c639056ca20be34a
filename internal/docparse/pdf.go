package docparse

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"unicode"
)

// pdftotextBin is the converter the PDF reader runs; tests point it elsewhere to check the
// message for a missing binary.
var pdftotextBin = "pdftotext"

// readPDF extracts the text layer of a PDF with pdftotext -layout, which keeps the two-column
// header and signature of official documents side by side on the same lines. A PDF without a
// text layer (a scan) is refused with a message saying so, since OCR is the clerk's call.
func readPDF(ctx context.Context, data []byte, lim Limits) (string, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return "", fileError("Tệp không phải là PDF.", "The file is not a PDF.")
	}
	bin, err := exec.LookPath(pdftotextBin)
	if err != nil {
		return "", fileError("Không tìm thấy chương trình pdftotext; hãy cài gói poppler-utils (apt-get install poppler-utils).",
			"pdftotext was not found; install the Debian package poppler-utils (apt-get install poppler-utils).")
	}
	dir, err := os.MkdirTemp("", "dondoc-pdf-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	in := dir + "/in.pdf"
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, bin, "-layout", "-enc", "UTF-8", "-q", in, "-")
	var out limitedBuffer
	out.max = lim.MaxText
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	cmd.WaitDelay = 2e9
	err = cmd.Run()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if out.over {
		return "", fileError("Văn bản trong PDF dài hơn giới hạn cho phép.", "The PDF's text is longer than allowed.")
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fileError("Không đọc được tệp PDF (tệp hỏng hoặc có mật khẩu).",
				"Cannot read the PDF (damaged or password-protected): "+strings.TrimSpace(stderr.String()))
		}
		return "", err
	}
	text := strings.ReplaceAll(out.String(), "\f", "\n")
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 20 {
		return "", fileError("PDF không có lớp chữ (bản quét); hãy nhận dạng chữ (OCR) hoặc gửi bản .docx/.pdf gốc.",
			"The PDF has no text layer (a scanned PDF); run OCR on it or supply the original .docx or PDF.")
	}
	return text, nil
}

// limitedBuffer collects a converter's output up to max bytes and notes when there was more.
type limitedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

// Write keeps what fits and reports success, so that the converter is not killed by a broken
// pipe before the caller sees the overflow.
func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room < len(p) {
		b.over = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}
