package sqldb_test

import (
	"os"
	"slices"
	"testing"
)

// The two engines must have the same migrations, file for file, so that a schema version means
// the same thing on both.
func TestMigrationFoldersMatch(t *testing.T) {
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	sqlite, postgres := names("migrations/sqlite"), names("migrations/postgres")
	if len(sqlite) == 0 || !slices.Equal(sqlite, postgres) {
		t.Errorf("migration folders differ:\nsqlite:   %v\npostgres: %v", sqlite, postgres)
	}
}
