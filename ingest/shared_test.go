package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

// want is what one file's ingest must report.
type want struct {
	status                 Status
	rows                   int
	postsNew, postsUpdated int
	daysNew, daysUpdated   int
}

// TestEverySharedExportLoads loads every real sample in ../shared/exports through the
// real ingest, batch by batch as a person would (with --account where a file names
// no account), and checks what each file reports. The row counts were taken
// independently with Python's csv module (and a record dump for .xls); days count
// distinct account-days, posts count distinct posts.
//
// Each sample folder is a different practice, so each gets a fresh database; the
// batches of one folder share it.
func TestEverySharedExportLoads(t *testing.T) {
	ctx := context.Background()
	var ing *Ingester
	var db *queries.DB
	folder := ""
	const fbOigetit = "facebook:Oigetit Fake News Filter - South Africa"
	batches := []struct {
		paths   []string
		account string
		asOf    string
		files   map[string]want
	}{
		{paths: []string{"edge-cases"}, files: map[string]want{
			"Reach.csv": {StatusLoaded, 0, 0, 0, 0, 0}, // a header-only Meta daily file is zero rows, not an error
		}},
		{paths: []string{"facebook-legacy-1"}, files: map[string]want{
			"Facebook Insights Data Export - Midwest Taiwanese Biotechnology Association - MTBA - 2018-07-25.csv": {StatusLoaded, 116, 0, 0, 116, 0},
		}},
		{paths: []string{"facebook-legacy-2"}, files: map[string]want{
			"Facebook Insights Data Export (Post Level) - Visualization Studio VIC - 2014-08-24 - 2015-02-19.csv":  {StatusLoaded, 98, 98, 0, 0, 0},
			"Facebook Insights Data Export (Post Level) - Visualization Studio VIC - 2015-08-19 - 2016-02-15.csv":  {StatusLoaded, 170, 170, 0, 0, 0},
			"Facebook Insights Data Export (Video Posts) - Visualization Studio VIC - 2014-08-24 - 2015-02-19.csv": {StatusLoaded, 22, 5, 17, 0, 0}, // 5 videos are not in the post file
			"Facebook Insights Data Export (Video Posts) - Visualization Studio VIC - 2015-08-19 - 2016-02-15.csv": {StatusLoaded, 21, 0, 21, 0, 0},
		}},
		{paths: []string{"linkedin-1"}, files: map[string]want{
			"CEE facility management_competitor_analytics_1777555155666.xlsx": {StatusSkipped, 0, 0, 0, 0, 0},
			"cee-facility-management_content_1777555091040.xls":               {StatusLoaded, 42, 12, 0, 30, 0},
			"cee-facility-management_followers_1777555120439.xls":             {StatusLoaded, 30, 0, 0, 30, 0},
			"cee-facility-management_visitors_1777555105564.xls":              {StatusLoaded, 30, 0, 0, 30, 0},
		}},
		// Meta: the post exports name both accounts; daily files titled "Facebook …" or
		// "Instagram …" go to the one account of their platform; untitled ones ("Views",
		// "Follows", "Content interactions") could be either and ask for --account.
		{paths: []string{"meta-2"}, files: map[string]want{
			"Audience.csv": {StatusSkipped, 0, 0, 0, 0, 0}, // demographics only
			"Jan-14-2025_Apr-14-2025_1396269028466733.csv": {StatusLoaded, 261, 261, 0, 0, 0},
			"Mar-18-2025_Apr-14-2025_1019826952924933.csv": {StatusLoaded, 78, 78, 0, 0, 0},
			"Mar-18-2025_Apr-14-2025_553302954456165.csv":  {StatusLoaded, 48, 0, 48, 0, 0}, // overlaps the Jan-14 export
			"Reach.csv":            {StatusLoaded, 105, 0, 0, 105, 0},
			"Visits.csv":           {StatusLoaded, 105, 0, 0, 105, 0}, // Facebook, like Reach.csv
			"Visits (1).csv":       {StatusLoaded, 105, 0, 0, 105, 0},
			"Follows.csv":          {StatusFailed, 0, 0, 0, 0, 0},
			"Views.csv":            {StatusFailed, 0, 0, 0, 0, 0},
			"Interactions.csv":     {StatusFailed, 0, 0, 0, 0, 0},
			"Interactions (1).csv": {StatusFailed, 0, 0, 0, 0, 0},
		}},
		{paths: []string{"meta-2/Follows.csv", "meta-2/Views.csv", "meta-2/Interactions.csv"}, account: "instagram:oigetit_sa", files: map[string]want{
			"Follows.csv":      {StatusLoaded, 105, 0, 0, 105, 0}, // new for its metric, though other files had these days
			"Views.csv":        {StatusLoaded, 105, 0, 0, 105, 0},
			"Interactions.csv": {StatusLoaded, 105, 0, 0, 105, 0},
		}},
		{paths: []string{"meta-2/Interactions (1).csv"}, account: fbOigetit, files: map[string]want{
			"Interactions (1).csv": {StatusLoaded, 105, 0, 0, 105, 0},
		}},
		// content.csv names two accounts; the daily files are the first's.
		{paths: []string{"meta-instagram-1"}, account: "instagram:orthodox_korea", files: map[string]want{
			"content.csv":      {StatusLoaded, 127, 127, 0, 0, 0},
			"Audience.csv":     {StatusLoaded, 4, 0, 0, 1, 0}, // the followers total, as of the import day
			"Follows.csv":      {StatusLoaded, 71, 0, 0, 71, 0},
			"Interactions.csv": {StatusLoaded, 90, 0, 0, 90, 0},
			"Link clicks.csv":  {StatusLoaded, 90, 0, 0, 90, 0},
			"Reach.csv":        {StatusLoaded, 90, 0, 0, 90, 0},
			"Views.csv":        {StatusLoaded, 90, 0, 0, 90, 0},
			"Visits.csv":       {StatusLoaded, 90, 0, 0, 90, 0},
		}},
		{paths: []string{"tiktok-1"}, asOf: "2026-06-30", files: map[string]want{
			"FollowerActivity.csv":       {StatusSkipped, 0, 0, 0, 0, 0},
			"FollowerGender.csv":         {StatusSkipped, 0, 0, 0, 0, 0},
			"FollowerTopTerritories.csv": {StatusSkipped, 0, 0, 0, 0, 0},
			"Content.csv":                {StatusLoaded, 5, 5, 0, 0, 0},
			"FollowerHistory.csv":        {StatusLoaded, 365, 0, 0, 365, 0},
			"Overview.csv":               {StatusLoaded, 119, 0, 0, 119, 0},
			"Viewers.csv":                {StatusLoaded, 365, 0, 0, 365, 0},
		}},
		{paths: []string{"x-daily-1"}, files: map[string]want{
			"daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv": {StatusLoaded, 31, 0, 0, 31, 0},
		}},
		{paths: []string{"x-legacy-1"}, files: map[string]want{
			"tweet_activity_metrics_rOpenSci_20190601_20190701_en.csv": {StatusLoaded, 24, 24, 0, 0, 0},
			"tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv": {StatusLoaded, 33, 33, 0, 0, 0},
		}},
		{paths: []string{"x-premium-1"}, account: "x:Wormhole_BR", files: map[string]want{
			"account_analytics_content_2024-11-21_2025-02-19.csv": {StatusLoaded, 141, 141, 0, 0, 0},
			"account_overview_analytics.csv":                      {StatusLoaded, 50, 0, 0, 50, 0},
		}},
		{paths: []string{"youtube-1"}, account: "youtube:12tribes", files: map[string]want{
			"Chart data.csv": {StatusSkipped, 0, 0, 0, 0, 0},    // per video and day: not stored
			"Totals.csv":     {StatusSkipped, 0, 0, 0, 0, 0},    // grouped by year
			"Table data.csv": {StatusLoaded, 274, 273, 0, 0, 0}, // the Total row is read and skipped
		}},
	}
	for _, b := range batches {
		if f := strings.SplitN(b.paths[0], "/", 2)[0]; f != folder {
			folder = f
			ing, db, _ = testIngester(t, nil)
		}
		ing.opt.Account, ing.opt.AsOf = b.account, time.Time{}
		if b.asOf != "" {
			ing.opt.AsOf, _ = time.Parse(time.DateOnly, b.asOf)
		}
		var paths []string
		for _, p := range b.paths {
			paths = append(paths, sharedExports+p)
		}
		results := ing.Ingest(ctx, readInputs(t, paths...))
		if len(results) != len(b.files) {
			t.Errorf("%v: %d results, want %d", b.paths, len(results), len(b.files))
		}
		for _, r := range results {
			name := filepath.Base(r.Name)
			w, ok := b.files[name]
			if !ok {
				t.Errorf("%v: unexpected file %s", b.paths, name)
				continue
			}
			im := r.Import
			got := want{r.Status, im.RowsRead, im.PostsNew, im.PostsUpdated, im.DaysNew, im.DaysUpdated}
			if r.Status == StatusFailed {
				got = want{status: r.Status}
			}
			if got != w {
				t.Errorf("%s: got %+v, want %+v (%v)", name, got, w, r.Err)
			}
			if r.Status == StatusFailed && !errorsIsNeedAccount(r.Err) {
				t.Errorf("%s: failed for another reason: %v", name, r.Err)
			}
		}
	}
	// The last folder's database holds its one account.
	if n := count(t, db, "SELECT count(*) FROM accounts"); n != 1 {
		t.Errorf("youtube-1: %d accounts, want 1", n)
	}
}

func errorsIsNeedAccount(err error) bool { return err != nil && errors.Is(err, ErrNeedAccount) }
