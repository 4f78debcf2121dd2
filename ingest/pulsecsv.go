// # The pulse CSV
//
// The pulse CSV (read by pulsecsv.go) is pulse's own format, for everything pulse has no export reader for (Threads, Bluesky,
// Mastodon, Pinterest, ...) and for numbers typed in by hand. It comes in two kinds,
// posts and daily metrics; the header tells which.
//
// The file: comma-separated, UTF-8 (with or without a BOM; UTF-16 with a BOM also
// works), the header on the first line, one record per line after it. A field that
// holds a comma, a double quote or a line break is written in double quotes, with a
// double quote inside doubled (""), as every spreadsheet writes CSV. Column names are
// matched without regard to case or surrounding spaces, in any order; optional
// columns may be left out. A column name that is not in the list of its kind, or
// that is repeated, fails the whole file, so that a misspelt column is not silently
// dropped.
//
// An empty cell means "not reported", which is not 0 ("-", "n/a" and "null" are
// read the same way). Numbers may be written 1234, 1,234 or 1234.0.
//
// A row with a value pulse cannot read is rejected as a whole and reported with its
// line, column and value; the other rows load.
//
// # Posts
//
// One row per post, with its lifetime totals as of the export day (--as-of, or the
// import day). Header, in full:
//
//	platform,account,post_id,published_at,content_type,caption,permalink,views,reach,likes,comments,shares,saves,clicks,video_views,watch_time_sec,follows,profile_visits
//
// Required: platform, account, post_id. The columns:
//
//   - platform: a lowercase word of a-z, 0-9, _ and - (threads, bluesky, mastodon,
//     pinterest, ...). Upper case is lowered.
//   - account: the account's handle on that platform; a leading @ is dropped.
//   - post_id: the platform's id of the post (any text), unique within the account.
//     A post that appears twice takes its later row.
//   - published_at: when the post went out: RFC 3339 (2025-04-14T18:30:00+02:00,
//     2025-04-14T16:30:00Z), or YYYY-MM-DD HH:MM (also YYYY-MM-DD HH:MM:SS, or
//     YYYY-MM-DD for 00:00) in the practice time zone. Empty: unknown.
//   - content_type: image, carousel, video, reel, story, text, link or other (any
//     case). Empty: other.
//   - caption: the post's text; may span several lines (in double quotes).
//   - permalink: the post's address, starting with https:// or http://.
//   - views, reach, likes, comments, shares, saves, clicks, video_views,
//     profile_visits: whole numbers, 0 or more. views are views or impressions,
//     likes are likes or reactions, comments are comments or replies, shares are
//     shares, reposts or boosts, saves are saves or bookmarks.
//   - follows: follows the post brought, a whole number (may be negative).
//   - watch_time_sec: total watch time in seconds, decimals allowed, 0 or more.
//
// Example:
//
//	platform,account,post_id,published_at,content_type,caption,permalink,views,likes,comments,shares
//	threads,pulse.demo,C5xYz,2025-04-14 18:30,image,"Spring menu is out!",https://www.threads.net/@pulse.demo/post/C5xYz,"1,234",56,7,3
//	bluesky,pulse.bsky.social,3lmabc,2025-04-14T16:30:00Z,text,"Two lines,
//	one post",,410,12,,2
//
// # Daily metrics
//
// One row per account, day and metric. Header:
//
//	platform,account,date,metric,value
//
// All five columns are required:
//
//   - platform, account: as for posts.
//   - date: the calendar day, YYYY-MM-DD (taken as written, no time zone).
//   - metric: one of views, reach, new_followers, unfollows, net_followers,
//     followers_total, profile_visits, link_clicks, clicks, interactions,
//     engagements, likes, comments, shares, saves, video_views, watch_time_sec,
//     posts_published, page_views, unique_visitors, viewers, new_viewers (any case).
//     new_followers and unfollows are the day's gains and losses, net_followers
//     their difference where only that is known, followers_total the running total
//     at the end of the day; watch_time_sec is in seconds; interactions are likes +
//     comments + shares + saves as the platform counts them; engagements is X's own
//     wider count.
//   - value: a number; decimals and negative numbers are allowed. Empty: the row is
//     skipped (not reported).
//
// A day's metric given twice takes the later row; a later import replaces an
// earlier import's value for the same day.
//
// Example:
//
//	platform,account,date,metric,value
//	threads,pulse.demo,2025-04-14,views,1520
//	threads,pulse.demo,2025-04-14,new_followers,12
//	bluesky,pulse.bsky.social,2025-04-14,followers_total,"1,873"
package ingest

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"pulse/queries"
)

func pulseCSVFormats() []format {
	return []format{
		{
			ID:     "pulse-posts",
			Name:   "pulse CSV (posts)",
			Detect: func(f *file) bool { return pulseDetect(f, pulsePostRequired) },
			Parse:  parsePulsePosts,
		},
		{
			ID:     "pulse-daily",
			Name:   "pulse CSV (daily metrics)",
			Detect: func(f *file) bool { return pulseDetect(f, pulseDailyColumns) },
			Parse:  parsePulseDaily,
		},
	}
}

var (
	pulsePostColumns = []string{"platform", "account", "post_id", "published_at", "content_type", "caption",
		"permalink", "views", "reach", "likes", "comments", "shares", "saves", "clicks", "video_views",
		"watch_time_sec", "follows", "profile_visits"}
	pulsePostRequired = []string{"platform", "account", "post_id"}
	pulseDailyColumns = []string{"platform", "account", "date", "metric", "value"}

	pulseContentTypes = []string{"image", "carousel", "video", "reel", "story", "text", "link", "other"}

	// pulseMetrics are the daily metric names a pulse CSV may use: every queries.Metric*.
	pulseMetrics = []string{
		queries.MetricViews, queries.MetricReach, queries.MetricNewFollowers, queries.MetricUnfollows,
		queries.MetricNetFollowers, queries.MetricFollowersTotal, queries.MetricProfileVisits,
		queries.MetricLinkClicks, queries.MetricClicks, queries.MetricInteractions, queries.MetricEngagements,
		queries.MetricLikes, queries.MetricComments, queries.MetricShares, queries.MetricSaves,
		queries.MetricVideoViews, queries.MetricWatchTimeSec, queries.MetricPostsPublished,
		queries.MetricPageViews, queries.MetricUniqueVisitors, queries.MetricViewers, queries.MetricNewViewers,
	}

	pulsePlatformRe = regexp.MustCompile(`^[a-z0-9_-]+$`)
)

// pulseDetect reports whether the header holds every required column of a kind;
// the other columns are checked by Parse, which names any it does not know.
func pulseDetect(f *file, required []string) bool {
	return f.hasColumns(0, required...)
}

// pulseTable reads a pulse CSV and checks its header against the kind's columns.
func pulseTable(f *file, kind string, allowed []string) (*table, error) {
	t, err := readCSV(f.Name, f.Text, 0)
	if err != nil {
		return nil, err
	}
	if len(t.dupes) > 0 {
		return nil, fmt.Errorf("%s: the header repeats %s; a pulse CSV names each column once", f.Name, strings.Join(t.dupes, ", "))
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for i, h := range t.header {
		n := normHeader(h)
		if n == "" || ok[n] {
			continue
		}
		return nil, fmt.Errorf("%s: column %d, %q, is not a column of a pulse CSV of %s; the columns are: %s",
			f.Name, i+1, strings.TrimSpace(h), kind, strings.Join(allowed, ","))
	}
	return t, nil
}

// pulsePlatform reads the platform cell: a lowercase word.
func pulsePlatform(c *cells, col int) string {
	s := strings.ToLower(c.str(col))
	if !pulsePlatformRe.MatchString(s) {
		c.fail(col, c.str(col), "a platform: a lowercase word of a-z, 0-9, _ and - (like threads)")
	}
	return s
}

// pulseAccount reads the account cell: a handle, without a leading @.
func pulseAccount(c *cells, col int) string {
	s := strings.TrimSpace(strings.TrimPrefix(c.str(col), "@"))
	if s == "" {
		c.fail(col, c.str(col), "an account handle (the column is required)")
	}
	return s
}

func pulsePlatforms(seen map[string]bool) string {
	var list []string
	for p := range seen {
		list = append(list, p)
	}
	sort.Strings(list)
	return strings.Join(list, ",")
}

func parsePulsePosts(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := pulseTable(f, "posts", pulsePostColumns)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, pulsePostRequired...); err != nil {
		return nil, err
	}
	loc := ctx.Loc
	if loc == nil {
		loc = time.UTC
	}
	p := &Parsed{Name: "pulse CSV (posts)", RowsRead: len(t.rows)}
	col := func(name string) int { return t.col(name) }
	cPlatform, cAccount, cID := col("platform"), col("account"), col("post_id")
	cPub, cType, cCaption, cLink := col("published_at"), col("content_type"), col("caption"), col("permalink")
	count := func(c *cells, i int) *int64 {
		v := c.int(i)
		if v != nil && *v < 0 {
			c.fail(i, c.str(i), "a whole number, 0 or more")
			return nil
		}
		return v
	}
	platforms := map[string]bool{}
	for _, r := range t.rows {
		c := t.reader(r)
		platform := pulsePlatform(c, cPlatform)
		account := pulseAccount(c, cAccount)
		id := c.str(cID)
		if id == "" {
			c.fail(cID, id, "a post id (the column is required)")
		}
		var pub time.Time
		if !isNull(c.str(cPub)) {
			pub = c.time(cPub, loc, "a time like 2025-04-14T18:30:00+02:00 (RFC 3339) or 2025-04-14 18:30",
				time.RFC3339Nano, "2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02").UTC()
		}
		ctype := strings.ToLower(c.str(cType))
		if ctype == "" {
			ctype = "other"
		} else if !slices.Contains(pulseContentTypes, ctype) {
			c.fail(cType, c.str(cType), "one of "+strings.Join(pulseContentTypes, ", "))
		}
		link := c.str(cLink)
		if l := strings.ToLower(link); link != "" && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
			c.fail(cLink, link, "a link starting with https://")
		}
		var watch *float64
		if cw := col("watch_time_sec"); cw >= 0 {
			watch = c.float(cw)
			if watch != nil && *watch < 0 {
				c.fail(cw, c.str(cw), "a number of seconds, 0 or more")
				watch = nil
			}
		}
		post := queries.Post{
			Account:     queries.Account{Platform: platform, Handle: account},
			PostID:      id,
			PublishedAt: pub,
			ContentType: ctype,
			Caption:     strings.TrimSpace(c.raw(cCaption)),
			Permalink:   link,
			Metrics: queries.Metrics{
				Views:         count(c, col("views")),
				Reach:         count(c, col("reach")),
				Likes:         count(c, col("likes")),
				Comments:      count(c, col("comments")),
				Shares:        count(c, col("shares")),
				Saves:         count(c, col("saves")),
				Clicks:        count(c, col("clicks")),
				VideoViews:    count(c, col("video_views")),
				WatchTimeSec:  watch,
				Follows:       c.int(col("follows")),
				ProfileVisits: count(c, col("profile_visits")),
			},
		}
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		platforms[platform] = true
		p.Posts = append(p.Posts, post)
	}
	p.Platform = pulsePlatforms(platforms)
	p.Accounts = xAccounts(p.Posts)
	return p, nil
}

func parsePulseDaily(f *file, ctx *parseContext) (*Parsed, error) {
	t, err := pulseTable(f, "daily metrics", pulseDailyColumns)
	if err != nil {
		return nil, err
	}
	if err := needColumns(t, pulseDailyColumns...); err != nil {
		return nil, err
	}
	p := &Parsed{Name: "pulse CSV (daily metrics)", RowsRead: len(t.rows)}
	cPlatform, cAccount, cDate, cMetric, cValue := t.col("platform"), t.col("account"), t.col("date"), t.col("metric"), t.col("value")
	platforms := map[string]bool{}
	seen := map[string]bool{}
	for _, r := range t.rows {
		c := t.reader(r)
		platform := pulsePlatform(c, cPlatform)
		account := pulseAccount(c, cAccount)
		day := c.day(cDate, "a date like 2025-04-14 (YYYY-MM-DD)", "2006-01-02")
		metric := strings.ToLower(c.str(cMetric))
		if !slices.Contains(pulseMetrics, metric) {
			c.fail(cMetric, c.str(cMetric), "a metric: one of "+strings.Join(pulseMetrics, ", "))
		}
		value := c.float(cValue)
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		if value == nil {
			continue // not reported
		}
		acct := queries.Account{Platform: platform, Handle: account}
		if k := strings.ToLower(acct.Key()); !seen[k] {
			seen[k] = true
			p.Accounts = append(p.Accounts, acct)
		}
		platforms[platform] = true
		p.Daily = append(p.Daily, queries.Daily{Account: acct, Day: day, Metric: metric, Value: *value})
	}
	p.Platform = pulsePlatforms(platforms)
	return p, nil
}
