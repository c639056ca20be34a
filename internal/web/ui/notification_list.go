package ui

import (
	"context"
	"net/http"

	"dondoc"
)

// notificationRoutes registers the inbox, marking read, and the calendar-feed link.
func (u *UI) notificationRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /thong-bao", u.authed(u.showNotifications))
	m.HandleFunc("POST /thong-bao/da-doc", u.authed(u.markNotificationsRead))
	m.HandleFunc("POST /thong-bao/lich", u.authed(u.createFeed))
	m.HandleFunc("POST /thong-bao/lich/{id}/thu-hoi", u.authed(u.revokeFeed))
}

// notificationRow is a notification as the inbox shows it.
type notificationRow struct {
	N    dondoc.Notification
	At   string
	Read bool
}

// notificationsView is the inbox: unread first, then the read ones newest first, and the
// calendar-feed section.
type notificationsView struct {
	Unread []notificationRow
	Read   []notificationRow
	// MoreURL pages on through the read notifications.
	MoreURL string
	Done    string
	Error   string
	// Feed is the calendar link just created, shown this once, with the id to revoke it by.
	FeedURL string
	FeedID  int64
	// Feeds are the user's calendar links still in use, each revocable at any time, and the
	// latest revoked ones for the record.
	Feeds   []feedRow
	Revoked []feedRow
}

// feedRow is one of the user's calendar links; its secret address is not kept, so the row says
// when it was made and whose deadlines it shows.
type feedRow struct {
	ID int64
	// Unit names the unit whose deadlines the feed shows, empty for the user's own.
	Unit      string
	CreatedAt string
	RevokedAt string
}

// feedRevokedShown is how many revoked links the page still lists.
const feedRevokedShown = 5

// notificationPageSize is how many read notifications a page shows.
const notificationPageSize = 50

// notificationDone tell the user what the step they just took did.
var notificationDone = map[string]string{
	"da-doc":  "Đã đánh dấu là đã đọc.",
	"thu-hoi": "Đã thu hồi liên kết lịch; địa chỉ cũ không còn dùng được.",
}

// showNotifications shows the inbox.
func (u *UI) showNotifications(w http.ResponseWriter, r *http.Request, v *viewer) {
	data, err := u.notifications(r, v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	if d := notificationDone[r.URL.Query().Get("da-luu")]; d != "" {
		data.Done = v.Lang.tr(d)
	}
	u.renderNotifications(w, r, http.StatusOK, v, data)
}

func (u *UI) renderNotifications(w http.ResponseWriter, r *http.Request, status int, v *viewer, data *notificationsView) {
	u.render(w, r, status, view{Page: "notifications", Title: "Thông báo của bạn", Viewer: v, Nav: "notifications", Data: data})
}

// notifications reads the unread notifications in full (they are few: reading empties the list)
// and one page of all the others.
func (u *UI) notifications(r *http.Request, v *viewer) (*notificationsView, error) {
	ctx := r.Context()
	data := &notificationsView{}
	cursor := r.URL.Query().Get("cursor")
	if cursor == "" {
		c := ""
		for {
			page, err := u.s.Notifications.ListNotifications(ctx, true, c, dondoc.MaxPageSize)
			if err != nil {
				return nil, err
			}
			for _, n := range page.Items {
				data.Unread = append(data.Unread, notificationRow{N: n, At: formatTime(n.CreatedAt)})
			}
			if page.NextCursor == "" || len(data.Unread) >= 1000 {
				break
			}
			c = page.NextCursor
		}
	}
	page, err := u.s.Notifications.ListNotifications(ctx, false, cursor, notificationPageSize)
	if err != nil {
		return nil, err
	}
	for _, n := range page.Items {
		if n.ReadAt != nil {
			data.Read = append(data.Read, notificationRow{N: n, At: formatTime(n.CreatedAt), Read: true})
		}
	}
	if page.NextCursor != "" {
		data.MoreURL = "/thong-bao?cursor=" + page.NextCursor
	}
	if err := u.feeds(ctx, v, data); err != nil {
		return nil, err
	}
	return data, nil
}

// feeds lists the user's calendar links, so that one can be revoked long after it was made.
func (u *UI) feeds(ctx context.Context, v *viewer, data *notificationsView) error {
	if u.s.Feeds == nil {
		return nil
	}
	feeds, err := u.s.Feeds.ListFeeds(ctx)
	if err != nil {
		return err
	}
	names := newUnitNames(u.s.Org, v.Lang)
	for _, f := range feeds {
		row := feedRow{ID: f.ID, CreatedAt: formatTime(f.CreatedAt)}
		if f.UnitID != nil {
			if row.Unit, err = names.name(ctx, *f.UnitID); err != nil {
				return err
			}
		}
		switch {
		case f.RevokedAt == nil:
			data.Feeds = append(data.Feeds, row)
		case len(data.Revoked) < feedRevokedShown:
			row.RevokedAt = formatTime(*f.RevokedAt)
			data.Revoked = append(data.Revoked, row)
		}
	}
	return nil
}
