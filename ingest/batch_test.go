package ingest

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

// TestOneRunIsFilesInTurn: one run of many real exports loads them many to a
// transaction, and must leave what loading them one run per file leaves, with the
// same counts per file. Per-file --account and --as-of travel with the inputs.
func TestOneRunIsFilesInTurn(t *testing.T) {
	ctx := context.Background()
	var inputs []Input
	for _, dir := range []string{"x-daily-1", "x-legacy-1", "x-premium-1", "meta-instagram-1", "tiktok-1", "youtube-1", "linkedin-1", "facebook-legacy-1"} {
		for _, in := range readInputs(t, sharedExports+dir) {
			switch dir {
			case "meta-instagram-1":
				in.Account = "instagram:orthodox_korea" // its daily files name no account
			case "tiktok-1":
				in.Account, in.AsOf = "tiktok:praxis", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
			case "x-premium-1":
				in.Account = "x:praxis_premium"
			case "youtube-1":
				in.Account = "youtube:praxis"
			}
			inputs = append(inputs, in)
		}
	}
	together, dbTogether, _ := testIngester(t, nil)
	all := together.Ingest(ctx, inputs)
	loaded := 0
	for _, r := range all {
		if r.Failed() {
			t.Fatalf("%s: %v", r.Name, r.Err)
		}
		if r.Status == StatusLoaded {
			loaded++
		}
	}
	if loaded < 15 {
		t.Fatalf("only %d files loaded", loaded)
	}

	inTurn, dbInTurn, _ := testIngester(t, nil)
	byName := map[string]Input{}
	for _, in := range inputs {
		byName[in.Name] = in
	}
	for _, want := range all {
		got := inTurn.Ingest(ctx, []Input{byName[want.Name]})
		if len(got) != 1 || got[0].Status != want.Status {
			t.Fatalf("%s alone: %+v, together: %s", want.Name, got, want.Status)
		}
		g, w := got[0].Import, want.Import
		if [5]int{g.PostsNew, g.PostsUpdated, g.DaysNew, g.DaysUpdated, g.RowsRead} != [5]int{w.PostsNew, w.PostsUpdated, w.DaysNew, w.DaysUpdated, w.RowsRead} ||
			g.ID != w.ID || !g.AsOf.Equal(w.AsOf) || g.AccountFlag != w.AccountFlag {
			t.Errorf("%s: alone %+v\ntogether %+v", want.Name, g, w)
		}
	}
	if a, b := state(t, dbInTurn), state(t, dbTogether); a != b {
		t.Fatalf("one run per file:\n%s\none run:\n%s", a, b)
	}
	// The TikTok posts are as of the --as-of that came with them.
	if n := count(t, dbTogether, "SELECT count(*) FROM post_snapshots s JOIN accounts a ON a.id = s.account_id WHERE a.platform = 'tiktok' AND s.as_of = DATE '2026-10-01'"); n == 0 {
		t.Fatal("no TikTok snapshot as of the input's --as-of")
	}
}

// TestCopyInOneRun: the same bytes twice in one run load once; the copy is
// "already imported", with the first one's record.
func TestCopyInOneRun(t *testing.T) {
	ing, db, _ := testIngester(t, nil)
	in := readInputs(t, sharedExports+"x-daily-1")[0]
	again := Input{Name: "copy of " + filepath.Base(in.Name), Data: in.Data}
	res := ing.Ingest(context.Background(), []Input{in, again})
	if len(res) != 2 {
		t.Fatalf("%d results", len(res))
	}
	var first, copied Result
	for _, r := range res {
		if r.Name == again.Name {
			copied = r
		} else {
			first = r
		}
	}
	if first.Status != StatusLoaded || first.Import.DaysNew != 31 || copied.Status != StatusSame || copied.Import.ID != first.Import.ID {
		t.Fatalf("first %s (%d new days, id %d), copy %s (id %d)", first.Status, first.Import.DaysNew, first.Import.ID, copied.Status, copied.Import.ID)
	}
	if n := len(kept(t, db)); n != 1 {
		t.Fatalf("%d originals kept, want 1", n)
	}
}

// TestFailedChunkLoadsFileByFile: when a chunk's transaction fails, its files load
// one at a time: the file at fault is not loaded (and its original is taken back),
// the others land with their own counts.
func TestFailedChunkLoadsFileByFile(t *testing.T) {
	ctx := context.Background()
	ing, db, _ := testIngester(t, nil)
	acc := queries.Account{Platform: "x", Handle: "praxis"}
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	mk := func(name string, d int, v float64) *parsed {
		data := []byte(name)
		return &parsed{in: Input{Name: name, Data: data}, sha: strings.Repeat(name[:1], 64), format: "test",
			p: &Parsed{Platform: "x", Batch: queries.Batch{Daily: []queries.Daily{{Account: acc, Day: day(d), Metric: queries.MetricViews, Value: v}}}}}
	}
	a, b, c := mk("a.csv", 1, 10), mk("b.csv", 2, 20), mk("c.csv", 1, 11)
	var known []queries.Account
	for _, pf := range []*parsed{a, b, c} {
		if !ing.prepare(pf, &known) {
			t.Fatalf("%s: %v", pf.in.Name, pf.res.Err)
		}
	}
	// Past the checks a parser makes: a row whose account has no handle.
	b.p.Daily = append(b.p.Daily, queries.Daily{Account: queries.Account{Platform: "x"}, Day: day(3), Metric: queries.MetricViews, Value: 1})
	ing.loadChunk(ctx, []*parsed{a, b, c})

	if a.res.Status != StatusLoaded || a.res.Import.DaysNew != 1 || c.res.Status != StatusLoaded || c.res.Import.DaysUpdated != 1 {
		t.Fatalf("a: %s %+v; c: %s %+v", a.res.Status, a.res.Import, c.res.Status, c.res.Import)
	}
	if b.res.Status != StatusFailed || !strings.Contains(b.res.Err.Error(), "b.csv: stage accounts: b.csv: an account of x has no handle") {
		t.Fatalf("b: %s %v", b.res.Status, b.res.Err)
	}
	if got, want := kept(t, db), []string{a.sha, c.sha}; !slices.Equal(got, want) {
		t.Fatalf("originals kept: %v, want a's and c's %v", got, want)
	}
	want := "x|praxis|\n--\n--\n--\nx|praxis|2025-03-01T00:00:00Z|views|11|\n--\na.csv|test|0|\nc.csv|test|0|\n--\n"
	if got := state(t, db); got != want {
		t.Fatalf("database:\n%s", got)
	}
}

// TestProgressReachesTheTotal: every file counts towards progress, whatever becomes
// of it (loaded, already imported, a copy, unreadable), and it ends at the total.
func TestProgressReachesTheTotal(t *testing.T) {
	var done, total int64
	calls := 0
	ing, _, _ := testIngester(t, func(o *Options) {
		o.Progress = func(d, tot int64) {
			if d < done {
				t.Errorf("progress went back from %d to %d", done, d)
			}
			done, total, calls = d, tot, calls+1
		}
	})
	ctx := context.Background()
	daily := readInputs(t, sharedExports+"x-daily-1")[0]
	ing.Ingest(ctx, []Input{daily})
	done, calls = 0, 0
	tweets := readInputs(t, sharedExports+"x-legacy-1")
	inputs := append([]Input{daily, {Name: "copy.csv", Data: tweets[0].Data}, {Name: "junk.csv", Data: []byte("a;b\n1;2\n")}}, tweets...)
	var want int64
	for _, in := range inputs {
		want += int64(len(in.Data))
	}
	ing.Ingest(ctx, inputs)
	if done != want || total != want || calls != len(inputs) {
		t.Fatalf("progress ended at %d of %d after %d calls; want %d of %d after %d", done, total, calls, want, want, len(inputs))
	}
}
