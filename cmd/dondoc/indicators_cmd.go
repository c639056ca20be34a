package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
)

const indicatorsUsage = `usage: dondoc indicators import FILE --indicator ID --user NAME [--kind actuals|targets]
       dondoc indicators template --indicator ID --user NAME --period PERIOD [--kind actuals|targets] [--csv] > FILE`

// indicatorsCmd imports a filled template into an indicator's targets or actuals, or writes a
// template to fill, acting as the named user so that the same scope, locks and review apply as in
// the app.
func indicatorsCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "import" && args[0] != "template") {
		return errors.New(indicatorsUsage)
	}
	var c config
	fs := flag.NewFlagSet("indicators "+args[0], flag.ContinueOnError)
	fs.SetOutput(out)
	indicator := fs.Int64("indicator", 0, "id of the indicator")
	user := fs.String("user", "", "user the values are entered as")
	kindFlag := fs.String("kind", "actuals", "actuals or targets")
	period := fs.String("period", "", "period of the template's rows (template only)")
	asCSV := fs.Bool("csv", false, "write the template as CSV instead of XLSX (template only)")
	dbFlags(fs, &c)
	// The file may come before or after the flags.
	var file string
	rest := args[1:]
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		file, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return errors.New(indicatorsUsage)
	}
	if *indicator <= 0 {
		return errors.New("--indicator is required\n" + indicatorsUsage)
	}
	kind, err := dondoc.ParseImportKind(*kindFlag)
	if err != nil {
		return cliError(err)
	}
	return withDB(ctx, &c, func(db *sqldb.DB) error {
		as, err := actAs(ctx, db, *user)
		if err != nil {
			return err
		}
		if args[0] == "template" {
			t, err := db.ImportTemplate(as, *indicator, kind, *period)
			if err != nil {
				return cliError(err)
			}
			if *asCSV {
				return report.WriteTemplateCSV(out, t)
			}
			return report.WriteTemplateXLSX(out, t)
		}
		if file == "" {
			return errors.New(indicatorsUsage)
		}
		return importFile(as, db, file, *indicator, kind, out)
	})
}

// importFile reads and imports one file, printing every problem of every bad row.
func importFile(ctx context.Context, db *sqldb.DB, file string, indicator int64, kind dondoc.ImportKind, out io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	rows, err := report.ReadImport(data)
	if err != nil {
		return cliError(err)
	}
	res, err := db.ImportValues(ctx, indicator, kind, rows)
	if err != nil {
		return cliError(err)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(out, "Dòng %d, cột “%s”: %s\n", p.Row, p.Column, p.Message)
	}
	if len(res.Problems) > 0 {
		return errors.New("tệp có " + strconv.Itoa(len(res.Problems)) + " lỗi; không dòng nào được ghi")
	}
	fmt.Fprintf(out, "Đã ghi %d dòng số liệu từ %s.\n", res.Written, file)
	return nil
}
