package ui

import (
	"net/http"
	"strconv"
	"strings"

	"dondoc"
)

// createFeed issues a calendar feed of the user's deadlines and shows its secret address this
// once, on the answer itself: the address is a credential, so it never goes into a redirect.
func (u *UI) createFeed(w http.ResponseWriter, r *http.Request, v *viewer) {
	feed, token, err := u.s.Feeds.CreateFeed(r.Context(), dondoc.FeedInput{})
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data, err := u.notifications(r, v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data.FeedURL, data.FeedID = siteURL(r)+"/feeds/"+token+".ics", feed.ID
	u.renderNotifications(w, r, http.StatusOK, v, data)
}

// revokeFeed stops a calendar feed at once.
func (u *UI) revokeFeed(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.renderError(w, r, v, dondoc.FeedNotFound())
		return
	}
	if err := u.s.Feeds.RevokeFeed(r.Context(), id); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/thong-bao?da-luu=thu-hoi", http.StatusSeeOther)
}

// siteURL is the address the browser reached the site at, for the absolute address of a feed,
// which calendar programs read outside the browser.
func siteURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
