package e2e_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"dondoc/internal/app/apptest"
	"dondoc/internal/sqldb"
)

// Widths at which every page is checked and photographed: a common phone and a desk screen.
const (
	phoneWidth, phoneHeight     = 390, 844
	desktopWidth, desktopHeight = 1280, 900
)

// stepTimeout bounds each step, so that a page that never shows fails the test quickly.
const stepTimeout = 15 * time.Second

// findBrowser returns the Chromium on PATH, skipping the test when there is none unless the
// environment requires a browser.
func findBrowser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-headless-shell", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DONDOC_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium on PATH (chromium or chromium-headless-shell) and DONDOC_REQUIRE_BROWSER=1")
	}
	t.Skip("no Chromium on PATH; install chromium to run the browser tests")
	return ""
}

// server boots the real handler over a temporary SQLite database with the demo province.
func server(t *testing.T) (*httptest.Server, *sqldb.DB) {
	t.Helper()
	return apptest.DemoServer(t)
}

// shotDir is where screenshots go: DONDOC_SCREENSHOTS when set (CI keeps it as an artifact),
// else a fixed folder under the system's temporary directory so that a person can look at them.
func shotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DONDOC_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "dondoc-e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser drives one tab and records every console error and failed request, which fail the test.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string

	mu       sync.Mutex
	problems []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := findBrowser(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "vi-VN"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: base, dir: shotDir(t)}
	// Start the browser on a context without a deadline, as chromedp asks: the browser lives in
	// the context of its first action.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	if err := chromedp.Listen(ctx, b.onEvent); err != nil {
		t.Fatal(err)
	}
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			// The network's own messages are judged by onEvent, which knows a refused form from a
			// broken stylesheet.
			if (m.Type == chromedp.ConsoleError || m.IsException()) && m.Source != "network" {
				b.problem("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line)
			}
		}
	}()
	return b
}

func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// onEvent records failed requests. Pages answer a refused form with a 4xx status on purpose, so
// only documents are allowed one; a stylesheet, a script or an htmx fragment must never fail.
func (b *browser) onEvent(ev any) {
	switch ev := ev.(type) {
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			b.problem("request failed: %s %s", ev.Type, ev.ErrorText)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 && ev.Type != network.ResourceTypeDocument {
			b.problem("%s %s answered %d", ev.Type, ev.Response.URL, ev.Response.Status)
		}
	}
}

// check fails the test for every problem recorded so far.
func (b *browser) check() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Error(p)
	}
	b.problems = nil
}

// do runs steps with a deadline.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// eval runs a JavaScript expression and returns its value.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// poll waits until a JavaScript expression is true, such as the end of an htmx swap.
func (b *browser) poll(expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		if at, lerr := chromedp.Run(b.ctx, chromedp.Location()); lerr == nil {
			b.t.Logf("the page was at %s", at)
		}
		b.t.Fatalf("wait for %s: %v", expr, err)
	}
}

// text returns the text of the first element the selector finds.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// page waits for the page with the marker, which exists only once the new page has loaded.
func (b *browser) page(name string) {
	b.t.Helper()
	b.do("wait for page "+name, chromedp.WaitVisible(chromedp.CSS(`main[data-page="`+name+`"]`)))
}

// firstPaintBudget is how many bytes a page may send before the browser first paints it: the
// document and whatever arrived before that moment, such as the stylesheet.
const firstPaintBudget = 100 * 1024

// firstPaintBytes sums, from the browser's own timings, the bytes of the current document and of
// every resource that finished loading before its first contentful paint. A page that never
// painted counts everything it loaded.
const firstPaintBytes = `(() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const limit = fcp ? fcp.startTime : Infinity;
  const size = e => e.transferSize || e.encodedBodySize || 0;
  let total = 0;
  for (const e of performance.getEntriesByType('navigation')) total += size(e);
  for (const e of performance.getEntriesByType('resource')) if (e.responseEnd <= limit) total += size(e);
  return total;
})()`

// shoot checks the current page at phone width (no horizontal scrolling) and saves a full-page
// screenshot at both widths, then returns to the desktop width.
func (b *browser) shoot(name string) {
	b.t.Helper()
	for _, size := range []struct {
		label         string
		width, height int64
	}{{"phone", phoneWidth, phoneHeight}, {"desktop", desktopWidth, desktopHeight}} {
		b.do("resize to "+size.label, chromedp.EmulateViewport(size.width, size.height), chromedp.Sleep(100*time.Millisecond))
		if size.label == "phone" {
			if wide := eval[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
				b.t.Errorf("%s scrolls sideways at %d px", name, phoneWidth)
			}
		}
		if size.label == "desktop" {
			if n := eval[float64](b, firstPaintBytes); n > firstPaintBudget {
				b.t.Errorf("%s sends %.0f bytes before its first paint, over the budget of %d", name, n, firstPaintBudget)
			}
		}
		ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		cancel()
		if err != nil {
			b.t.Fatalf("screenshot %s: %v", name, err)
		}
		file := filepath.Join(b.dir, name+"-"+size.label+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
		b.t.Logf("screenshot %s", file)
	}
}
