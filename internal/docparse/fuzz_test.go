package docparse

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"
	"unicode/utf8"
)

// checkDraft verifies what must hold for any input: spans inside the text, valid UTF-8 values,
// and no task without text.
func checkDraft(t *testing.T, d *Draft) {
	t.Helper()
	n := len(d.Text)
	ok := func(what string, sp Span) {
		if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
			t.Fatalf("%s: span %v outside [0,%d]", what, sp, n)
		}
	}
	fields := map[string]*Field{"issuer": d.Issuer, "type": d.Type, "place": d.Place, "subject": d.Subject,
		"authority": d.Signing.Authority, "title": d.Signing.Title, "name": d.Signing.Name}
	for k, f := range fields {
		if f != nil {
			ok(k, f.Span)
			if !utf8.ValidString(f.Text) {
				t.Fatalf("%s: invalid UTF-8 %q", k, f.Text)
			}
		}
	}
	for _, r := range d.Recipients {
		ok("recipient", r.Span)
	}
	for _, r := range d.References {
		ok("reference", r.Span)
	}
	for _, x := range d.Distribution {
		ok("distribution", x.Span)
	}
	for _, c := range d.Clauses {
		ok("clause", c.Span)
	}
	for _, tk := range d.Tasks {
		ok("task", tk.Span)
		if tk.Text == "" || !utf8.ValidString(tk.Text) {
			t.Fatalf("task with bad text %q", tk.Text)
		}
		for _, l := range append(append([]Item{}, tk.Lead...), tk.Coordinate...) {
			ok("unit", l.Span)
		}
		if tk.Deadline != nil {
			ok("deadline", tk.Deadline.Span)
		}
		if tk.DeadlineDate != "" && !tk.DeadlineDate.Valid() {
			t.Fatalf("invalid deadline date %q", tk.DeadlineDate)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{stateHeader + "1. Giao Sở A chủ trì, phối hợp với Sở B, báo cáo UBND tỉnh trước ngày 15/7.\n",
		"Kính gửi: - A,\n - B.\n\nNơi nhận:   KT. CHỦ TỊCH\n- Như trên;   PHÓ CHỦ TỊCH\n\n     Nguyễn Văn A\n",
		"2. Các nhiệm vụ: (1) Chỉ đạo. (2) Tăng cường.\n| STT | Nhiệm vụ | Chủ trì |\n| 1 | X | Y |\n", "Số 367 - QĐ/TWĐTN-VP", "(((", ""} {
		f.Add(s)
	}
	if files, err := corpusGlob(); err == nil {
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDraft(t, Parse(s, Options{ReceivedOn: "2025-01-02"}))
	})
}

// corpusGlob lists the shared corpus texts when they are present.
func corpusGlob() ([]string, error) {
	var out []string
	for _, d := range corpusDirs {
		m, err := globTxt(d)
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	return out, nil
}

func globTxt(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); len(n) > 4 && n[len(n)-4:] == ".txt" {
			out = append(out, dir+"/"+n)
		}
	}
	return out, nil
}

func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"Việt Nam", "\xEF\xBB\xBFabc", "Vi\xEA\xF2t", "Vi\xD6t \xAE\xE9c", "\xFF\xFEa\x00", "\xFE\xFF\x00a\xD8"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, enc, err := DecodeText(b)
		if err != nil {
			return
		}
		if !utf8.ValidString(s) || enc == "" {
			t.Fatalf("DecodeText gave %q (%s)", s, enc)
		}
	})
}

// fuzzLimits keeps fuzzed readers small and quick.
func fuzzLimits() Limits {
	l := DefaultLimits()
	l.MaxInput, l.MaxUnpacked, l.Timeout = 1<<20, 4<<20, 5*time.Second
	return l
}

func FuzzReadDocx(f *testing.F) {
	f.Add(testDocx(f))
	f.Add(makeZip(f, "word/document.xml", "<w:document "+wns+"><w:body>"+wp("1", 0, wr("x"))+"</w:body></w:document>", "word/numbering.xml", "<w:numbering/>"))
	f.Add([]byte("PK\x03\x04 broken"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := Read(context.Background(), "f.docx", bytes.NewReader(b), fuzzLimits())
		if err == nil {
			checkDraft(t, src.Parse(Options{}))
		}
	})
}

func FuzzReadEdXML(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader><edXML:Content>Giao Sở A báo cáo.</edXML:Content></edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>`))
	f.Add([]byte(`<edXML:edXMLEnvelope xmlns:edXML="http://www.go.vn/eDoc"><edXML:Attachment><edXML:ContentTransferEncoded>SGVsbG8=</edXML:ContentTransferEncoded></edXML:Attachment></edXML:edXMLEnvelope>`))
	f.Add([]byte(`<x/>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := Read(context.Background(), "f.xml", bytes.NewReader(b), fuzzLimits())
		if err == nil {
			checkDraft(t, src.Parse(Options{}))
		}
	})
}

func FuzzReadPDF(f *testing.F) {
	if _, err := exec.LookPath(pdftotextBin); err != nil {
		f.Skip("pdftotext (poppler-utils) is not installed")
	}
	f.Add(minimalPDF("So: 1/UBND", "Giao So A bao cao."))
	f.Add([]byte("%PDF-1.4 broken"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := Read(context.Background(), "f.pdf", bytes.NewReader(b), fuzzLimits())
		if err == nil {
			checkDraft(t, src.Parse(Options{}))
		}
	})
}
