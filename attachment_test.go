package dondoc

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// zipWith builds a zip archive holding the named (empty) entries.
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		if _, err := zw.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestInspectFile(t *testing.T) {
	docx := zipWith(t, "[Content_Types].xml", "word/document.xml")
	xlsx := zipWith(t, "[Content_Types].xml", "xl/workbook.xml")
	ole := append(bytes.Clone(oleMagic), make([]byte, 100)...)
	for _, c := range []struct {
		name     string
		data     []byte
		wantType string // empty: refused
		wantName string
	}{
		{"Báo cáo.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Báo cáo.docx"},
		{"Số liệu.XLSX", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Số liệu.XLSX"},
		{"cũ.doc", ole, "application/msword", "cũ.doc"},
		{"cũ.xls", ole, "application/vnd.ms-excel", "cũ.xls"},
		{"phụ lục.zip", docx, "application/zip", "phụ lục.zip"},
		{"ghi chú.txt", []byte("Nội dung ghi chú"), "text/plain; charset=utf-8", "ghi chú.txt"},
		{"C:\\Users\\an\\Ba\u0301o ca\u0301o.txt", []byte("abc"), "text/plain; charset=utf-8", "Báo cáo.txt"},
		{"ảnh.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg", "ảnh.jpg"},
		{"xlsx-as-docx.docx", xlsx, "", ""},
		{"word.xlsx", docx, "", ""},
		{"not-zip.docx", []byte("PK\x03\x04 broken"), "", ""},
		{"latin1.txt", []byte("caf\xe9"), "", ""},
		{"page.txt", []byte("<html><script>alert(1)</script>"), "", ""},
		{"run.exe", []byte("MZ\x90\x00"), "", ""},
		{"script.sh", []byte("#!/bin/sh\nrm -rf /"), "", ""},
		{"exe.doc", []byte("MZ\x90\x00"), "", ""},
		{"empty.pdf", nil, "", ""},
		{strings.Repeat("ả", 252) + ".pdf", []byte("%PDF-1.4"), "", ""},
		{"no-extension", []byte("%PDF-1.4"), "", ""},
		{"tab\tname.pdf", []byte("%PDF-1.4"), "", ""},
	} {
		f, err := InspectFile(c.name, c.data)
		if c.wantType == "" {
			if !IsCode(err, EInvalid) || err.(*Error).Field != "file" {
				t.Errorf("%q: err = %v, want invalid file", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.name, err)
			continue
		}
		if f.ContentType != c.wantType || f.Name != c.wantName || f.Size != int64(len(c.data)) || len(f.SHA256) != 64 {
			t.Errorf("%q: %+v, want type %s name %q", c.name, f, c.wantType, c.wantName)
		}
	}
}

func TestAttachmentContentDisposition(t *testing.T) {
	a := Attachment{Name: `Báo cáo "quý" Đồng Việt.pdf`}
	want := `attachment; filename="Bao cao _quy_ Dong Viet.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%22%20%C4%90%E1%BB%93ng%20Vi%E1%BB%87t.pdf`
	if got := a.ContentDisposition(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
