package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// TestDashboardFigures computes the demo's dashboard figures through the roll-up (January to April
// 2024 on the province and its districts) and checks them against figures worked out by hand from
// the sample data in data.go: per district, disbursed over planned summed apart, houses removed
// (accepted only: Yên Dũng's April figure awaits approval) with their breakdown, and revenue, each
// with its status against the linear trajectory of the year's target (four twelfths by April) or
// against 95% for disbursement. Achievements are worked out from the values as shown.
func TestDashboardFigures(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		load(t, db)
		ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
		svc := &report.Service{Facts: db, Documents: db, Today: func() dondoc.Date { return "2024-05-20" }}
		inds, err := db.ListIndicators(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]int64{}
		for _, ind := range inds {
			byCode[ind.Code] = ind.ID
		}
		figures := func(code string, includeSubmitted bool) string {
			r, err := svc.Rollup(ctx, dondoc.RollupQuery{IndicatorID: byCode[code], From: "2024-01", To: "2024-04", By: dondoc.PeriodYear,
				Level: 1, IncludeSubmitted: includeSubmitted})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, row := range r.Rows {
				if row.Depth > 0 && row.Kind != dondoc.KindDistrict {
					continue
				}
				c := row.Total
				fmt.Fprintf(&b, "%s: %s", row.UnitName, num(c.Value))
				if c.Numerator != nil {
					fmt.Fprintf(&b, " (%s/%s)", num(c.Numerator), num(c.Denominator))
				}
				if len(c.Parts) > 0 {
					fmt.Fprintf(&b, " [%s %s %s]", num(ptr(c.Parts["hộ nghèo"])), num(ptr(c.Parts["hộ cận nghèo"])), num(ptr(c.Parts["gia đình có công"])))
				}
				fmt.Fprintf(&b, " %s %s\n", num(c.Achievement), c.Status)
			}
			return b.String()
		}
		for _, tc := range []struct {
			code      string
			submitted bool
			want      string
		}{
			{"GNDTC", false, `Tỉnh Bắc Giang: 84.2690678 (1113.7/1321.6) 88.7042819 amber
Huyện Hiệp Hòa: 71.6517857 (96.3/134.4) 75.4229323 red
Huyện Lạng Giang: 84.7527473 (123.4/145.6) 89.2134182 amber
Huyện Lục Nam: 58.7372449 (92.1/156.8) 61.8286788 red
Huyện Tân Yên: 90.6794425 (104.1/114.8) 95.4520447 amber
Huyện Yên Dũng: 62.6923077 (114.1/182) 65.9919028 red
Thành phố Bắc Giang: 96.6964286 (324.9/336) 101.785714 green
Thị xã Việt Yên: 102.698413 (258.8/252) 108.103593 green
`},
			{"XNT", false, `Tỉnh Bắc Giang: 113 [68 15 30] 85.8227848 amber
Huyện Hiệp Hòa: 20 [12 3 5] 85.7142857 amber
Huyện Lạng Giang: 20 [12 3 5] 100 green
Huyện Lục Nam: 28 [17 6 5] 70 red
Huyện Tân Yên: 20 [12 3 5] 109.090909 green
Huyện Yên Dũng: 7 [4 0 3] 46.6666667 red
Thành phố Bắc Giang: 8 [5 0 3] 120 green
Thị xã Việt Yên: 10 [6 0 4] 120 green
`},
			{"TNSNN", false, `Tỉnh Bắc Giang: 2710.8 83.0684372 amber
Huyện Hiệp Hòa: 181 66.2195122 red
Huyện Lạng Giang: 182.6 78.2571429 red
Huyện Lục Nam: 94 54.2307692 red
Huyện Tân Yên: 125.6 83.7333333 amber
Huyện Yên Dũng: 173.7 57.9 red
Thành phố Bắc Giang: 1131.6 89.3368421 amber
Thị xã Việt Yên: 822.3 94.8807692 amber
`},
		} {
			if got := figures(tc.code, tc.submitted); got != tc.want {
				t.Errorf("%s:\n%s\nwant:\n%s", tc.code, got, tc.want)
			}
		}
		// Counting values under review adds Yên Dũng's April houses (4: 2 poor, 1 near-poor, 1 of
		// merit), which lifts it from 7 to 11 of its 15 by April.
		if got := figures("XNT", true); !strings.Contains(got, "Huyện Yên Dũng: 11 [6 1 4] 73.3333333 red\n") {
			t.Errorf("houses with submitted values:\n%s", got)
		}
	})
}

func ptr(v float64) *float64 { return &v }

func num(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%g", *v)
}
