// Package sqldb is the one storage layer of dondoc, for SQLite and PostgreSQL alike: the same Go
// code and the same portable SQL serve both, and only the few things that truly differ (DDL,
// full-text search, connection setup) live in the dialect. Every write runs in one transaction with
// its timeline event and audit row, and the caller's unit scope is applied inside every query.
package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"dondoc"
	"dondoc/internal/vntext"
)

//go:embed migrations
var migrations embed.FS

// Engine names a database engine.
type Engine string

// The two engines dondoc runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open dondoc database. On SQLite, writes go through a pool of one connection so that
// concurrent writers queue in Go instead of failing with "database is locked"; reads use a
// separate pool. On PostgreSQL both are the same pool.
type DB struct {
	Engine Engine
	write  *sqlx.DB
	read   *sqlx.DB

	// Now returns the current time; tests replace it to fix "today".
	Now func() time.Time
	// AllowSecret lets the deployment store documents marked Mật, Tối mật or Tuyệt mật; only an
	// isolated internal network may set it.
	AllowSecret bool
	// Files is the directory under the data directory where the original files of ingested
	// documents are stored by their SHA-256 (see internal/filestore).
	Files string
	// MaxExtensions is how many extensions a task may receive.
	MaxExtensions int
	// SessionTTL is how long a login session lasts without activity.
	SessionTTL time.Duration
	// WorkingDays counts "N ngày làm việc" from a date with the working-day calendar; nil counts
	// weekends only as days off. The command wires it to WorkCalendar, the calendar in force.
	WorkingDays func(from dondoc.Date, n int) dondoc.Date
	// IsWorkingDay tells working days from days off for the reminder scan; nil treats Monday to
	// Friday as working days.
	IsWorkingDay func(dondoc.Date) bool
	// Obligations expands recurring deadlines into per-period reports; without it recurring
	// obligations are not chased.
	Obligations dondoc.ObligationFunc

	actors actorCache
	// settings are the calendar and follow-up settings in force (see settings.go).
	settings settingsHolder
}

var registerOnce sync.Once

// registerSQLite installs the Vietnamese collation into the SQLite driver once per process, before
// any connection opens, so that ORDER BY name COLLATE vi sorts as on PostgreSQL.
func registerSQLite() {
	registerOnce.Do(func() {
		sqlite.MustRegisterCollationUtf8("vi", vntext.Compare)
		registerCachedDriver()
		sqlx.BindDriver(cachedDriverName, sqlx.QUESTION)
	})
}

// Open opens the database named by dsn: a postgres:// URL selects PostgreSQL, anything else is a
// SQLite file path (empty means dondoc.db under dataDir). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn, dataDir string) (*DB, error) {
	db := &DB{Now: time.Now, MaxExtensions: dondoc.MaxExtensions, SessionTTL: 12 * time.Hour,
		Files: filepath.Join(dataDir, "files")}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pool, err := sqlx.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(16)
		pool.SetMaxIdleConns(16)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		if err := pool.PingContext(ctx); err != nil {
			pool.Close()
			return nil, fmt.Errorf("connect postgres: %w", err)
		}
		db.Engine, db.write, db.read = Postgres, pool, pool
		return db, nil
	}
	registerSQLite()
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		path = filepath.Join(dataDir, "dondoc.db")
	}
	// synchronous(FULL) makes every acknowledged commit survive a power loss, as the issue demands;
	// WAL keeps readers off the writer's back.
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=foreign_keys(1)&_pragma=synchronous(full)"
	w, err := sqlx.Open(cachedDriverName, base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sqlx.Open(cachedDriverName, base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	r.SetConnMaxIdleTime(0)
	r.SetConnMaxLifetime(0)
	db.Engine, db.write, db.read = SQLite, w, r
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Migrate brings the schema up to date. On PostgreSQL an advisory lock lets several instances
// start at once without racing.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := db.backfillDocumentFilters(ctx); err != nil {
		return fmt.Errorf("migrate: backfill documents: %w", err)
	}
	return nil
}

// SchemaVersion returns the version of the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

func (db *DB) provider() (*goose.Provider, error) {
	dir := "migrations/sqlite"
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Engine == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, db.write.DB, sub, opts...)
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx is a write transaction with the time fixed at its start, so that every row it writes carries
// the same instant, and with the actor whose action it records.
type Tx struct {
	*sqlx.Tx
	db    *DB
	now   time.Time
	actor *dondoc.Actor
}

// inTx runs fn in a write transaction and commits it, or rolls it back if fn fails. Driver errors
// are translated to domain errors here, once.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	actor, err := dondoc.RequireActor(ctx)
	if err != nil {
		return err
	}
	stx, err := db.write.BeginTxx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	tx := &Tx{Tx: stx, db: db, now: db.Now().UTC().Truncate(time.Microsecond), actor: actor}
	if err := fn(tx); err != nil {
		_ = stx.Rollback()
		return translate(err)
	}
	if err := stx.Commit(); err != nil {
		return translate(err)
	}
	return nil
}

// translate turns driver errors into domain errors: a unique violation is a conflict, anything
// unexpected is internal. Domain errors pass through.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *dondoc.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return &dondoc.Error{Code: dondoc.EConflict, Message: "Dữ liệu bị trùng với bản ghi đã có.", MessageEN: "Duplicate of an existing record.", Err: err}
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) && (sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return &dondoc.Error{Code: dondoc.EConflict, Message: "Dữ liệu bị trùng với bản ghi đã có.", MessageEN: "Duplicate of an existing record.", Err: err}
	}
	return dondoc.Internal(err)
}

// Rebind rewrites ? placeholders for the engine.
func (db *DB) rebind(q string) string { return db.read.Rebind(q) }

// get reads one row into dest with the read pool; a missing row becomes a not-found error naming
// what was sought, never a nil result.
func (db *DB) get(ctx context.Context, what string, dest any, q string, args ...any) error {
	err := db.read.GetContext(ctx, dest, db.rebind(q), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return dondoc.NotFound(what)
	}
	return translate(err)
}

// sel reads rows into dest with the read pool.
func (db *DB) sel(ctx context.Context, dest any, q string, args ...any) error {
	return translate(db.read.SelectContext(ctx, dest, db.rebind(q), args...))
}

// get reads one row inside the transaction.
func (tx *Tx) get(what string, dest any, q string, args ...any) error {
	err := tx.Get(dest, tx.Rebind(q), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return dondoc.NotFound(what)
	}
	return err
}

// exec runs a statement inside the transaction.
func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	return tx.Exec(tx.Rebind(q), args...)
}

// insert runs an INSERT ... RETURNING id and returns the new id; both engines support RETURNING.
func (tx *Tx) insert(q string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowx(tx.Rebind(q+" RETURNING id"), args...).Scan(&id)
	return id, err
}

// bumpVersion updates a versioned row only if the client saw its latest version; otherwise the
// write is refused as stale, never applied over someone else's change.
func (tx *Tx) bumpVersion(table string, id, version int64) error {
	return staleUnlessChanged(tx.exec("UPDATE "+table+" SET version = version + 1 WHERE id = ? AND version = ?", id, version))
}

// staleUnlessChanged turns a versioned UPDATE that matched no row into a stale-write error.
func staleUnlessChanged(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return dondoc.Stale()
	}
	return nil
}

// SchemaFingerprint is a short hash of the engine's migrations. Tests name their migrated template
// database after it, so that one template serves every run until the schema changes.
func SchemaFingerprint(e Engine) (string, error) {
	dir := "migrations/sqlite"
	if e == Postgres {
		dir = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, en := range entries {
		b, err := fs.ReadFile(migrations, dir+"/"+en.Name())
		if err != nil {
			return "", err
		}
		h.Write([]byte(en.Name()))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
