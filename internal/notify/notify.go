// Package notify carries dondoc's messages out of the database: e-mail over SMTP, signed webhooks
// with retries, and iCalendar feeds that calendar programs subscribe to. In-app notifications are
// rows in the database (see dondoc.NotificationService); this package sends copies of them
// elsewhere and renders the calendars. It imports the domain, never the storage layer: the
// storage it needs is described by the small interfaces below.
package notify
