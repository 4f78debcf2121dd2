package dashboard

// The Content page's table of every post, a page at a time. A busy period holds
// a thousand posts and more: listing them all made a page of a megabyte that took
// html/template longer to write than the analytics took to compute, and nobody reads
// a thousand rows. The table is sorted, searched and cut into pages here, on the
// server, so that sorting and searching see every post of the period and not just the
// rows of one page; its links keep every other choice on the page. The CSV download
// and /api/v1/posts still give every post.

import (
	"cmp"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pulse/analytics"
)

// postsPerPage is how many posts one page of the table lists.
const postsPerPage = 50

// postColumn is a column the table can be sorted by.
type postColumn struct {
	Key, Label string
	Num        bool // a number, right-aligned; the first click sorts it largest first
	// compare orders two posts ascending; n/a values are placed by sortPosts.
	compare func(a, b *analytics.Post) int
	// missing tells whether a post has no value here (n/a), which sorts last either way.
	missing func(p *analytics.Post) bool
}

func byInt(get func(p *analytics.Post) *int64) (func(a, b *analytics.Post) int, func(p *analytics.Post) bool) {
	return func(a, b *analytics.Post) int { return cmp.Compare(*get(a), *get(b)) },
		func(p *analytics.Post) bool { return get(p) == nil }
}

func byText(get func(p *analytics.Post) string) func(a, b *analytics.Post) int {
	return func(a, b *analytics.Post) int {
		return strings.Compare(strings.ToLower(get(a)), strings.ToLower(get(b)))
	}
}

var postColumns = func() []postColumn {
	views, noViews := byInt(func(p *analytics.Post) *int64 { return p.Views })
	reach, noReach := byInt(func(p *analytics.Post) *int64 { return p.Reach })
	inter, noInter := byInt(func(p *analytics.Post) *int64 { return p.Interactions })
	never := func(*analytics.Post) bool { return false }
	return []postColumn{
		// The analytics' own order (publish time, then platform, account and post):
		// a stable sort on it keeps that order among equal values of any column.
		{Key: "published", Label: "Published", compare: func(a, b *analytics.Post) int { return a.PublishedAt.Compare(b.PublishedAt) }, missing: never},
		{Key: "platform", Label: "Platform", compare: byText(func(p *analytics.Post) string { return analytics.PlatformName(p.Platform) }), missing: never},
		{Key: "type", Label: "Type", compare: byText(func(p *analytics.Post) string { return p.ContentType }),
			missing: func(p *analytics.Post) bool { return p.ContentType == "" }},
		{Key: "views", Label: "Views", Num: true, compare: views, missing: noViews},
		{Key: "reach", Label: "Reach", Num: true, compare: reach, missing: noReach},
		{Key: "interactions", Label: "Interactions", Num: true, compare: inter, missing: noInter},
		{Key: "er", Label: "ER", Num: true, compare: func(a, b *analytics.Post) int { return cmp.Compare(*a.ER, *b.ER) },
			missing: func(p *analytics.Post) bool { return p.ER == nil }},
		{Key: "asof", Label: "Metrics as of", compare: byText(func(p *analytics.Post) string { return p.MetricsAsOf }),
			missing: func(p *analytics.Post) bool { return p.MetricsAsOf == "" }},
	}
}()

func columnOf(key string) (postColumn, bool) {
	for _, c := range postColumns {
		if c.Key == key {
			return c, true
		}
	}
	return postColumn{}, false
}

// tableAsk is what the URL asks of the table: ?q=…&sort=…&dir=…&page=….
type tableAsk struct {
	Search string
	Sort   string // a postColumn key; "published" when not asked
	Desc   bool
	Page   int // from 1; a page past the last shows the last
}

func (a tableAsk) isDefault() bool { return a.Sort == "published" && !a.Desc }

// parseTableAsk reads the table's parameters. Anything it cannot read is a 400 that
// says what was expected.
func parseTableAsk(q url.Values) (tableAsk, error) {
	a := tableAsk{Search: strings.TrimSpace(q.Get("q")), Sort: "published", Page: 1}
	if s := q.Get("sort"); s != "" {
		if _, ok := columnOf(s); !ok {
			keys := make([]string, len(postColumns))
			for i, c := range postColumns {
				keys[i] = c.Key
			}
			return a, badRequest("The posts can be sorted by %s, not %q", strings.Join(keys, ", "), s)
		}
		a.Sort = s
	}
	switch q.Get("dir") {
	case "", "asc":
	case "desc":
		a.Desc = true
	default:
		return a, badRequest("The sort direction is asc or desc, not %q", q.Get("dir"))
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return a, badRequest("The page number is a whole number from 1, like page=2, not %q", p)
		}
		a.Page = n
	}
	return a, nil
}

// matches tells whether a post holds the search words in its caption, platform,
// content type or account, ignoring case. lower is the search in lower case.
func matches(p *analytics.Post, lower string) bool {
	for _, s := range []string{p.Caption, analytics.PlatformName(p.Platform), p.Platform, p.ContentType, p.Handle} {
		if strings.Contains(strings.ToLower(s), lower) {
			return true
		}
	}
	return false
}

// sortPosts orders posts (which arrive in the analytics' order) by the column,
// n/a values last in either direction, ties in the analytics' order.
func sortPosts(posts []*analytics.Post, col postColumn, desc bool) {
	slices.SortStableFunc(posts, func(a, b *analytics.Post) int {
		ma, mb := col.missing(a), col.missing(b)
		switch {
		case ma && mb:
			return 0
		case ma:
			return 1
		case mb:
			return -1
		}
		c := col.compare(a, b)
		if desc {
			return -c
		}
		return c
	})
}

// postsTable is the table as the template shows it: everything formatted here, so
// that a row costs the template a few plain substitutions.
type postsTable struct {
	Rows    []postRow
	Page    int
	Pages   int
	Matches int    // the posts that match the search (all of them without one)
	Total   int    // the posts of the period
	Search  string // as asked
	Headers []postHeader
	Prev    string // links to the pages either side; "" on the first or last page
	Next    string
	Nearby  []pageLink  // page 1, the last page and the pages around this one
	Hidden  []hiddenArg // what the search form carries besides q
	Clear   string      // the table without the search
}

type postHeader struct {
	Label    string
	Num      bool
	Href     string // sorts by this column (or turns it round when it is the current one)
	AriaSort string // "ascending", "descending" or ""
}

type pageLink struct {
	N       int
	Href    string
	Current bool
	Gap     bool // an ellipsis, not a link
}

type hiddenArg struct{ Name, Value string }

// postRow is one post, formatted.
type postRow struct {
	PublishedValue string // machine-readable, for <time datetime>
	Published      string
	Platform       string // the key, for the badge's class
	PlatformName   string
	Type           string
	Caption        string
	Permalink      template.URL // "" when the post has no http(s) link
	Views          string
	Reach          string
	Interactions   string
	ER             string
	ERLabel        string
	AsOf           string
	History        string // the owner's link to the post's history; "" under a share link
}

// buildPostsTable sorts, searches and cuts posts for one page. base is the page's
// address ("/content" or "/s/<token>/content"); state is everything else the page
// was asked (its filters and experiment), which every link keeps.
func buildPostsTable(posts []analytics.Post, ask tableAsk, base string, state url.Values, owner bool) postsTable {
	t := postsTable{Total: len(posts), Search: ask.Search}
	picked := make([]*analytics.Post, 0, len(posts))
	lower := strings.ToLower(ask.Search)
	for i := range posts {
		if lower == "" || matches(&posts[i], lower) {
			picked = append(picked, &posts[i])
		}
	}
	col, _ := columnOf(ask.Sort)
	if !ask.isDefault() {
		sortPosts(picked, col, ask.Desc)
	}
	t.Matches = len(picked)
	t.Pages = max(1, (len(picked)+postsPerPage-1)/postsPerPage)
	t.Page = min(ask.Page, t.Pages)

	// link is the table's address with the given changes; page 1 and the default
	// sort are left out, so the plain address stays plain.
	link := func(search, sort string, desc bool, page int) string {
		q := url.Values{}
		for k, vs := range state {
			q[k] = vs
		}
		if search != "" {
			q.Set("q", search)
		}
		if sort != "published" || desc {
			q.Set("sort", sort)
			if desc {
				q.Set("dir", "desc")
			}
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		return base + "?" + q.Encode() + "#posts"
	}
	for _, c := range postColumns {
		h := postHeader{Label: c.Label, Num: c.Num}
		desc := c.Num // numbers: largest first on the first click
		if c.Key == ask.Sort {
			desc = !ask.Desc
			h.AriaSort = "ascending"
			if ask.Desc {
				h.AriaSort = "descending"
			}
		}
		h.Href = link(ask.Search, c.Key, desc, 1)
		t.Headers = append(t.Headers, h)
	}
	if t.Page > 1 {
		t.Prev = link(ask.Search, ask.Sort, ask.Desc, t.Page-1)
	}
	if t.Page < t.Pages {
		t.Next = link(ask.Search, ask.Sort, ask.Desc, t.Page+1)
	}
	// Page 1, the last page and two either side of this one; gaps as ellipses.
	for n := 1; n <= t.Pages; n++ {
		switch {
		case n == 1 || n == t.Pages || (n >= t.Page-2 && n <= t.Page+2):
			t.Nearby = append(t.Nearby, pageLink{N: n, Href: link(ask.Search, ask.Sort, ask.Desc, n), Current: n == t.Page})
		case len(t.Nearby) > 0 && !t.Nearby[len(t.Nearby)-1].Gap:
			t.Nearby = append(t.Nearby, pageLink{Gap: true})
		}
	}
	if ask.Search != "" {
		t.Clear = link("", ask.Sort, ask.Desc, 1)
	}
	for k, vs := range state {
		for _, v := range vs {
			t.Hidden = append(t.Hidden, hiddenArg{k, v})
		}
	}
	if !ask.isDefault() {
		t.Hidden = append(t.Hidden, hiddenArg{"sort", ask.Sort})
		if ask.Desc {
			t.Hidden = append(t.Hidden, hiddenArg{"dir", "desc"})
		}
	}
	slices.SortStableFunc(t.Hidden, func(a, b hiddenArg) int { return strings.Compare(a.Name, b.Name) })

	from := (t.Page - 1) * postsPerPage
	for _, p := range picked[from:min(from+postsPerPage, len(picked))] {
		t.Rows = append(t.Rows, newPostRow(p, owner))
	}
	return t
}

func newPostRow(p *analytics.Post, owner bool) postRow {
	r := postRow{PublishedValue: p.PublishedLocal.Format("2006-01-02"), Published: p.PublishedLocal.Format("2 Jan 2006"),
		Platform: p.Platform, PlatformName: analytics.PlatformName(p.Platform), Type: p.ContentType,
		Caption: excerpt(p.Caption, 80), Views: formatCount(p.Views), Reach: formatCount(p.Reach),
		Interactions: formatCount(p.Interactions), ER: formatPct(p.ER), ERLabel: p.ERLabel, AsOf: p.MetricsAsOf}
	if p.TimeKnown {
		r.PublishedValue, r.Published = p.PublishedLocal.Format("2006-01-02T15:04"), p.PublishedLocal.Format("2 Jan 2006 15:04")
	}
	if strings.HasPrefix(p.Permalink, "https://") || strings.HasPrefix(p.Permalink, "http://") {
		r.Permalink = template.URL(p.Permalink) // only the platforms' own web links become links
	}
	if owner {
		r.History = "/posts/" + url.PathEscape(p.Platform) + "/" + url.PathEscape(p.Handle) + "/" + url.PathEscape(p.PostID)
		if r.AsOf == "" {
			r.AsOf = "history"
		}
	}
	return r
}

// excerpt is s on one line, cut to n characters.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
