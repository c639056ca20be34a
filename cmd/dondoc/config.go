package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	"dondoc/internal/sqldb"
)

// config is the whole configuration of a dondoc process.
type config struct {
	Addr        string
	Data        string
	DB          string
	Demo        bool
	AllowSecret bool
}

// dbFlags registers the flags every command that opens the database takes, with defaults from the
// environment.
func dbFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.Data, "data", env("DONDOC_DATA", "./data"), "data directory (SQLite database, stored files)")
	fs.StringVar(&c.DB, "db", env("DONDOC_DB", ""), "database DSN: postgres://... for PostgreSQL; empty for SQLite under --data")
	allow, _ := strconv.ParseBool(env("DONDOC_ALLOW_SECRET", "false"))
	fs.BoolVar(&c.AllowSecret, "allow-secret", allow, "accept documents marked Mật/Tối mật/Tuyệt mật (isolated internal networks only)")
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, c *config) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, c.DB, c.Data)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	db.AllowSecret = c.AllowSecret
	if err := useCalendar(db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func migrate(ctx context.Context, args []string, out interface{ Write([]byte) (int, error) }) error {
	var c config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dbFlags(fs, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s schema at version %d\n", db.Engine, v)
	return nil
}
