package dashboard

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"pulse/analytics"
)

// Charts are built in Go with go-echarts and handed to the page as an ECharts option
// (JSON in a data attribute); static/app.js draws them. No inline script is needed,
// so the Content-Security-Policy can forbid all of them.

// chartSeries is one line of a chart.
type chartSeries struct {
	Name   string
	Color  string
	Values []*float64
}

// marks are the awareness windows (areas) and notes (lines) drawn on time charts.
type marks struct {
	Areas []analytics.CalendarEntry
	Lines []analytics.CalendarEntry
}

func calendarMarks(entries []analytics.CalendarEntry) marks {
	var m marks
	for _, e := range entries {
		if e.Kind == analytics.KindAwareness {
			m.Areas = append(m.Areas, e)
		} else {
			m.Lines = append(m.Lines, e)
		}
	}
	return m
}

// lineOption builds a line chart over category labels (days or weeks).
func lineOption(labels []string, series []chartSeries, ratio bool, m marks, tooltip string) map[string]any {
	line := charts.NewLine()
	axisFormatter := types.FuncStr("")
	if ratio {
		axisFormatter = "{value} %"
	}
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "48", Right: "16", Top: "24", Bottom: "56"}),
		charts.WithYAxisOpts(opts.YAxis{AxisLabel: &opts.AxisLabel{Formatter: axisFormatter}}),
		charts.WithAnimation(false),
	)
	line.SetXAxis(labels)
	for i, s := range series {
		data := make([]opts.LineData, len(s.Values))
		for j, v := range s.Values {
			if v == nil {
				data[j] = opts.LineData{Value: "-"}
			} else if ratio {
				data[j] = opts.LineData{Value: round(*v*100, 2)}
			} else {
				data[j] = opts.LineData{Value: round(*v, 2)}
			}
		}
		options := []charts.SeriesOpts{
			charts.WithItemStyleOpts(opts.ItemStyle{Color: s.Color}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: s.Color, Width: 2}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(len(labels) < 40), ConnectNulls: opts.Bool(false)}),
		}
		// Awareness windows and notes go on the first series only: once is enough.
		if i == 0 {
			options = append(options, markOptions(labels, m)...)
		}
		line.AddSeries(s.Name, data, options...)
	}
	line.Validate()
	out := line.JSON()
	if tooltip != "" {
		out["title"] = map[string]any{"show": false, "subtext": tooltip}
	}
	return out
}

// markOptions places awareness windows as shaded areas and notes as lines, clipped to
// the chart's labels (YYYY-MM-DD days, or the Monday of ISO weeks).
func markOptions(labels []string, m marks) []charts.SeriesOpts {
	if len(labels) == 0 {
		return nil
	}
	first, last := labels[0], labels[len(labels)-1]
	clip := func(d string) string {
		if d < first {
			return first
		}
		if d > last {
			return last
		}
		return d
	}
	var areas []opts.MarkAreaNameCoordItem
	for _, a := range m.Areas {
		from, to := a.From.Format(time.DateOnly), a.To.Format(time.DateOnly)
		if to < first || from > last {
			continue
		}
		areas = append(areas, opts.MarkAreaNameCoordItem{Name: a.Title,
			Coordinate0: []any{clip(from)}, Coordinate1: []any{clip(to)}})
	}
	var lines []opts.MarkLineNameXAxisItem
	for _, n := range m.Lines {
		d := n.From.Format(time.DateOnly)
		if d < first || d > last {
			continue
		}
		lines = append(lines, opts.MarkLineNameXAxisItem{Name: n.Title, XAxis: d})
	}
	var out []charts.SeriesOpts
	if len(areas) > 0 {
		out = append(out, charts.WithMarkAreaNameCoordItemOpts(areas...),
			charts.WithMarkAreaStyleOpts(opts.MarkAreaStyle{ItemStyle: &opts.ItemStyle{Color: "rgba(47,111,106,0.12)"},
				// Names would pile up where windows overlap; the tooltip and the
				// Campaigns page carry them.
				Label: &opts.Label{Show: opts.Bool(false)}}))
	}
	if len(lines) > 0 {
		out = append(out, charts.WithMarkLineNameXAxisItemOpts(lines...),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				Label: &opts.Label{Show: opts.Bool(false)}}))
	}
	return out
}

// barOption builds a bar chart of one or more series over categories.
func barOption(labels []string, series []chartSeries, stacked bool) map[string]any {
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "48", Right: "16", Top: "24", Bottom: "56"}),
		charts.WithAnimation(false),
	)
	bar.SetXAxis(labels)
	for _, s := range series {
		data := make([]opts.BarData, len(s.Values))
		for j, v := range s.Values {
			if v == nil {
				data[j] = opts.BarData{Value: "-"}
			} else {
				data[j] = opts.BarData{Value: round(*v, 2)}
			}
		}
		o := []charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: s.Color})}
		if stacked {
			o = append(o, charts.WithBarChartOpts(opts.BarChart{Stack: "all"}))
		}
		bar.AddSeries(s.Name, data, o...)
	}
	bar.Validate()
	return bar.JSON()
}

// heatOption draws best times: weekday (rows) by hour (columns), median ER in %.
func heatOption(best analytics.BestTimes) map[string]any {
	hm := charts.NewHeatMap()
	hours := make([]string, 24)
	for h := range hours {
		hours[h] = twoDigits(h)
	}
	days := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	var data []opts.HeatMapData
	maxER := 0.0
	for _, s := range best.Slots {
		if s.MedianER == nil {
			continue
		}
		v := round(*s.MedianER*100, 2)
		if v > maxER {
			maxER = v
		}
		name := s.Day + " " + twoDigits(s.Hour) + ":00 · " + strconv.Itoa(s.Posts) + " posts"
		if s.TooFew {
			name += " (too few posts)"
		}
		data = append(data, opts.HeatMapData{Name: name, Value: [3]any{s.Hour, s.Weekday - 1, v}})
	}
	hm.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithGridOpts(opts.Grid{Left: "48", Right: "16", Top: "16", Bottom: "64"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: hours, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: days, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: 0, Max: float32(max(maxER, 1)),
			Orient: "horizontal", Left: "center", Bottom: "0", InRange: &opts.VisualMapInRange{Color: []string{"#e8f3f1", "#2f6f6a"}}}),
		charts.WithAnimation(false),
	)
	hm.AddSeries("median ER %", data)
	hm.Validate()
	return hm.JSON()
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func twoDigits(n int) string { return fmt.Sprintf("%02d", n) }
