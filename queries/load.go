package queries

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
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
}

// FileLoad is one file's rows and the import record that describes it. An Import
// whose ID is set replaces that import's record (reimport); otherwise it gets a new id.
type FileLoad struct {
	Import *Import
	Batch  *Batch
	// Original, when set, gives what is kept of the file in the database with its
	// rows, under its SHA-256, in whatever form the importer stores it (ingest:
	// zstd). The load asks for it last, when the rows are in, so that the importer
	// can compress it while they load.
	Original func() []byte
}

// LoadChunkRows is about how many rows one load should hold: enough that the
// statements' and the commit's fixed costs disappear, few enough that the parsed files of a large
// upload need not all be in memory at once.
const LoadChunkRows = 250_000

// errDryRun is returned inside the transaction to roll a dry run back.
var errDryRun = fmt.Errorf("dry run")

// LoadBatch stores one file's batch and its import record in one transaction: either
// all of it lands or none of it does. imp's counts are filled in.
func (db *DB) LoadBatch(ctx context.Context, imp *Import, b *Batch, opt LoadOptions) error {
	return db.LoadFiles(ctx, []FileLoad{{Import: imp, Batch: b}}, opt)
}

// LoadFiles stores several files in one transaction: all of them land or none does.
// The outcome is exactly that of loading them one after another in the given order
// (the later file's word wins), and each import's counts say what that file changed
// over the database and the files before it. One transaction for many files is what
// makes ingest fast: each statement costs milliseconds whatever its row count, and
// an agency's export files hold a few hundred rows each.
func (db *DB) LoadFiles(ctx context.Context, files []FileLoad, opt LoadOptions) error {
	if len(files) == 0 {
		return nil
	}
	db.loadMu.Lock()
	defer db.loadMu.Unlock()
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.loadFiles(ctx, files); err != nil {
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

// loadFiles records the files' accounts, then merges their posts and daily values
// (merge.go) and writes their import records with the counts filled in.
func (tx *Tx) loadFiles(ctx context.Context, files []FileLoad) error {
	posts, daily, replaces := false, false, false
	for _, f := range files {
		posts = posts || len(f.Batch.Posts) > 0
		daily = daily || len(f.Batch.Daily) > 0
		replaces = replaces || f.Import.ID != 0
	}
	if err := tx.allocateImportIDs(ctx, files); err != nil {
		return err
	}
	for _, stmt := range []string{createStageFiles(), createStageAccounts()} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("prepare staging: %w", err)
		}
	}
	if err := tx.stageAccounts(files); err != nil {
		return fmt.Errorf("stage accounts: %w", err)
	}
	if _, err := tx.ExecContext(ctx, upsertAccounts()); err != nil {
		return fmt.Errorf("store accounts: %w", err)
	}
	ids, err := tx.stagedAccountIDs(ctx)
	if err != nil {
		return fmt.Errorf("store accounts: %w", err)
	}
	// A file's rows mostly name one account: the last answer saves building a
	// lower-case key per row.
	var last Account
	lastID := int32(-1)
	id := func(a Account) (int32, error) {
		if lastID >= 0 && a.Handle == last.Handle && a.Platform == last.Platform {
			return lastID, nil
		}
		id, ok := ids[accountKey(a)]
		if !ok {
			return 0, fmt.Errorf("account %s was not stored", a.Key())
		}
		last, lastID = a, id
		return id, nil
	}
	// posts, post_snapshots and daily_metrics have no primary key index (migration
	// 0005: it made bulk inserts about 6x slower); loadMu makes this load the only
	// writer, so the keys it finds stored stay the ones to update.
	if posts {
		if err := tx.loadPosts(ctx, files, id); err != nil {
			return fmt.Errorf("store posts: %w", err)
		}
	}
	if daily {
		if err := tx.loadDaily(ctx, files, id); err != nil {
			return fmt.Errorf("store daily metrics: %w", err)
		}
	}
	if replaces { // new ids are not in imports yet, so deleting every staged id is safe
		if _, err := tx.ExecContext(ctx, deleteReplacedImports()); err != nil {
			return fmt.Errorf("replace import records: %w", err)
		}
	}
	if err := tx.appendImports(files); err != nil {
		return fmt.Errorf("record imports: %w", err)
	}
	if err := tx.appendOriginals(files); err != nil {
		return fmt.Errorf("keep originals: %w", err)
	}
	return nil
}

// allocateImportIDs gives each new import the next id, in file order: the import
// history and a reimport follow ids.
func (tx *Tx) allocateImportIDs(ctx context.Context, files []FileLoad) error {
	fresh := 0
	for _, f := range files {
		if f.Import.ID == 0 {
			fresh++
		}
	}
	if fresh == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, nextImportIDs(), fresh)
	if err != nil {
		return fmt.Errorf("allocate import ids: %w", err)
	}
	defer rows.Close()
	ids := make([]int64, 0, fresh)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("allocate import ids: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("allocate import ids: %w", err)
	}
	if len(ids) != fresh {
		return fmt.Errorf("allocate import ids: got %d of %d", len(ids), fresh)
	}
	slices.Sort(ids)
	for _, f := range files {
		if f.Import.ID == 0 {
			f.Import.ID, ids = ids[0], ids[1:]
		}
	}
	return nil
}

func nextImportIDs() string         { return sqlText("nextImportIDs") }
func createStageFiles() string      { return sqlText("createStageFiles") }
func createStageAccounts() string   { return sqlText("createStageAccounts") }
func upsertAccounts() string        { return sqlText("upsertAccounts") }
func stagedAccountIDs() string      { return sqlText("stagedAccountIDs") }
func updatePosts() string           { return sqlText("updatePosts") }
func updateSnapshots() string       { return sqlText("updateSnapshots") }
func updateDaily() string           { return sqlText("updateDaily") }
func deleteReplacedImports() string { return sqlText("deleteReplacedImports") }

// stageAccounts appends the files' accounts and their positions in the load into
// the staging tables.
func (tx *Tx) stageAccounts(files []FileLoad) error {
	accounts, err := mergeAccounts(files)
	if err != nil {
		return err
	}
	return tx.withConn(func(conn driver.Conn) error {
		err := appendRows(conn, "stage_files", func(ap *duckdb.Appender) error {
			for i, f := range files {
				if err := ap.AppendRow(int32(i), f.Import.ID, f.Import.AsOf); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return appendRows(conn, "stage_accounts", func(ap *duckdb.Appender) error {
			for _, a := range accounts {
				if err := ap.AppendRow(a.Platform, a.Handle, nullStr(a.ExternalID), nullStr(a.DisplayName)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// stagedAccountIDs maps the staged accounts (by accountKey) to their ids, which
// the merge keys rows by.
func (tx *Tx) stagedAccountIDs(ctx context.Context) (map[string]int32, error) {
	rows, err := tx.QueryContext(ctx, stagedAccountIDs())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]int32{}
	for rows.Next() {
		var id int32
		var platform, key string
		if err := rows.Scan(&id, &platform, &key); err != nil {
			return nil, err
		}
		ids[platform+"\x00"+key] = id
	}
	return ids, rows.Err()
}

func accountKey(a Account) string { return a.Platform + "\x00" + lower(a.Handle) }

// mergeAccounts lists every account the files name, once. Within a file the first
// spelling of a handle is kept and filled in from later rows; across files a later
// file's external id and display name win, as the upsert one file at a time did.
func mergeAccounts(files []FileLoad) ([]Account, error) {
	index := map[string]int{}
	var list []Account
	for _, f := range files {
		inFile := map[string]Account{}
		var order []string
		var last Account
		add := func(a Account) {
			// Rows mostly repeat the row before's account: adding it again
			// changes nothing, and skipping it saves a lower-case key per row.
			if len(order) > 0 && a == last {
				return
			}
			last = a
			k := accountKey(a)
			old, seen := inFile[k]
			if !seen {
				order = append(order, k)
			}
			if !seen || a.ExternalID != "" && old.ExternalID == "" || a.DisplayName != "" && old.DisplayName == "" {
				if seen {
					a.ExternalID = firstNonEmpty(a.ExternalID, old.ExternalID)
					a.DisplayName = firstNonEmpty(a.DisplayName, old.DisplayName)
				}
				inFile[k] = a
			}
		}
		b := f.Batch
		for _, a := range b.Accounts {
			add(a)
		}
		for i := range b.Posts {
			add(b.Posts[i].Account)
		}
		for i := range b.Daily {
			add(b.Daily[i].Account)
		}
		for _, k := range order {
			a := inFile[k]
			if a.Handle == "" {
				return nil, fmt.Errorf("%s: an account of %s has no handle", f.Import.FileName, a.Platform)
			}
			i, seen := index[k]
			if !seen {
				index[k] = len(list)
				list = append(list, a)
				continue
			}
			list[i].ExternalID = firstNonEmpty(a.ExternalID, list[i].ExternalID)
			list[i].DisplayName = firstNonEmpty(a.DisplayName, list[i].DisplayName)
		}
	}
	return list, nil
}

// appendImports writes the files' import records, their counts filled in.
func (tx *Tx) appendImports(files []FileLoad) error {
	return tx.withConn(func(conn driver.Conn) error {
		return appendRows(conn, "imports", func(ap *duckdb.Appender) error {
			for _, f := range files {
				imp := f.Import
				err := ap.AppendRow(int32(imp.ID), imp.FileName, imp.SHA256, imp.SizeBytes, imp.StoredPath, imp.Format,
					nullStr(imp.Platform), nullStr(imp.Account), nullStr(imp.AccountFlag), imp.AsOf, int32(imp.RowsRead),
					int32(imp.PostsNew), int32(imp.PostsUpdated), int32(imp.DaysNew), int32(imp.DaysUpdated),
					int32(imp.Rejected), nullStr(imp.Notes), imp.StartedAt.UTC(), imp.FinishedAt.UTC())
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// appendOriginals keeps the files' originals that came with them.
func (tx *Tx) appendOriginals(files []FileLoad) error {
	if !slices.ContainsFunc(files, func(f FileLoad) bool { return f.Original != nil }) {
		return nil // a reimport or a dry run
	}
	return tx.withConn(func(conn driver.Conn) error {
		return appendRows(conn, "originals", func(ap *duckdb.Appender) error {
			for _, f := range files {
				if f.Original == nil {
					continue
				}
				if err := ap.AppendRow(f.Import.SHA256, f.Original()); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// withConn hands fn the transaction's driver connection, which the Appender needs.
func (tx *Tx) withConn(fn func(driver.Conn) error) error { return withDriverConn(tx.conn, fn) }

// appendRows opens an Appender on table, lets rows fill it, and flushes it.
func appendRows(conn driver.Conn, table string, rows func(*duckdb.Appender) error) error {
	ap, err := duckdb.NewAppenderFromConn(conn, "", table)
	if err != nil {
		return err
	}
	if err := rows(ap); err != nil {
		ap.Close()
		return err
	}
	return ap.Close()
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
