package notify

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"dondoc"
)

// Guard keeps webhooks from reaching inside the network dondoc runs in. A webhook URL is chosen by
// a user, and without a guard the server would post, with its own network position, to whatever
// the URL names: the loopback interface, the office LAN, the cloud's metadata service at
// 169.254.169.254. The guard refuses such addresses both when a webhook is created and when each
// connection is made, so that a name that resolves to a public address at creation and to a
// private one later (DNS rebinding) is still refused.
type Guard struct {
	// AllowPrivate lets webhooks reach loopback and private addresses (RFC 1918, fc00::/7, the
	// shared space 100.64.0.0/10), for on-premise deployments whose receiver is on the LAN.
	// Link-local, multicast and unspecified addresses stay refused: no receiver lives there.
	AllowPrivate bool
	// Resolver looks names up, both when a webhook is created and when the guard's client
	// connects; nil means net.DefaultResolver.
	Resolver *net.Resolver
}

// resolver is the resolver the guard uses.
func (g *Guard) resolver() *net.Resolver {
	if g.Resolver != nil {
		return g.Resolver
	}
	return net.DefaultResolver
}

// refusal names the kind of an address a webhook may not reach, in Vietnamese and English, and
// whether AllowPrivate lifts it.
type refusal struct {
	vi, en  string
	private bool
}

var (
	refuseLoopback    = &refusal{"địa chỉ loopback (chính máy chủ)", "a loopback address", true}
	refusePrivate     = &refusal{"địa chỉ mạng riêng", "a private network address", true}
	refuseLinkLocal   = &refusal{"địa chỉ link-local", "a link-local address", false}
	refuseMulticast   = &refusal{"địa chỉ multicast hoặc broadcast", "a multicast or broadcast address", false}
	refuseUnspecified = &refusal{"địa chỉ không xác định", "an unspecified address", false}
)

var (
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
	sharedSpace = netip.MustParsePrefix("100.64.0.0/10")
	nat64       = netip.MustParsePrefix("64:ff9b::/96")
	broadcast   = netip.AddrFrom4([4]byte{255, 255, 255, 255})
)

// classify says why ip may not be reached, or nil when it may. An IPv4 address written as IPv6
// (::ffff:a.b.c.d, or a NAT64 address 64:ff9b::a.b.c.d) is judged as the IPv4 address it carries.
func classify(ip netip.Addr) *refusal {
	ip = ip.Unmap()
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	switch {
	case !ip.IsValid(), ip.IsUnspecified(), thisNetwork.Contains(ip):
		return refuseUnspecified
	case ip.IsMulticast(), ip == broadcast:
		return refuseMulticast
	case ip.IsLinkLocalUnicast():
		return refuseLinkLocal
	case ip.IsLoopback():
		return refuseLoopback
	case ip.IsPrivate(), sharedSpace.Contains(ip):
		return refusePrivate
	}
	return nil
}

// refuses reports whether the guard refuses ip, and why.
func (g *Guard) refuses(ip netip.Addr) *refusal {
	r := classify(ip)
	if r == nil || (r.private && g.AllowPrivate) {
		return nil
	}
	return r
}

// RefusedError is the error of a connection the guard refused; the delivery log records its text.
type RefusedError struct {
	Addr   netip.Addr
	reason *refusal
}

// Error says in Vietnamese and in English which address was refused and why.
func (e *RefusedError) Error() string {
	return "Từ chối kết nối tới " + e.Addr.String() + ": " + e.reason.vi + " (refused: " + e.reason.en + ")"
}

// invalidURL is the field error of a webhook URL the guard refuses.
func invalidURL(vi, en string) error {
	return dondoc.Invalid("url", vi, en)
}

// CheckURL refuses a webhook URL that is not an absolute http or https URL, carries credentials,
// or names a host that is, or resolves to, an address the guard refuses. A name that does not
// resolve is refused too, so that a mistyped receiver is caught when it is entered rather than in
// the delivery log. Every refusal is an invalid-input error on the field "url".
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	host, addrs, err := parseTarget(raw)
	if err != nil {
		return err
	}
	if addrs == nil {
		lookup, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		addrs, err = g.resolver().LookupNetIP(lookup, "ip", host)
		if err != nil || len(addrs) == 0 {
			return invalidURL("Không tìm thấy máy chủ “"+host+"” (không phân giải được tên miền).",
				"The host “"+host+"” does not resolve.")
		}
	}
	return g.judge(addrs)
}

// parseTarget checks the form of a webhook URL and returns its host and, when the host is an
// address or a name that always means this machine, the addresses it stands for; nil addresses
// mean the name must be resolved.
func parseTarget(raw string) (string, []netip.Addr, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", nil, invalidURL("Địa chỉ phải là URL http hoặc https đầy đủ.", "The URL must be an absolute http or https URL.")
	}
	if u.User != nil {
		return "", nil, invalidURL("Địa chỉ không được chứa tên đăng nhập hay mật khẩu; dondoc ký mỗi lần gửi bằng khóa bí mật.",
			"The URL must not carry credentials; dondoc signs every delivery with the secret.")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", nil, invalidURL("Địa chỉ thiếu tên máy chủ.", "The URL has no host.")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return host, []netip.Addr{ip}, nil
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return host, []netip.Addr{netip.IPv6Loopback()}, nil
	}
	return host, nil, nil
}

// checkTarget is the check made before each delivery, without a lookup: the URL's form, and its
// host when that is an address. Names are checked as each connection is made.
func (g *Guard) checkTarget(raw string) error {
	_, addrs, err := parseTarget(raw)
	if err != nil {
		return err
	}
	return g.judge(addrs)
}

// judge refuses the first address the guard does not allow, naming it and the reason.
func (g *Guard) judge(addrs []netip.Addr) error {
	for _, ip := range addrs {
		if r := g.refuses(ip); r != nil {
			vi := "Không gửi webhook tới " + ip.Unmap().String() + ": " + r.vi + "."
			en := "Webhooks may not reach " + ip.Unmap().String() + ": " + r.en + "."
			if r.private {
				vi += " Chỉ được phép khi máy chủ dondoc chạy với --webhook-allow-private."
				en += " This is allowed only when dondoc runs with --webhook-allow-private."
			}
			return invalidURL(vi, en)
		}
	}
	return nil
}

// control is the net.Dialer hook that sees the address each connection is about to be made to,
// after the name was resolved, and refuses it before any packet leaves.
func (g *Guard) control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	if r := g.refuses(ip); r != nil {
		return &RefusedError{Addr: ip.Unmap(), reason: r}
	}
	return nil
}

// Client returns an HTTP client for webhook deliveries that connects only where the guard allows:
// every connection is checked after name resolution, proxies from the environment are not used
// (the proxy, not the receiver, would be checked), and redirects are not followed (a receiver
// answering 3xx has not taken the delivery, and a redirect must not lead the request elsewhere).
func (g *Guard) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Resolver: g.resolver(), Control: g.control}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Transport: transport, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// GuardedWebhooks is a webhook service that checks the URL of every new webhook with Guard before
// passing the request on, so that the API and the command line refuse the same URLs.
type GuardedWebhooks struct {
	dondoc.WebhookService
	Guard *Guard
}

// CreateWebhook checks the input, then the URL against the guard, and only then creates the
// webhook; a refused URL changes nothing.
func (s *GuardedWebhooks) CreateWebhook(ctx context.Context, in dondoc.WebhookInput) (*dondoc.Webhook, string, error) {
	if err := in.Validate(); err != nil {
		return nil, "", err
	}
	if err := s.Guard.CheckURL(ctx, in.URL); err != nil {
		return nil, "", err
	}
	return s.WebhookService.CreateWebhook(ctx, in)
}

// refusedText returns the text the delivery log keeps for a failed attempt: the guard's own words,
// in Vietnamese and English, when it refused the URL or the connection, the transport's error
// otherwise.
func refusedText(err error) string {
	var refused *RefusedError
	if errors.As(err, &refused) {
		return refused.Error()
	}
	var de *dondoc.Error
	if errors.As(err, &de) {
		return "Từ chối gửi: " + de.Message + " (refused: " + de.MessageEN + ")"
	}
	return err.Error()
}
