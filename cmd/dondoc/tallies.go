package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// talliesCmd checks the task tallies that scorecards read against the tasks, or rebuilds them.
// The triggers keep them in step in every transaction; this is for after work done around the
// triggers, such as a restore with triggers disabled.
func talliesCmd(ctx context.Context, args []string, stdout io.Writer) error {
	const use = "usage: dondoc tallies check | rebuild [--data ./data] [--db DSN]"
	if len(args) == 0 || (args[0] != "check" && args[0] != "rebuild") {
		return errors.New(use)
	}
	var c config
	fs := flag.NewFlagSet("tallies", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dbFlags(fs, &c)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New(use)
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "rebuild" {
		n, err := db.RebuildTaskTallies(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Đã tính lại số liệu tổng hợp nhiệm vụ: %d dòng.\n", n)
		return nil
	}
	drift, err := db.TaskTallyDrift(ctx)
	if err != nil {
		return err
	}
	if len(drift) == 0 {
		fmt.Fprintln(stdout, "Số liệu tổng hợp nhiệm vụ khớp với nhiệm vụ.")
		return nil
	}
	for _, line := range drift[:min(len(drift), 20)] {
		fmt.Fprintln(stdout, line)
	}
	return fmt.Errorf("%d task tallies are out of step with the tasks; run dondoc tallies rebuild", len(drift))
}
