package filestore_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"dondoc/internal/filestore"
)

func TestPutGet(t *testing.T) {
	s := &filestore.Store{Dir: t.TempDir()}
	data := []byte("Công văn số 12-CV/TU")
	sum, err := s.Put(data)
	if err != nil {
		t.Fatal(err)
	}
	if sum != filestore.Sum(data) || len(sum) != 64 {
		t.Errorf("sum = %q", sum)
	}
	got, err := s.Get(sum)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Get = %q, %v", got, err)
	}
	again, err := s.Put(data)
	if err != nil || again != sum {
		t.Errorf("second Put = %q, %v", again, err)
	}
	entries, err := os.ReadDir(filepath.Dir(s.Path(sum)))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != sum {
		t.Errorf("directory holds %v, want only the file (no temporary left)", entries)
	}
	if _, err := s.Get("abc"); err == nil {
		t.Error("Get accepted a name that is not a SHA-256")
	}
}
