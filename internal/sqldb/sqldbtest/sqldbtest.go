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
	// Stored files go to a temporary folder, as they do on SQLite, and never into the package.
	db, err := sqldb.Open(ctx, dsn, t.TempDir())
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

// makeTemplate returns the template database for the current schema, creating it when no test
// run has yet. Test binaries run in parallel, so creation happens under an advisory lock, and a
// template gets its final name only once fully migrated.
func makeTemplate(ctx context.Context, base string) (string, error) {
	fp, err := sqldb.SchemaFingerprint(sqldb.Postgres)
	if err != nil {
		return "", err
	}
	name := "dondoc_tpl_" + fp
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(7356001)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(7356001)")
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := fmt.Sprintf("%s_build_%d", name, os.Getpid())
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return "", err
	}
	db, err := sqldb.Open(ctx, withDatabase(base, building), "")
	if err != nil {
		return "", err
	}
	err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		_, _ = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
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
