package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"pulse/queries"
)

// YouTube Studio, Advanced mode, Export, "Comma-separated values": three files,
// Table data.csv (one row per video, a "Total" row first), Chart data.csv (date ×
// video) and Totals.csv (one row per date). Their columns are the metrics the user
// chose. None of them names the channel: rows carry Account{Platform: "youtube"}
// with an empty handle, for the ingester to resolve.
//
// Chart data.csv is per video and per date, which pulse does not store (it keeps a
// video's lifetime totals, from Table data.csv, and the channel's days, from
// Totals.csv): it is recognised and skipped. Totals.csv is loaded when its dates are
// days; YouTube Studio also groups by year or month, which is recognised and skipped
// with a note.
func youtubeFormats() []format {
	return []format{
		{
			ID:     "youtube-table",
			Name:   "YouTube Studio table data (per video)",
			Detect: detectYTTable,
			Parse:  parseYTTable,
		},
		{
			ID:     "youtube-chart",
			Name:   "YouTube Studio chart data (date × video)",
			Detect: detectYTChart,
			Parse:  parseYTChart,
		},
		{
			ID:     "youtube-totals",
			Name:   "YouTube Studio totals (per date)",
			Detect: detectYTTotals,
			Parse:  parseYTTotals,
		},
	}
}

// ytMarkers are column names only YouTube Studio writes.
var ytMarkers = []string{
	"Video publish time", "Watch time (hours)", "Average view duration", "Average percentage viewed (%)",
	"Impressions click-through rate (%)", "Subscribers gained", "Subscribers lost", "Engaged views",
	"Stayed to watch (%)", "YouTube Premium (USD)", "Estimated revenue (USD)", "RPM (USD)",
}

func ytHasMarker(t *table) bool { return t.col(ytMarkers...) >= 0 }

func detectYTTable(f *file) bool {
	t := f.header(0)
	return t != nil && t.col("Content") == 0 && t.col("Date") < 0 && (t.col("Video title") >= 0 || ytHasMarker(t))
}

func detectYTChart(f *file) bool {
	t := f.header(0)
	return t != nil && t.has("Date", "Content") && (t.col("Video title") >= 0 || ytHasMarker(t))
}

var ytTotalsNameRe = regexp.MustCompile(`(?i)^totals(?: ?\(\d+\))?\.csv$`)

// detectYTTotals: a Date column first and no Content; a YouTube-only column name, or
// (for a file whose metrics are all generic, like "Date,Views") the name Totals.csv.
func detectYTTotals(f *file) bool {
	t := f.header(0)
	return t != nil && t.col("Date") == 0 && t.col("Content") < 0 && (ytHasMarker(t) || ytTotalsNameRe.MatchString(f.Base))
}

var ytVideoIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

const ytDayWhat = `a date like "Jan 8, 2025" or 2025-01-08`

var ytDayLayouts = []string{"Jan 2, 2006", "2006-01-02", "Jan 2 2006", "2 Jan 2006"}

// parseYTTable reads Table data.csv: one post per video. The publish time is a date
// (00:00 UTC); a video with none (an ad, say) keeps PublishedAt zero.
func parseYTTable(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, "Content"); err != nil {
		return nil, err
	}
	p := &Parsed{Name: "YouTube Studio table data (per video)", Platform: "youtube", RowsRead: len(t.rows), Notes: t.dupeNote()}
	acct := queries.Account{Platform: "youtube"}
	var (
		cID, cTitle, cPub = t.col("Content"), t.col("Video title"), t.col("Video publish time", "Video publish date")
		cViews            = t.col("Views")
		cWatch            = t.col("Watch time (hours)")
		cSubs             = t.col("Subscribers")
		cLikes            = t.col("Likes")
		cComments         = t.col("Comments added", "Comments")
		cShares           = t.col("Shares")
	)
	for _, r := range t.rows {
		c := t.reader(r)
		// YouTube writes a leading space before an id that starts with "-", so that a
		// spreadsheet does not take it for a formula; str trims it.
		id := c.str(cID)
		if strings.EqualFold(id, "Total") && c.str(cTitle) == "" {
			p.Notes = append(p.Notes, fmt.Sprintf("the Total row (line %d) was skipped", r.line))
			continue
		}
		if !ytVideoIDRe.MatchString(id) {
			c.fail(cID, id, "a video id (like dQw4w9WgXcQ)")
		}
		var pub time.Time
		if !isNull(c.str(cPub)) {
			pub = c.day(cPub, ytDayWhat, ytDayLayouts...)
		}
		var watch *float64
		if h := c.float(cWatch); h != nil {
			s := roundMilli(*h * 3600)
			watch = &s
		}
		post := queries.Post{
			Account:     acct,
			PostID:      id,
			PublishedAt: pub,
			ContentType: "video", // Shorts cannot be told from other videos here
			Caption:     c.str(cTitle),
			Permalink:   "https://www.youtube.com/watch?v=" + id,
			Metrics: queries.Metrics{
				Views:        c.int(cViews),
				Likes:        c.int(cLikes),
				Comments:     c.int(cComments),
				Shares:       c.int(cShares),
				WatchTimeSec: watch,
				Follows:      c.int(cSubs), // net: gained minus lost, can be negative
			},
		}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		p.Posts = append(p.Posts, post)
	}
	return p, nil
}

var (
	ytYearRe  = regexp.MustCompile(`^\d{4}$`)
	ytMonthRe = regexp.MustCompile(`^(?:\d{4}-\d{2}|[A-Za-z]{3,9} \d{4})$`)
)

// ytGrouping says how a Date column is grouped: "year" or "month" when every
// non-empty date is one, else "day".
func ytGrouping(t *table, col int) string {
	years, months, n := 0, 0, 0
	for _, r := range t.rows {
		if col < 0 || col >= len(r.cells) {
			continue
		}
		s := strings.TrimSpace(r.cells[col])
		if s == "" || strings.EqualFold(s, "Total") {
			continue
		}
		n++
		switch {
		case ytYearRe.MatchString(s):
			years++
		case ytMonthRe.MatchString(s):
			months++
		}
	}
	switch {
	case n > 0 && years == n:
		return "year"
	case n > 0 && months == n:
		return "month"
	}
	return "day"
}

func ytGroupedNote(file, by string) string {
	return fmt.Sprintf("YouTube Studio %s is aggregated by %s: choose daily in YouTube Studio to load it", file, by)
}

// parseYTChart recognises Chart data.csv and skips it: pulse does not store
// per-video days.
func parseYTChart(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Name: "YouTube Studio chart data (date × video)", Platform: "youtube", RowsRead: len(t.rows), Skipped: true}
	note := "YouTube chart data is per video and date, which pulse does not store: it keeps each video's totals (Table data.csv) and the channel's days (Totals.csv)"
	if by := ytGrouping(t, t.col("Date")); by != "day" {
		note += fmt.Sprintf("; this one is aggregated by %s", by)
	}
	p.Notes = append(t.dupeNote(), note)
	return p, nil
}

// parseYTTotals reads Totals.csv: the channel's metrics per date.
func parseYTTotals(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, "Date"); err != nil {
		return nil, err
	}
	p := &Parsed{Name: "YouTube Studio totals (per date)", Platform: "youtube", RowsRead: len(t.rows), Notes: t.dupeNote()}
	cDate := t.col("Date")
	if by := ytGrouping(t, cDate); by != "day" {
		p.Skipped = true
		p.Notes = append(p.Notes, ytGroupedNote("Totals.csv", by))
		return p, nil
	}
	acct := queries.Account{Platform: "youtube"}
	cols := []dayMetricCol{
		{col: t.col("Views"), metric: queries.MetricViews},
		{col: t.col("Watch time (hours)"), metric: queries.MetricWatchTimeSec, scale: 3600},
		{col: t.col("Subscribers"), metric: queries.MetricNetFollowers},
		{col: t.col("Subscribers gained"), metric: queries.MetricNewFollowers},
		{col: t.col("Subscribers lost"), metric: queries.MetricUnfollows},
		{col: t.col("Likes"), metric: queries.MetricLikes},
		{col: t.col("Comments added", "Comments"), metric: queries.MetricComments},
		{col: t.col("Shares"), metric: queries.MetricShares},
		{col: t.col("Unique viewers"), metric: queries.MetricViewers},
		{col: t.col("New viewers"), metric: queries.MetricNewViewers},
		{col: t.col("Videos published"), metric: queries.MetricPostsPublished},
	}
	used := false
	for _, dc := range cols {
		used = used || dc.col >= 0
	}
	if !used {
		p.Notes = append(p.Notes, "none of the columns is a metric pulse stores per day (Views, Watch time (hours), Subscribers, Likes, ...)")
	}
	p.Daily = dailyRoom(p.Daily, dayMetricsCap(len(t.rows), cols))
	for _, r := range t.rows {
		c := t.reader(r)
		if strings.EqualFold(c.str(cDate), "Total") {
			continue
		}
		day := c.day(cDate, ytDayWhat, ytDayLayouts...)
		p.Daily = readDayMetrics(p.Daily, c, acct, day, cols)
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
		}
	}
	return p, nil
}
