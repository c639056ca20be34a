package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestResolvesUnits runs `dondoc ingest --data DIR` against the demo province: the lead
// phrases of the tasks resolve to unit ids in the JSON, a group phrase to its members, and an
// unknown unit stays unresolved with its text. Without a database flag the output has no units.
func TestIngestResolvesUnits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := run(ctx, []string{"demo", "--data", dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(t.TempDir(), "cv.txt")
	text := `TỈNH ỦY BẮC GIANG
Số 12-CV/TU
Bắc Giang, ngày 06 tháng 5 năm 2024
CÔNG VĂN
V/v triển khai nhiệm vụ
1. Giao Sở KH&ĐT chủ trì, phối hợp với Sở Tài chính tham mưu kế hoạch, hoàn thành trước ngày 30/6/2024.
2. Các sở, ban, ngành rà soát các dự án, báo cáo trước ngày 15/7/2024.
3. Giao Sở Y tế chủ trì kiểm tra các cơ sở, hoàn thành trong quý III năm 2024.
`
	if err := os.WriteFile(doc, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, stderr bytes.Buffer
	if err := run(ctx, []string{"ingest", "--json", "--data", dir, doc}, &out, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var got struct {
		Tasks []struct {
			Lead []struct{ Text string } `json:"lead"`
		} `json:"tasks"`
		Units []struct {
			Lead []struct {
				Text     string  `json:"text"`
				Resolved bool    `json:"resolved"`
				UnitIDs  []int64 `json:"unit_ids"`
				GroupID  int64   `json:"group_id"`
			} `json:"lead"`
			Coordinate []struct {
				Resolved bool `json:"resolved"`
			} `json:"coordinate"`
			Children []struct {
				UnitID int64 `json:"unit_id"`
			} `json:"children"`
		} `json:"units"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(got.Tasks) != 3 || len(got.Units) != 3 {
		t.Fatalf("%d tasks and %d resolutions, want 3 and 3:\n%s", len(got.Tasks), len(got.Units), out.String())
	}
	lead := func(i int) string {
		if len(got.Units[i].Lead) != 1 {
			t.Fatalf("task %d: leads %+v", i, got.Units[i].Lead)
		}
		return got.Units[i].Lead[0].Text
	}
	if l := got.Units[0].Lead; lead(0) != "Sở KH&ĐT" || !l[0].Resolved || len(l[0].UnitIDs) != 1 {
		t.Errorf("task 1 lead = %+v", l)
	}
	if c := got.Units[0].Coordinate; len(c) != 1 || !c[0].Resolved {
		t.Errorf("task 1 coordinate = %+v", c)
	}
	if l := got.Units[1].Lead; !strings.EqualFold(lead(1), "Các sở, ban, ngành") || l[0].GroupID == 0 ||
		len(got.Units[1].Children) != len(l[0].UnitIDs) || len(l[0].UnitIDs) < 2 {
		t.Errorf("task 2 lead = %+v, children %+v", l, got.Units[1].Children)
	}
	if l := got.Units[2].Lead; lead(2) != "Sở Y tế" || l[0].Resolved || len(l[0].UnitIDs) != 0 {
		t.Errorf("task 3 lead = %+v", l)
	}

	out.Reset()
	if err := run(ctx, []string{"ingest", "--json", doc}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), `"units"`) {
		t.Errorf("without a database the output has units: %.300s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"ingest", "--data", dir, doc}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Sở Y tế [?]") {
		t.Errorf("the summary does not flag the unresolved unit:\n%s", out.String())
	}
}
