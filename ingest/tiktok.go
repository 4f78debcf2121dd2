package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/goodsign/monday"
	"golang.org/x/text/unicode/norm"

	"pulse/queries"
)

// TikTok Studio exports: CSVs, UTF-8 with BOM, every field quoted, no final newline.
// Dates have no year and are written in the app's language ("March 2",
// "25 Φεβρουαρίου", "2 de marzo"). Daily files name no account: their rows carry an
// empty handle for the ingester to fill.
func tiktokFormats() []format {
	return []format{
		{ID: "tiktok-overview", Name: "TikTok Studio overview (daily)",
			Detect: ttDetect("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"), Parse: ttParseOverview},
		{ID: "tiktok-follower-history", Name: "TikTok Studio follower history (daily)",
			Detect: ttDetect("Date", "Followers", "Difference in followers from previous day"), Parse: ttParseFollowerHistory},
		{ID: "tiktok-viewers", Name: "TikTok Studio viewers (daily)",
			Detect: ttDetect("Date", "Total Viewers", "New Viewers"), Parse: ttParseViewers},
		{ID: "tiktok-content", Name: "TikTok Studio content (per video)",
			Detect: ttDetect("Time", "Video link", "Post time", "Total views"), Parse: ttParseContent},
		{ID: "tiktok-follower-activity", Name: "TikTok Studio follower activity",
			Detect: ttDetect("Date", "Hour", "Active followers"), Parse: ttSkip("tiktok-follower-activity", "TikTok Studio follower activity", "when followers are online, by hour")},
		{ID: "tiktok-follower-gender", Name: "TikTok Studio follower gender",
			Detect: ttDetectExactly("Gender", "Distribution"), Parse: ttSkip("tiktok-follower-gender", "TikTok Studio follower gender", "followers by gender")},
		{ID: "tiktok-follower-territories", Name: "TikTok Studio follower territories",
			Detect: ttDetectExactly("Top territories", "Distribution"), Parse: ttSkip("tiktok-follower-territories", "TikTok Studio follower territories", "followers by country")},
	}
}

func ttDetect(columns ...string) func(f *file) bool {
	return func(f *file) bool { return f.Book == nil && f.hasColumns(0, columns...) }
}

// ttDetectExactly is for headers too generic to claim with more columns beside them.
func ttDetectExactly(columns ...string) func(f *file) bool {
	return func(f *file) bool {
		return f.Book == nil && len(f.headerLine(0)) == len(columns) && f.hasColumns(0, columns...)
	}
}

func ttSkip(id, name, what string) func(f *file, ctx *parseContext) (*Parsed, error) {
	return func(f *file, ctx *parseContext) (*Parsed, error) {
		t, err := readCSV(f.Name, f.Text, 0)
		if err != nil {
			return nil, err
		}
		return &Parsed{Format: id, Name: name, Platform: "tiktok", Skipped: true, RowsRead: len(t.rows),
			Notes: []string{fmt.Sprintf("%s (%d rows): audience data pulse does not store", what, len(t.rows))}}, nil
	}
}

// ttColumn maps a daily column to a metric.
type ttColumn struct {
	header string
	metric string
}

func ttParseOverview(f *file, ctx *parseContext) (*Parsed, error) {
	return ttParseDaily(f, ctx, "tiktok-overview", "TikTok Studio overview (daily)", []ttColumn{
		{"Video Views", queries.MetricVideoViews},
		{"Profile Views", queries.MetricProfileVisits},
		{"Likes", queries.MetricLikes},
		{"Comments", queries.MetricComments},
		{"Shares", queries.MetricShares},
	})
}

func ttParseFollowerHistory(f *file, ctx *parseContext) (*Parsed, error) {
	return ttParseDaily(f, ctx, "tiktok-follower-history", "TikTok Studio follower history (daily)", []ttColumn{
		{"Followers", queries.MetricFollowersTotal},
		{"Difference in followers from previous day", queries.MetricNetFollowers},
	})
}

func ttParseViewers(f *file, ctx *parseContext) (*Parsed, error) {
	// Returning viewers are total minus new: not stored apart.
	return ttParseDaily(f, ctx, "tiktok-viewers", "TikTok Studio viewers (daily)", []ttColumn{
		{"Total Viewers", queries.MetricViewers},
		{"New Viewers", queries.MetricNewViewers},
	})
}

const ttDateWhat = `a day and month like "March 2"`

// ttParseDaily reads a file with one row per day, in chronological order.
func ttParseDaily(f *file, ctx *parseContext, id, name string, columns []ttColumn) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Format: id, Name: name, Platform: "tiktok"}
	p.Notes = append(p.Notes, t.dupeNote()...)
	date := t.col("Date")
	cols := make([]int, len(columns))
	for i, c := range columns {
		cols[i] = t.col(c.header)
	}

	// First the dates, whose years depend on the rows after them.
	var rows []row
	var dms []ttDayMonth
	for _, r := range t.rows {
		p.RowsRead++
		c := t.reader(r)
		dm, ok := ttParseDayMonth(c.str(date))
		if !ok {
			c.fail(date, c.str(date), ttDateWhat)
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		rows, dms = append(rows, r), append(dms, dm)
	}
	days, years := ttChronological(dms, ctx.AsOf)

	acct := queries.Account{Platform: "tiktok"}
	unreported := make([]int, len(columns))
	var first, last time.Time
	p.Daily = dailyRoom(p.Daily, len(rows)*len(columns))
	vals := make([]*int64, len(columns))
	for i, r := range rows {
		c := t.reader(r)
		if days[i].IsZero() {
			c.fail(date, c.str(date), fmt.Sprintf("a day of %d (the year read from the rows after it)", years[i]))
		}
		for k := range columns {
			vals[k] = c.int(cols[k])
		}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		if first.IsZero() {
			first = days[i]
		}
		last = days[i]
		for k, v := range vals {
			if v == nil {
				if cols[k] >= 0 {
					unreported[k]++
				}
				continue
			}
			p.Daily = append(p.Daily, queries.Daily{Account: acct, Day: days[i], Metric: columns[k].metric, Value: float64(*v)})
		}
	}
	if !last.IsZero() {
		p.Notes = append(p.Notes, fmt.Sprintf("TikTok's dates have no year: read as %s to %s, the last day on or before %s",
			first.Format("2006-01-02"), last.Format("2006-01-02"), ctx.AsOf.Format("2006-01-02")))
	}
	for k, n := range unreported {
		if n > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("%q is not reported on %d day(s) (empty or \"undefined\"); those days have no %s",
				columns[k].header, n, columns[k].metric))
		}
	}
	for k, c := range cols {
		if c < 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("the file has no %q column", columns[k].header))
		}
	}
	return p, nil
}

var ttLink = regexp.MustCompile(`tiktok\.com/@([^/?#\s]+)/(video|photo)/(\d+)`)

func ttParseContent(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Format: "tiktok-content", Name: "TikTok Studio content (per video)", Platform: "tiktok"}
	p.Notes = append(p.Notes, t.dupeNote()...)
	loc := ctx.Loc
	if loc == nil {
		loc = time.UTC
	}
	exported, title, link, posted := t.col("Time"), t.col("Video title"), t.col("Video link"), t.col("Post time")
	likes, comments, shares, views := t.col("Total likes"), t.col("Total comments"), t.col("Total shares"), t.col("Total views")
	var asOf time.Time
	seen := map[string]bool{}
	for _, r := range t.rows {
		p.RowsRead++
		c := t.reader(r)
		// "Time" is the day of the export; a video was posted on or before it.
		var day time.Time
		if dm, ok := ttParseDayMonth(c.str(exported)); !ok {
			c.fail(exported, c.str(exported), ttDateWhat)
		} else {
			day = ttOnOrBefore(dm, ctx.AsOf)
		}
		var published time.Time
		if s := c.str(posted); !isNull(s) {
			if dm, ok := ttParseDayMonth(s); !ok {
				c.fail(posted, s, ttDateWhat)
			} else if !day.IsZero() {
				d := ttOnOrBefore(dm, day)
				published = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).UTC()
			}
		}
		permalink := c.str(link)
		m := ttLink.FindStringSubmatch(permalink)
		if m == nil {
			c.fail(link, permalink, "a TikTok video link like https://www.tiktok.com/@handle/video/7650921463263792402")
		}
		metrics := queries.Metrics{Views: c.int(views), Likes: c.int(likes), Comments: c.int(comments), Shares: c.int(shares)}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		if day.After(asOf) {
			asOf = day
		}
		acct := queries.Account{Platform: "tiktok", Handle: m[1]}
		if !seen[strings.ToLower(acct.Handle)] {
			seen[strings.ToLower(acct.Handle)] = true
			p.Accounts = append(p.Accounts, acct)
		}
		content := "video"
		if m[2] == "photo" {
			content = "carousel" // a photo post: a swipeable set of images
		}
		p.Posts = append(p.Posts, queries.Post{
			Account: acct, PostID: m[3], PublishedAt: published, ContentType: content, RawType: m[2],
			Caption: c.str(title), Permalink: permalink, Metrics: metrics,
		})
	}
	if !ctx.AsOfGiven && !asOf.IsZero() {
		p.AsOf = asOf
	}
	if !asOf.IsZero() {
		p.Notes = append(p.Notes, fmt.Sprintf("TikTok's dates have no year: the export day %q read as %s, post days as the last on or before it",
			asOf.Format("January 2"), asOf.Format("2006-01-02")))
	}
	return p, nil
}

// ---------------------------------------------------------------------------
// Dates without a year, in the app's language.

type ttDayMonth struct {
	month time.Month
	day   int
}

func (a ttDayMonth) after(b ttDayMonth) bool {
	return a.month > b.month || a.month == b.month && a.day > b.day
}

// ttOnOrBefore is the last date with this day and month on or before ref.
func ttOnOrBefore(dm ttDayMonth, ref time.Time) time.Time {
	for y := ref.Year(); y > ref.Year()-8; y-- {
		d := time.Date(y, dm.month, dm.day, 0, 0, 0, 0, time.UTC)
		if d.Day() == dm.day && !d.After(ref) { // 29 February only in leap years
			return d
		}
	}
	return time.Time{}
}

// ttChronological gives years to dates listed in chronological order: the last is
// on or before asOf, and walking back, a date later in the year than the one after
// it belongs to the year before (a 365-day file crosses New Year). A date that does
// not exist in its year (29 February) comes back zero, with the year it was given.
func ttChronological(dms []ttDayMonth, asOf time.Time) ([]time.Time, []int) {
	days, years := make([]time.Time, len(dms)), make([]int, len(dms))
	if len(dms) == 0 {
		return days, years
	}
	n := len(dms) - 1
	last := ttOnOrBefore(dms[n], asOf)
	y := last.Year()
	if last.IsZero() {
		y = asOf.Year()
	}
	for i := n; i >= 0; i-- {
		if i < n && dms[i].after(dms[i+1]) {
			y--
		}
		years[i] = y
		if d := time.Date(y, dms[i].month, dms[i].day, 0, 0, 0, 0, time.UTC); d.Day() == dms[i].day {
			days[i] = d
		}
	}
	return days, years
}

// ttMonthLocales are the languages whose month names TikTok dates are read in, from
// github.com/goodsign/monday's tables. Croatian is left out: its "listopad" is
// October, where Czech, Polish and Ukrainian say November.
var ttMonthLocales = []monday.Locale{
	monday.LocaleEnUS, monday.LocaleEnGB, monday.LocaleEsES, monday.LocaleCaES, monday.LocaleFrFR, monday.LocaleFrCA,
	monday.LocaleDeDE, monday.LocaleItIT, monday.LocalePtPT, monday.LocalePtBR, monday.LocaleNlNL, monday.LocaleNlBE,
	monday.LocaleElGR, monday.LocaleDaDK, monday.LocaleSvSE, monday.LocaleNbNO, monday.LocaleNnNO, monday.LocaleFiFI,
	monday.LocalePlPL, monday.LocaleCsCZ, monday.LocaleSkSK, monday.LocaleSlSI, monday.LocaleHuHU, monday.LocaleRoRO,
	monday.LocaleTrTR, monday.LocaleRuRU, monday.LocaleUkUA, monday.LocaleBgBG, monday.LocaleLtLT, monday.LocaleLvLV,
	monday.LocaleEtEE, monday.LocaleIdID,
}

// ttMonths maps normalised month names (long, short, and the genitive some
// languages use after a day: "25 Φεβρουαρίου", "2 marca") to months. A name that
// means different months in different languages is left out (ttAmbiguous).
var ttMonths, ttAmbiguous = ttMonthNames()

func ttMonthNames() (map[string]time.Month, map[string]bool) {
	names, bad := map[string]time.Month{}, map[string]bool{}
	add := func(name string, m time.Month) {
		k := strings.Join(ttWords(name), " ")
		if k == "" || bad[k] {
			return
		}
		if old, ok := names[k]; ok && old != m {
			delete(names, k)
			bad[k] = true
			return
		}
		names[k] = m
	}
	for _, l := range ttMonthLocales {
		for i, n := range monday.GetLongMonths(l) {
			add(n, time.Month(i+1))
		}
		for i, n := range monday.GetShortMonths(l) {
			add(n, time.Month(i+1))
		}
		// Forms the language writes next to a day (genitive where it has one).
		for m := time.January; m <= time.December; m++ {
			d := time.Date(2001, m, 2, 0, 0, 0, 0, time.UTC)
			for _, layout := range []string{"2 January", "January 2", "2 Jan", "Jan 2"} {
				add(strings.ReplaceAll(monday.Format(d, layout, l), "2", ""), m)
			}
		}
	}
	return names, bad
}

// ttWords lowercases s, takes accents off (Φεβρουαρίου -> φεβρουαριου, März ->
// marz), and splits it into words of letters and digits; "de", "del", "d'" and
// "of" between day and month are dropped.
func ttWords(s string) []string {
	s = strings.ToLower(s)
	if isASCII(s) { // the common case: nothing to take accents off
		return ttKeepWords(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'ς':
			r = 'σ'
		case r == 'ı':
			r = 'i'
		}
		b.WriteRune(r)
	}
	return ttKeepWords(strings.FieldsFunc(b.String(), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// ttKeepWords drops the little words between a day and its month.
func ttKeepWords(words []string) []string {
	out := words[:0]
	for _, w := range words {
		switch w {
		case "de", "del", "d", "of", "the":
			continue
		}
		out = append(out, w)
	}
	return out
}

var (
	ttDayWord = regexp.MustCompile(`^(\d{1,2})(st|nd|rd|th|er|re|e|o|a|º|ª)?$`)
	ttCJK     = regexp.MustCompile(`^\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?\s*$`)
)

// ttParseDayMonth reads a day and a month, in either order, in any language of
// ttMonthLocales: "March 2", "2 March", "2. März", "2 de marzo", "1er mars",
// "25 Φεβρουαρίου"; also "3月2日" and "3월 2일".
func ttParseDayMonth(s string) (ttDayMonth, bool) {
	if strings.ContainsAny(s, "月월") { // a regexp per row adds up: only where it can match
		if m := ttCJK.FindStringSubmatch(s); m != nil {
			mo, _ := strconv.Atoi(m[1])
			d, _ := strconv.Atoi(m[2])
			return ttValid(time.Month(mo), d)
		}
	}
	day := 0
	var words []string
	for _, w := range ttWords(s) {
		if n, err := strconv.Atoi(w); err == nil && len(w) <= 2 && day == 0 {
			day = n // plain digits, the usual day, without the regexp
			continue
		}
		if w[0] < '0' || w[0] > '9' { // a month's name: no regexp needed to tell
			words = append(words, w)
			continue
		}
		if m := ttDayWord.FindStringSubmatch(w); m != nil && day == 0 {
			day, _ = strconv.Atoi(m[1])
			continue
		}
		words = append(words, w)
	}
	if day == 0 || len(words) == 0 {
		return ttDayMonth{}, false
	}
	month, ok := ttMonths[strings.Join(words, " ")]
	if !ok {
		return ttDayMonth{}, false
	}
	return ttValid(month, day)
}

func ttValid(m time.Month, d int) (ttDayMonth, bool) {
	if m < time.January || m > time.December || d < 1 || d > time.Date(2000, m+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return ttDayMonth{}, false
	}
	return ttDayMonth{m, d}, true
}
