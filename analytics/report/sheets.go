package report

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"pulse/analytics"
)

// dataTop is the header row of a data sheet's table: row 1 says what the sheet shows.
const dataTop = 3

func (b *book) summary(c *contents) error {
	const sh = SheetSummary
	s := c.summary
	if err := b.text(sh, "A1", orName(c.practice.Name)+" social media report", b.title); err != nil {
		return err
	}
	if err := b.text(sh, "A2", c.req.Title()+" · "+c.req.PlatformsText(), b.bold); err != nil {
		return err
	}
	period := func(p analytics.Period, hidden bool) string {
		if hidden {
			return "not shown: outside the days shared"
		}
		return p.From.Format("2 Jan 2006") + " – " + p.To.Format("2 Jan 2006")
	}
	about := table{cols: []col{{"About this report", kText}, {"", kText}}, n: 10, row: func(i int) []any {
		return [][]any{
			{"Practice", orDefault(c.practice.Name, "(not set: pulse settings --name)")},
			{"Period from", styled{c.req.Period.From, kDate}},
			{"Period to", styled{c.req.Period.To, kDate}},
			{"Days", styled{c.req.Period.Days(), kCount}},
			{"Platforms", c.req.PlatformsText()},
			{"Time zone", c.practice.TimeZone},
			{"Generated at", styled{c.generated, kDateTime}},
			{"Compared with (previous period)", period(s.Previous, c.prevHidden)},
			{"Compared with (same period a year earlier)", period(s.YearAgo, c.yearAgoHidden)},
			{"Minimum reach for top content", styled{c.practice.MinReach, kCount}},
		}[i]
	}}
	row, err := b.write(sh, 4, about)
	if err != nil {
		return err
	}

	row++
	if err := b.text(sh, cell(1, row), "Key figures", b.bold); err != nil {
		return err
	}
	cmp := func(k analytics.KPI, v analytics.Comparison) []any {
		pct := (*float64)(nil)
		if v.ChangePct != nil {
			x := *v.ChangePct / 100
			pct = &x
		}
		return []any{styled{v.Value, unitKind(k.Unit)}, styled{v.Change, unitKind(k.Unit)}, pct}
	}
	kpis := table{cols: []col{{"Figure", kText}, {"This period", kCount}, {"Previous period", kCount},
		{"Change", kCount}, {"Change %", kChange}, {"Same period last year", kCount}, {"Change", kCount},
		{"Change %", kChange}, {"What was counted", kText}},
		n: len(s.KPIs), row: func(i int) []any {
			k := s.KPIs[i]
			r := []any{k.Label, styled{k.Value, unitKind(k.Unit)}}
			r = append(r, cmp(k, k.Previous)...)
			r = append(r, cmp(k, k.YearAgo)...)
			return append(r, k.Basis)
		}}
	if row, err = b.write(sh, row+1, kpis); err != nil {
		return err
	}
	if err := b.text(sh, cell(1, row), BlankMeans+" The Definitions sheet says how each figure is computed.", b.note); err != nil {
		return err
	}

	row += 2
	if err := b.text(sh, cell(1, row), "Followers by platform", b.bold); err != nil {
		return err
	}
	fl := s.Followers
	followers := table{cols: []col{{"Platform", kText}, {"Followers at the start", kCount}, {"Followers at the end", kCount},
		{"Net new followers", kCount}, {"Growth rate", kRate}, {"Gained", kCount}, {"Lost", kCount}},
		n: len(fl), row: func(i int) []any {
			f := fl[i]
			return []any{platformName(f.Platform), f.Start, f.Followers, f.Net, f.GrowthRate, f.Gained, f.Lost}
		}}
	if row, err = b.write(sh, row+1, followers); err != nil {
		return err
	}

	row++
	if err := b.text(sh, cell(1, row), "Data freshness", b.bold); err != nil {
		return err
	}
	fresh := table{cols: []col{{"Platform", kText}, {"Newest data", kDate}, {"Status", kText}},
		n: len(c.fresh), row: func(i int) []any {
			f := c.fresh[i]
			status := "up to date"
			if f.Stale {
				status = f.Warning
			}
			day, _ := analytics.ParseDay(f.Newest)
			return []any{analytics.PlatformName(f.Platform), day, status}
		}}
	if _, err = b.write(sh, row+1, fresh); err != nil {
		return err
	}
	return b.f.SetColWidth(sh, "A", "A", 42)
}

func unitKind(u analytics.Unit) kind {
	if u == analytics.UnitRatio {
		return kRate
	}
	return kCount
}

func platformName(p string) string {
	if p == "all" {
		return "All platforms"
	}
	return analytics.PlatformName(p)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// longTable lays out daily series as one row per platform per day, platform by
// platform, every day of the period in each block, so each platform's days form one
// contiguous range a chart can draw.
func longTable(days []string, series ...analytics.DailySeries) (table, []string) {
	var names []string
	for _, s := range series {
		for _, p := range s.Platforms {
			if !slices.Contains(names, p.Platform) {
				names = append(names, p.Platform)
			}
		}
	}
	sort.Strings(names)
	values := func(s analytics.DailySeries, platform string) []*float64 {
		for _, p := range s.Platforms {
			if p.Platform == platform {
				return p.Values
			}
		}
		return nil
	}
	cols := []col{{"Date", kDate}, {"Platform", kText}}
	for _, s := range series {
		cols = append(cols, col{metricTitle(s.Metric), kCount})
	}
	return table{cols: cols, n: len(names) * len(days), row: func(i int) []any {
		p, d := names[i/len(days)], i%len(days)
		day, _ := analytics.ParseDay(days[d])
		r := []any{day, analytics.PlatformName(p)}
		for _, s := range series {
			var v *float64
			if vs := values(s, p); vs != nil {
				v = vs[d]
			}
			r = append(r, v)
		}
		return r
	}}, names
}

func metricTitle(m string) string {
	switch m {
	case analytics.KeyFollowers:
		return "Followers"
	case "new_followers":
		return "Gained"
	case "unfollows":
		return "Lost"
	}
	return strings.ToUpper(m[:1]) + strings.ReplaceAll(m[1:], "_", " ")
}

// lineChart draws, for each platform block of a long table at dataTop, the column
// valueCol against the dates, skipping platforms without a value in that column.
func (b *book) lineChart(sh, at, title string, t table, platforms []string, days, valueCol int) error {
	chart := &excelize.Chart{
		Type:         excelize.Line,
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:       excelize.ChartLegend{Position: "bottom"},
		Dimension:    excelize.ChartDimension{Width: 760, Height: 320},
		ShowBlanksAs: "gap",
		XAxis:        excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "d mmm"}},
		YAxis:        excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
	}
	for k := range platforms {
		first := dataTop + 1 + k*days
		has := false
		for i := k * days; i < (k+1)*days && !has; i++ {
			has = t.row(i)[valueCol-1] != (*float64)(nil)
		}
		if !has {
			continue
		}
		chart.Series = append(chart.Series, excelize.ChartSeries{
			Name:       sheetRef(sh, 2, first, 2, first),
			Categories: sheetRef(sh, 1, first, 1, first+days-1),
			Values:     sheetRef(sh, valueCol, first, valueCol, first+days-1),
			Line:       excelize.LineOptions{Smooth: false, Width: 1.5},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	if len(chart.Series) == 0 {
		return nil
	}
	return b.f.AddChart(sh, at, chart)
}

// chartOf is one line chart of a daily sheet: a column of its table, drawn at a cell.
type chartOf struct {
	at, title string
	col       int
}

// dailySheet writes daily series as one row per platform per day under a note, with
// line charts of some of its columns.
func (b *book) dailySheet(sh, note, empty string, days []string, series []analytics.DailySeries, charts ...chartOf) error {
	t, names := longTable(days, series...)
	if err := b.text(sh, "A1", note+" "+BlankMeans, b.note); err != nil {
		return err
	}
	if _, err := b.write(sh, dataTop, t); err != nil {
		return err
	}
	if err := b.freezeHeader(sh, dataTop); err != nil {
		return err
	}
	if len(names) == 0 {
		return b.text(sh, cell(1, dataTop+1), empty, b.note)
	}
	for _, ch := range charts {
		if err := b.lineChart(sh, ch.at, ch.title, t, names, len(days), ch.col); err != nil {
			return err
		}
	}
	return nil
}

func (b *book) reachViews(c *contents) error {
	return b.dailySheet(SheetReach, "Reach and views per day and platform: the sum over the platform's accounts.",
		"No daily reach or views were reported in this period.", c.reach.Days, []analytics.DailySeries{c.reach, c.views},
		chartOf{"F3", "Reach per day", 3}, chartOf{"F21", "Views per day", 4})
}

func (b *book) followerSheet(c *contents) error {
	return b.dailySheet(SheetFollowers, "Followers at the end of each day, and the follows gained and lost that day, per platform.",
		"No follower figures were reported in this period.", c.followers.Days, []analytics.DailySeries{c.followers, c.gained, c.lost},
		chartOf{"G3", "Followers", 3})
}

// published is a post's publish time as a spreadsheet shows it: date and time in the
// practice's zone, or only the date where the export gave no time.
func published(p analytics.Post) styled {
	if !p.TimeKnown {
		return styled{analytics.DayOf(p.PublishedLocal), kDate}
	}
	return styled{p.PublishedLocal, kDateTime}
}

func (b *book) topContent(c *contents) error {
	const sh = SheetTop
	note := fmt.Sprintf("The %d posts of the period with the highest engagement rate, among posts with a reach (or views) of at least %d. ",
		TopContentRows, c.practice.MinReach) + BlankMeans
	if err := b.text(sh, "A1", note, b.note); err != nil {
		return err
	}
	t := table{cols: []col{{"Rank", kCount}, {"Published", kDateTime}, {"Platform", kText}, {"Account", kText},
		{"Type", kText}, {"Caption", kLongText}, {"Reach", kCount}, {"Views", kCount}, {"Interactions", kCount},
		{"Engagement rate", kRate}, {"ER basis", kText}, {"Post", kLink}},
		n: len(c.top), row: func(i int) []any {
			p := c.top[i]
			var l any = p.Permalink // not a web address: shown as text, never a link
			if isWebURL(p.Permalink) {
				l = link{"Open post", p.Permalink}
			}
			return []any{p.Rank, published(p), analytics.PlatformName(p.Platform), p.Handle, p.ContentType, p.Caption,
				p.Reach, p.Views, p.Interactions, p.ER, p.ERLabel, l}
		}}
	if _, err := b.write(sh, dataTop, t); err != nil {
		return err
	}
	if len(c.top) == 0 {
		return b.text(sh, cell(1, dataTop+1), "No post of the period reached the minimum.", b.note)
	}
	return b.freezeHeader(sh, dataTop)
}

// allPosts streams every post of the period: a month of an agency's accounts can hold
// many thousands, and the StreamWriter keeps the workbook's memory flat.
func (b *book) allPosts(c *contents) error {
	const sh = SheetPosts
	t := table{cols: []col{{"Published", kDateTime}, {"Platform", kText}, {"Account", kText}, {"Type", kText},
		{"Caption", kLongText}, {"Views", kCount}, {"Reach", kCount}, {"Likes", kCount}, {"Comments", kCount},
		{"Shares", kCount}, {"Saves", kCount}, {"Clicks", kCount}, {"Profile visits", kCount}, {"Follows", kCount},
		{"Interactions", kCount}, {"Engagement rate", kRate}, {"ER basis", kText}, {"Metrics as of", kDate},
		{"Link", kText}, {"Post ID", kText}},
		n: len(c.posts), row: func(i int) []any {
			p := c.posts[i]
			var asOf any
			if d, err := analytics.ParseDay(p.MetricsAsOf); err == nil {
				asOf = d
			}
			return []any{published(p), analytics.PlatformName(p.Platform), p.Handle, p.ContentType, p.Caption,
				p.Views, p.Reach, p.Likes, p.Comments, p.Shares, p.Saves, p.Clicks, p.ProfileVisits, p.Follows,
				p.Interactions, p.ER, p.ERLabel, asOf, p.Permalink, p.PostID}
		}}
	sw, err := b.f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	for j, w := range t.widths() {
		if err := sw.SetColWidth(j+1, j+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: dataTop, TopLeftCell: cell(1, dataTop+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	note := fmt.Sprintf("Every post published in the period (%d), with its latest metrics. Times are in %s. ", t.n, c.practice.TimeZone) + BlankMeans
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: b.note, Value: note}}); err != nil {
		return err
	}
	b.cells += 1 + len(t.cols) // the note and the header
	header := make([]any, len(t.cols))
	for j, c := range t.cols {
		header[j] = excelize.Cell{StyleID: b.header, Value: c.title}
	}
	if err := sw.SetRow(cell(1, dataTop), header); err != nil {
		return err
	}
	row := make([]any, len(t.cols))
	for i := range t.n {
		for j, v := range t.row(i) {
			k := t.cols[j].kind
			if s, ok := v.(styled); ok {
				k = s.kind
			}
			row[j] = excelize.Cell{StyleID: b.styles[k], Value: cellValue(v)}
			b.count(row[j].(excelize.Cell).Value)
		}
		if err := sw.SetRow(cell(1, dataTop+1+i), row); err != nil {
			return err
		}
	}
	if t.n == 0 {
		if err := sw.SetRow(cell(1, dataTop+1), []any{excelize.Cell{StyleID: b.note, Value: "No posts were published in this period."}}); err != nil {
			return err
		}
	} else {
		ref := cell(1, dataTop) + ":" + cell(len(t.cols), dataTop+t.n)
		if err := sw.AddTable(&excelize.Table{Range: ref, Name: "AllPosts", StyleName: "TableStyleLight1"}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (b *book) contentTypes(c *contents) error {
	const sh = SheetContentTypes
	if err := b.text(sh, "A1", analytics.Definitions[analytics.KeyContentTypes], b.note); err != nil {
		return err
	}
	t := table{cols: []col{{"Content type", kText}, {"Posts", kCount}, {"Median engagement rate", kRate},
		{"Interactions", kCount}, {"Post reach", kCount}, {"Share of post reach", kRate}},
		n: len(c.types), row: func(i int) []any {
			ct := c.types[i]
			return []any{ct.ContentType, ct.Posts, ct.MedianER, ct.Interactions, ct.PostReach, ct.ReachShare}
		}}
	row, err := b.write(sh, dataTop, t)
	if err != nil {
		return err
	}
	row++
	if err := b.text(sh, cell(1, row), "Posting cadence", b.bold); err != nil {
		return err
	}
	cad := table{cols: []col{{"Platform", kText}, {"Posts", kCount}, {"Posts per week", kDecimal},
		{"Longest gap (days)", kCount}, {"Gap from", kDate}, {"Gap to", kDate}},
		n: len(c.cadence), row: func(i int) []any {
			cd := c.cadence[i]
			r := []any{platformName(cd.Platform), cd.Posts, cd.PostsPerWeek, nil, nil, nil}
			if cd.LongestGap != nil {
				from, _ := analytics.ParseDay(cd.GapFrom)
				to, _ := analytics.ParseDay(cd.GapTo)
				r[3], r[4], r[5] = *cd.LongestGap, from, to
			}
			return r
		}}
	_, err = b.write(sh, row+1, cad)
	return err
}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

func (b *book) bestTimes(c *contents) error {
	const sh = SheetBestTimes
	over := ""
	if c.bestOver != c.req.Period {
		over = fmt.Sprintf(", over the year to the period's end (%s – %s), since one month rarely fills a slot",
			c.bestOver.From.Format("2 Jan 2006"), c.bestOver.To.Format("2 Jan 2006"))
	}
	note := fmt.Sprintf("Median engagement rate of the posts that went out in each weekday and hour (%s)%s. "+
		"A slot needs at least %d posts with an engagement rate; emptier slots are blank. Posts whose export gave only a date are left out.",
		c.practice.TimeZone, over, analytics.MinPostsPerSlot)
	if err := b.text(sh, "A1", note, b.note); err != nil {
		return err
	}
	slot := map[[2]int]analytics.Slot{}
	for _, s := range c.best.Slots {
		slot[[2]int{s.Weekday, s.Hour}] = s
	}
	grid := func(value func(analytics.Slot) any, k kind) table {
		cols := []col{{"Day", kText}}
		for h := range 24 {
			cols = append(cols, col{fmt.Sprintf("%02d:00", h), k})
		}
		return table{cols: cols, n: 7, row: func(i int) []any {
			r := []any{weekdays[i]}
			for h := range 24 {
				var v any
				if s, ok := slot[[2]int{i + 1, h}]; ok {
					v = value(s)
				}
				r = append(r, v)
			}
			return r
		}}
	}
	er := grid(func(s analytics.Slot) any {
		if s.TooFew {
			return nil
		}
		return s.MedianER
	}, kRate)
	row, err := b.write(sh, dataTop, er)
	if err != nil {
		return err
	}
	if err := b.f.SetConditionalFormat(sh, cell(2, dataTop+1)+":"+cell(25, dataTop+7), []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=", MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
		MinColor: "#F8F4EC", MidColor: "#9CC5E0", MaxColor: "#2A6F97",
	}}); err != nil {
		return err
	}
	best := "No slot has enough posts yet."
	if c.best.Best != nil {
		best = fmt.Sprintf("%s %02d:00, median engagement rate %s over %d posts", c.best.Best.Day, c.best.Best.Hour,
			analytics.Text(c.best.Best.MedianER, analytics.UnitRatio), c.best.Best.Posts)
	}
	if err := b.text(sh, cell(1, row+1), "Best slot: "+best, b.bold); err != nil {
		return err
	}
	row += 3
	if err := b.text(sh, cell(1, row), "Posts with an engagement rate per slot", b.bold); err != nil {
		return err
	}
	_, err = b.write(sh, row+1, grid(func(s analytics.Slot) any { return s.Posts }, kCount))
	return err
}

func (b *book) campaigns(c *contents) error {
	const sh = SheetCampaigns
	if err := b.text(sh, "A1", "Awareness dates that overlap the period, with their lift, and the practice's own notes. "+
		analytics.Definitions[analytics.KeyCampaignLift], b.note); err != nil {
		return err
	}
	t := table{cols: []col{{"Kind", kText}, {"From", kDate}, {"To", kDate}, {"Title", kLongText}, {"Organiser", kText},
		{"Region", kText}, {"Source", kLink}, {"Posts in the window", kCount}, {"ER in the window", kRate},
		{"ER in the 8 weeks before", kRate}, {"ER change", kRate}, {"Reach per post in the window", kCount},
		{"Reach per post before", kCount}, {"Reach per post change %", kChange}},
		n: len(c.calendar), row: func(i int) []any {
			e := c.calendar[i]
			if e.Kind == analytics.KindNote {
				return []any{"Note", e.From, e.To, e.Title, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil}
			}
			r := []any{"Awareness", e.From, e.To, e.Title, e.Organiser, e.Region, link{e.Source, e.Source}}
			if l := c.lifts[i]; l != nil {
				var pct *float64
				if l.ReachPerPost.ChangePct != nil {
					x := *l.ReachPerPost.ChangePct / 100
					pct = &x
				}
				r = append(r, l.Window.Posts, l.Window.ER.Value, l.Baseline.ER.Value, l.ER.Change,
					l.Window.ReachPerPost, l.Baseline.ReachPerPost, pct)
			}
			return r
		}}
	row, err := b.write(sh, dataTop, t)
	if err != nil {
		return err
	}
	if len(c.calendar) == 0 {
		return b.text(sh, cell(1, row), "No awareness dates or notes fall in this period. Add notes with `pulse note add` or on the Campaigns page.", b.note)
	}
	return nil
}

// definitionOrder puts the headline figures first, then the rest alphabetically.
func definitionOrder() []string {
	keys := []string{analytics.KeyReach, analytics.KeyViews, analytics.KeyInteractions, analytics.KeyEngagementRate,
		analytics.KeyFollowers, analytics.KeyNetFollowers, analytics.KeyPosts}
	var rest []string
	for k := range analytics.Definitions {
		if !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

func (b *book) definitions(c *contents) error {
	const sh = SheetDefinitions
	if err := b.text(sh, "A1", "How every figure in this report is computed", b.bold); err != nil {
		return err
	}
	keys := definitionOrder()
	defs := table{cols: []col{{"Term", kText}, {"Definition", kLongText}}, n: len(keys) + 2, row: func(i int) []any {
		switch {
		case i < len(keys):
			return []any{strings.ReplaceAll(keys[i], "_", " "), analytics.Definitions[keys[i]]}
		case i == len(keys):
			return []any{"blank cells", BlankMeans + " A 0 is a reported zero."}
		default:
			return []any{"time zone", "Days and hours are the practice's: " + c.practice.TimeZone + "."}
		}
	}}
	row, err := b.write(sh, dataTop, defs)
	if err != nil {
		return err
	}
	if err := b.f.SetColWidth(sh, "B", "B", 100); err != nil {
		return err
	}
	a, z := cell(2, dataTop+1), cell(2, row-1)
	wrap, err := b.f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := b.f.SetCellStyle(sh, a, z, wrap); err != nil {
		return err
	}
	// Spreadsheets do not grow rows for wrapped text on their own when printing: give
	// each definition the lines it needs (about 110 characters fit in a line).
	for i := range defs.n {
		text := defs.row(i)[1].(string)
		lines := (utf8.RuneCountInString(text) + 109) / 110
		if err := b.f.SetRowHeight(sh, dataTop+1+i, float64(max(lines, 1))*15); err != nil {
			return err
		}
	}

	// The sources sit beside the definitions, so the wide Definition column stays theirs.
	if err := b.text(sh, cell(4, 1), "Sources: the export files behind the figures", b.bold); err != nil {
		return err
	}
	src := table{left: 3, cols: []col{{"Account", kText}, {"Export format", kText}, {"Files imported", kCount}, {"Newest data as of", kDate}},
		n: len(c.sources), row: func(i int) []any {
			s := c.sources[i]
			return []any{s.account, s.format, s.files, s.newest}
		}}
	_, err = b.write(sh, dataTop, src)
	return err
}
