package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

// testIngester opens a fresh database in a temp dir and an ingester on it with a
// fixed clock (2026-11-21 in Berlin) and practice time zone.
func testIngester(t *testing.T, mod func(*Options)) (*Ingester, *queries.DB, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := queries.Open(context.Background(), filepath.Join(dir, "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, _ := time.LoadLocation("Europe/Berlin")
	opt := Options{DataDir: dir, Location: loc, Now: func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) }}
	if mod != nil {
		mod(&opt)
	}
	return New(db, opt), db, dir
}

func readInputs(t *testing.T, paths ...string) []Input {
	t.Helper()
	in, err := ReadPaths(paths)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// state renders the data tables, so a test can say "nothing changed" exactly.
func state(t *testing.T, db *queries.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT platform, handle FROM accounts ORDER BY ALL",
		// Accounts by handle: their ids depend on the order they were first seen.
		"SELECT a.platform, a.handle, post_id, published_at, content_type, caption FROM posts JOIN accounts a ON a.id = account_id ORDER BY ALL",
		"SELECT a.platform, a.handle, s.* EXCLUDE (import_id, account_id) FROM post_snapshots s JOIN accounts a ON a.id = account_id ORDER BY ALL",
		"SELECT a.platform, a.handle, d.* EXCLUDE (import_id, account_id) FROM daily_metrics d JOIN accounts a ON a.id = account_id ORDER BY ALL",
		"SELECT file_name, format, rows_read FROM imports ORDER BY ALL",
	} {
		rows, err := db.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				b.WriteString(v.String + "|")
			}
			b.WriteString("\n")
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

func count(t *testing.T, db *queries.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// kept lists the SHA-256 of every original the database keeps.
func kept(t *testing.T, db *queries.DB) []string {
	t.Helper()
	rows, err := db.SQL().Query("SELECT sha256 FROM originals ORDER BY ALL")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			t.Fatal(err)
		}
		out = append(out, sha)
	}
	return out
}

func TestSameFileTwiceChangesNothing(t *testing.T) {
	ing, db, _ := testIngester(t, nil)
	ctx := context.Background()
	in := readInputs(t, sharedExports+"x-daily-1")
	first := ing.Ingest(ctx, in)
	if len(first) != 1 || first[0].Status != StatusLoaded || first[0].Import.DaysNew != 31 {
		t.Fatalf("first load: %+v", first)
	}
	before := state(t, db)
	again := ing.Ingest(ctx, in)
	if len(again) != 1 || again[0].Status != StatusSame {
		t.Fatalf("second load: %+v", again)
	}
	if !strings.Contains(strings.Join(again[0].Lines(), "\n"), "already imported") {
		t.Errorf("second load does not say it was already imported: %q", again[0].Lines())
	}
	if state(t, db) != before {
		t.Fatal("loading the same file twice changed the database")
	}
	if n := len(kept(t, db)); n != 1 {
		t.Fatalf("%d originals kept, want 1", n)
	}
}

// corrupt returns the X daily sample with one count on data line 17 made unreadable.
func corruptXDaily(t *testing.T) (string, []byte) {
	t.Helper()
	path := sharedExports + "x-daily-1/daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ls := strings.Split(string(raw), "\n")
	// Line 17 of the file: the 16th day. Its third field is impressions.
	fields := strings.Split(ls[16], ",")
	fields[2] = `"12x4"`
	ls[16] = strings.Join(fields, ",")
	return "daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv", []byte(strings.Join(ls, "\n"))
}

func TestBadRowRejectsTheWholeFile(t *testing.T) {
	ing, db, _ := testIngester(t, nil)
	ctx := context.Background()
	// Something already loaded, which must stay exactly as it is.
	if r := ing.Ingest(ctx, readInputs(t, sharedExports+"x-legacy-1")); r[0].Failed() || r[1].Failed() {
		t.Fatalf("setup: %v %v", r[0].Err, r[1].Err)
	}
	before := state(t, db)
	keptBefore := len(kept(t, db))

	name, data := corruptXDaily(t)
	res := ing.Ingest(ctx, []Input{{Name: name, Data: data}})
	if len(res) != 1 || res[0].Status != StatusFailed {
		t.Fatalf("result: %+v", res)
	}
	msg := res[0].Err.Error()
	for _, want := range []string{name, "line 17", "column 3", "(impressions)", `"12x4"`, "whole number", "--skip-bad-rows"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if !errors.Is(res[0].Err, ErrBadRows) {
		t.Errorf("error kind: %v", res[0].Err)
	}
	if state(t, db) != before {
		t.Fatal("a rejected file changed the database")
	}
	if len(kept(t, db)) != keptBefore {
		t.Fatal("a rejected file left its original behind")
	}

	// --skip-bad-rows loads the other 30 days and lists the reject.
	ing.opt.SkipBadRows = true
	res = ing.Ingest(ctx, []Input{{Name: name, Data: data}})
	if res[0].Status != StatusLoaded || res[0].Import.DaysNew != 30 || res[0].Import.Rejected != 1 || len(res[0].Rejects) != 1 {
		t.Fatalf("with --skip-bad-rows: %+v", res[0])
	}
	if res[0].Rejects[0].Line != 17 {
		t.Errorf("reject line %d, want 17", res[0].Rejects[0].Line)
	}
}

func TestUnknownAndSemicolonFiles(t *testing.T) {
	ing, db, _ := testIngester(t, nil)
	ctx := context.Background()
	before := state(t, db)
	res := ing.Ingest(ctx, []Input{
		{Name: "notes.csv", Data: []byte("Kunde,Betrag\nA,3\n")},
		{Name: "Overview.csv", Data: []byte("\"Date\";\"Video Views\";\"Profile Views\";\"Likes\";\"Comments\";\"Shares\"\r\n\"March 2\";\"0\";\"0\";\"0\";\"0\";\"0\"\r\n")},
	})
	if len(res) != 2 || !res[0].Failed() || !res[1].Failed() {
		t.Fatalf("results: %+v", res)
	}
	if m := res[0].Err.Error(); !strings.Contains(m, `"Kunde,Betrag"`) || !strings.Contains(m, "Supported exports") || !errors.Is(res[0].Err, ErrUnknownFormat) {
		t.Errorf("unknown file message: %q", m)
	}
	if m := res[1].Err.Error(); !strings.Contains(m, "';' separators") || !strings.Contains(m, "Overview.csv") {
		t.Errorf("semicolon file message: %q", m)
	}
	if state(t, db) != before {
		t.Fatal("rejected files changed the database")
	}
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTikTokZipResolvesItsAccount loads TikTok's files the way TikTok ships them: in a
// zip, where only Content.csv names the account (through its video links) and the
// daily files belong to it. A nested zip is opened too.
func TestTikTokZipResolvesItsAccount(t *testing.T) {
	ing, db, _ := testIngester(t, func(o *Options) { o.AsOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC) })
	ctx := context.Background()
	inner := zipOf(t, map[string][]byte{
		"Followers/FollowerHistory.csv": mustRead(t, sharedExports+"tiktok-1/FollowerHistory.csv"),
		"Followers/FollowerGender.csv":  mustRead(t, sharedExports+"tiktok-1/FollowerGender.csv"),
	})
	outer := zipOf(t, map[string][]byte{
		"Overview.csv":  mustRead(t, sharedExports+"tiktok-1/Overview.csv"),
		"Content.csv":   mustRead(t, sharedExports+"tiktok-1/Content.csv"),
		"followers.zip": inner,
	})
	res := ing.Ingest(ctx, []Input{{Name: "tiktok.zip", Data: outer}})
	byName := map[string]Result{}
	for _, r := range res {
		if r.Failed() {
			t.Errorf("%s: %v", r.Name, r.Err)
		}
		byName[r.Name] = r
	}
	if len(res) != 4 {
		t.Fatalf("%d results, want 4: %+v", len(res), res)
	}
	if r := byName["tiktok.zip/followers.zip/Followers/FollowerGender.csv"]; r.Status != StatusSkipped {
		t.Errorf("gender file: %+v", r)
	}
	for _, name := range []string{"tiktok.zip/Overview.csv", "tiktok.zip/followers.zip/Followers/FollowerHistory.csv"} {
		if r := byName[name]; len(r.Accounts) != 1 || r.Accounts[0] != "tiktok:sobat.ti" {
			t.Errorf("%s: accounts %v, want tiktok:sobat.ti", name, r.Accounts)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM accounts"); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
}

func TestDailyFileWithoutAccount(t *testing.T) {
	ctx := context.Background()
	ing, db, _ := testIngester(t, nil)
	before := state(t, db)
	res := ing.Ingest(ctx, readInputs(t, sharedExports+"tiktok-1/Overview.csv"))
	if !res[0].Failed() || !errors.Is(res[0].Err, ErrNeedAccount) || !strings.Contains(res[0].Err.Error(), "--account tiktok:HANDLE") {
		t.Fatalf("without an account: %+v", res[0])
	}
	if state(t, db) != before {
		t.Fatal("a rejected file changed the database")
	}
	ing.opt.Account = "tiktok:@praxis"
	res = ing.Ingest(ctx, readInputs(t, sharedExports+"tiktok-1/Overview.csv"))
	if res[0].Failed() || len(res[0].Accounts) != 1 || res[0].Accounts[0] != "tiktok:praxis" {
		t.Fatalf("with --account: %+v", res[0])
	}
	// An --account of another platform does not apply, and the message says so.
	ing2, _, _ := testIngester(t, func(o *Options) { o.Account = "instagram:praxis" })
	res = ing2.Ingest(ctx, readInputs(t, sharedExports+"tiktok-1/Overview.csv"))
	if !res[0].Failed() || !strings.Contains(res[0].Err.Error(), "tiktok figures (--account names a instagram account); say whose with --account tiktok:HANDLE") {
		t.Fatalf("wrong platform: %+v", res[0])
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	ing, db, _ := testIngester(t, func(o *Options) { o.DryRun = true })
	before := state(t, db)
	res := ing.Ingest(context.Background(), readInputs(t, sharedExports+"x-legacy-1"))
	if len(res) != 2 || res[0].Status != StatusDryRun || res[0].Import.PostsNew == 0 {
		t.Fatalf("dry run: %+v", res)
	}
	if state(t, db) != before || len(kept(t, db)) != 0 {
		t.Fatal("a dry run changed something")
	}
}

func TestReimportRebuildsTheSameData(t *testing.T) {
	// meta-instagram-1's post export names two accounts; its daily files are the first's.
	ing, db, _ := testIngester(t, func(o *Options) { o.Account = "instagram:orthodox_korea" })
	ctx := context.Background()
	for _, r := range ing.Ingest(ctx, readInputs(t, sharedExports+"x-legacy-1", sharedExports+"x-daily-1", sharedExports+"meta-instagram-1")) {
		if r.Failed() {
			t.Fatalf("%s: %v", r.Name, r.Err)
		}
	}
	before := state(t, db)
	n, err := ing.Reimport(ctx)
	if err != nil || n != 11 {
		t.Fatalf("reimport: %d files, %v", n, err)
	}
	if got := state(t, db); got != before {
		t.Fatalf("reimport changed the data:\n%s\nwas:\n%s", got, before)
	}
}

// TestReimportReadsOriginalsKeptOnDisk: imports from before migration 0006 have
// their originals under originals/ in the data directory, not in the database.
// Reimport reads those, and says which file is missing when one is gone.
func TestReimportReadsOriginalsKeptOnDisk(t *testing.T) {
	ing, db, dir := testIngester(t, nil)
	ctx := context.Background()
	in := readInputs(t, sharedExports+"x-daily-1")[0]
	if r := ing.Ingest(ctx, []Input{in}); len(r) != 1 || r[0].Failed() {
		t.Fatalf("ingest: %+v", r)
	}
	before := state(t, db)
	sum := sha256.Sum256(in.Data)
	sha := hex.EncodeToString(sum[:])
	rel := "originals/" + sha[:2] + "/" + sha + ".csv"
	if err := os.MkdirAll(filepath.Join(dir, "originals", sha[:2]), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), in.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("DELETE FROM originals; UPDATE imports SET stored_path = ?", rel); err != nil {
		t.Fatal(err)
	}
	if n, err := ing.Reimport(ctx); err != nil || n != 1 {
		t.Fatalf("reimport: %d files, %v", n, err)
	}
	if got := state(t, db); got != before {
		t.Fatalf("reimport changed the data:\n%s\nwas:\n%s", got, before)
	}

	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
	_, err := ing.Reimport(ctx)
	if err == nil || !strings.Contains(err.Error(), "the original of "+in.Name+" is missing") {
		t.Fatalf("reimport without the original: %v", err)
	}
	if got := state(t, db); got != before {
		t.Fatal("a failed reimport changed the data")
	}
}
