package synth

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// writeMonth writes the files a person downloads from one platform for one month.
func writeMonth(cfg Config, h history, from, to, asOf time.Time) ([]File, error) {
	posts, days := h.between(cfg, from, to)
	// Lifetime totals as of the export day: a post from the end of the month has had
	// fewer days to collect them than one from its start.
	for i := range posts {
		posts[i] = matured(posts[i], asOf)
	}
	month := from.Format("2006-01")
	switch h.platform {
	case "instagram":
		return metaFiles(cfg, "Instagram", month, from, to, asOf, posts, days, true), nil
	case "facebook":
		return metaFiles(cfg, "Facebook", month, from, to, asOf, posts, days, false), nil
	case "x":
		return xFiles(cfg, month, from, to, posts, days), nil
	case "linkedin":
		return linkedinFiles(cfg, month, asOf, posts, days)
	case "tiktok":
		return tiktokFiles(cfg, month, asOf, posts, days)
	}
	return nil, fmt.Errorf("synth: no writer for %s", h.platform)
}

// matured scales a post's totals by how long it had until asOf: most of a post's
// reach arrives in its first days.
func matured(p Post, asOf time.Time) Post {
	age := asOf.Sub(p.Published).Hours() / 24
	f := 1.0
	if age < 7 {
		f = 0.55 + 0.45*age/7
	}
	scale := func(v int64) int64 { return int64(float64(v) * f) }
	p.Reach, p.Views, p.Likes, p.Comments = scale(p.Reach), scale(p.Views), scale(p.Likes), scale(p.Comments)
	p.Shares, p.Saves, p.Clicks, p.Follows, p.Seconds = scale(p.Shares), scale(p.Saves), scale(p.Clicks), scale(p.Follows), scale(p.Seconds)
	return p
}

// quoted renders CSV with every field quoted, as Meta's daily files, X and TikTok do.
func quoted(rows [][]string, crlf bool) string {
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			if crlf {
				b.WriteString("\r\n")
			} else {
				b.WriteString("\n")
			}
		}
		for j, c := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
		}
	}
	return b.String()
}

// minimal renders CSV quoting only where needed, as Meta's post exports do.
func minimal(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		for j, c := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n\r ") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\n")
	}
	return b.String()
}

const bom = "\ufeff"

// utf16le encodes text as UTF-16LE with a byte-order mark, as Meta's daily files are.
func utf16le(s string) []byte {
	u := utf16.Encode([]rune(bom + s))
	out := make([]byte, 0, len(u)*2)
	for _, c := range u {
		out = append(out, byte(c), byte(c>>8))
	}
	return out
}

// AccountHandle is how the practice's handle appears on a platform: X allows no dots,
// LinkedIn names files after the page's URL name, and a Facebook page is known by its
// name.
func AccountHandle(platform, handle string) string {
	switch platform {
	case "x":
		return strings.ReplaceAll(handle, ".", "_")
	case "linkedin":
		return strings.ReplaceAll(handle, ".", "-")
	case "facebook":
		return PageName(handle)
	}
	return handle
}

// PageName is the name a handle's Facebook page goes by: "praxis.nord" is
// "Praxis Nord".
func PageName(handle string) string {
	words := strings.FieldsFunc(handle, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// metaAccountID is the numeric id Meta gives the handle's Instagram account or
// Facebook page: the demo's fixed ids, and for other handles ids made from the
// handle, so that each account of an agency is its own.
func metaAccountID(handle string, ig bool) string {
	base := "17841400000000000"
	if !ig {
		base = "100000000000000"
	}
	n := uint64(1)
	if handle != "praxis.nord" {
		h := fnv.New64a()
		h.Write([]byte(handle))
		n = 2 + h.Sum64()%9_999_999
	}
	s := strconv.FormatUint(n, 10)
	return base[:len(base)-len(s)] + s
}

func itoa(v int64) string { return fmt.Sprint(v) }

func metaFiles(cfg Config, platform, month string, from, to, asOf time.Time, posts []Post, days []Day, ig bool) []File {
	dir := strings.ToLower(platform) + "/" + month + "/"
	accountID := metaAccountID(cfg.Handle, ig)
	pageName := PageName(cfg.Handle)
	var rows [][]string
	if ig {
		rows = append(rows, []string{"Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
			"Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves"})
		for _, p := range posts {
			dur := "0"
			if p.Seconds > 0 {
				dur = "45"
			}
			rows = append(rows, []string{p.ID, accountID, cfg.Handle, pageName, p.Caption, dur,
				p.Published.Format("01/02/2006 15:04"), "https://www.instagram.com/p/" + shortcode(p.ID) + "/", p.Type, "", "Lifetime",
				itoa(p.Views), itoa(p.Reach), itoa(p.Likes), itoa(p.Shares), itoa(p.Follows), itoa(p.Comments), itoa(p.Saves)})
		}
	} else {
		rows = append(rows, []string{"Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
			"Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels", "Funded content status",
			"Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments", "Shares",
			"Total clicks", "Link Clicks", "Other Clicks", "Seconds viewed"})
		for i, p := range posts {
			label := ""
			if i%4 == 0 {
				label = "Tips"
			}
			secs := ""
			if p.Seconds > 0 {
				secs = itoa(p.Seconds)
			}
			// Facebook drops trailing empty fields: the row is shorter than the header.
			row := []string{p.ID, accountID, pageName, "", p.Caption, "", p.Published.Format("01/02/2006 15:04"),
				"", "https://www.facebook.com/" + accountID + "/posts/" + p.ID, "No", "No", p.Type, "de", label, "",
				"", "Lifetime", itoa(p.Views), itoa(p.Reach), itoa(p.Likes + p.Comments + p.Shares), itoa(p.Likes),
				itoa(p.Comments), itoa(p.Shares), itoa(p.Clicks), itoa(p.Clicks * 2 / 3), itoa(p.Clicks / 3), secs}
			if secs == "" {
				row = row[:len(row)-1]
			}
			rows = append(rows, row)
		}
	}
	name := fmt.Sprintf("%s_%s_%s.csv", from.Format("Jan-02-2006"), to.Format("Jan-02-2006"), accountID)
	files := []File{{Name: dir + name, Data: []byte(bom + minimal(rows))}}

	daily := func(file, title string, value func(Day) int64) File {
		rows := [][]string{{"Date", "Primary"}}
		for _, d := range days {
			if v := value(d); v != 0 { // Meta leaves out days with zero
				rows = append(rows, []string{d.Date.Format("2006-01-02") + "T00:00:00", itoa(v)})
			}
		}
		return File{Name: dir + file, Data: utf16le("sep=,\n\"" + platform + " " + title + "\"\n" + quoted(rows, false))}
	}
	files = append(files,
		daily("Views.csv", "views", func(d Day) int64 { return d.Views }),
		daily("Reach.csv", "reach", func(d Day) int64 { return d.Reach }),
		daily("Follows.csv", "follows", func(d Day) int64 { return d.NewFollowers }),
		daily("Visits.csv", "visits", func(d Day) int64 { return d.ProfileVisits }),
		daily("Interactions.csv", "interactions", func(d Day) int64 { return d.Interactions }),
		daily("Link clicks.csv", "link clicks", func(d Day) int64 { return d.LinkClicks }),
	)
	if ig && len(days) > 0 {
		total := days[len(days)-1].Followers
		audience := "sep=,\n\"Instagram followers\"\n\"IG_ACCOUNT,FOLLOW,UNIQUE_USERS\"\n\"" + itoa(total) + "\"\n\n" +
			"\"Instagram followers by gender and age\"\n\"Age\",\"Women\",\"Men\"\n\"25-34\",\"38.2%\",\"11.5%\"\n\"35-44\",\"27.1%\",\"8.3%\"\n"
		files = append(files, File{Name: dir + "Audience.csv", Data: utf16le(audience)})
	}
	return files
}

// shortcode turns a post id into an Instagram-like code, one per post.
func shortcode(id string) string {
	n, _ := strconv.ParseUint(id, 10, 64)
	return "C" + strings.ToUpper(strconv.FormatUint(n, 36))
}

func xFiles(cfg Config, month string, from, to time.Time, posts []Post, days []Day) []File {
	handle := AccountHandle("x", cfg.Handle)
	span := from.Format("20060102") + "_" + to.AddDate(0, 0, 1).Format("20060102")
	promoted := []string{"promoted impressions", "promoted engagements", "promoted engagement rate", "promoted retweets",
		"promoted replies", "promoted likes", "promoted user profile clicks", "promoted url clicks"}
	dash := make([]string, len(promoted))
	for i := range dash {
		dash[i] = "-"
	}
	f := func(v int64) string { return itoa(v) + ".0" }
	rows := [][]string{append([]string{"Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements",
		"engagement rate", "retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
		"permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone", "media views", "media engagements"}, promoted...)}
	for _, p := range posts {
		eng := p.Likes + p.Comments + p.Shares + p.Clicks
		rate := 0.0
		if p.Views > 0 {
			rate = float64(eng) / float64(p.Views)
		}
		text := strings.ReplaceAll(p.Caption, "&", "&amp;")
		rows = append(rows, append([]string{p.ID, "https://twitter.com/" + handle + "/status/" + p.ID, text,
			p.Published.UTC().Format("2006-01-02 15:04 -0700"), f(p.Views), f(eng), fmt.Sprint(rate), f(p.Shares), f(p.Comments),
			f(p.Likes), f(p.Clicks / 2), f(p.Clicks), "0", "0", "0", "0", "0", f(p.Follows), "0", "0", "0", "0"}, dash...))
	}
	daily := [][]string{{"Date", "Tweets published", "impressions", "engagements", "engagement rate", "retweets", "replies",
		"likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands", "permalink clicks", "app opens",
		"app installs", "follows", "email tweet", "dial phone", "media views", "media engagements"}}
	perDay := map[string]int{}
	for _, p := range posts {
		perDay[p.Published.UTC().Format("2006-01-02")]++
	}
	for _, d := range days {
		date := d.Date.Format("2006-01-02")
		daily = append(daily, []string{date, fmt.Sprint(perDay[date]), itoa(d.Views), itoa(d.Interactions), "0.0", "0", "0",
			itoa(d.Interactions), itoa(d.ProfileVisits), itoa(d.LinkClicks), "0", "0", "0", "0", "0", itoa(d.NewFollowers), "0", "0", "0", "0"})
	}
	dir := "x/" + month + "/"
	return []File{
		{Name: dir + "tweet_activity_metrics_" + handle + "_" + span + "_en.csv", Data: []byte(quoted(rows, false) + "\n")},
		{Name: dir + "daily_tweet_activity_metrics_" + handle + "_" + span + "_en.csv", Data: []byte(quoted(daily, false) + "\n")},
	}
}

func linkedinFiles(cfg Config, month string, asOf time.Time, posts []Post, days []Day) ([]File, error) {
	page := AccountHandle("linkedin", cfg.Handle)
	stamp := asOf.Add(9 * time.Hour).UnixMilli()
	date := func(t time.Time) string { return t.Format("01/02/2006") }

	content := [][]any{{"Aggregated metrics for the selected date range"}, {"Date", "Impressions (organic)", "Impressions (sponsored)",
		"Impressions (total)", "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)",
		"Reactions (organic)", "Reactions (sponsored)", "Reactions (total)", "Comments (organic)", "Comments (sponsored)",
		"Comments (total)", "Reposts (organic)", "Reposts (sponsored)", "Reposts (total)", "Engagement rate (organic)",
		"Engagement rate (sponsored)", "Engagement rate (total)"}}
	for _, d := range days {
		likes, comments, reposts := d.Interactions*7/10, d.Interactions/10, d.Interactions/10
		rate := 0.0
		if d.Views > 0 {
			rate = float64(d.LinkClicks+likes+comments+reposts) / float64(d.Views)
		}
		content = append(content, []any{date(d.Date), d.Views, 0, d.Views, d.Reach, d.LinkClicks, 0, d.LinkClicks,
			likes, 0, likes, comments, 0, comments, reposts, 0, reposts, rate, 0, rate})
	}
	all := [][]any{{"All posts in the selected date range"}, {"Post title", "Post link", "Post type", "Campaign name", "Posted by",
		"Created date", "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views", "Offsite Views", "Clicks",
		"Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"}}
	for _, p := range posts {
		ctr := 0.0
		if p.Views > 0 {
			ctr = float64(p.Clicks) / float64(p.Views)
		}
		all = append(all, []any{p.Caption, "https://www.linkedin.com/feed/update/urn:li:activity:" + p.ID, "Organic", "", PageName(cfg.Handle),
			date(p.Published), "", "", "All followers", p.Views, "", "", p.Clicks, ctr, p.Likes, p.Comments, p.Shares, p.Follows,
			float64(p.Likes+p.Comments+p.Shares+p.Clicks) / float64(max(p.Views, 1)), p.Type})
	}
	followers := [][]any{{"New followers"}, {"Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"}}
	for _, d := range days {
		followers = append(followers, []any{date(d.Date), 0, d.NewFollowers, 0, d.NewFollowers})
	}
	cb, err := workbook([]string{"Metrics", "All posts"}, content, all)
	if err != nil {
		return nil, err
	}
	fb, err := workbook([]string{"New followers"}, followers)
	if err != nil {
		return nil, err
	}
	dir := "linkedin/" + month + "/"
	return []File{
		{Name: fmt.Sprintf("%s%s_content_%d.xlsx", dir, page, stamp), Data: cb},
		{Name: fmt.Sprintf("%s%s_followers_%d.xlsx", dir, page, stamp), Data: fb},
	}, nil
}

// workbook writes sheets of rows as an .xlsx, the way people re-save LinkedIn's files.
func workbook(names []string, sheets ...[][]any) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range names {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		for r, row := range sheets[i] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tiktokDate writes a date TikTok's way: no year, English month name.
func tiktokDate(t time.Time) string { return t.Format("January 2") }

func tiktokFiles(cfg Config, month string, asOf time.Time, posts []Post, days []Day) ([]File, error) {
	overview := [][]string{{"Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"}}
	history := [][]string{{"Date", "Followers", "Difference in followers from previous day"}}
	var prev int64 = -1
	for _, d := range days {
		likes := d.Interactions * 7 / 10
		overview = append(overview, []string{tiktokDate(d.Date), itoa(d.Views), itoa(d.ProfileVisits), itoa(likes),
			itoa(d.Interactions / 10), itoa(d.Interactions / 10)})
		diff := "0"
		if prev >= 0 {
			diff = itoa(d.Followers - prev)
		}
		prev = d.Followers
		history = append(history, []string{tiktokDate(d.Date), itoa(d.Followers), diff})
	}
	content := [][]string{{"Time", "Video title", "Video link", "Post time", "Total likes", "Total comments", "Total shares", "Total views"}}
	for _, p := range posts {
		content = append(content, []string{tiktokDate(asOf.AddDate(0, 0, -1)), strings.ReplaceAll(p.Caption, "\n", " "),
			"https://www.tiktok.com/@" + cfg.Handle + "/video/7" + p.ID, tiktokDate(p.Published), itoa(p.Likes), itoa(p.Comments),
			itoa(p.Shares), itoa(p.Views)})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		rows [][]string
	}{{"Overview.csv", overview}, {"FollowerHistory.csv", history}, {"Content.csv", content}} {
		w, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		// TikTok: BOM, every field quoted, no final newline.
		if _, err := w.Write([]byte(bom + quoted(f.rows, false))); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return []File{{Name: "tiktok/" + month + "/tiktok_analytics_" + month + ".zip", Data: buf.Bytes()}}, nil
}
