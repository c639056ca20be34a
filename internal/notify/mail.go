package notify

import (
	"bytes"
	"context"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/wneessen/go-mail"

	"dondoc"
)

//go:embed templates
var templates embed.FS

var (
	htmlMail = htmltemplate.Must(htmltemplate.ParseFS(templates, "templates/notification.html"))
	textMail = texttemplate.Must(texttemplate.ParseFS(templates, "templates/notification.txt"))
)

// Mail is a rendered message: a subject and the same content as plain text and as HTML.
type Mail struct {
	Subject string
	Text    string
	HTML    string
}

// RenderNotification renders a notification as an e-mail. base is the absolute URL of the dondoc
// server, put before the notification's link. The HTML comes from html/template, so the text of
// a task can never inject markup into the message.
func RenderNotification(n dondoc.Notification, base string) (Mail, error) {
	data := struct {
		Subject    string
		Paragraphs []string
		URL        string
	}{Subject: n.Subject}
	for _, p := range strings.Split(strings.ReplaceAll(n.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			data.Paragraphs = append(data.Paragraphs, p)
		}
	}
	if n.Link != "" {
		data.URL = strings.TrimRight(base, "/") + n.Link
	}
	var text, html bytes.Buffer
	if err := textMail.Execute(&text, data); err != nil {
		return Mail{}, err
	}
	if err := htmlMail.Execute(&html, data); err != nil {
		return Mail{}, err
	}
	return Mail{Subject: n.Subject, Text: text.String(), HTML: html.String()}, nil
}

// Mailer sends e-mail through an SMTP server.
type Mailer struct {
	Host string
	Port int
	// Username and Password authenticate to the server when Username is set.
	Username, Password string
	// From is the sender's address and FromName the name shown with it.
	From, FromName string
	// StartTLS requires STARTTLS; without it the connection uses TLS only when the server offers it.
	StartTLS bool
}

// Send delivers one message to one recipient. The subject is encoded per RFC 2047 and the body is
// multipart/alternative with the plain text first and the HTML second, both UTF-8 in
// quoted-printable, so that Vietnamese reads correctly in every mail program.
func (m *Mailer) Send(ctx context.Context, to string, msg Mail) error {
	em := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	if err := em.FromFormat(m.FromName, m.From); err != nil {
		return dondoc.Invalid("from", "Địa chỉ người gửi không hợp lệ.", "Invalid sender address.")
	}
	if err := em.To(to); err != nil {
		return dondoc.Invalid("to", "Địa chỉ người nhận không hợp lệ.", "Invalid recipient address.")
	}
	em.Subject(msg.Subject)
	em.SetDate()
	em.SetMessageID()
	em.SetBodyString(mail.TypeTextPlain, msg.Text)
	em.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	opts := []mail.Option{mail.WithPort(m.Port), mail.WithTLSPolicy(mail.TLSOpportunistic)}
	if m.StartTLS {
		opts[1] = mail.WithTLSPolicy(mail.TLSMandatory)
	}
	if m.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(m.Username), mail.WithPassword(m.Password))
	}
	client, err := mail.NewClient(m.Host, opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, em)
}
