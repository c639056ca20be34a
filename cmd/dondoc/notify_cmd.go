package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
)

// Usage lines of the notification commands, printed when one is called wrongly.
const (
	webhookUsage = `usage: dondoc webhook list
       dondoc webhook add --user NAME [--unit UNIT_ID] --url URL --events EVENT[,EVENT...] [--webhook-allow-private]
       dondoc webhook remove ID
       dondoc webhook deliveries ID [--limit N]`
	feedUsage = `usage: dondoc feed add --user NAME [--unit UNIT_ID] [--base-url URL]
       dondoc feed revoke ID`
	notificationsUsage = `usage: dondoc notifications --user NAME [--unread] [--limit N]`
)

// webhookCmd lists, adds and removes webhooks and prints their delivery logs from the command
// line. Listing, removing and reading a log act as the system, which sees every webhook; adding
// acts as the user named, who must be allowed to manage the unit's integrations, and passes the
// same URL guard as the API.
func webhookCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(webhookUsage)
	}
	var c config
	fs := flag.NewFlagSet("webhook "+args[0], flag.ContinueOnError)
	fs.SetOutput(out)
	dbFlags(fs, &c)
	switch args[0] {
	case "list":
		if err := parseNoArgs(fs, args[1:], webhookUsage); err != nil {
			return err
		}
		return withDB(ctx, &c, func(db *sqldb.DB) error {
			hooks, err := db.ListWebhooks(asSystem(ctx))
			if err != nil {
				return cliError(err)
			}
			if len(hooks) == 0 {
				fmt.Fprintln(out, "Chưa có webhook nào.")
				return nil
			}
			for _, h := range hooks {
				var owner string
				switch {
				case h.UnitID != nil:
					owner = "đơn vị #" + strconv.FormatInt(*h.UnitID, 10)
				case h.UserID != nil:
					owner = "người dùng #" + strconv.FormatInt(*h.UserID, 10)
				}
				fmt.Fprintf(out, "%-5d %-16s %s  %s  (tạo %s)\n", h.ID, owner, h.URL, strings.Join(h.Events, ","),
					dondoc.DateOf(h.CreatedAt).Format())
			}
			return nil
		})
	case "add":
		var user, url, events string
		var unit int64
		fs.StringVar(&user, "user", "", "user the webhook is created as (its owner, or the manager of --unit)")
		fs.Int64Var(&unit, "unit", 0, "id of the unit whose events the webhook receives (default: the user's own)")
		fs.StringVar(&url, "url", "", "http or https URL of the receiver")
		fs.StringVar(&events, "events", "", "comma-separated events: "+strings.Join(dondoc.WebhookEvents, ", "))
		webhookFlags(fs, &c)
		if err := parseNoArgs(fs, args[1:], webhookUsage); err != nil {
			return err
		}
		in := dondoc.WebhookInput{URL: url}
		if unit != 0 {
			in.UnitID = &unit
		}
		for _, e := range strings.Split(events, ",") {
			if e = strings.TrimSpace(e); e != "" {
				in.Events = append(in.Events, e)
			}
		}
		return withDB(ctx, &c, func(db *sqldb.DB) error {
			as, err := actAs(ctx, db, user)
			if err != nil {
				return err
			}
			hooks := &notify.GuardedWebhooks{WebhookService: db, Guard: c.webhookGuard()}
			h, secret, err := hooks.CreateWebhook(as, in)
			if err != nil {
				return cliError(err)
			}
			fmt.Fprintf(out, "Đã tạo webhook %d tới %s.\nKhóa ký (chỉ hiện một lần, lưu lại để kiểm tra tiêu đề %s): %s\n",
				h.ID, h.URL, notify.SignatureHeader, secret)
			return nil
		})
	case "remove":
		id, err := parseID(fs, args[1:], webhookUsage)
		if err != nil {
			return err
		}
		return withDB(ctx, &c, func(db *sqldb.DB) error {
			if err := db.DeleteWebhook(asSystem(ctx), id); err != nil {
				return cliError(err)
			}
			fmt.Fprintf(out, "Đã tắt webhook %d; nhật ký gửi vẫn được giữ.\n", id)
			return nil
		})
	case "deliveries":
		limit := fs.Int("limit", 20, "at most this many attempts, newest first")
		id, err := parseID(fs, args[1:], webhookUsage)
		if err != nil {
			return err
		}
		return withDB(ctx, &c, func(db *sqldb.DB) error {
			page, err := db.WebhookDeliveries(asSystem(ctx), id, "", *limit)
			if err != nil {
				return cliError(err)
			}
			if len(page.Items) == 0 {
				fmt.Fprintf(out, "Webhook %d chưa có lần gửi nào.\n", id)
				return nil
			}
			for _, d := range page.Items {
				at, outcome := "chờ gửi lúc "+d.NextAttemptAt.In(dondoc.Location).Format("02/01/2006 15:04"), ""
				switch {
				case d.DeliveredAt != nil:
					outcome = "đã nhận (HTTP " + strconv.Itoa(*d.StatusCode) + ")"
				case d.AttemptedAt != nil:
					outcome = "lỗi: " + d.Error
				}
				if d.AttemptedAt != nil {
					at = d.AttemptedAt.In(dondoc.Location).Format("02/01/2006 15:04")
				}
				fmt.Fprintf(out, "%-5d %-20s lần %d  %-16s %s %s\n", d.ID, d.Event, d.Attempt, at, d.Delivery, outcome)
			}
			return nil
		})
	}
	return errors.New(webhookUsage)
}

// feedCmd issues and revokes calendar feeds. A feed is issued as the user named, whose rights it
// follows; revoking acts as the system, so that an administrator can stop a leaked URL.
func feedCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(feedUsage)
	}
	var c config
	fs := flag.NewFlagSet("feed "+args[0], flag.ContinueOnError)
	fs.SetOutput(out)
	dbFlags(fs, &c)
	switch args[0] {
	case "add":
		var user string
		var unit int64
		fs.StringVar(&user, "user", "", "user the feed is issued as: their own calendar, or that of --unit")
		fs.Int64Var(&unit, "unit", 0, "id of a unit the user may read, for the unit's calendar")
		baseURLFlag(fs, &c)
		if err := parseNoArgs(fs, args[1:], feedUsage); err != nil {
			return err
		}
		var in dondoc.FeedInput
		if unit != 0 {
			in.UnitID = &unit
		}
		return withDB(ctx, &c, func(db *sqldb.DB) error {
			as, err := actAs(ctx, db, user)
			if err != nil {
				return err
			}
			f, token, err := db.CreateFeed(as, in)
			if err != nil {
				return cliError(err)
			}
			fmt.Fprintf(out, "Đã tạo lịch %d. Địa chỉ đăng ký (chỉ hiện một lần, giữ bí mật):\n%s/feeds/%s.ics\n",
				f.ID, strings.TrimRight(c.BaseURL, "/"), token)
			return nil
		})
	case "revoke":
		id, err := parseID(fs, args[1:], feedUsage)
		if err != nil {
			return err
		}
		return withDB(ctx, &c, func(db *sqldb.DB) error {
			if err := db.RevokeFeed(asSystem(ctx), id); err != nil {
				return cliError(err)
			}
			fmt.Fprintf(out, "Đã thu hồi lịch %d; địa chỉ của nó không còn dùng được.\n", id)
			return nil
		})
	}
	return errors.New(feedUsage)
}

// notificationsCmd prints a user's in-app notifications, newest first, as the user would see
// them, without marking them read.
func notificationsCmd(ctx context.Context, args []string, out io.Writer) error {
	var c config
	var user string
	var unread bool
	var limit int
	fs := flag.NewFlagSet("notifications", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&user, "user", "", "whose notifications to print")
	fs.BoolVar(&unread, "unread", false, "only the unread ones")
	fs.IntVar(&limit, "limit", 50, "at most this many")
	dbFlags(fs, &c)
	if err := parseNoArgs(fs, args, notificationsUsage); err != nil {
		return err
	}
	return withDB(ctx, &c, func(db *sqldb.DB) error {
		as, err := actAs(ctx, db, user)
		if err != nil {
			return err
		}
		count, err := db.UnreadNotifications(as)
		if err != nil {
			return cliError(err)
		}
		page, err := db.ListNotifications(as, unread, "", limit)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(out, "Thông báo của %s: %d chưa đọc.\n", user, count)
		for _, n := range page.Items {
			mark := "*"
			if n.ReadAt != nil {
				mark = " "
			}
			fmt.Fprintf(out, "%s %-5d %s  %-25s %s\n", mark, n.ID, n.CreatedAt.In(dondoc.Location).Format("02/01/2006 15:04"), n.Kind, n.Subject)
		}
		if page.NextCursor != "" {
			fmt.Fprintf(out, "(còn nữa; tăng --limit để xem thêm)\n")
		}
		return nil
	})
}

// withDB opens the configured database, runs fn and closes it.
func withDB(ctx context.Context, c *config, fn func(db *sqldb.DB) error) error {
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// asSystem is ctx acting as the system, as the command line does for administration.
func asSystem(ctx context.Context) context.Context { return dondoc.WithActor(ctx, dondoc.SystemActor) }

// actAs returns ctx acting as the enabled user with the given login name, with that user's
// grants, so that what the command does is limited as it would be in the app.
func actAs(ctx context.Context, db *sqldb.DB, username string) (context.Context, error) {
	if username == "" {
		return nil, errors.New("--user is required")
	}
	users, err := db.ListUsers(asSystem(ctx))
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Username == username {
			a, err := db.ActorForUser(ctx, u.ID)
			if err != nil {
				return nil, fmt.Errorf("--user %s: %w", username, cliError(err))
			}
			return dondoc.WithActor(ctx, a), nil
		}
	}
	return nil, fmt.Errorf("--user: không có tài khoản %q", username)
}

// parseNoArgs parses flags and refuses any positional argument.
func parseNoArgs(fs *flag.FlagSet, args []string, usage string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New(usage)
	}
	return nil
}

// parseID parses flags around exactly one positional argument, an id: "remove 5 --data dir" and
// "remove --data dir 5" both work.
func parseID(fs *flag.FlagSet, args []string, usage string) (int64, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return 0, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 1 {
		return 0, errors.New(usage)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not an id\n%s", pos[0], usage)
	}
	return id, nil
}

// cliError words a domain error for the terminal: the field it concerns and the Vietnamese
// message.
func cliError(err error) error {
	var de *dondoc.Error
	if errors.As(err, &de) {
		if de.Field != "" {
			return fmt.Errorf("%s: %s", de.Field, de.Message)
		}
		return errors.New(de.Message)
	}
	return err
}
