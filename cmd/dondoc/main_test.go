package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeDemo runs the README's first command as a newcomer would, on a fresh data directory:
// the server must come up with the demo, accept a demo login and show the seed dispatch and its
// tasks, then stop cleanly when asked.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	var base string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "listening on "); i >= 0 {
			base = strings.Fields(line[i+len("listening on "):])[0]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatalf("server did not start: %v", <-done)
	}
	t.Logf("serve --demo answered after %s", time.Since(start).Round(time.Millisecond))
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	res, err := client.Post(base+"/api/v1/session", "application/json", strings.NewReader(`{"username":"vanphong","password":"demo"}`))
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("demo login: %v %v", res, err)
	}
	res.Body.Close()
	var docs struct {
		Items []struct {
			ID           int64
			NumberSymbol string `json:"number_symbol"`
			Stub         bool
			References   []struct {
				DocumentID *int64 `json:"document_id"`
			}
		}
	}
	getJSON(t, client, base+"/api/v1/documents?number=1250-CV/TU", &docs)
	if len(docs.Items) != 1 || docs.Items[0].Stub {
		t.Fatalf("seed dispatch not found: %+v", docs)
	}
	var doc struct {
		References []struct {
			DocumentID *int64 `json:"document_id"`
		}
	}
	getJSON(t, client, base+"/api/v1/documents/"+itoa(docs.Items[0].ID), &doc)
	resolved := 0
	for _, r := range doc.References {
		if r.DocumentID != nil {
			resolved++
		}
	}
	if resolved != 5 {
		t.Errorf("%d of the seed's references resolved, want 5", resolved)
	}
	var tasks struct {
		Items []struct {
			ParentID *int64 `json:"parent_id"`
		}
	}
	getJSON(t, client, base+"/api/v1/tasks?document="+itoa(docs.Items[0].ID)+"&limit=200", &tasks)
	top := 0
	for _, it := range tasks.Items {
		if it.ParentID == nil {
			top++
		}
	}
	if top != 9 {
		t.Errorf("seed dispatch has %d top-level tasks, want 9", top)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v after shutdown", err)
	}
}

func getJSON(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, b)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
