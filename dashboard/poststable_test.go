package dashboard

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/queries"
)

// pagedFixture is a practice in Berlin with 56 posts in ISO week 2025-W13 (24–30
// March 2025), "today" being Wednesday 2 April, so the default period holds them all:
//
//	Instagram @praxis.nord, posts p01 … p53: pNN published 24 March 08:00 UTC plus
//	  2·(NN−1) hours (p53 on 28 March 16:00 UTC), a reel when NN is odd, an image when
//	  even, caption "Post NN" (with " breathing" when NN is a multiple of 10), reach
//	  10·NN and NN likes, except p07, which has no metrics at all (n/a);
//	Facebook @praxisnord, posts f1, f2, f3: published 29 March 10:00, 11:00, 12:00 UTC,
//	  caption "Facebook N", reach 1000·N.
//
// At 50 posts a page: page 1 is p01 … p50, page 2 is p51, p52, p53, f1, f2, f3.
func pagedFixture(t *testing.T) (*httptest.Server, *analytics.Analyzer) {
	t.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, filepath.Join(t.TempDir(), "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ig := queries.Account{Platform: "instagram", Handle: "praxis.nord"}
	fb := queries.Account{Platform: "facebook", Handle: "praxisnord"}
	b := &queries.Batch{}
	for i := 1; i <= 53; i++ {
		p := queries.Post{Account: ig, PostID: fmt.Sprintf("p%02d", i), ContentType: "image",
			PublishedAt: time.Date(2025, 3, 24, 8, 0, 0, 0, time.UTC).Add(time.Duration(2*(i-1)) * time.Hour),
			Caption:     fmt.Sprintf("Post %02d", i), Permalink: fmt.Sprintf("https://www.instagram.com/p/p%02d/", i)}
		if i%2 == 1 {
			p.ContentType = "reel"
		}
		if i%10 == 0 {
			p.Caption += " breathing"
		}
		if i != 7 {
			p.Metrics = queries.Metrics{Reach: n(int64(10 * i)), Likes: n(int64(i))}
		}
		b.Posts = append(b.Posts, p)
	}
	for i := int64(1); i <= 3; i++ {
		b.Posts = append(b.Posts, queries.Post{Account: fb, PostID: fmt.Sprintf("f%d", i), ContentType: "text",
			PublishedAt: time.Date(2025, 3, 29, 9+int(i), 0, 0, 0, time.UTC), Caption: fmt.Sprintf("Facebook %d", i),
			Metrics: queries.Metrics{Reach: n(1000 * i), Likes: n(i)}})
	}
	if err := db.LoadBatch(ctx, &queries.Import{FileName: "f", SHA256: "f", Format: "test", AsOf: day("2025-04-01")}, b, queries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	an := analytics.New(db, analytics.Practice{Name: "Praxis Nord", TimeZone: "Europe/Berlin", Location: loc, MinReach: 100})
	now := func() time.Time { return time.Date(2025, 4, 2, 10, 0, 0, 0, time.UTC) }
	s, err := New(Config{Now: now, Reports: report.NewService(an, t.TempDir(), now, nil)}, an, &recordingImporter{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, an
}

var (
	captionCell = regexp.MustCompile(`<td class="caption">(?:<a [^>]*>)?([^<]*)`)
	postsCount  = regexp.MustCompile(`<p class="muted" id="posts-count">([^<]*)</p>`)
	pagerLink   = regexp.MustCompile(`<a href="([^"]*)" rel="(prev|next)">`)
	headerLink  = regexp.MustCompile(`<th[^>]*><a href="([^"]*)">([^<]*)</a></th>`)
)

// table is what a Content page's table shows: the captions of its rows in order, the
// count line and its links.
type table struct {
	captions   []string
	count      string
	prev, next string
	sort       map[string]string // column label → its link
}

func readTable(t *testing.T, page string) table {
	t.Helper()
	var tb table
	for _, m := range captionCell.FindAllStringSubmatch(page, -1) {
		tb.captions = append(tb.captions, html.UnescapeString(m[1]))
	}
	if m := postsCount.FindStringSubmatch(page); m != nil {
		tb.count = html.UnescapeString(m[1])
	}
	for _, m := range pagerLink.FindAllStringSubmatch(page, -1) {
		if m[2] == "prev" {
			tb.prev = html.UnescapeString(m[1])
		} else {
			tb.next = html.UnescapeString(m[1])
		}
	}
	tb.sort = map[string]string{}
	for _, m := range headerLink.FindAllStringSubmatch(page, -1) {
		tb.sort[m[2]] = html.UnescapeString(m[1])
	}
	return tb
}

// captions is "Post NN" for each of ns, and "Facebook N" for negative -N.
func captions(ns ...int) []string {
	out := make([]string, len(ns))
	for i, k := range ns {
		switch {
		case k < 0:
			out[i] = fmt.Sprintf("Facebook %d", -k)
		case k%10 == 0:
			out[i] = fmt.Sprintf("Post %02d breathing", k)
		default:
			out[i] = fmt.Sprintf("Post %02d", k)
		}
	}
	return out
}

func span(from, to int) []int {
	var out []int
	for k := from; from <= to && k <= to; k++ {
		out = append(out, k)
	}
	for k := from; from > to && k >= to; k-- {
		out = append(out, k)
	}
	return out
}

func TestContentTablePages(t *testing.T) {
	ts, _ := pagedFixture(t)
	cases := []struct {
		name, query string
		captions    []int
		count       string
		prev, next  bool
	}{
		{"page 1, as published", "", span(1, 50), "Page 1 of 2 · 56 posts", false, true},
		{"page 2, as published", "?page=2", append(span(51, 53), -1, -2, -3), "Page 2 of 2 · 56 posts", true, false},
		{"past the last page: the last page", "?page=99", append(span(51, 53), -1, -2, -3), "Page 2 of 2 · 56 posts", true, false},
		// Largest reach first: f3 (3000), f2, f1, p53 (530) … p08, p06 … p01; p07 has
		// no reach and comes last in either direction.
		{"reach, largest first, page 1", "?sort=reach&dir=desc", append(append([]int{-3, -2, -1}, span(53, 8)...), 6), "Page 1 of 2 · 56 posts", false, true},
		{"reach, largest first, page 2", "?sort=reach&dir=desc&page=2", []int{5, 4, 3, 2, 1, 7}, "Page 2 of 2 · 56 posts", true, false},
		{"reach, smallest first, page 2", "?sort=reach&page=2", []int{52, 53, -1, -2, -3, 7}, "Page 2 of 2 · 56 posts", true, false},
		{"type, then as published", "?sort=type&page=2", []int{49, 51, 53, -1, -2, -3}, "Page 2 of 2 · 56 posts", true, false},
		{"search", "?q=BREATHING", []int{10, 20, 30, 40, 50}, "Page 1 of 1 · 5 of 56 posts match “BREATHING”", false, false},
		{"search and order", "?q=breathing&sort=reach&dir=desc", []int{50, 40, 30, 20, 10}, "Page 1 of 1 · 5 of 56 posts match “breathing”", false, false},
		{"search by platform", "?q=facebook", []int{-1, -2, -3}, "Page 1 of 1 · 3 of 56 posts match “facebook”", false, false},
		{"the platform filter", "?platform=facebook", []int{-1, -2, -3}, "Page 1 of 1 · 3 posts", false, false},
		{"the platform filter, page 2", "?platform=instagram&page=2", span(51, 53), "Page 2 of 2 · 53 posts", true, false},
	}
	for _, c := range cases {
		code, _, page := get(t, ts, "/content"+c.query)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %.300s", c.name, code, page)
		}
		tb := readTable(t, page)
		if want := captions(c.captions...); strings.Join(tb.captions, "|") != strings.Join(want, "|") {
			t.Errorf("%s: rows\n%q\nwant\n%q", c.name, tb.captions, want)
		}
		if tb.count != c.count {
			t.Errorf("%s: %q, want %q", c.name, tb.count, c.count)
		}
		if (tb.prev != "") != c.prev || (tb.next != "") != c.next {
			t.Errorf("%s: previous %q, next %q", c.name, tb.prev, tb.next)
		}
	}
	// The header above the posts still counts every post of the period.
	if _, _, page := get(t, ts, "/content?page=2"); !strings.Contains(page, "56 posts published") {
		t.Error("the page's header does not count every post")
	}
	// A search that finds nothing says so, and offers the way back.
	_, _, page := get(t, ts, "/content?q=zebra")
	if !strings.Contains(page, "No post of this period matches “zebra”.") || !strings.Contains(page, `>Show every post</a>`) {
		t.Errorf("an empty search: %.300s", page[strings.Index(page, `id="posts"`):])
	}
}

// TestContentTableLinksKeepEverything: the pager, the column headers and the forms
// keep the period, the platform and account, the experiment, the search and the order.
func TestContentTableLinksKeepEverything(t *testing.T) {
	ts, _ := pagedFixture(t)
	asked := "/content?from=2025-03-24&to=2025-03-30&platform=instagram&account=instagram:praxis.nord" +
		"&by=content_type&a=reel&b=image&q=post&sort=reach&dir=desc&page=1"
	code, _, page := get(t, ts, asked)
	if code != 200 {
		t.Fatalf("%d %.300s", code, page)
	}
	tb := readTable(t, page)
	// 53 Instagram posts hold "post"; largest reach first: p53 … p08, p06 … p03.
	if want := captions(append(span(53, 8), 6, 5, 4, 3)...); strings.Join(tb.captions, "|") != strings.Join(want, "|") {
		t.Errorf("rows %q", tb.captions)
	}
	if tb.count != "Page 1 of 2 · 53 of 53 posts match “post”" {
		t.Errorf("count %q", tb.count)
	}
	filters := url.Values{"from": {"2025-03-24"}, "to": {"2025-03-30"}, "platform": {"instagram"},
		"account": {"instagram:praxis.nord"}, "by": {"content_type"}, "a": {"reel"}, "b": {"image"}, "q": {"post"}}
	with := func(kv ...string) string {
		q := url.Values{}
		for k, v := range filters {
			q[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return "/content?" + q.Encode() + "#posts"
	}
	for what, c := range map[string]struct{ got, want string }{
		"next page":                       {tb.next, with("sort", "reach", "dir", "desc", "page", "2")},
		"reach, the current order turned": {tb.sort["Reach"], with("sort", "reach")},
		"views, largest first":            {tb.sort["Views"], with("sort", "views", "dir", "desc")},
		"published, oldest first":         {tb.sort["Published"], with()},
		"type, A to Z":                    {tb.sort["Type"], with("sort", "type")},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q\nwant %q", what, c.got, c.want)
		}
	}
	// Following the next link gives page 2 of the same table: p02, p01, p07.
	_, _, page2 := get(t, ts, strings.TrimSuffix(tb.next, "#posts"))
	if got := readTable(t, page2); strings.Join(got.captions, "|") != strings.Join(captions(2, 1, 7), "|") ||
		got.count != "Page 2 of 2 · 53 of 53 posts match “post”" || got.prev != with("sort", "reach", "dir", "desc") {
		t.Errorf("page 2: %q %q %q", got.captions, got.count, got.prev)
	}
	// The search form carries everything but the search itself and the page.
	form := page[strings.Index(page, `class="table-search"`):]
	form = form[:strings.Index(form, "</form>")]
	for _, f := range []string{`name="from" value="2025-03-24"`, `name="to" value="2025-03-30"`, `name="platform" value="instagram"`,
		`name="account" value="instagram:praxis.nord"`, `name="by" value="content_type"`, `name="a" value="reel"`,
		`name="b" value="image"`, `name="sort" value="reach"`, `name="dir" value="desc"`, `name="q" value="post"`} {
		if !strings.Contains(form, f) {
			t.Errorf("the search form lacks %s", f)
		}
	}
	if strings.Contains(form, `name="page"`) {
		t.Error("the search form keeps the page")
	}
	// The experiment's form keeps the filters (the account too) and the table's order.
	exp := page[strings.Index(page, `action="/content" class="filters"`):]
	exp = exp[:strings.Index(exp, "</form>")]
	for _, f := range []string{`name="from" value="2025-03-24"`, `name="account" value="instagram:praxis.nord"`,
		`name="q" value="post"`, `name="sort" value="reach"`, `name="dir" value="desc"`} {
		if !strings.Contains(exp, f) {
			t.Errorf("the experiment's form lacks %s", f)
		}
	}
	// The CSV still holds every post of the period, whatever page the table shows.
	_, _, body := get(t, ts, "/download/posts?from=2025-03-24&to=2025-03-30&page=2")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 1+56 || rows[1][2] != "p01" || rows[56][2] != "f3" {
		t.Errorf("the CSV: %d rows, %v", len(rows), err)
	}
}

func TestContentTableBadParameters(t *testing.T) {
	ts, _ := pagedFixture(t)
	for q, words := range map[string]string{
		"?page=0":                           `The page number is a whole number from 1, like page=2, not &#34;0&#34;`,
		"?page=-1":                          "whole number from 1",
		"?page=two":                         "whole number from 1",
		"?page=1.5":                         "whole number from 1",
		"?page=99999999999999999999999":     "whole number from 1",
		"?sort=zodiac":                      "The posts can be sorted by published, platform, type, views, reach, interactions, er, asof, not &#34;zodiac&#34;",
		"?sort=reach&dir=up":                "The sort direction is asc or desc",
		"?q=" + strings.Repeat("x", 201):    "too long",
		"?page=2&sort=%3Cscript%3E":         "sorted by",
		"?page=2&platform=myspace":          "myspace",
		"?page=%3Cscript%3Ealert(1)%3C/scr": "whole number",
	} {
		code, _, body := get(t, ts, "/content"+q)
		if code != http.StatusBadRequest || !strings.Contains(body, words) {
			t.Errorf("GET /content%s: %d, want 400 with %q: %.300s", q, code, words, body)
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, ".go:") {
			t.Errorf("GET /content%s echoes or leaks: %.300s", q, body)
		}
	}
	// A search is text, shown as text.
	_, _, page := get(t, ts, "/content?q=%3Cb%3Ex%22")
	if !strings.Contains(page, `value="&lt;b&gt;x&#34;"`) || strings.Contains(page, "<b>x") {
		t.Error("the search is not escaped")
	}
}

// TestContentTableUnderAShareLink: a link to Instagram in March 2025 pages through
// Instagram's 53 posts; no page, order or search brings Facebook's into view.
func TestContentTableUnderAShareLink(t *testing.T) {
	ts, an := pagedFixture(t)
	_, token, err := CreateShare(context.Background(), an, ShareSpec{Label: "Anna", From: day("2025-03-01"), To: day("2025-03-31"),
		Platforms: []string{"instagram"}}, time.Date(2025, 4, 2, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	s := "/s/" + token
	cases := []struct {
		query    string
		captions []int
		count    string
	}{
		{"", span(1, 50), "Page 1 of 2 · 53 posts"},
		{"?page=2", span(51, 53), "Page 2 of 2 · 53 posts"},
		{"?page=3", span(51, 53), "Page 2 of 2 · 53 posts"},
		{"?sort=reach&dir=desc&page=2", []int{2, 1, 7}, "Page 2 of 2 · 53 posts"},
		{"?q=facebook", nil, "Page 1 of 1 · 0 of 53 posts match “facebook”"},
		{"?q=praxisnord", nil, "Page 1 of 1 · 0 of 53 posts match “praxisnord”"},
		// 28 March in Berlin begins 27 March 23:00 UTC: p45 (28 March 00:00 UTC) is its first post.
		{"?from=2025-03-28&to=2025-03-31&page=1", span(45, 53), "Page 1 of 1 · 9 posts"},
	}
	for _, c := range cases {
		code, _, page := get(t, ts, s+"/content"+c.query)
		if code != 200 {
			t.Fatalf("%s: %d %.300s", c.query, code, page)
		}
		tb := readTable(t, page)
		if strings.Join(tb.captions, "|") != strings.Join(captions(c.captions...), "|") || tb.count != c.count {
			t.Errorf("%s: %q %q, want %q", c.query, tb.captions, tb.count, c.count)
		}
		if strings.Contains(page, "Facebook ") || strings.Contains(page, "/posts/") || strings.Contains(page, "Download") {
			t.Errorf("%s shows what is outside the link", c.query)
		}
		for _, m := range regexp.MustCompile(`(?:href|action)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			if u := html.UnescapeString(m[1]); u != "" && !strings.HasPrefix(u, s+"/") && !strings.HasPrefix(u, "/static/") &&
				!strings.HasPrefix(u, "https://www.instagram.com/") {
				t.Errorf("%s links out of the link: %q", c.query, u)
			}
		}
	}
	// The next page's link stays inside the link and its scope.
	_, _, page := get(t, ts, s+"/content")
	if next := readTable(t, page).next; next != s+"/content?from=2025-03-01&page=2&to=2025-03-31#posts" {
		t.Errorf("next: %q", next)
	}
	for _, q := range []string{"?page=2&platform=facebook", "?page=2&from=2025-02-01&to=2025-03-31", "?page=0"} {
		if code, _, _ := get(t, ts, s+"/content"+q); code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, code)
		}
	}
}
