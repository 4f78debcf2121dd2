package queries

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenMigratesOnceAndRefusesNewerFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pulse.duckdb")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.schemaVersion(ctx)
	if err != nil || v != SchemaVersion() || v < 1 {
		t.Fatalf("schema version %d, %v; want %d", v, err, SchemaVersion())
	}
	if err := db.SetSetting(ctx, SettingName, "Praxis Nord"); err != nil {
		t.Fatal(err)
	}
	// A newer pulse recorded a migration this build does not know.
	if _, err := db.sql.Exec(recordMigration(), SchemaVersion()+1, "9999_future.sql", time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	_, err = Open(ctx, path)
	if !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "install the newer pulse") {
		t.Fatalf("opening a newer file: %v", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pulse.duckdb")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetSetting(ctx, SettingTimeZone, "Europe/Berlin")
	db.SetSetting(ctx, SettingTimeZone, "Europe/Vienna")
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil || s[SettingTimeZone] != "Europe/Vienna" || len(s) != 1 {
		t.Fatalf("settings after reopen: %v %v", s, err)
	}
}

// TestLockedByAnotherProcess opens the file in a child process (DuckDB's lock is
// per process) and checks the message says what to do, without DuckDB's raw words.
func TestLockedByAnotherProcess(t *testing.T) {
	if path := os.Getenv("PULSE_TEST_HOLD_DB"); path != "" {
		db, err := Open(context.Background(), path)
		if err != nil {
			os.Exit(3)
		}
		defer db.Close()
		os.Stdout.WriteString("open\n")
		os.Stdin.Read(make([]byte, 1)) // hold the lock until the parent closes stdin
		return
	}
	path := filepath.Join(t.TempDir(), "pulse.duckdb")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestLockedByAnotherProcess$")
	cmd.Env = append(os.Environ(), "PULSE_TEST_HOLD_DB="+path)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf) != "open\n" {
		t.Fatalf("child did not open the database: %q %v", buf, err)
	}

	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("want ErrLocked, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"another pulse (process ", "Stop it first", "Imports page"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "IO Error") || strings.Contains(msg, "Conflicting lock") {
		t.Errorf("message shows DuckDB's raw error: %q", msg)
	}
}

// TestMigration5KeepsTheData: a database loaded under schema 4 (keyed tables) keeps
// every post, snapshot and daily value when 0005 drops the key indexes, 0007 gives
// each post its latest snapshot's figures, and loads into it afterwards still update
// rather than duplicate.
func TestMigration5KeepsTheData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pulse.duckdb")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// Schema 4: the three tables as 0001 made them, with their primary keys.
	ms, _ := migrations()
	for _, table := range []string{"posts", "post_snapshots", "daily_metrics"} {
		if _, err := db.sql.Exec("DROP TABLE " + table); err != nil {
			t.Fatal(err)
		}
	}
	init := ms[0].body[strings.Index(ms[0].body, "CREATE TABLE posts"):]
	if _, err := db.sql.Exec(init); err != nil {
		t.Fatal(err)
	}
	// Later migrations are undone too: they run again after 5.
	if _, err := db.sql.Exec("DROP TABLE originals; DROP MACRO follower_change; DROP MACRO follower_change_metric; DROP MACRO TABLE posts_published; DELETE FROM schema_migrations WHERE version >= 5"); err != nil {
		t.Fatal(err)
	}
	// What a load of one post (10 views as of 2 March) and one day wrote then; today's
	// load writes the columns of today's schema.
	for _, q := range []string{
		"INSERT INTO accounts (platform, handle, handle_key) VALUES ('instagram', 'praxis', 'praxis')",
		`INSERT INTO imports (file_name, sha256, size_bytes, stored_path, format, as_of, rows_read, posts_new,
		   posts_updated, days_new, days_updated, rejected, started_at, finished_at)
		 VALUES ('a.csv', 'a', 10, '', 't', '2025-03-02', 2, 1, 0, 1, 0, 0, now(), now())`,
		"INSERT INTO posts VALUES (1, 'p1', 'instagram', NULL, 'reel', NULL, 'hello', NULL, NULL, 1)",
		"INSERT INTO post_snapshots (account_id, post_id, as_of, import_id, views) VALUES (1, 'p1', '2025-03-02', 1, 10)",
		"INSERT INTO daily_metrics VALUES (1, '2025-03-01', 'reach', 40, 1)",
	} {
		if _, err := db.sql.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	var keys int
	db.sql.QueryRow("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND table_name IN ('posts', 'post_snapshots', 'daily_metrics')").Scan(&keys)
	if keys != 3 {
		t.Fatalf("schema 4 set up with %d primary keys, want 3", keys)
	}
	before := dump(t, db)
	db.Close()

	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.sql.QueryRow("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND table_name IN ('posts', 'post_snapshots', 'daily_metrics')").Scan(&keys)
	if got := dump(t, db); got != before || keys != 0 {
		t.Fatalf("after migration 5 (%d primary keys left):\n%s\nwas:\n%s", keys, got, before)
	}
	latest := func() string {
		var s string
		if err := db.sql.QueryRow("SELECT latest_as_of::VARCHAR || ' ' || latest_views FROM posts").Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := latest(); got != "2025-03-02 10" {
		t.Errorf("latest figures after migration 7: %s, want 2025-03-02 10", got)
	}
	ig := Account{Platform: "instagram", Handle: "praxis"}
	again := &Batch{
		Posts: []Post{{Account: ig, PostID: "p1", ContentType: "other", Metrics: Metrics{Views: n(12)}}},
		Daily: []Daily{{Account: ig, Day: day("2025-03-01"), Metric: MetricReach, Value: 41}},
	}
	imp := &Import{FileName: "b.csv", SHA256: "b", Format: "t", AsOf: day("2025-03-02")}
	if err := db.LoadBatch(ctx, imp, again, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "instagram | praxis | ∅ | ∅\n--\ninstagram | p1 | ∅ | reel | hello | ∅\n--\np1 | 2025-03-02 | 12 | ∅ | ∅ | ∅\n--\n2025-03-01 | reach | 41\n--\na.csv | 1 | 0 | 1 | 0\nb.csv | 0 | 1 | 0 | 1\n--\n"
	if got := dump(t, db); got != want {
		t.Fatalf("a load after the migration:\n%s\nwant:\n%s", got, want)
	}
	if got := latest(); got != "2025-03-02 12" {
		t.Errorf("latest figures after the load: %s, want 2025-03-02 12", got)
	}
}

// TestOpenConfiguresDuckDB: every database pulse opens hands memory a statement no
// longer needs back beyond 8 MiB a thread, rather than DuckDB's default 128 MB.
func TestOpenConfiguresDuckDB(t *testing.T) {
	db := openTemp(t)
	var v string
	if err := db.sql.QueryRow("SELECT current_setting('allocator_flush_threshold')").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != "8.0 MiB" {
		t.Errorf("allocator_flush_threshold = %q, want 8.0 MiB", v)
	}
}
