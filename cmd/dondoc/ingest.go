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
	"dondoc/internal/docparse"
)

// ingestResult is what `dondoc ingest` prints for one file: where the text came from and the
// parser's draft, whose fields carry the corpus names (issuer, number_symbol, tasks …).
type ingestResult struct {
	*docparse.Source
	*docparse.Draft
}

// ingest reads official documents and prints what the parser extracts from each, without a
// database: `dondoc ingest [--json] [--received YYYY-MM-DD] FILE...`. With --json it writes one
// JSON object per line and file (the text, spans and confidences included); otherwise a short
// summary for a person. A file that cannot be read is reported on stderr and the others still
// run; the command fails if any file failed.
func ingest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	received := fs.String("received", "", "receipt date YYYY-MM-DD for deadlines counted in working days")
	timeout := fs.Duration("timeout", time.Minute, "time limit for reading one file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dondoc ingest [--json] [--received YYYY-MM-DD] [--timeout 1m] FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("ingest: no file given")
	}
	opts := docparse.Options{}
	if *received != "" {
		d, err := dondoc.ParseDate(*received)
		if err != nil {
			return fmt.Errorf("ingest: --received must be YYYY-MM-DD: %w", err)
		}
		opts.ReceivedOn = d
	}
	lim := docparse.DefaultLimits()
	lim.Timeout = *timeout
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
		if *asJSON {
			if err := enc.Encode(res); err != nil {
				return err
			}
			continue
		}
		printDraft(stdout, path, res.Draft)
	}
	if failed > 0 {
		return fmt.Errorf("ingest: %d of %d files could not be read", failed, fs.NArg())
	}
	return nil
}

// printDraft writes a draft for a person to read in a terminal.
func printDraft(w io.Writer, path string, d *docparse.Draft) {
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
		}
		fmt.Fprintf(w, "Nhiệm vụ %d [%s] chủ trì: %s; hạn: %s %s\n  %s\n", i+1, t.Clause,
			strings.Join(leads, "; "), text(t.Deadline), t.DeadlineDate, t.Text)
	}
	for _, x := range d.Distribution {
		fmt.Fprintf(w, "Nơi nhận: %s\n", x.Text)
	}
	fmt.Fprintf(w, "Ký: %s / %s / %s\n\n", text(d.Signing.Authority), text(d.Signing.Title), text(d.Signing.Name))
}
