package ingest

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"pulse/queries"
)

// LinkedIn Page analytics exports: .xls (BIFF8) files, or the same re-saved as .xlsx.
//
//	<page>_content_<epoch-ms>.xls    sheets "Metrics" (per day) and "All posts" (per post)
//	<page>_followers_<epoch-ms>.xls  sheet "New followers" (per day) + demographics
//	<page>_visitors_<epoch-ms>.xls   sheet "Visitor metrics" (per day)
//	<Page name>_competitor_analytics_<epoch-ms>.xlsx
//
// Dates are MM/DD/YYYY in UTC. The epoch-ms in the name is when LinkedIn made the file.
func linkedinFormats() []format {
	return []format{
		{ID: "linkedin-content", Name: "LinkedIn Page content export", Detect: liDetectContent, Parse: liParseContent},
		{ID: "linkedin-followers", Name: "LinkedIn Page followers export", Detect: liDetectFollowers, Parse: liParseFollowers},
		{ID: "linkedin-visitors", Name: "LinkedIn Page visitors export", Detect: liDetectVisitors, Parse: liParseVisitors},
		{ID: "linkedin-competitors", Name: "LinkedIn Page competitor analytics", Detect: liDetectCompetitors, Parse: liParseCompetitors},
	}
}

// Column names, with the older names LinkedIn used for the same columns.
var (
	liMetricsDate      = []string{"Date"}
	liImpressionsTotal = []string{"Impressions (total)"}
	liUniqueOrganic    = []string{"Unique impressions (organic)"}
	liClicksTotal      = []string{"Clicks (total)"}
	liReactionsTotal   = []string{"Reactions (total)"}
	liCommentsTotal    = []string{"Comments (total)"}
	liRepostsTotal     = []string{"Reposts (total)", "Shares (total)"}

	liPostTitle   = []string{"Post title", "Update title"}
	liPostLink    = []string{"Post link", "Update link"}
	liPostType    = []string{"Post type", "Update type"}
	liCreated     = []string{"Created date"}
	liImpressions = []string{"Impressions"}
	liViews       = []string{"Views", "Views (excluding off-site video views)"}
	liClicks      = []string{"Clicks"}
	liLikes       = []string{"Likes", "Reactions"}
	liComments    = []string{"Comments"}
	liReposts     = []string{"Reposts", "Shares"}
	liFollows     = []string{"Follows"}
	liContentType = []string{"Content Type"}

	liPageViews      = []string{"Total page views (total)", "Total page views"}
	liUniqueVisitors = []string{"Total unique visitors (total)", "Total unique visitors"}
)

const liDateWhat = "a date like 04/24/2026 (MM/DD/YYYY)"

var liDateLayouts = []string{"01/02/2006", "1/2/2006", "2006-01-02"}

// liFileName is LinkedIn's name for page exports; " (1)" is a browser's second copy.
var liFileName = regexp.MustCompile(`(?i)^(.+)_(content|followers|visitors)_(\d{13})(?: ?\(\d+\))?\.xlsx?$`)

// liSheet finds a sheet and its header row (1-based): the first of its first five
// rows that holds one name of each group. LinkedIn puts a note above the header of
// some sheets; a re-save may have dropped it.
func liSheet(f *file, name string, groups ...[]string) (*sheet, int) {
	if f.Book == nil {
		return nil, 0
	}
	s := f.Book.sheet(name)
	if s == nil {
		return nil, 0
	}
	for i := 0; i < len(s.Rows) && i < 5; i++ {
		t := newTable("", s.Rows[i])
		ok := true
		for _, g := range groups {
			ok = ok && t.col(g...) >= 0
		}
		if ok {
			return s, i + 1
		}
	}
	return nil, 0
}

func liDetectContent(f *file) bool {
	s, _ := liSheet(f, "Metrics", liMetricsDate, liImpressionsTotal, liUniqueOrganic)
	p, _ := liSheet(f, "All posts", liPostLink, liCreated)
	return s != nil || p != nil
}

func liDetectFollowers(f *file) bool {
	s, _ := liSheet(f, "New followers", []string{"Date"}, []string{"Total followers"}, []string{"Organic followers"})
	return s != nil
}

func liDetectVisitors(f *file) bool {
	s, _ := liSheet(f, "Visitor metrics", []string{"Date"}, liPageViews)
	return s != nil
}

func liDetectCompetitors(f *file) bool {
	if f.Book == nil {
		return false
	}
	for i := range f.Book.Sheets {
		s := &f.Book.Sheets[i]
		if !strings.Contains(strings.ToLower(s.Name), "competitor") {
			continue
		}
		for r := 0; r < len(s.Rows) && r < 5; r++ {
			if newTable("", s.Rows[r]).has("Page", "New Followers") {
				return true
			}
		}
	}
	return false
}

// liStart reads what the file name says: the page's handle (empty when the name is
// not LinkedIn's, and the ingester resolves the account) and, unless --as-of was
// given, the day LinkedIn made the file.
func liStart(f *file, ctx *parseContext, id, name string) (*Parsed, queries.Account) {
	p := &Parsed{Format: id, Name: name, Platform: "linkedin"}
	acct := queries.Account{Platform: "linkedin"}
	if m := liFileName.FindStringSubmatch(f.Base); m != nil {
		acct.Handle = m[1]
		if ms, err := strconv.ParseInt(m[3], 10, 64); err == nil && !ctx.AsOfGiven {
			p.AsOf = dateOf(time.UnixMilli(ms).UTC())
		}
		p.Accounts = []queries.Account{acct}
	}
	return p, acct
}

func liAddDaily(p *Parsed, acct queries.Account, day time.Time, metric string, v *int64) {
	if v != nil {
		p.Daily = append(p.Daily, queries.Daily{Account: acct, Day: day, Metric: metric, Value: float64(*v)})
	}
}

func liParseContent(f *file, ctx *parseContext) (*Parsed, error) {
	p, acct := liStart(f, ctx, "linkedin-content", "LinkedIn Page content export")
	ms, mh := liSheet(f, "Metrics", liMetricsDate, liImpressionsTotal, liUniqueOrganic)
	ps, ph := liSheet(f, "All posts", liPostLink, liCreated)
	if ms == nil && ps == nil {
		return nil, fmt.Errorf("%s: a LinkedIn content export needs a \"Metrics\" or an \"All posts\" sheet", f.Name)
	}
	if ms != nil {
		t := ms.table(f.Name, mh)
		p.Notes = append(p.Notes, t.dupeNote()...)
		date, views, reach := t.col(liMetricsDate...), t.col(liImpressionsTotal...), t.col(liUniqueOrganic...)
		clicks, likes, comments, shares := t.col(liClicksTotal...), t.col(liReactionsTotal...), t.col(liCommentsTotal...), t.col(liRepostsTotal...)
		p.Daily = dailyRoom(p.Daily, 7*len(t.rows)) // up to 7 metrics a day
		for _, r := range t.rows {
			p.RowsRead++
			c := t.reader(r)
			day := c.day(date, liDateWhat, liDateLayouts...)
			var v [6]int64
			var ok [6]bool
			for k, col := range [6]int{views, reach, clicks, likes, comments, shares} {
				v[k], ok[k] = c.intValue(col)
			}
			if c.err != nil {
				p.Rejects = append(p.Rejects, c.err)
				continue
			}
			add := func(k int, metric string) {
				if ok[k] {
					p.Daily = append(p.Daily, queries.Daily{Account: acct, Day: day, Metric: metric, Value: float64(v[k])})
				}
			}
			add(0, queries.MetricViews) // Impressions (total): organic + sponsored
			// LinkedIn gives unique impressions for organic posts only: this "reach"
			// leaves out people reached only by sponsored posts.
			add(1, queries.MetricReach)
			add(2, queries.MetricClicks)
			add(3, queries.MetricLikes) // Reactions (total)
			add(4, queries.MetricComments)
			add(5, queries.MetricShares) // Reposts (total)
			if ok[3] && ok[4] && ok[5] {
				sum := v[3] + v[4] + v[5]
				liAddDaily(p, acct, day, queries.MetricInteractions, &sum)
			}
		}
		if reach >= 0 {
			p.Notes = append(p.Notes, "daily reach is LinkedIn's \"Unique impressions (organic)\": sponsored reach is not in the export")
		}
		if likes >= 0 && comments >= 0 && shares >= 0 {
			p.Notes = append(p.Notes, "daily interactions are reactions + comments + reposts")
		}
	}
	if ps != nil {
		t := ps.table(f.Name, ph)
		p.Notes = append(p.Notes, t.dupeNote()...)
		title, link, ptype, created := t.col(liPostTitle...), t.col(liPostLink...), t.col(liPostType...), t.col(liCreated...)
		impressions, views, clicks, likes := t.col(liImpressions...), t.col(liViews...), t.col(liClicks...), t.col(liLikes...)
		comments, reposts, follows, ctype := t.col(liComments...), t.col(liReposts...), t.col(liFollows...), t.col(liContentType...)
		if len(t.rows) > 0 {
			p.Posts = make([]queries.Post, 0, len(t.rows))
		}
		for _, r := range t.rows {
			p.RowsRead++
			c := t.reader(r)
			permalink := c.str(link)
			id := liPostID(permalink)
			if id == "" {
				c.fail(link, permalink, "a LinkedIn post link like https://www.linkedin.com/feed/update/urn:li:activity:7453344261539815425")
			}
			var published time.Time
			if s := c.str(created); !isNull(s) {
				published = c.day(created, liDateWhat, liDateLayouts...)
			}
			m := queries.Metrics{
				Views: c.int(impressions), Clicks: c.int(clicks), Likes: c.int(likes), Comments: c.int(comments),
				Shares: c.int(reposts), Follows: c.int(follows),
			}
			videoViews := c.int(views)
			if c.err != nil {
				p.Rejects = append(p.Rejects, c.err)
				continue
			}
			raw := c.str(ctype)
			content := liContentTypeOf(raw)
			if raw == "" && videoViews != nil {
				content = "video" // LinkedIn fills "Views" for videos only
			}
			if content == "video" {
				m.VideoViews = videoViews
			}
			rawType := c.str(ptype)
			switch {
			case rawType == "":
				rawType = raw
			case raw != "":
				rawType += " / " + raw
			}
			p.Posts = append(p.Posts, queries.Post{
				Account: acct, PostID: id, PublishedAt: published, ContentType: content, RawType: rawType,
				Caption: c.str(title), Permalink: permalink, Metrics: m,
			})
		}
	}
	return p, nil
}

var (
	liSlugID     = regexp.MustCompile(`(activity|ugcPost|share)-(\d{10,})`)
	liContentMap = map[string]string{
		"image": "image", "images": "image", "photo": "image", "multi-image": "carousel", "multiple images": "carousel",
		"video": "video", "article": "link", "link": "link", "document": "carousel", "carousel": "carousel",
		"text": "text", "poll": "other", "event": "other",
	}
)

// liPostID is the post's URN from its link: .../feed/update/urn:li:activity:745...
// or a /posts/<slug>-activity-745... link.
func liPostID(link string) string {
	if u, err := url.PathUnescape(link); err == nil {
		link = u
	}
	if urn := liFindURN(link); urn != "" {
		return urn
	}
	if m := liSlugID.FindStringSubmatch(link); m != nil {
		return "urn:li:" + m[1] + ":" + m[2]
	}
	return ""
}

// liFindURN finds the leftmost urn:li:<letters>:<digits> in s, as the regular
// expression `urn:li:[A-Za-z]+:\d+` would, a good deal faster (a content export
// has one per post).
func liFindURN(s string) string {
	for from := 0; ; {
		i := strings.Index(s[from:], "urn:li:")
		if i < 0 {
			return ""
		}
		start := from + i
		j := start + len("urn:li:")
		k := j
		for k < len(s) && ('a' <= s[k] && s[k] <= 'z' || 'A' <= s[k] && s[k] <= 'Z') {
			k++
		}
		if k > j && k < len(s) && s[k] == ':' {
			e := k + 1
			for e < len(s) && '0' <= s[e] && s[e] <= '9' {
				e++
			}
			if e > k+1 {
				return s[start:e]
			}
		}
		from = start + 1
	}
}

// liContentTypeOf maps LinkedIn's "Content Type" to pulse's content types.
func liContentTypeOf(raw string) string {
	if ct, ok := liContentMap[strings.ToLower(strings.TrimSpace(raw))]; ok {
		return ct
	}
	return "other"
}

func liParseFollowers(f *file, ctx *parseContext) (*Parsed, error) {
	p, acct := liStart(f, ctx, "linkedin-followers", "LinkedIn Page followers export")
	s, h := liSheet(f, "New followers", []string{"Date"}, []string{"Total followers"}, []string{"Organic followers"})
	t := s.table(f.Name, h)
	p.Notes = append(p.Notes, t.dupeNote()...)
	date, total := t.col("Date"), t.col("Total followers")
	p.Daily = dailyRoom(p.Daily, len(t.rows))
	for _, r := range t.rows {
		p.RowsRead++
		c := t.reader(r)
		day := c.day(date, liDateWhat, liDateLayouts...)
		// "Total followers" is the day's new followers (sponsored + organic +
		// auto-invited), not the running total.
		v := c.int(total)
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		liAddDaily(p, acct, day, queries.MetricNewFollowers, v)
	}
	p.Notes = append(p.Notes, liOtherSheets(f, s, "follower demographics")...)
	return p, nil
}

func liParseVisitors(f *file, ctx *parseContext) (*Parsed, error) {
	p, acct := liStart(f, ctx, "linkedin-visitors", "LinkedIn Page visitors export")
	s, h := liSheet(f, "Visitor metrics", []string{"Date"}, liPageViews)
	t := s.table(f.Name, h)
	p.Notes = append(p.Notes, t.dupeNote()...)
	date, views, visitors := t.col("Date"), t.col(liPageViews...), t.col(liUniqueVisitors...)
	p.Daily = dailyRoom(p.Daily, 2*len(t.rows))
	for _, r := range t.rows {
		p.RowsRead++
		c := t.reader(r)
		day := c.day(date, liDateWhat, liDateLayouts...)
		v, u := c.int(views), c.int(visitors) // all page sections, desktop + mobile
		if c.err != nil {
			p.Rejects = append(p.Rejects, c.err)
			continue
		}
		liAddDaily(p, acct, day, queries.MetricPageViews, v)
		liAddDaily(p, acct, day, queries.MetricUniqueVisitors, u)
	}
	p.Notes = append(p.Notes, liOtherSheets(f, s, "breakdowns")...)
	return p, nil
}

// liOtherSheets notes the sheets besides the one read.
func liOtherSheets(f *file, read *sheet, what string) []string {
	var names []string
	for _, s := range f.Book.Sheets {
		if s.Name != read.Name {
			names = append(names, s.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("sheets %s (%s) are not loaded", strings.Join(names, ", "), what)}
}

func liParseCompetitors(f *file, ctx *parseContext) (*Parsed, error) {
	p := &Parsed{Format: "linkedin-competitors", Name: "LinkedIn Page competitor analytics", Platform: "linkedin", Skipped: true}
	pages := 0
	period := ""
	for i := range f.Book.Sheets {
		s := &f.Book.Sheets[i]
		if !strings.Contains(strings.ToLower(s.Name), "competitor") {
			continue
		}
		for r := 0; r < len(s.Rows) && r < 5; r++ {
			if newTable("", s.Rows[r]).has("Page", "New Followers") {
				t := s.table(f.Name, r+1)
				pages += len(t.rows)
				if r > 0 && len(s.Rows[0]) >= 2 {
					period = fmt.Sprintf(" for %s to %s", s.Rows[0][0], s.Rows[0][1])
				}
				break
			}
		}
	}
	p.RowsRead = pages
	p.Notes = []string{fmt.Sprintf("LinkedIn competitor analytics%s (%d pages compared): pulse does not store competitors' numbers", period, pages)}
	return p, nil
}
