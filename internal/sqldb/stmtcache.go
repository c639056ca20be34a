package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
)

// The SQLite driver parses every query's text anew, which made SQL parsing about half of the CPU
// of a request. cachingDriver wraps it so that each connection keeps its prepared statements by
// query text and reuses them: a transparent change for all code above database/sql. PostgreSQL
// needs no such wrapper: pgx caches prepared statements per connection by itself.

// cachedDriverName is the database/sql name of the wrapped SQLite driver.
const cachedDriverName = "dondoc-sqlite"

// maxCachedStmts bounds each connection's cache; list queries vary with their filters, so the set
// of texts is finite but not tiny.
const maxCachedStmts = 512

var registerCachedOnce sync.Once

// registerCachedDriver registers the wrapper around the driver that database/sql knows as
// "sqlite", so that collations registered on it apply to the wrapper's connections too.
func registerCachedDriver() {
	registerCachedOnce.Do(func() {
		probe, err := sql.Open("sqlite", "")
		if err != nil {
			panic(err)
		}
		sql.Register(cachedDriverName, &cachingDriver{base: probe.Driver()})
		probe.Close()
	})
}

type cachingDriver struct{ base driver.Driver }

func (d *cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.base.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: c, stmts: map[string]*cachedStmt{}}, nil
}

// cachingConn is one SQLite connection with its statement cache. database/sql never uses a
// connection from two goroutines at once, so the cache needs no lock.
type cachingConn struct {
	driver.Conn
	stmts map[string]*cachedStmt
}

// cachedStmt is a prepared statement; busy marks it while rows from it are open, so that the same
// text run again before they close gets a statement of its own instead of resetting them.
type cachedStmt struct {
	stmt driver.Stmt
	busy bool
}

func (c *cachingConn) prepared(ctx context.Context, query string) (*cachedStmt, bool, error) {
	if s, ok := c.stmts[query]; ok && !s.busy {
		return s, true, nil
	}
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, false, err
	}
	s := &cachedStmt{stmt: st}
	if _, exists := c.stmts[query]; exists || len(c.stmts) >= maxCachedStmts {
		return s, false, nil
	}
	c.stmts[query] = s
	return s, true, nil
}

// ExecContext runs a statement through the cache.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, cached, err := c.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	res, err := s.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	if !cached {
		err = errors.Join(err, s.stmt.Close())
	}
	return res, err
}

// QueryContext runs a query through the cache; the statement stays busy until its rows close.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, cached, err := c.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		if !cached {
			err = errors.Join(err, s.stmt.Close())
		}
		return nil, err
	}
	s.busy = true
	return &cachedRows{Rows: rows, s: s, owned: !cached}, nil
}

// PrepareContext prepares without the cache: a statement that database/sql prepares explicitly
// is closed by it, so it must not be shared.
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

// BeginTx passes transactions through with their options (the immediate lock mode comes from the
// DSN).
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

// Close finalises the cached statements before the connection.
func (c *cachingConn) Close() error {
	var err error
	for _, s := range c.stmts {
		err = errors.Join(err, s.stmt.Close())
	}
	c.stmts = nil
	return errors.Join(err, c.Conn.Close())
}

// ResetSession, IsValid and Ping pass through to the driver so that database/sql manages the pool
// as it would without the wrapper.
func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// IsValid reports whether the connection may be reused.
func (c *cachingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// Ping checks the connection.
func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

type cachedRows struct {
	driver.Rows
	s     *cachedStmt
	owned bool
}

// Close releases the statement for reuse, or closes it when it was not cached.
func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.s.busy = false
	if r.owned {
		err = errors.Join(err, r.s.stmt.Close())
	}
	return err
}
