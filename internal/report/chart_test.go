package report

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/go-analyze/charts"
)

func TestChartFontCoversVietnamese(t *testing.T) {
	f := charts.GetFont(charts.FontFamilyNotoSans)
	for _, l := range vietnameseLetters() {
		if f.Index([]rune(l)[0]) == 0 {
			t.Errorf("chart font has no glyph for %q", l)
		}
	}
}

func TestCharts(t *testing.T) {
	bar := onTimeChart([]string{"Xã Đồng Việt", "Huyện Yên Dũng"}, []float64{1, 0.5})
	line := IndicatorSection("1. Nhà tạm", "Xóa nhà tạm", "căn", []string{"Quý I", "Quý II", "Quý III"},
		[]float64{120, math.NaN(), 480}, []float64{150, 300, 450}, 0)[2].Chart
	for _, c := range []*Chart{bar, line} {
		p, err := ChartPNG(c)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.DecodeConfig(bytes.NewReader(p))
		if err != nil || img.Width != chartWidth*pngScale || img.Height != chartHeight*pngScale {
			t.Errorf("%s: png %+v %v", c.Title, img, err)
		}
		svg, err := ChartSVG(c)
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(svg))
		var text strings.Builder
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: svg is not XML: %v", c.Title, err)
			}
			if cd, ok := tok.(xml.CharData); ok {
				text.Write(cd)
			}
		}
		for _, want := range c.Categories {
			if !strings.Contains(text.String(), want) {
				t.Errorf("%s: svg lacks the label %q", c.Title, want)
			}
		}
	}
	// Labels are written the Vietnamese way, and the target line is in the legend.
	svg, _ := ChartSVG(bar)
	if !strings.Contains(string(svg), "100,0%") || !strings.Contains(string(svg), "50,0%") {
		t.Errorf("bar labels are not Vietnamese percentages")
	}
	if svg, _ := ChartSVG(line); !strings.Contains(string(svg), "Kế hoạch") || !strings.Contains(string(svg), "480") {
		t.Errorf("line chart lacks its target or its labels")
	}
	if _, err := ChartPNG(&Chart{Title: "Trống"}); err == nil {
		t.Error("a chart without data was drawn")
	}
	if onTimeChart(nil, nil) != nil {
		t.Error("a chart of no unit")
	}
}
