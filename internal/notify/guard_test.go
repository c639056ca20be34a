package notify_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"dondoc"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// fakeDNS answers A and AAAA queries from a table that a test may change between lookups, as a
// hostile name server would between the check of a webhook and its delivery. It speaks DNS over
// in-memory pipes, so that no socket or real name server is involved.
type fakeDNS struct {
	mu    sync.Mutex
	names map[string][]netip.Addr
}

func (f *fakeDNS) set(name string, addrs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.names[name] = nil
	for _, a := range addrs {
		f.names[name] = append(f.names[name], netip.MustParseAddr(a))
	}
}

// resolver returns a pure-Go resolver whose every query reaches f.
func (f *fakeDNS) resolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		client, server := net.Pipe()
		go f.serve(server)
		return client, nil
	}}
}

// serve answers the queries on one connection, framed as over TCP (a length before each message),
// which is how the Go resolver talks over a connection that is not a packet connection.
func (f *fakeDNS) serve(c net.Conn) {
	defer c.Close()
	for {
		var size [2]byte
		if _, err := io.ReadFull(c, size[:]); err != nil {
			return
		}
		msg := make([]byte, binary.BigEndian.Uint16(size[:]))
		if _, err := io.ReadFull(c, msg); err != nil {
			return
		}
		var p dnsmessage.Parser
		h, err := p.Start(msg)
		if err != nil {
			return
		}
		q, err := p.Question()
		if err != nil {
			return
		}
		f.mu.Lock()
		addrs, known := f.names[strings.TrimSuffix(q.Name.String(), ".")]
		f.mu.Unlock()
		rh := dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired, RecursionAvailable: true}
		if !known {
			rh.RCode = dnsmessage.RCodeNameError
		}
		b := dnsmessage.NewBuilder(make([]byte, 2, 514), rh)
		if b.StartQuestions() != nil || b.Question(q) != nil || b.StartAnswers() != nil {
			return
		}
		for _, a := range addrs {
			res := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET}
			switch {
			case a.Is4() && q.Type == dnsmessage.TypeA:
				err = b.AResource(res, dnsmessage.AResource{A: a.As4()})
			case a.Is6() && q.Type == dnsmessage.TypeAAAA:
				err = b.AAAAResource(res, dnsmessage.AAAAResource{AAAA: a.As16()})
			}
			if err != nil {
				return
			}
		}
		out, err := b.Finish()
		if err != nil {
			return
		}
		binary.BigEndian.PutUint16(out, uint16(len(out)-2))
		if _, err := c.Write(out); err != nil {
			return
		}
	}
}

// TestGuardCheckURL refuses every kind of address a webhook must not reach, whether written in
// the URL or behind a name, with an error on the field "url" that names the address; the opt-in
// for on-premise deployments lets loopback and private addresses through and nothing else.
func TestGuardCheckURL(t *testing.T) {
	dns := &fakeDNS{names: map[string][]netip.Addr{}}
	dns.set("hscv.yendung.gov.vn", "203.0.113.10", "2001:db8::10")
	dns.set("lan.tinhuy.vn", "192.168.10.5")
	dns.set("mixed.example.vn", "203.0.113.11", "10.0.0.7")
	dns.set("metadata.example.vn", "169.254.169.254")
	dns.set("ula.example.vn", "fd12:3456::1")
	cases := []struct {
		url string
		// refused and refusedPrivate are the substring of the Vietnamese message expected without
		// and with the opt-in, "" when the URL is accepted.
		refused, refusedPrivate string
	}{
		{"https://hscv.yendung.gov.vn/dondoc", "", ""},
		{"http://203.0.113.10:8080/hook", "", ""},
		{"ftp://hscv.yendung.gov.vn/x", "URL http hoặc https", "URL http hoặc https"},
		{"hscv.yendung.gov.vn/x", "URL http hoặc https", "URL http hoặc https"},
		{"https://user:secret@hscv.yendung.gov.vn/x", "tên đăng nhập hay mật khẩu", "tên đăng nhập hay mật khẩu"},
		{"http://127.0.0.1:8080/x", "127.0.0.1: địa chỉ loopback", ""},
		{"http://127.9.9.9/x", "127.9.9.9: địa chỉ loopback", ""},
		{"http://[::1]/x", "::1: địa chỉ loopback", ""},
		{"http://localhost:9000/x", "địa chỉ loopback", ""},
		{"http://api.localhost/x", "địa chỉ loopback", ""},
		{"http://[::ffff:127.0.0.1]/x", "127.0.0.1: địa chỉ loopback", ""},
		{"http://10.20.30.40/x", "10.20.30.40: địa chỉ mạng riêng", ""},
		{"http://172.16.0.1/x", "172.16.0.1: địa chỉ mạng riêng", ""},
		{"http://192.168.1.1/x", "192.168.1.1: địa chỉ mạng riêng", ""},
		{"http://100.64.0.1/x", "100.64.0.1: địa chỉ mạng riêng", ""},
		{"http://[fd00::1]/x", "fd00::1: địa chỉ mạng riêng", ""},
		{"http://[64:ff9b::a00:1]/x", "64:ff9b::a00:1: địa chỉ mạng riêng", ""},
		{"https://lan.tinhuy.vn/x", "192.168.10.5: địa chỉ mạng riêng", ""},
		{"https://ula.example.vn/x", "fd12:3456::1: địa chỉ mạng riêng", ""},
		{"https://mixed.example.vn/x", "10.0.0.7: địa chỉ mạng riêng", ""},
		{"http://169.254.169.254/latest/meta-data/", "169.254.169.254: địa chỉ link-local", "169.254.169.254: địa chỉ link-local"},
		{"https://metadata.example.vn/", "169.254.169.254: địa chỉ link-local", "169.254.169.254: địa chỉ link-local"},
		{"http://[fe80::1%25eth0]/x", "địa chỉ link-local", "địa chỉ link-local"},
		{"http://224.0.0.1/x", "địa chỉ multicast", "địa chỉ multicast"},
		{"http://[ff02::1]/x", "địa chỉ multicast", "địa chỉ multicast"},
		{"http://255.255.255.255/x", "địa chỉ multicast hoặc broadcast", "địa chỉ multicast hoặc broadcast"},
		{"http://0.0.0.0:8080/x", "địa chỉ không xác định", "địa chỉ không xác định"},
		{"http://[::]/x", "địa chỉ không xác định", "địa chỉ không xác định"},
		{"https://khong-ton-tai.example.vn/x", "không phân giải được", "không phân giải được"},
	}
	ctx := context.Background()
	for _, c := range cases {
		for _, allow := range []bool{false, true} {
			want := c.refused
			if allow {
				want = c.refusedPrivate
			}
			err := (&notify.Guard{AllowPrivate: allow, Resolver: dns.resolver()}).CheckURL(ctx, c.url)
			if want == "" {
				if err != nil {
					t.Errorf("%s (allow private %v): %v", c.url, allow, err)
				}
				continue
			}
			var de *dondoc.Error
			if !dondoc.IsCode(err, dondoc.EInvalid) || !errors.As(err, &de) || de.Field != "url" || !strings.Contains(de.Message, want) {
				t.Errorf("%s (allow private %v): %v, want an error on url with %q", c.url, allow, err, want)
			}
		}
	}
}

// TestGuardedWebhooksRefuseAtCreation checks that a refused URL creates no webhook, and that the
// opt-in lets a LAN receiver be registered.
func TestGuardedWebhooksRefuseAtCreation(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		f := newHookFixture(t, db)
		hooks := &notify.GuardedWebhooks{WebhookService: db, Guard: &notify.Guard{}}
		in := dondoc.WebhookInput{UnitID: &f.p.DistrictA.ID, URL: " http://192.168.1.20/dondoc ", Events: []string{"task.overdue"}}
		if _, _, err := hooks.CreateWebhook(f.head, in); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Fatalf("a LAN receiver without the opt-in: %v", err)
		}
		in.Events = []string{"task.renamed"}
		var de *dondoc.Error
		if _, _, err := hooks.CreateWebhook(f.head, in); !errors.As(err, &de) || de.Field != "events[0]" {
			t.Errorf("an unknown event is reported before the address: %v", err)
		}
		if list, err := db.ListWebhooks(f.head); err != nil || len(list) != 0 {
			t.Fatalf("refused webhooks were stored: %+v %v", list, err)
		}
		in.Events = []string{"task.overdue"}
		hooks.Guard.AllowPrivate = true
		h, _, err := hooks.CreateWebhook(f.head, in)
		if err != nil || h.URL != "http://192.168.1.20/dondoc" {
			t.Fatalf("with the opt-in: %+v %v", h, err)
		}
	})
}

// TestGuardRefusesRebinding registers a webhook whose name resolves to a public address, then
// lets the name resolve to the loopback interface where a receiver listens, as an attacker's name
// server would: the delivery is refused when the connection is made, the receiver sees nothing,
// and the delivery log says why. The same delivery goes through once private addresses are
// allowed, which shows it was the guard that stopped it.
func TestGuardRefusesRebinding(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		f := newHookFixture(t, db)
		rcv := newReceiver(t)
		port := rcv.srv.Listener.Addr().(*net.TCPAddr).Port
		dns := &fakeDNS{names: map[string][]netip.Addr{}}
		dns.set("hooks.example.vn", "203.0.113.10")
		guard := &notify.Guard{Resolver: dns.resolver()}
		hooks := &notify.GuardedWebhooks{WebhookService: db, Guard: guard}
		hook, _, err := hooks.CreateWebhook(f.head, dondoc.WebhookInput{UnitID: &f.p.DistrictA.ID,
			URL: "http://hooks.example.vn:" + itoa(int64(port)) + "/dondoc", Events: []string{"task.overdue"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.EnqueueWebhookEvent(f.sys, "task.overdue", f.p.CommuneA.ID, 0, map[string]any{"task_id": 1}); err != nil {
			t.Fatal(err)
		}
		dns.set("hooks.example.vn", "127.0.0.1")
		sender := &notify.WebhookSender{Store: db, Guard: guard}
		if n, err := sender.DeliverDue(f.sys); err != nil || n != 1 {
			t.Fatalf("attempts %d: %v", n, err)
		}
		if got := rcv.requests(); len(got) != 0 {
			t.Fatalf("the receiver on the loopback interface got %d requests", len(got))
		}
		log, err := db.WebhookDeliveries(f.head, hook.ID, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log.Items) != 2 || log.Items[1].DeliveredAt != nil || log.Items[1].StatusCode != nil ||
			!strings.Contains(log.Items[1].Error, "Từ chối kết nối tới 127.0.0.1: địa chỉ loopback") {
			t.Fatalf("delivery log %+v", log.Items)
		}

		f.now = f.now.Add(time.Minute)
		open := &notify.WebhookSender{Store: db, Guard: &notify.Guard{AllowPrivate: true, Resolver: dns.resolver()}}
		if n, err := open.DeliverDue(f.sys); err != nil || n != 1 || len(rcv.requests()) != 1 {
			t.Fatalf("with private addresses allowed: %d attempts, %d requests, %v", n, len(rcv.requests()), err)
		}
	})
}

// TestGuardedClient checks the delivery client on its own: it refuses a loopback receiver when
// connecting, and with the opt-in it reaches the receiver but does not follow its redirect.
func TestGuardedClient(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	_, err := (&notify.Guard{}).Client(5 * time.Second).Get(srv.URL + "/hook")
	var refused *notify.RefusedError
	if !errors.As(err, &refused) || refused.Addr != netip.MustParseAddr("127.0.0.1") {
		t.Fatalf("loopback receiver: %v", err)
	}
	res, err := (&notify.Guard{AllowPrivate: true}).Client(5 * time.Second).Get(srv.URL + "/hook")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	if res.StatusCode != http.StatusFound || len(paths) != 1 || paths[0] != "/hook" {
		t.Errorf("status %d after requests to %v, want the 302 itself", res.StatusCode, paths)
	}
}
