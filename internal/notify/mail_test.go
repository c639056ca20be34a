package notify_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"dondoc"
	"dondoc/internal/notify"
)

// captured is one message received by the test SMTP server.
type captured struct {
	from string
	to   []string
	data []byte
}

// smtpBackend keeps every message the test server receives.
type smtpBackend struct {
	mu   sync.Mutex
	msgs []captured
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }

type smtpSession struct {
	b   *smtpBackend
	cur captured
}

func (s *smtpSession) Reset()        { s.cur = captured{} }
func (s *smtpSession) Logout() error { return nil }
func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.from = from
	return nil
}
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = data
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, s.cur)
	s.b.mu.Unlock()
	return nil
}

// startSMTP runs an SMTP server on a loopback port for the length of the test.
func startSMTP(t *testing.T) (*smtpBackend, int) {
	t.Helper()
	be := &smtpBackend{}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return be, ln.Addr().(*net.TCPAddr).Port
}

// TestMailerVietnamese sends a reminder through a real SMTP exchange and reads it back the way a
// mail program would: the subject decoded from RFC 2047, the body split into its plain-text and
// HTML alternatives and decoded from quoted-printable.
func TestMailerVietnamese(t *testing.T) {
	be, port := startSMTP(t)
	task := int64(42)
	n := dondoc.Notification{ID: 7, UserID: 3, Kind: "reminder", Subject: "Nhắc việc: nhiệm vụ quá hạn 12 ngày",
		Body: "Nhiệm vụ “Đẩy nhanh tiến độ cầu Đồng Việt” đã quá hạn 12 ngày.\n\nĐề nghị <đơn vị> báo cáo kết quả & khó khăn.",
		Link: "/nhiem-vu/42", TaskID: &task, CreatedAt: time.Date(2024, 6, 1, 1, 0, 0, 0, time.UTC)}
	msg, err := notify.RenderNotification(n, "https://dondoc.bacgiang.gov.vn/")
	if err != nil {
		t.Fatal(err)
	}
	m := &notify.Mailer{Host: "127.0.0.1", Port: port, From: "dondoc@bacgiang.gov.vn", FromName: "Văn phòng Tỉnh ủy"}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := m.Send(ctx, "chuyenvien@yendung.gov.vn", msg); err != nil {
		t.Fatal(err)
	}
	be.mu.Lock()
	defer be.mu.Unlock()
	if len(be.msgs) != 1 {
		t.Fatalf("server received %d messages", len(be.msgs))
	}
	got := be.msgs[0]
	if got.from != "dondoc@bacgiang.gov.vn" || len(got.to) != 1 || got.to[0] != "chuyenvien@yendung.gov.vn" {
		t.Errorf("envelope from %q to %v", got.from, got.to)
	}
	parsed, err := mail.ReadMessage(bytes.NewReader(got.data))
	if err != nil {
		t.Fatal(err)
	}
	rawSubject := parsed.Header.Get("Subject")
	if !strings.HasPrefix(rawSubject, "=?UTF-8?") {
		t.Errorf("subject is not RFC 2047 encoded: %q", rawSubject)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(rawSubject)
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Nhắc việc: nhiệm vụ quá hạn 12 ngày" {
		t.Errorf("subject %q", subject)
	}
	from, err := mail.ParseAddress(parsed.Header.Get("From"))
	if err != nil || from.Name != "Văn phòng Tỉnh ủy" {
		t.Errorf("from %v %v", from, err)
	}
	mt, params, err := mime.ParseMediaType(parsed.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", parsed.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(parsed.Body, params["boundary"])
	parts := map[string]string{}
	var order []string
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if cp["charset"] != "UTF-8" && cp["charset"] != "utf-8" {
			t.Errorf("%s charset %q", ct, cp["charset"])
		}
		var body io.Reader = p
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(p)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		parts[ct] = string(b)
		order = append(order, ct)
	}
	if len(order) != 2 || order[0] != "text/plain" || order[1] != "text/html" {
		t.Fatalf("parts %v, want text/plain then text/html", order)
	}
	for _, want := range []string{"Nhắc việc: nhiệm vụ quá hạn 12 ngày", "“Đẩy nhanh tiến độ cầu Đồng Việt” đã quá hạn 12 ngày.",
		"Đề nghị <đơn vị> báo cáo kết quả & khó khăn.", "https://dondoc.bacgiang.gov.vn/nhiem-vu/42"} {
		if !strings.Contains(parts["text/plain"], want) {
			t.Errorf("plain text lacks %q:\n%s", want, parts["text/plain"])
		}
	}
	for _, want := range []string{"<h1 style=\"font-size: 1.2em\">Nhắc việc: nhiệm vụ quá hạn 12 ngày</h1>",
		"Đề nghị &lt;đơn vị&gt; báo cáo kết quả &amp; khó khăn.", `<a href="https://dondoc.bacgiang.gov.vn/nhiem-vu/42">`} {
		if !strings.Contains(parts["text/html"], want) {
			t.Errorf("HTML lacks %q:\n%s", want, parts["text/html"])
		}
	}
}

// TestMailerRefusesBadAddress checks that a malformed recipient is refused before any connection.
func TestMailerRefusesBadAddress(t *testing.T) {
	m := &notify.Mailer{Host: "127.0.0.1", Port: 1, From: "dondoc@bacgiang.gov.vn"}
	err := m.Send(context.Background(), "không phải địa chỉ", notify.Mail{Subject: "x", Text: "x", HTML: "x"})
	if !dondoc.IsCode(err, dondoc.EInvalid) {
		t.Errorf("bad recipient: %v", err)
	}
}
