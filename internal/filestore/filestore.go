// Package filestore keeps the original files of registered documents on disk, named by the
// SHA-256 of their content. Content addressing makes a second copy of the same file impossible
// and lets anyone check a stored file against the hash the database records.
package filestore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Store is a directory of files named by their SHA-256, fanned out by the first two hex digits
// so that no directory grows too large.
type Store struct {
	Dir string
}

// Sum returns the hex SHA-256 of data, the name under which Put stores it.
func Sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// Path is where the file of the given hash lives.
func (s *Store) Path(sum string) string {
	return filepath.Join(s.Dir, sum[:2], sum)
}

// Put stores data and returns its hash. The file is written to a temporary name, synced, renamed
// into place and its directory synced, so that once Put returns the file survives a power loss
// and a reader never sees half a file. Storing content that is already there does nothing.
func (s *Store) Put(data []byte) (string, error) {
	sum := Sum(data)
	path := s.Path(sum)
	if _, err := os.Stat(path); err == nil {
		return sum, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	done = true
	d, err := os.Open(dir)
	if err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return "", fmt.Errorf("filestore: %w", err)
	}
	return sum, nil
}

// Get reads the file of the given hash.
func (s *Store) Get(sum string) ([]byte, error) {
	if len(sum) != sha256.Size*2 {
		return nil, fmt.Errorf("filestore: %q is not a SHA-256", sum)
	}
	return os.ReadFile(s.Path(sum))
}
