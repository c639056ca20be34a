package report

import (
	"fmt"
	"math"

	"github.com/go-analyze/charts"
)

// ChartKind tells how a chart draws its series.
type ChartKind int

// The kinds of chart the reports draw.
const (
	// BarChart draws one bar per category, such as the on-time rate of each unit.
	BarChart ChartKind = iota
	// LineChart draws a series over periods, with the target as a second line.
	LineChart
)

// Chart is a chart of a report, drawn the same way as SVG inside a page and as PNG inside a file,
// so that leaders see the same picture on screen and on paper. Its title is printed as a caption
// under the picture, not drawn in it.
type Chart struct {
	Kind       ChartKind
	Title      string
	Categories []string
	Series     []ChartSeries
	// Target, when set, is drawn as a line over the series: the plan an indicator is judged by.
	Target *ChartSeries
	// ValueTitle names the values' unit on the value axis.
	ValueTitle string
	// Percent fixes the value axis at 0–100.
	Percent bool
	// Decimals is the number of decimals of the labels.
	Decimals int
}

// ChartSeries is one named series of a chart; a missing value is NaN.
type ChartSeries struct {
	Name   string
	Values []float64
}

// Chart sizes in pixels. The PNG is drawn at twice the size of the SVG so that it stays sharp at
// the 16 cm it is printed at.
const (
	chartWidth  = 800
	chartHeight = 400
	pngScale    = 2
)

// ChartSVG draws the chart as SVG for a page.
func ChartSVG(c *Chart) ([]byte, error) { return renderChart(c, charts.ChartOutputSVG, 1, 0) }

// ChartPNG draws the chart as PNG for a DOCX, PDF or spreadsheet.
func ChartPNG(c *Chart) ([]byte, error) { return renderChart(c, charts.ChartOutputPNG, pngScale, 0) }

// renderChart draws a chart in the given format, scale times the base size and widened by extra
// pixels. Bars start at zero, which the library does not do by itself, so that a short bar means a
// small value.
func renderChart(c *Chart, format string, scale, extra int) ([]byte, error) {
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return nil, fmt.Errorf("report: chart %q has no data", c.Title)
	}
	font := charts.GetFont(charts.FontFamilyNotoSans)
	size := func(pt float64) charts.FontStyle {
		return charts.FontStyle{Font: font, FontSize: pt * float64(scale)}
	}
	// The actual values in blue and the target in red, as leaders read a plan line on paper.
	theme := charts.GetTheme(charts.ThemeLight).WithSeriesColors([]charts.Color{
		{R: 31, G: 78, B: 154, A: 255}, {R: 192, G: 0, B: 0, A: 255}, {R: 56, G: 118, B: 29, A: 255}})
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: format, Width: chartWidth*scale + extra, Height: chartHeight * scale,
		Font: font, Theme: theme})
	labels := func(v float64) string {
		if c.Percent {
			return FormatNumber(v, c.Decimals) + "%"
		}
		return FormatNumber(v, c.Decimals)
	}
	axis := charts.ValueAxisOption{Title: c.ValueTitle, TitleFontStyle: size(11), LabelFontStyle: size(10), Min: charts.Ptr(0.0)}
	if c.Percent {
		axis.Max = charts.Ptr(100.0)
		axis.Unit = 20
	}
	// The title is the caption the page or the document prints under the picture, in the
	// document's own font; inside the picture it would collide with the label of a full bar.
	title := charts.TitleOption{Show: charts.Ptr(false)}
	names := make([]string, 0, len(c.Series)+1)
	for _, s := range c.Series {
		names = append(names, s.Name)
	}
	if c.Target != nil {
		names = append(names, c.Target.Name)
	}
	legend := charts.LegendOption{SeriesNames: names, FontStyle: size(11), Offset: charts.OffsetStr{Left: charts.PositionCenter,
		Top: charts.PositionBottom}}
	// Room above the plot for the label of a full bar.
	padding := charts.NewBox(20*scale, 30*scale, 30*scale, 20*scale)
	category := charts.CategoryAxisOption{Labels: c.Categories, LabelFontStyle: size(10)}
	if len(c.Categories) > 6 {
		category.LabelRotation = charts.DegreesToRadians(30)
	}
	switch c.Kind {
	case BarChart:
		var list charts.BarSeriesList
		for _, s := range c.Series {
			list = append(list, charts.BarSeries{Name: s.Name, Values: nullable(s.Values, len(c.Categories)),
				Label: charts.SeriesLabel{Show: charts.Ptr(true), ValueFormatter: labels, FontStyle: size(10)}})
		}
		opt := charts.NewBarChartOptionWithSeries(list)
		opt.Title, opt.Padding, opt.CategoryAxis, opt.ValueAxis = title, padding, category, []charts.ValueAxisOption{axis}
		opt.Legend = legend
		opt.Legend.Show = charts.Ptr(len(names) > 1)
		opt.ValueFormatter = labels
		opt.Theme = theme
		if err := p.BarChart(opt); err != nil {
			return nil, err
		}
	case LineChart:
		var list charts.LineSeriesList
		for _, s := range c.Series {
			list = append(list, charts.LineSeries{Name: s.Name, Values: nullable(s.Values, len(c.Categories)),
				Label: charts.SeriesLabel{Show: charts.Ptr(true), ValueFormatter: labels, FontStyle: size(10)}})
		}
		if c.Target != nil {
			list = append(list, charts.LineSeries{Name: c.Target.Name, Values: nullable(c.Target.Values, len(c.Categories))})
		}
		opt := charts.NewLineChartOptionWithSeries(list)
		opt.Title, opt.Padding, opt.XAxis, opt.YAxis, opt.Legend = title, padding, category, []charts.YAxisOption{axis}, legend
		opt.ValueFormatter = labels
		opt.LineStrokeWidth = float64(2 * scale)
		opt.Theme = theme
		if err := p.LineChart(opt); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("report: unknown chart kind %d", c.Kind)
	}
	return p.Bytes()
}

// nullable copies values to n places, with the library's null value where a value is NaN or
// missing, so that a gap is drawn as a gap rather than as zero.
func nullable(values []float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = charts.GetNullValue()
		if i < len(values) && !math.IsNaN(values[i]) {
			out[i] = values[i]
		}
	}
	return out
}
