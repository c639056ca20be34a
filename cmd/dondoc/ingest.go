package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
	"dondoc/internal/docparse"
	"dondoc/internal/sqldb"
)

// ingestResult is what `dondoc ingest` prints for one file: where the text came from and the
// parser's draft, whose fields carry the corpus names (issuer, number_symbol, tasks …), and, when a
// database was given, the unit ids that the lead and coordinating phrases of each task resolve to.
type ingestResult struct {
	*docparse.Source
	*docparse.Draft
	Units []docparse.TaskUnits `json:"units,omitempty"`
}

// ingest reads official documents and prints what the parser extracts from each, without a
// database: `dondoc ingest [--json] [--received YYYY-MM-DD] FILE...`. With --json it writes one
// JSON object per line and file (the text, spans and confidences included); otherwise a short
// summary for a person. A file that cannot be read is reported on stderr and the others still
// run; the command fails if any file failed. Given a database (--db DSN, or --data DIR for the
// SQLite database there), it also resolves the unit phrases of every task against the unit
// registry, which is read as it stood on the document's date.
func ingest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	received := fs.String("received", "", "receipt date YYYY-MM-DD for deadlines counted in working days")
	timeout := fs.Duration("timeout", time.Minute, "time limit for reading one file")
	var c config
	dbFlags(fs, &c)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dondoc ingest [--json] [--received YYYY-MM-DD] [--timeout 1m] [--db DSN | --data DIR] FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The database is opened only when asked for on the command line: reading a document needs none.
	useDB := false
	fs.Visit(func(f *flag.Flag) { useDB = useDB || f.Name == "db" || f.Name == "data" })
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("ingest: no file given")
	}
	// Deadlines in working days skip the public holidays of the calendar.
	cal, err := calendar.New(calendar.KnownPlans()...)
	if err != nil {
		return fmt.Errorf("ingest: calendar: %w", err)
	}
	opts := docparse.Options{Holiday: cal.Holiday}
	if *received != "" {
		d, err := dondoc.ParseDate(*received)
		if err != nil {
			return fmt.Errorf("ingest: --received must be YYYY-MM-DD: %w", err)
		}
		opts.ReceivedOn = d
	}
	lim := docparse.DefaultLimits()
	lim.Timeout = *timeout
	var db *sqldb.DB
	if useDB {
		var err error
		if db, err = openDB(ctx, &c); err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		defer db.Close()
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, path := range fs.Args() {
		src, err := docparse.ReadFile(ctx, path, lim)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "dondoc ingest: %s: %v\n", path, err)
			continue
		}
		res := ingestResult{Source: src, Draft: src.Parse(opts)}
		if db != nil {
			if res.Units, err = resolveUnits(ctx, db, res.Draft); err != nil {
				return fmt.Errorf("ingest: %s: %w", path, err)
			}
		}
		if *asJSON {
			if err := enc.Encode(res); err != nil {
				return err
			}
			continue
		}
		printDraft(stdout, path, res.Draft, res.Units)
	}
	if failed > 0 {
		return fmt.Errorf("ingest: %d of %d files could not be read", failed, fs.NArg())
	}
	return nil
}

// resolveUnits matches the unit phrases of a draft against the registry in db, as the system
// actor: the command runs on the server's own machine, outside any user's scope.
func resolveUnits(ctx context.Context, db *sqldb.DB, d *docparse.Draft) ([]docparse.TaskUnits, error) {
	ctx = dondoc.WithActor(ctx, dondoc.SystemActor)
	reg := docparse.OrgRegistry{Org: db}
	if d.Date != nil && d.Date.Value.Valid() {
		reg.AsOf = d.Date.Value
	}
	r, err := docparse.NewResolver(ctx, reg)
	if err != nil {
		return nil, err
	}
	return r.Resolve(d), nil
}

// printDraft writes a draft for a person to read in a terminal, with the unit ids of each lead
// phrase when units were resolved ("?" for a phrase the clerk must choose).
func printDraft(w io.Writer, path string, d *docparse.Draft, units []docparse.TaskUnits) {
	text := func(f *docparse.Field) string {
		if f == nil {
			return "—"
		}
		return f.Text
	}
	fmt.Fprintf(w, "== %s\n", path)
	num, date := "—", "—"
	if d.NumberSymbol != nil {
		num = d.NumberSymbol.Text
	}
	if d.Date != nil {
		date = string(d.Date.Value)
	}
	fmt.Fprintf(w, "Cơ quan ban hành: %s\nSố, ký hiệu: %s\nLoại: %s\nNgày: %s  Nơi: %s\nTrích yếu: %s\n",
		text(d.Issuer), num, text(d.Type), date, text(d.Place), text(d.Subject))
	for _, r := range d.Recipients {
		fmt.Fprintf(w, "Kính gửi: %s\n", r.Text)
	}
	for _, r := range d.References {
		fmt.Fprintf(w, "Căn cứ: %s %s %s\n", r.Type, r.NumberSymbol, r.Date)
	}
	for i, t := range d.Tasks {
		leads := make([]string, len(t.Lead))
		for j, l := range t.Lead {
			leads[j] = l.Text
			if i < len(units) && j < len(units[i].Lead) {
				leads[j] += " " + unitIDs(units[i].Lead[j])
			}
		}
		fmt.Fprintf(w, "Nhiệm vụ %d [%s] chủ trì: %s; hạn: %s %s\n  %s\n", i+1, t.Clause,
			strings.Join(leads, "; "), text(t.Deadline), t.DeadlineDate, t.Text)
	}
	for _, x := range d.Distribution {
		fmt.Fprintf(w, "Nơi nhận: %s\n", x.Text)
	}
	fmt.Fprintf(w, "Ký: %s / %s / %s\n\n", text(d.Signing.Authority), text(d.Signing.Title), text(d.Signing.Name))
}

// unitIDs shows a resolution in a summary line: "[#4]", "[#4 #5]" for a group, "[?]" unresolved.
func unitIDs(r docparse.Resolution) string {
	if !r.Resolved {
		return "[?]"
	}
	ids := make([]string, len(r.UnitIDs))
	for i, id := range r.UnitIDs {
		ids[i] = fmt.Sprintf("#%d", id)
	}
	return "[" + strings.Join(ids, " ") + "]"
}
