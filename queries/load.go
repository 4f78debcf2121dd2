package queries

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Account is an account as a file names it. Handle is the identity (matched
// case-insensitively within a platform); the other fields are filled where known.
type Account struct {
	Platform    string
	Handle      string
	ExternalID  string
	DisplayName string
}

// Key is "platform:handle", the form people type after --account.
func (a Account) Key() string { return a.Platform + ":" + a.Handle }

// Metrics are a post's lifetime totals as of one day. nil means "not reported".
type Metrics struct {
	Views         *int64 // views or impressions
	Reach         *int64
	Likes         *int64 // likes or reactions
	Comments      *int64 // comments or replies
	Shares        *int64 // shares, reposts, retweets
	Saves         *int64 // saves or bookmarks
	Clicks        *int64
	VideoViews    *int64
	WatchTimeSec  *float64
	Follows       *int64
	ProfileVisits *int64
}

// Post is one published item with its totals as of the import's day.
type Post struct {
	Account     Account // Platform and Handle are enough
	PostID      string
	PublishedAt time.Time // UTC; zero when the file does not say
	ContentType string    // image, carousel, video, reel, story, text, link, other
	RawType     string
	Caption     string
	Permalink   string
	Labels      []string
	Metrics     Metrics
}

// Daily is one account-level value for one day.
type Daily struct {
	Account Account
	Day     time.Time // a calendar date at 00:00 UTC
	Metric  string
	Value   float64
}

// Daily metric names. Every parser maps its columns onto these.
const (
	MetricViews          = "views"           // impressions or views
	MetricReach          = "reach"           // accounts reached that day
	MetricNewFollowers   = "new_followers"   // follows gained that day
	MetricUnfollows      = "unfollows"       // follows lost that day
	MetricNetFollowers   = "net_followers"   // gained minus lost, where only the net is given
	MetricFollowersTotal = "followers_total" // the running total at the end of the day
	MetricProfileVisits  = "profile_visits"
	MetricLinkClicks     = "link_clicks"
	MetricClicks         = "clicks"
	MetricInteractions   = "interactions" // likes + comments + shares + saves, as the platform counts them
	MetricEngagements    = "engagements"  // X's own wider count, kept apart
	MetricLikes          = "likes"
	MetricComments       = "comments"
	MetricShares         = "shares"
	MetricSaves          = "saves"
	MetricVideoViews     = "video_views"
	MetricWatchTimeSec   = "watch_time_sec"
	MetricPostsPublished = "posts_published"
	MetricPageViews      = "page_views"
	MetricUniqueVisitors = "unique_visitors"
	MetricViewers        = "viewers"
	MetricNewViewers     = "new_viewers"
)

// Batch is everything one file contributes.
type Batch struct {
	Accounts []Account
	Posts    []Post
	Daily    []Daily
}

// Import describes the file behind a batch, for the import history.
type Import struct {
	ID           int64
	FileName     string
	SHA256       string
	SizeBytes    int64
	StoredPath   string
	Format       string
	Platform     string
	Account      string
	AccountFlag  string
	AsOf         time.Time
	RowsRead     int
	PostsNew     int
	PostsUpdated int
	DaysNew      int
	DaysUpdated  int
	Rejected     int
	Notes        string
	StartedAt    time.Time
	FinishedAt   time.Time
}

// LoadOptions change how a batch is loaded.
type LoadOptions struct {
	// DryRun runs the whole load, counts included, and rolls it back.
	DryRun bool
	// ReuseID loads under an existing import's id and replaces its record (reimport).
	ReuseID int64
}

// ErrDryRun is returned inside the transaction to roll a dry run back.
var errDryRun = fmt.Errorf("dry run")

// LoadBatch stores one file's batch and its import record in one transaction: either
// all of it lands or none of it does. imp's counts are filled in.
func (db *DB) LoadBatch(ctx context.Context, imp *Import, b *Batch, opt LoadOptions) error {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.loadBatch(ctx, imp, b, opt); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if err == errDryRun {
		return nil
	}
	return err
}

func (tx *Tx) loadBatch(ctx context.Context, imp *Import, b *Batch, opt LoadOptions) error {
	if opt.ReuseID != 0 {
		imp.ID = opt.ReuseID
	} else if err := tx.QueryRowContext(ctx, nextImportID()).Scan(&imp.ID); err != nil {
		return fmt.Errorf("allocate import id: %w", err)
	}
	// A file holds posts or daily values, seldom both: the statements of the kind it
	// lacks are skipped, each costs milliseconds even on an empty staging table.
	posts, daily := len(b.Posts) > 0, len(b.Daily) > 0
	stages := []string{createStageAccounts()}
	if posts {
		stages = append(stages, createStagePosts())
	}
	if daily {
		stages = append(stages, createStageDaily())
	}
	for _, stmt := range stages {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("prepare staging: %w", err)
		}
	}
	if err := tx.stage(b); err != nil {
		return fmt.Errorf("stage rows: %w", err)
	}
	if _, err := tx.ExecContext(ctx, upsertAccounts()); err != nil {
		return fmt.Errorf("store accounts: %w", err)
	}
	if posts {
		if err := tx.QueryRowContext(ctx, countPostChanges()).Scan(&imp.PostsNew, &imp.PostsUpdated); err != nil {
			return fmt.Errorf("count posts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, upsertPosts(), imp.ID); err != nil {
			return fmt.Errorf("store posts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, upsertSnapshots(), imp.AsOf, imp.ID); err != nil {
			return fmt.Errorf("store post metrics: %w", err)
		}
	}
	if daily {
		if err := tx.QueryRowContext(ctx, countDailyChanges()).Scan(&imp.DaysNew, &imp.DaysUpdated); err != nil {
			return fmt.Errorf("count days: %w", err)
		}
		if _, err := tx.ExecContext(ctx, upsertDaily(), imp.ID); err != nil {
			return fmt.Errorf("store daily metrics: %w", err)
		}
	}
	if opt.ReuseID != 0 {
		if _, err := tx.ExecContext(ctx, deleteImport(), imp.ID); err != nil {
			return fmt.Errorf("replace import record: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, insertImport(),
		imp.ID, imp.FileName, imp.SHA256, imp.SizeBytes, imp.StoredPath, imp.Format, nullStr(imp.Platform),
		nullStr(imp.Account), nullStr(imp.AccountFlag), imp.AsOf, imp.RowsRead, imp.PostsNew, imp.PostsUpdated,
		imp.DaysNew, imp.DaysUpdated, imp.Rejected, nullStr(imp.Notes), imp.StartedAt.UTC(), imp.FinishedAt.UTC()); err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	return nil
}

func nextImportID() string        { return sqlText("nextImportID") }
func createStageAccounts() string { return sqlText("createStageAccounts") }
func createStagePosts() string    { return sqlText("createStagePosts") }
func createStageDaily() string    { return sqlText("createStageDaily") }
func upsertAccounts() string      { return sqlText("upsertAccounts") }
func countPostChanges() string    { return sqlText("countPostChanges") }
func countDailyChanges() string   { return sqlText("countDailyChanges") }
func upsertPosts() string         { return sqlText("upsertPosts") }
func upsertSnapshots() string     { return sqlText("upsertSnapshots") }
func upsertDaily() string         { return sqlText("upsertDaily") }
func deleteImport() string        { return sqlText("deleteImport") }
func insertImport() string        { return sqlText("insertImport") }

// stage bulk-appends the batch into the temporary staging tables through DuckDB's
// Appender: exports with a million rows are normal, and row-by-row INSERTs are not.
func (tx *Tx) stage(b *Batch) error {
	return tx.conn.Raw(func(dc any) error {
		conn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		accounts := map[string]Account{}
		add := func(a Account) {
			k := a.Platform + "\x00" + lower(a.Handle)
			old, seen := accounts[k]
			if !seen || a.ExternalID != "" && old.ExternalID == "" || a.DisplayName != "" && old.DisplayName == "" {
				if seen {
					a.ExternalID = firstNonEmpty(a.ExternalID, old.ExternalID)
					a.DisplayName = firstNonEmpty(a.DisplayName, old.DisplayName)
				}
				accounts[k] = a
			}
		}
		for _, a := range b.Accounts {
			add(a)
		}
		for _, p := range b.Posts {
			add(p.Account)
		}
		for _, d := range b.Daily {
			add(d.Account)
		}
		list := make([]Account, 0, len(accounts))
		for _, a := range accounts {
			if a.Handle == "" {
				return fmt.Errorf("an account of %s has no handle", a.Platform)
			}
			list = append(list, a)
		}
		err := appendRows(conn, "stage_accounts", len(list), func(ap *duckdb.Appender, i int) error {
			a := list[i]
			return ap.AppendRow(a.Platform, a.Handle, nullStr(a.ExternalID), nullStr(a.DisplayName))
		})
		if err != nil {
			return err
		}
		err = appendRows(conn, "stage_posts", len(b.Posts), func(ap *duckdb.Appender, i int) error {
			p := &b.Posts[i]
			m := &p.Metrics
			var pub any
			if !p.PublishedAt.IsZero() {
				pub = p.PublishedAt.UTC()
			}
			var labels any
			if len(p.Labels) > 0 {
				labels = p.Labels
			}
			return ap.AppendRow(int64(i), p.Account.Platform, p.Account.Handle, p.PostID, pub,
				p.ContentType, nullStr(p.RawType), nullStr(p.Caption), nullStr(p.Permalink), labels,
				i64(m.Views), i64(m.Reach), i64(m.Likes), i64(m.Comments), i64(m.Shares), i64(m.Saves),
				i64(m.Clicks), i64(m.VideoViews), f64(m.WatchTimeSec), i64(m.Follows), i64(m.ProfileVisits))
		})
		if err != nil {
			return err
		}
		return appendRows(conn, "stage_daily", len(b.Daily), func(ap *duckdb.Appender, i int) error {
			d := &b.Daily[i]
			return ap.AppendRow(int64(i), d.Account.Platform, d.Account.Handle, d.Day, d.Metric, d.Value)
		})
	})
}

func appendRows(conn driver.Conn, table string, n int, row func(*duckdb.Appender, int) error) error {
	if n == 0 {
		return nil
	}
	ap, err := duckdb.NewAppenderFromConn(conn, "", table)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := row(ap, i); err != nil {
			ap.Close()
			return err
		}
	}
	return ap.Close()
}

func i64(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func f64(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func lower(s string) string { return strings.ToLower(s) }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
