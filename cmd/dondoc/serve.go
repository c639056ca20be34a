package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"dondoc"
	"dondoc/internal/app"
	"dondoc/internal/demo"
	"dondoc/internal/jobs"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
	"dondoc/internal/web"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", env("DONDOC_ADDR", "127.0.0.1:8080"), "address to listen on")
	fs.BoolVar(&c.Demo, "demo", false, "load the demo province into a fresh database and enable the demo accounts")
	dbFlags(fs, &c)
	mailFlags(fs, &c)
	webhookFlags(fs, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	mailer, err := c.mailer()
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.Demo {
		if err := ensureDemo(ctx, db, stdout); err != nil {
			return err
		}
	}
	// A change of the calendar or follow-up settings made on another instance sharing the database
	// takes effect here within settingsRefresh.
	go db.WatchSettings(ctx, settingsRefresh)
	// The background work (reminder scan, digests, e-mail, webhooks) runs on the job queue in the
	// same database, and stops after the HTTP server has drained.
	if err := jobs.Migrate(ctx, db, logger); err != nil {
		return err
	}
	guard := c.webhookGuard()
	runner, err := jobs.New(jobs.Config{DB: db, Mailer: mailer, BaseURL: c.BaseURL, Logger: logger,
		Webhooks: &notify.WebhookSender{Store: db, Guard: guard}})
	if err != nil {
		return err
	}
	// Started without the signal's cancellation, so that shutting down lets the jobs being worked
	// finish instead of cutting them off.
	if err := runner.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer func() {
		stopping, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := runner.Stop(stopping); err != nil {
			logger.Warn("stop background jobs", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	// The roll-ups of the current year are read while the server starts listening, so that the
	// first dashboard does not wait for them.
	go func() {
		if err := app.WarmRollups(ctx, db); err != nil && ctx.Err() == nil {
			logger.Info("roll-ups not read ahead", "err", err)
		}
	}()
	svc := app.Services(db, guard)
	srv := &http.Server{
		Handler:           web.Handler(svc, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "dondoc %s listening on http://%s (%s)\n", version, ln.Addr(), db.Engine)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Let requests in flight finish so that no acknowledged write is cut off.
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// settingsRefresh bounds how long a settings change made on another instance takes to apply here.
const settingsRefresh = 30 * time.Second

// ensureDemo loads the demo province unless it is already there, and prints the demo accounts.
func ensureDemo(ctx context.Context, db *sqldb.DB, out io.Writer) error {
	sys := dondoc.WithActor(ctx, dondoc.SystemActor)
	loaded, err := demo.Loaded(sys, db)
	if err != nil {
		return err
	}
	var res *demo.Result
	if !loaded {
		start := time.Now()
		err := db.FastLoad(ctx, func() error {
			var err error
			res, err = demo.Load(sys, db, time.Now())
			return err
		})
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		fmt.Fprintf(out, "Đã nạp dữ liệu mẫu (tỉnh Bắc Giang) trong %s.\n", time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintln(out, "Tài khoản mẫu (mật khẩu: demo):")
	for _, a := range demo.Accounts {
		fmt.Fprintf(out, "  %-12s %-13s %s\n", a.Username, a.Role, a.Unit)
	}
	_ = res
	return nil
}

func loadDemo(ctx context.Context, args []string, out io.Writer) error {
	var c config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	dbFlags(fs, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	return ensureDemo(ctx, db, out)
}
