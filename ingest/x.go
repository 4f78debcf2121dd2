package ingest

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"pulse/queries"
)

// X (Twitter) exports. Every time and date in them is UTC.
//
// Shares: X's posts and days carry "Reposts" (retweets in the legacy files) and, in
// the Premium files, a separate "Shares"/"Share" column that counts posts sent by
// DM, bookmarked to a folder or copied as a link. pulse stores reposts as shares,
// the same number the legacy files called retweets, and does not store X's
// "Shares" column; a note says so when that column is not all zero.
func xFormats() []format {
	return []format{
		{
			ID:     "x-tweets",
			Name:   "X tweet activity export (per post)",
			Detect: detectXTweets,
			Parse:  parseXTweets,
		},
		{
			ID:     "x-daily",
			Name:   "X daily tweet activity export",
			Detect: detectXDaily,
			Parse:  parseXDaily,
		},
		{
			ID:     "x-premium-content",
			Name:   "X Premium content analytics (per post)",
			Detect: detectXPremiumContent,
			Parse:  parseXPremiumContent,
		},
		{
			ID:     "x-premium-overview",
			Name:   "X Premium account overview (per day)",
			Detect: detectXPremiumOverview,
			Parse:  parseXPremiumOverview,
		},
	}
}

func detectXTweets(f *file) bool {
	return f.hasColumns(0, "Tweet id", "Tweet permalink", "Tweet text", "time")
}

func detectXDaily(f *file) bool {
	return f.hasColumns(0, "Date", "Tweets published", "impressions")
}

func detectXPremiumContent(f *file) bool {
	t := f.header(0)
	if t == nil {
		return false
	}
	return t.has("Post id", "Date", "Impressions") && t.col("Link", "Post Link") >= 0
}

func detectXPremiumOverview(f *file) bool {
	t := f.header(0)
	if t == nil {
		return false
	}
	return t.has("Date", "Impressions", "Engagements") && t.col("Post id") < 0 &&
		t.col("Create Post", "New follows", "Unfollows") >= 0
}

// xLinkRe matches a post's link: https://twitter.com/<handle>/status/<id>, or x.com.
var xLinkRe = regexp.MustCompile(`(?i)^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([a-z0-9_]{1,50})(?:/web)?/status(?:es)?/(\d+)`)

// xFromLink returns the handle and post id a post's link names; "" when it names none
// ("/i/web/status/..." links name no account).
func xFromLink(link string) (handle, id string) {
	m := xLinkRe.FindStringSubmatch(strings.TrimSpace(link))
	if m == nil {
		return "", ""
	}
	if strings.EqualFold(m[1], "i") {
		return "", m[2]
	}
	return m[1], m[2]
}

// xLegacyNameRe matches the legacy file names,
// [daily_]tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv, also as a
// browser saves a second copy ("... (1).csv").
var xLegacyNameRe = regexp.MustCompile(`(?i)^(?:daily_)?tweet_activity_metrics_(.+)_(\d{8})_(\d{8})_[a-z]{2}(?:[-_][a-z]+)?(?: ?\(\d+\))?\.csv$`)

// xLegacyName returns the handle and the end date a legacy file's name holds.
func xLegacyName(base string) (handle string, end time.Time) {
	m := xLegacyNameRe.FindStringSubmatch(base)
	if m == nil {
		return "", time.Time{}
	}
	end, err := time.Parse("20060102", m[3])
	if err != nil {
		return m[1], time.Time{}
	}
	return m[1], end
}

// xPremiumNameRe matches account_analytics_content_<from>_<to>.csv.
var xPremiumNameRe = regexp.MustCompile(`(?i)^account_analytics_content_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})(?: ?\(\d+\))?\.csv$`)

func xPremiumEnd(base string) time.Time {
	m := xPremiumNameRe.FindStringSubmatch(base)
	if m == nil {
		return time.Time{}
	}
	end, err := time.Parse("2006-01-02", m[2])
	if err != nil {
		return time.Time{}
	}
	return end
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// xAccounts collects the distinct named accounts of posts, for Batch.Accounts.
func xAccounts(posts []queries.Post) []queries.Account {
	var out []queries.Account
	seen := map[string]bool{}
	for _, p := range posts {
		k := strings.ToLower(p.Account.Handle)
		if p.Account.Handle == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p.Account)
	}
	return out
}

// xSharesNote says that X's own "Shares" column was left out, when it holds anything.
func xSharesNote(t *table, names ...string) []string {
	col := t.col(names...)
	if col < 0 {
		return nil
	}
	var sum float64
	for _, r := range t.rows {
		if col < len(r.cells) {
			if v, ok := parseNumber(r.cells[col]); ok {
				sum += v
			}
		}
	}
	if sum == 0 {
		return nil
	}
	return []string{fmt.Sprintf("X's %q column (posts sent by DM or copied as a link: %g in all) is not stored; pulse counts reposts as shares",
		strings.TrimSpace(t.header[col]), sum)}
}

// needColumns returns an error naming the first of names (each "a|b" for either)
// that the table lacks. Detect looks at the first line only; this guards the parser
// when the CSV reader sees a different header (a quoted line break in it, say).
func needColumns(t *table, names ...string) error {
	for _, n := range names {
		if t.col(strings.Split(n, "|")...) < 0 {
			return fmt.Errorf("%s: the header has no %q column", t.file, strings.ReplaceAll(n, "|", `" or "`))
		}
	}
	return nil
}

// dayMetricCol maps one column of a per-day table onto a daily metric.
type dayMetricCol struct {
	col    int
	metric string
	// scale, when not 0, multiplies a decimal value (hours to seconds); 0 reads a
	// whole-number count.
	scale float64
}

// readDayMetrics appends one row's day metrics to out; cells that are "not
// reported" give no value at all. Problems are collected in c, and then out comes
// back as it was: a rejected row gives no values. Appending to the file's values,
// not to a slice of the row's own, saves an allocation and a copy per row (a third
// of parsing an X daily file went to growing and collecting slices).
func readDayMetrics(out []queries.Daily, c *cells, acct queries.Account, day time.Time, cols []dayMetricCol) []queries.Daily {
	before := len(out)
	for _, dc := range cols {
		if dc.col < 0 {
			continue
		}
		var v float64
		if dc.scale == 0 {
			n := c.int(dc.col)
			if n == nil {
				continue
			}
			v = float64(*n)
		} else {
			x := c.float(dc.col)
			if x == nil {
				continue
			}
			v = roundMilli(*x * dc.scale)
		}
		out = append(out, queries.Daily{Account: acct, Day: day, Metric: dc.metric, Value: v})
	}
	if c.err != nil {
		return out[:before]
	}
	return out
}

// dayMetricsCap is how many values a table of rows days can give through cols, so
// that the file's values are allocated once.
func dayMetricsCap(rows int, cols []dayMetricCol) int {
	n := 0
	for _, dc := range cols {
		if dc.col >= 0 {
			n++
		}
	}
	return rows * n
}

// roundMilli rounds to 3 decimals, so that 553.7381 h * 3600 is 1993457.16 s and not
// 1993457.1600000001.
func roundMilli(x float64) float64 { return math.Round(x*1000) / 1000 }

// parseXTweets reads the legacy per-post export, tweet_activity_metrics_*.csv.
func parseXTweets(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, "Tweet id", "Tweet permalink", "time"); err != nil {
		return nil, err
	}
	nameHandle, end := xLegacyName(f.Base)
	p := &Parsed{Name: "X tweet activity export (per post)", Platform: "x", RowsRead: len(t.rows), Notes: t.dupeNote()}
	if !ctx.AsOfGiven && !end.IsZero() {
		p.AsOf = end
	}
	var (
		cID, cLink, cText, cTime = t.col("Tweet id"), t.col("Tweet permalink"), t.col("Tweet text"), t.col("time")
		cViews                   = t.col("impressions")
		cLikes                   = t.col("likes", "favorites")
		cComments                = t.col("replies")
		cShares                  = t.col("retweets")
		cClicks                  = t.col("url clicks")
		cProfile                 = t.col("user profile clicks")
		cFollows                 = t.col("follows")
		cVideo                   = t.col("video views")
	)
	readXPosts(t, p, xPostsFile{
		id: cID, link: cLink, text: cText, time: cTime, rawType: "tweet", handle: nameHandle,
		idWhat: "a tweet id (digits)", linkWhat: "a link like https://twitter.com/<handle>/status/<id>",
		published: func(c *cells) time.Time {
			return c.time(cTime, time.UTC, "a time like 2019-06-28 22:00 +0000",
				"2006-01-02 15:04 -0700", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04", "2006-01-02 15:04:05").UTC()
		},
		metrics: func(c *cells) queries.Metrics {
			return queries.Metrics{
				Views:         c.int(cViews),
				Likes:         c.int(cLikes),
				Comments:      c.int(cComments),
				Shares:        c.int(cShares),
				Clicks:        c.int(cClicks),
				ProfileVisits: c.int(cProfile),
				Follows:       c.int(cFollows),
				VideoViews:    c.int(cVideo),
			}
		},
	})
	return p, nil
}

// xPostsFile is what tells X's two per-post files apart: readXPosts reads either.
type xPostsFile struct {
	id, link, text, time int                    // columns
	rawType              string                 // "tweet" (the legacy export) or "post" (Premium)
	handle               string                 // the account where a row's link names none ("" for none)
	idWhat, linkWhat     string                 // what a bad id or link should have been, for the reject
	published            func(*cells) time.Time // reads the time column, when it is not empty
	metrics              func(*cells) queries.Metrics
}

// readXPosts reads the rows of an X per-post file into p: each post's id (or the one
// in its link), its account from its link, its time and figures; a row with a bad
// value is rejected whole.
func readXPosts(t *table, p *Parsed, x xPostsFile) {
	for _, r := range t.rows {
		c := t.reader(r)
		id := c.str(x.id)
		link := c.str(x.link)
		handle, linkID := xFromLink(link)
		if handle == "" {
			handle = x.handle
		}
		if id == "" {
			id = linkID
		}
		if !isDigits(id) {
			c.fail(x.id, id, x.idWhat)
		}
		if handle == "" {
			c.fail(x.link, link, x.linkWhat)
		}
		var pub time.Time // none: the post cannot be placed in a period
		if !isNull(c.str(x.time)) {
			pub = x.published(c)
		}
		post := queries.Post{
			Account:     queries.Account{Platform: "x", Handle: handle},
			PostID:      id,
			PublishedAt: pub,
			ContentType: "text",
			RawType:     x.rawType,
			Caption:     c.raw(x.text),
			Permalink:   link,
			Metrics:     x.metrics(c),
		}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		p.Posts = append(p.Posts, post)
	}
	p.Accounts = xAccounts(p.Posts)
}

// parseXDaily reads daily_tweet_activity_metrics_<handle>_*.csv; the handle is in the
// file name only.
func parseXDaily(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, "Date"); err != nil {
		return nil, err
	}
	handle, _ := xLegacyName(f.Base)
	p := &Parsed{Name: "X daily tweet activity export", Platform: "x", RowsRead: len(t.rows), Notes: t.dupeNote()}
	if handle == "" {
		p.Notes = append(p.Notes, fmt.Sprintf("the file name %q does not name the account (X names it daily_tweet_activity_metrics_<handle>_...csv)", f.Base))
	} else {
		p.Accounts = []queries.Account{{Platform: "x", Handle: handle}}
	}
	acct := queries.Account{Platform: "x", Handle: handle}
	cDate := t.col("Date")
	cols := []dayMetricCol{
		{col: t.col("impressions"), metric: queries.MetricViews},
		{col: t.col("engagements"), metric: queries.MetricEngagements},
		{col: t.col("likes", "favorites"), metric: queries.MetricLikes},
		{col: t.col("replies"), metric: queries.MetricComments},
		{col: t.col("retweets"), metric: queries.MetricShares},
		{col: t.col("url clicks"), metric: queries.MetricLinkClicks},
		{col: t.col("user profile clicks"), metric: queries.MetricProfileVisits},
		{col: t.col("follows"), metric: queries.MetricNewFollowers},
		{col: t.col("Tweets published"), metric: queries.MetricPostsPublished},
		{col: t.col("video views"), metric: queries.MetricVideoViews},
	}
	p.Daily = dailyRoom(p.Daily, dayMetricsCap(len(t.rows), cols))
	for _, r := range t.rows {
		c := t.reader(r)
		day := c.day(cDate, "a date like 2021-01-31", "2006-01-02")
		p.Daily = readDayMetrics(p.Daily, c, acct, day, cols)
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
		}
	}
	return p, nil
}

// xPremiumDate is how X Premium writes a day: "Mon Feb 17 2025" (2025 content
// files), "Tue, Feb 18, 2025" (overview, later content files).
var xPremiumDateLayouts = []string{"Mon Jan 2 2006", "Mon, Jan 2, 2006", "Jan 2, 2006", "Jan 2 2006", "2006-01-02"}

const xPremiumDateWhat = `a date like "Tue, Feb 18, 2025" or "Mon Feb 17 2025"`

// parseXPremiumContent reads account_analytics_content_<from>_<to>.csv, one row per
// post; the Date has no time, so PublishedAt is 00:00 UTC of that day.
func parseXPremiumContent(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, "Post id", "Date", "Post Link|Link"); err != nil {
		return nil, err
	}
	p := &Parsed{Name: "X Premium content analytics (per post)", Platform: "x", RowsRead: len(t.rows), Notes: t.dupeNote()}
	if end := xPremiumEnd(f.Base); !ctx.AsOfGiven && !end.IsZero() {
		p.AsOf = end
	}
	p.Notes = append(p.Notes, xSharesNote(t, "Share", "Shares")...)
	var (
		cID, cDate, cText, cLink = t.col("Post id"), t.col("Date"), t.col("Post text"), t.col("Post Link", "Link")
		cViews                   = t.col("Impressions")
		cLikes                   = t.col("Likes")
		cSaves                   = t.col("Bookmarks")
		cFollows                 = t.col("New follows")
		cComments                = t.col("Replies")
		cShares                  = t.col("Reposts")
		cProfile                 = t.col("Profile visits")
		cClicks                  = t.col("URL Clicks", "Url clicks")
		cVideo                   = t.col("Video views")
	)
	readXPosts(t, p, xPostsFile{
		id: cID, link: cLink, text: cText, time: cDate, rawType: "post",
		idWhat: "a post id (digits)", linkWhat: "a link like https://x.com/<handle>/status/<id>",
		published: func(c *cells) time.Time {
			return c.day(cDate, xPremiumDateWhat, xPremiumDateLayouts...)
		},
		metrics: func(c *cells) queries.Metrics {
			return queries.Metrics{
				Views:         c.int(cViews),
				Likes:         c.int(cLikes),
				Comments:      c.int(cComments),
				Shares:        c.int(cShares),
				Saves:         c.int(cSaves),
				Clicks:        c.int(cClicks),
				VideoViews:    c.int(cVideo),
				Follows:       c.int(cFollows),
				ProfileVisits: c.int(cProfile),
			}
		},
	})
	return p, nil
}

// parseXPremiumOverview reads account_overview_analytics.csv, one row per day. The
// file names no account: its rows carry an empty handle for the ingester to resolve.
func parseXPremiumOverview(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, "Date"); err != nil {
		return nil, err
	}
	p := &Parsed{Name: "X Premium account overview (per day)", Platform: "x", RowsRead: len(t.rows), Notes: t.dupeNote()}
	p.Notes = append(p.Notes, xSharesNote(t, "Shares", "Share")...)
	acct := queries.Account{Platform: "x"}
	cDate := t.col("Date")
	// "Media views" (photos and videos opened) is not video views and is not stored.
	cols := []dayMetricCol{
		{col: t.col("Impressions"), metric: queries.MetricViews},
		{col: t.col("Likes"), metric: queries.MetricLikes},
		{col: t.col("Engagements"), metric: queries.MetricEngagements},
		{col: t.col("Bookmarks"), metric: queries.MetricSaves},
		{col: t.col("Reposts"), metric: queries.MetricShares},
		{col: t.col("New follows"), metric: queries.MetricNewFollowers},
		{col: t.col("Unfollows"), metric: queries.MetricUnfollows},
		{col: t.col("Replies"), metric: queries.MetricComments},
		{col: t.col("Profile visits"), metric: queries.MetricProfileVisits},
		{col: t.col("Create Post"), metric: queries.MetricPostsPublished},
		{col: t.col("Video views"), metric: queries.MetricVideoViews},
		{col: t.col("URL Clicks", "Url clicks"), metric: queries.MetricLinkClicks},
	}
	p.Daily = dailyRoom(p.Daily, dayMetricsCap(len(t.rows), cols))
	for _, r := range t.rows {
		c := t.reader(r)
		day := c.day(cDate, xPremiumDateWhat, xPremiumDateLayouts...)
		p.Daily = readDayMetrics(p.Daily, c, acct, day, cols)
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
		}
	}
	return p, nil
}
