package ingest

// Facebook Insights exports from before Meta Business Suite (up to about 2020): a
// page-level file with one row per day, and post-level and video files with one row
// per post. None of them names the Page in a column; the Page's name is only in the
// file name Facebook gave the download, so that is where the account comes from.
//
// Row 2 describes each metric in words ("Lifetime: The total number of people ...").
// It is part of the format, not a bad row.

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"pulse/queries"
)

func legacyFacebookFormats() []format {
	return []format{
		{ID: "facebook-legacy-videos", Name: "Facebook Insights video export (legacy)", Detect: detectLegacyVideos, Parse: parseLegacyPosts},
		{ID: "facebook-legacy-posts", Name: "Facebook Insights post export (legacy)", Detect: detectLegacyPosts, Parse: parseLegacyPosts},
		{ID: "facebook-legacy-page", Name: "Facebook Insights page export (legacy)", Detect: detectLegacyPage, Parse: parseLegacyPage},
	}
}

func detectLegacyPosts(f *file) bool {
	return f.hasColumns(0, "Post ID", "Permalink", "Posted") &&
		(f.hasColumns(0, "Lifetime Post Total Reach") || f.hasColumns(0, "Lifetime Post Total Impressions"))
}

func detectLegacyVideos(f *file) bool {
	return detectLegacyPosts(f) && f.hasColumns(0, "Lifetime Total Video Views")
}

func detectLegacyPage(f *file) bool {
	return f.hasColumns(0, "Date") &&
		(f.hasColumns(0, "Lifetime Total Likes") || f.hasColumns(0, "Daily Total Reach"))
}

// legacyExportName is what Facebook called the downloads:
//
//	Facebook Insights Data Export - <Page> - 2018-07-25.csv
//	Facebook Insights Data Export (Post Level) - <Page> - 2014-08-24 - 2015-02-19.csv
//
// A Page name can itself contain " - ", so the name runs up to the dates.
var legacyExportName = regexp.MustCompile(`(?i)^Facebook Insights Data Export(?: \([^)]*\))? - (.+?) - (\d{4}-\d{2}-\d{2})(?: - (\d{4}-\d{2}-\d{2}))?(?: \(\d+\))?\.csv$`)

// legacyFileName returns the Page name and the last date in the file name.
func legacyFileName(base string) (page string, day time.Time, ok bool) {
	m := legacyExportName.FindStringSubmatch(base)
	if m == nil {
		return "", time.Time{}, false
	}
	last := m[2]
	if m[3] != "" {
		last = m[3]
	}
	d, err := time.Parse("2006-01-02", last)
	if err != nil {
		return "", time.Time{}, false
	}
	return strings.TrimSpace(m[1]), d, true
}

// legacyDescription matches the cells of the description row.
var legacyDescription = regexp.MustCompile(`^(Lifetime|Daily|Weekly|28 Days):`)

// dropDescriptionRow removes row 2 when it is the description row: its key cell
// (Date, Post ID) is empty and some cell describes a metric.
func dropDescriptionRow(t *table, key int) {
	if len(t.rows) == 0 {
		return
	}
	r := t.rows[0]
	if key >= 0 && key < len(r.cells) && strings.TrimSpace(r.cells[key]) != "" {
		return
	}
	for _, c := range r.cells {
		if legacyDescription.MatchString(strings.TrimSpace(c)) {
			t.rows = t.rows[1:]
			return
		}
	}
}

// legacyStart fills what every legacy parser needs: the account from the file name
// and the export day.
func legacyStart(f *file, ctx *parseContext, p *Parsed) queries.Account {
	acc := queries.Account{Platform: "facebook"}
	p.Platform = "facebook"
	page, day, ok := legacyFileName(f.Base)
	if !ok {
		p.Notes = append(p.Notes, "the file name is not the one Facebook gave it, so it does not say which Page this is")
		return acc
	}
	acc.Handle, acc.DisplayName = page, page
	if !ctx.AsOfGiven {
		p.AsOf = day
	}
	return acc
}

// ---- page level ----

// legacyPageMetrics are the page-level columns pulse loads. Only daily values: the
// weekly and 28-day columns are sums of them, the rest are breakdowns.
var legacyPageMetrics = []struct{ column, metric string }{
	{"Daily Total Reach", queries.MetricReach},
	{"Daily Total Impressions", queries.MetricViews},
	{"Daily New Likes", queries.MetricNewFollowers},
	{"Daily Unlikes", queries.MetricUnfollows},
	{"Lifetime Total Likes", queries.MetricFollowersTotal},
	{"Daily Page Engaged Users", queries.MetricInteractions},
	{"Daily Page Consumptions", queries.MetricClicks},
	{"Daily Logged-in Page Views", queries.MetricPageViews}, // the first of two: total count, not unique users
	{"Daily Total Video Views", queries.MetricVideoViews},
	{"Daily Total website click count per Page", queries.MetricLinkClicks},
}

func parseLegacyPage(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Format: "facebook-legacy-page", Name: "Facebook Insights page export (legacy)"}
	acc := legacyStart(f, ctx, p)
	if acc.Handle != "" {
		p.Name += ": " + acc.Handle
		p.Accounts = []queries.Account{acc}
	}
	p.Notes = append(p.Notes, t.dupeNote()...)
	date := t.col("Date")
	dropDescriptionRow(t, date)
	type column struct {
		i      int
		metric string
	}
	var cols []column
	for _, m := range legacyPageMetrics {
		if i := t.col(m.column); i >= 0 {
			cols = append(cols, column{i, m.metric})
		}
	}
	for _, r := range t.rows {
		if metaBlankRow(r.cells) {
			continue
		}
		p.RowsRead++
		c := t.reader(r)
		day := c.day(date, "a date like 2018-04-01", "2006-01-02", "01/02/2006", "1/2/2006")
		var days []queries.Daily
		for _, col := range cols {
			if v := c.float(col.i); v != nil {
				days = append(days, queries.Daily{Account: acc, Day: day, Metric: col.metric, Value: *v})
			}
		}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		p.Daily = append(p.Daily, days...)
	}
	return p, nil
}

// ---- post level and video posts ----

func parseLegacyPosts(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Format: "facebook-legacy-posts", Name: "Facebook Insights post export (legacy)"}
	if t.has("Lifetime Total Video Views") {
		p.Format, p.Name = "facebook-legacy-videos", "Facebook Insights video export (legacy)"
	}
	acc := legacyStart(f, ctx, p)
	if acc.Handle != "" {
		p.Name += ": " + acc.Handle
	}
	p.Notes = append(p.Notes, t.dupeNote()...)

	var (
		id        = t.col("Post ID")
		permalink = t.col("Permalink")
		message   = t.col("Post Message")
		postType  = t.col("Type")
		posted    = t.col("Posted")
		reach     = t.col("Lifetime Post Total Reach")
		views     = t.col("Lifetime Post Total Impressions")
		// "Stories" count actions; "Talking About This" counts the people acting.
		likes    = t.col("Lifetime Post Stories by action type - like", "Lifetime Talking About This (Post) by action type - like")
		comments = t.col("Lifetime Post Stories by action type - comment", "Lifetime Talking About This (Post) by action type - comment")
		shares   = t.col("Lifetime Post Stories by action type - share", "Lifetime Talking About This (Post) by action type - share")
		clicks   = t.col("Lifetime Post Consumptions")
		video    = t.col("Lifetime Total Video Views")
	)
	if id < 0 {
		return nil, fmt.Errorf("%s: the header has no Post ID column", f.Name)
	}
	dropDescriptionRow(t, id)
	// Facebook's ids here are "<page id>_<post id>". Business Suite and the permalinks
	// use the post id alone, so that is what is stored; the page id is the account's.
	for _, r := range t.rows {
		if page, _, ok := strings.Cut(strings.TrimSpace(r.cells[id]), "_"); ok && page != "" {
			acc.ExternalID = page
			break
		}
	}
	if acc.Handle != "" {
		p.Accounts = []queries.Account{acc}
	}
	for _, r := range t.rows {
		if metaBlankRow(r.cells) {
			continue
		}
		p.RowsRead++
		c := t.reader(r)
		post := queries.Post{
			Account:   acc,
			PostID:    c.str(id),
			Permalink: c.str(permalink),
			Caption:   c.raw(message),
			RawType:   c.str(postType),
		}
		post.ContentType = metaContentType(post.RawType)
		if post.PostID == "" {
			c.fail(id, "", "a post ID")
		}
		if page, own, ok := strings.Cut(post.PostID, "_"); ok && page == acc.ExternalID && own != "" {
			post.PostID = own
		}
		if posted >= 0 && !isNull(c.str(posted)) {
			at := c.time(posted, ctx.Loc, "a time like 02/14/2016 12:40:16 AM",
				"01/02/2006 03:04:05 PM", "1/2/2006 3:04:05 PM", "01/02/2006 15:04:05", "01/02/2006 15:04")
			if !at.IsZero() {
				post.PublishedAt = at.UTC()
			}
		}
		post.Metrics = queries.Metrics{
			Views:      c.int(views),
			Reach:      c.int(reach),
			Likes:      c.int(likes),
			Comments:   c.int(comments),
			Shares:     c.int(shares),
			Clicks:     c.int(clicks),
			VideoViews: c.int(video),
		}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		p.Posts = append(p.Posts, post)
	}
	return p, nil
}
