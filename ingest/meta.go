package ingest

// Meta Business Suite exports: the post export (one CSV for a Facebook Page or an
// Instagram account, lifetime totals per post), the account-level daily files
// (Views.csv, Reach.csv, ...) and Audience.csv.
//
// The post export names its account on every row, and one file can hold several
// Instagram accounts, so the account is read per row. The daily and audience files
// name no account at all, and some do not even say whether they are Facebook or
// Instagram: their rows carry an empty handle (and platform "meta" when unknown),
// and the ingester resolves them.

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"pulse/queries"
)

func metaFormats() []format {
	return []format{
		{ID: "meta-posts", Name: "Meta Business Suite post export", Detect: detectMetaPosts, Parse: parseMetaPosts},
		{ID: "meta-daily", Name: "Meta Business Suite daily file", Detect: detectMetaDaily, Parse: parseMetaDaily},
		{ID: "meta-audience", Name: "Meta Business Suite audience file", Detect: detectMetaAudience, Parse: parseMetaAudience},
	}
}

// ---- post export ----

func detectMetaPosts(f *file) bool {
	h := newTable("", metaHeaderFields(f))
	if !h.has("Post ID", "Publish time") {
		return false
	}
	return h.has("Account ID") || h.has("Account username") || h.has("Page ID") || h.has("Page name")
}

// metaHeaderFields splits the first line. A file a spreadsheet re-saved with ';'
// is still claimed here, so that readCSV can say what happened to it instead of the
// file coming out as "unknown format".
func metaHeaderFields(f *file) []string {
	h := f.headerLine(0)
	if len(h) == 1 && strings.Contains(h[0], ";") {
		return strings.Split(h[0], ";")
	}
	return h
}

// metaExportName is `<Mon-DD-YYYY>_<Mon-DD-YYYY>_<id>.csv`; a browser may add " (1)".
var metaExportName = regexp.MustCompile(`^([A-Za-z]{3}-\d{2}-\d{4})_([A-Za-z]{3}-\d{2}-\d{4})_\d+`)

// metaExportDay is the end of the date range in a post export's file name: the day
// the lifetime totals were taken, as near as the file tells.
func metaExportDay(base string) (time.Time, bool) {
	m := metaExportName.FindStringSubmatch(base)
	if m == nil {
		return time.Time{}, false
	}
	d, err := time.Parse("Jan-02-2006", m[2])
	if err != nil {
		return time.Time{}, false
	}
	return d, true
}

func parseMetaPosts(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	instagram := t.has("Account ID") || t.has("Account username")
	p := &Parsed{Format: "meta-posts", Platform: "facebook", Name: "Meta Business Suite post export: Facebook"}
	if instagram {
		p.Platform, p.Name = "instagram", "Meta Business Suite post export: Instagram"
	}
	p.Notes = append(p.Notes, t.dupeNote()...)
	if d, ok := metaExportDay(f.Base); ok && !ctx.AsOfGiven {
		p.AsOf = d
	}

	var (
		id        = t.col("Post ID")
		accID     = t.col("Account ID", "Page ID")
		accHandle = t.col("Account username", "Page name")
		accName   = t.col("Account name", "Page name")
		desc      = t.col("Description")
		title     = t.col("Title")
		published = t.col("Publish time")
		permalink = t.col("Permalink")
		postType  = t.col("Post type")
		labels    = t.col("Custom labels")
		date      = t.col("Date")
		views     = t.col("Views", "Impressions")
		reach     = t.col("Reach")
		likes     = t.col("Likes", "Reactions")
		comments  = t.col("Comments")
		shares    = t.col("Shares")
		saves     = t.col("Saves")
		follows   = t.col("Follows")
		clicks    = t.col("Total clicks")
		visits    = t.col("Profile visits")
		video     = t.col("3-second video views")
		seconds   = t.col("Seconds viewed")
	)
	if id < 0 {
		return nil, fmt.Errorf("%s: the header has no Post ID column", f.Name)
	}
	var notLifetime string
	seen := map[queries.Account]bool{}
	for _, r := range t.rows {
		if metaBlankRow(r.cells) {
			continue
		}
		p.RowsRead++
		c := t.reader(r)
		post := queries.Post{
			Account: queries.Account{
				Platform:    p.Platform,
				Handle:      c.str(accHandle),
				ExternalID:  c.str(accID),
				DisplayName: c.str(accName),
			},
			PostID:    c.str(id),
			Permalink: c.str(permalink),
			RawType:   c.str(postType),
			Labels:    splitLabels(c.str(labels)),
			Caption:   c.raw(desc),
		}
		if strings.TrimSpace(post.Caption) == "" {
			post.Caption = c.raw(title)
		}
		post.ContentType = metaContentType(post.RawType)
		if post.PostID == "" {
			c.fail(id, "", "a post ID")
		}
		if published >= 0 && !isNull(c.str(published)) {
			at := c.time(published, ctx.Loc, "a time like 03/18/2025 09:48 (MM/DD/YYYY HH:MM)",
				"01/02/2006 15:04", "1/2/2006 15:04", "01/02/2006 15:04:05")
			if !at.IsZero() {
				post.PublishedAt = at.UTC()
			}
		}
		if d := c.str(date); d != "" && !strings.EqualFold(d, "Lifetime") && notLifetime == "" {
			notLifetime = d
		}
		post.Metrics = queries.Metrics{
			Views:         c.int(views),
			Reach:         c.int(reach),
			Likes:         c.int(likes),
			Comments:      c.int(comments),
			Shares:        c.int(shares),
			Saves:         c.int(saves),
			Follows:       c.int(follows),
			Clicks:        c.int(clicks),
			ProfileVisits: c.int(visits),
			VideoViews:    c.int(video),
			WatchTimeSec:  c.float(seconds),
		}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		if !seen[post.Account] {
			seen[post.Account] = true
			p.Accounts = append(p.Accounts, post.Account)
		}
		p.Posts = append(p.Posts, post)
	}
	if notLifetime != "" {
		p.Notes = append(p.Notes, fmt.Sprintf("the Date column holds %q where Meta writes Lifetime: the totals may cover only part of each post's life", notLifetime))
	}
	if dropUnreportedViews(p.Posts) {
		p.Notes = append(p.Notes, "Views is 0 on every post although Reach is not: Meta did not report views in this export, so they were loaded as not reported")
	}
	return p, nil
}

// dropUnreportedViews clears Views when the whole column is 0 while some post
// reached people. A post cannot be seen by more people than it was seen: Meta
// Business Suite fills Views with 0 in some Facebook exports of early 2025 (the
// months Impressions became Views), and storing those 0s would overwrite real
// values from another file of the same day.
func dropUnreportedViews(posts []queries.Post) bool {
	reached := false
	for _, po := range posts {
		m := po.Metrics
		if m.Views == nil || *m.Views != 0 {
			return false
		}
		if m.Reach != nil && *m.Reach > 0 {
			reached = true
		}
	}
	if !reached {
		return false
	}
	for i := range posts {
		posts[i].Metrics.Views = nil
	}
	return true
}

// splitLabels reads Meta's "Custom labels": several labels in one cell, separated by
// commas or '|'.
func splitLabels(s string) []string {
	if isNull(s) {
		return nil
	}
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// metaContentTypes maps the platforms' post types (Meta Business Suite and the legacy
// Facebook Insights "Type") onto pulse's content types.
var metaContentTypes = map[string]string{
	"ig carousel": "carousel", "ig image": "image", "ig reel": "reel", "ig story": "story", "ig video": "video",
	"photos": "image", "photo": "image",
	"reels": "reel", "reel": "reel",
	"videos": "video", "video": "video", "sharedvideo": "video",
	"links": "link", "link": "link",
	"text": "text", "status": "text",
}

func metaContentType(raw string) string {
	if ct, ok := metaContentTypes[strings.ToLower(strings.TrimSpace(raw))]; ok {
		return ct
	}
	return "other"
}

// metaBlankRow is a row with nothing in it (a trailing ",,,," line).
func metaBlankRow(cells []string) bool {
	for _, s := range cells {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// ---- daily files ----

// metaPreamble is the first line of every Business Suite insights file: Excel's hint
// for the separator.
func metaPreamble(f *file) bool {
	return len(f.Head) > 0 && strings.EqualFold(strings.TrimSpace(f.Head[0]), "sep=,")
}

// metaTitle is line 2 of an insights file: "Facebook reach", "Views", "Age & gender".
func metaTitle(f *file) string {
	if len(f.Head) < 2 {
		return ""
	}
	h := f.headerLine(1)
	if len(h) == 0 {
		return ""
	}
	return strings.TrimSpace(h[0])
}

func detectMetaDaily(f *file) bool {
	if !metaPreamble(f) {
		return false
	}
	if f.hasColumns(2, "Date", "Primary") {
		return true
	}
	// Meta writes only the preamble (and at most the title) for a period without
	// data. Such a file must load as nothing rather than fail.
	if len(metaNonBlank(f.Head)) > 2 {
		return false
	}
	title := metaTitle(f)
	_, _, ok := metaDailyTitle(title)
	return title == "" || ok
}

func metaNonBlank(ls []string) []string {
	var out []string
	for _, l := range ls {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// metaDailyMetrics maps the part of a daily file's title after the platform.
var metaDailyMetrics = map[string]string{
	"views":                queries.MetricViews,
	"impressions":          queries.MetricViews,
	"reach":                queries.MetricReach,
	"follows":              queries.MetricNewFollowers,
	"new follows":          queries.MetricNewFollowers,
	"unfollows":            queries.MetricUnfollows,
	"visits":               queries.MetricProfileVisits,
	"profile visits":       queries.MetricProfileVisits,
	"page visits":          queries.MetricProfileVisits,
	"interactions":         queries.MetricInteractions,
	"content interactions": queries.MetricInteractions,
	"link clicks":          queries.MetricLinkClicks,
}

// metaDailyTitle reads a title such as "Instagram follows" or "Views": the platform
// is its first word when that names one, else "meta".
func metaDailyTitle(title string) (platform, metric string, ok bool) {
	words := strings.Fields(strings.ToLower(title))
	platform = "meta"
	if len(words) > 0 && (words[0] == "facebook" || words[0] == "instagram") {
		platform, words = words[0], words[1:]
	}
	metric, ok = metaDailyMetrics[strings.Join(words, " ")]
	return platform, metric, ok
}

// metaCopySuffix is what a browser adds to a second download of the same name.
var metaCopySuffix = regexp.MustCompile(`\s*\(\d+\)$`)

func parseMetaDaily(f *file, ctx *parseContext) (*Parsed, error) {
	title := metaTitle(f)
	p := &Parsed{Format: "meta-daily"}
	if title == "" {
		// Nothing in the file says what it counts; its name is the only hint, and
		// with no rows it does not matter.
		name := strings.TrimSuffix(f.Base, path.Ext(f.Base))
		p.Platform = "meta"
		p.Name = "Meta daily file: " + strings.ToLower(metaCopySuffix.ReplaceAllString(name, "")) + " (empty)"
		p.Notes = []string{"the file holds only the sep=, line: no days to load"}
		return p, nil
	}
	platform, metric, ok := metaDailyTitle(title)
	if !ok {
		known := make([]string, 0, len(metaDailyMetrics))
		for k := range metaDailyMetrics {
			known = append(known, k)
		}
		sort.Strings(known)
		return nil, fmt.Errorf("%s: a Meta daily file titled %q, which pulse does not know (it reads %s)",
			f.Name, title, strings.Join(known, ", "))
	}
	p.Platform = platform
	p.Name = "Meta daily file: " + title
	if platform == "meta" {
		p.Name += " (Facebook or Instagram: the file does not say)"
	}
	if len(metaNonBlank(f.Head)) < 3 {
		p.Notes = []string{"the file has no days"}
		return p, nil
	}
	t, err := readCSV(f.Name, f.Text, 2)
	if err != nil {
		return nil, err
	}
	date, value := t.col("Date"), t.col("Primary")
	if date < 0 || value < 0 {
		return nil, fmt.Errorf("%s: expected the columns Date and Primary on line 3", f.Name)
	}
	p.Daily = dailyRoom(p.Daily, len(t.rows))
	for _, r := range t.rows {
		if metaBlankRow(r.cells) {
			continue
		}
		p.RowsRead++
		c := t.reader(r)
		day := c.day(date, "a date like 2025-12-24T00:00:00", "2006-01-02T15:04:05", "2006-01-02")
		v := c.float(value)
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		if v == nil {
			continue // a day Meta did not report
		}
		p.Daily = append(p.Daily, queries.Daily{Account: queries.Account{Platform: platform}, Day: day, Metric: metric, Value: *v})
	}
	return p, nil
}

// ---- Audience.csv ----

func detectMetaAudience(f *file) bool {
	if !metaPreamble(f) || f.hasColumns(2, "Date", "Primary") {
		return false
	}
	t := strings.ToLower(metaTitle(f))
	return strings.Contains(t, "follower") || strings.Contains(t, "gender") ||
		strings.HasPrefix(t, "age") || strings.HasPrefix(t, "top ")
}

// followersSection is the title of the one audience section pulse uses: the
// account's follower count on the day of the export.
var followersSection = regexp.MustCompile(`^(?i)(?:(facebook|instagram) )?followers$`)

// audienceSection is one blank-line-separated block of Audience.csv.
type audienceSection struct {
	title string
	line  int      // of the title, 1-based
	lines []string // after the title
}

func audienceSections(text string) []audienceSection {
	var out []audienceSection
	var cur *audienceSection
	for i, l := range lines(text, 0) {
		switch {
		case i == 0 && strings.EqualFold(strings.TrimSpace(l), "sep=,"):
		case strings.TrimSpace(l) == "":
			cur = nil
		case cur == nil:
			title := l
			if h := splitCSVLine(l); len(h) > 0 {
				title = strings.TrimSpace(h[0])
			}
			out = append(out, audienceSection{title: title, line: i + 1})
			cur = &out[len(out)-1]
		default:
			cur.lines = append(cur.lines, l)
		}
	}
	return out
}

func parseMetaAudience(f *file, ctx *parseContext) (*Parsed, error) {
	p := &Parsed{Format: "meta-audience", Platform: "meta", Name: "Meta audience file"}
	var ignored []string
	for _, s := range audienceSections(f.Text) {
		p.RowsRead++
		m := followersSection.FindStringSubmatch(s.title)
		if m == nil {
			ignored = append(ignored, s.title)
			continue
		}
		platform := "meta"
		if m[1] != "" {
			platform = strings.ToLower(m[1])
		}
		p.Platform = platform
		p.Name = "Meta audience file: " + s.title
		// The section is the title, a label line ("IG_ACCOUNT,FOLLOW,UNIQUE_USERS")
		// and the total on a line of its own.
		if len(s.lines) == 0 {
			p.Rejects = append(p.Rejects, &RowError{File: f.Name, Line: s.line, Column: 1, Field: s.title,
				Expected: "a follower count on the next line"})
			continue
		}
		last := s.lines[len(s.lines)-1]
		field := s.title
		if len(s.lines) > 1 {
			field = strings.TrimSpace(strings.Join(splitCSVLine(s.lines[0]), ","))
		}
		cells := splitCSVLine(last)
		value := ""
		if len(cells) > 0 {
			value = strings.TrimSpace(cells[0])
		}
		n, ok := parseNumber(value)
		if len(cells) != 1 || !ok {
			if len(cells) != 1 {
				value = shorten(last, 80)
			}
			p.Rejects = append(p.Rejects, &RowError{File: f.Name, Line: s.line + len(s.lines), Column: 1, Field: field,
				Value: value, Expected: "a follower count (like 1629)"})
			continue
		}
		p.Daily = append(p.Daily, queries.Daily{Account: queries.Account{Platform: platform},
			Day: dateOf(ctx.AsOf), Metric: queries.MetricFollowersTotal, Value: n})
	}
	switch {
	case len(p.Daily) == 0 && len(p.Rejects) == 0:
		p.Skipped = true
		p.Notes = append(p.Notes, "demographics only: nothing pulse uses")
	case len(ignored) > 0:
		p.Notes = append(p.Notes, "demographics sections not loaded: "+strings.Join(ignored, ", "))
	}
	return p, nil
}
