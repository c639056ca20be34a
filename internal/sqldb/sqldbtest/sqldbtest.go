// Package sqldbtest runs storage tests on every engine: always on SQLite in a temporary directory,
// and on PostgreSQL when DONDOC_TEST_POSTGRES holds a URL. Each test gets a fresh database, cloned
// on PostgreSQL from a template migrated once per test binary, so tests stay independent and fast.
package sqldbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for administration of test databases

	"dondoc/internal/sqldb"
)

// PostgresEnv names the variable that holds the PostgreSQL URL for tests.
const PostgresEnv = "DONDOC_TEST_POSTGRES"

// Run runs fn once per available engine as a subtest named after the engine. Under CI (CI=true) a
// missing PostgreSQL fails the test instead of skipping it, so that CI cannot go green by accident.
func Run(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, OpenSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		db := OpenPostgres(t)
		fn(t, db)
	})
}

// OpenSQLite opens a migrated SQLite database in a temporary directory.
func OpenSQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
	counter      atomic.Int64
)

// PostgresURL returns the configured URL, skipping the test when none is set (or failing it in CI).
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set; CI must test PostgreSQL", PostgresEnv)
		}
		t.Skipf("%s not set; PostgreSQL tests skipped", PostgresEnv)
	}
	return u
}

// OpenPostgres opens a fresh migrated PostgreSQL database cloned from the template, and drops it
// when the test ends.
func OpenPostgres(t testing.TB) *sqldb.DB {
	t.Helper()
	base := PostgresURL(t)
	ctx := context.Background()
	dsn, drop, err := NewPostgresDatabase(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqldb.Open(ctx, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		_ = drop()
	})
	return db
}

// NewPostgresDatabase creates a fresh migrated database cloned from the template on the server of
// base, for callers whose database must outlive one test, such as benchmarks shared by several
// sub-benchmarks. drop removes it.
func NewPostgresDatabase(ctx context.Context, base string) (dsn string, drop func() error, err error) {
	templateOnce.Do(func() { templateName, templateErr = makeTemplate(ctx, base) })
	if templateErr != nil {
		return "", nil, fmt.Errorf("postgres template: %w", templateErr)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	name := fmt.Sprintf("dondoc_t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, counter.Add(1))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+templateName); err != nil {
		return "", nil, fmt.Errorf("create test database: %w", err)
	}
	drop = func() error {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer a.Close()
		_, err = a.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		return err
	}
	return withDatabase(base, name), drop, nil
}

// makeTemplate creates and migrates the template database once per test binary.
func makeTemplate(ctx context.Context, base string) (string, error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	name := fmt.Sprintf("dondoc_tpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	db, err := sqldb.Open(ctx, withDatabase(base, name), "")
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return "", err
	}
	return name, nil
}

// withDatabase returns the URL with its database name replaced.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}
