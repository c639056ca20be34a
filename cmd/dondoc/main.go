// Command dondoc runs the directive follow-up system: the server, database migrations, the demo
// province, and user administration. Configuration is read here, from flags and DONDOC_*
// environment variables, and nowhere else.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	// The time zones of the follow-up settings load on machines without system tzdata.
	_ "time/tzdata"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "dondoc:", err)
		}
		os.Exit(2)
	}
}

const usage = `dondoc — theo dõi, đôn đốc thực hiện nhiệm vụ

Usage:
  dondoc serve [--addr 127.0.0.1:8080] [--data ./data] [--db DSN] [--demo]
  dondoc migrate [--data ./data] [--db DSN]
  dondoc demo [--data ./data] [--db DSN]
  dondoc user add --username NAME --name "Full name" --role ROLE --unit UNIT_ID [--data ./data] [--db DSN]
  dondoc remind [--dry-run] [--date YYYY-MM-DD] [--data ./data] [--db DSN]
  dondoc notifications --user NAME [--unread] [--limit N]
  dondoc webhook list | add --user NAME [--unit UNIT_ID] --url URL --events E1,E2 | remove ID | deliveries ID
  dondoc feed add --user NAME [--unit UNIT_ID] [--base-url URL] | revoke ID
  dondoc ingest [--json] [--received YYYY-MM-DD] FILE...
  dondoc indicators import FILE --indicator ID --user NAME [--kind actuals|targets]
  dondoc indicators template --indicator ID --user NAME --period PERIOD [--kind actuals|targets] [--csv]
  dondoc settings show | set follow-up FILE.json [--data ./data] [--db DSN]
  dondoc calendar show YEAR | set YEAR FILE.json [--data ./data] [--db DSN]
  dondoc tallies check | rebuild [--data ./data] [--db DSN]
  dondoc version

Environment: DONDOC_ADDR, DONDOC_DATA, DONDOC_DB, DONDOC_ALLOW_SECRET=true (isolated networks only),
DONDOC_WEBHOOK_ALLOW_PRIVATE=true (webhook receivers on the LAN; serve and webhook add),
DONDOC_PASSWORD (for user add; otherwise the password is read from standard input).
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("missing command")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], stdout)
	case "demo":
		return loadDemo(ctx, args[1:], stdout)
	case "remind":
		return remind(ctx, args[1:], stdout)
	case "notifications":
		return notificationsCmd(ctx, args[1:], stdout)
	case "webhook":
		return webhookCmd(ctx, args[1:], stdout)
	case "feed":
		return feedCmd(ctx, args[1:], stdout)
	case "user":
		if len(args) < 2 || args[1] != "add" {
			return errors.New("usage: dondoc user add --username NAME --name \"Full name\" --role ROLE --unit UNIT_ID")
		}
		return userAdd(ctx, args[2:], os.Stdin, stdout)
	case "ingest":
		return ingest(ctx, args[1:], stdout, stderr)
	case "indicators":
		return indicatorsCmd(ctx, args[1:], stdout)
	case "settings":
		return settingsCmd(ctx, args[1:], stdout)
	case "calendar":
		return calendarCmd(ctx, args[1:], stdout)
	case "tallies":
		return talliesCmd(ctx, args[1:], stdout)
	case "version":
		fmt.Fprintln(stdout, "dondoc", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
