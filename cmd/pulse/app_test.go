package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

const shared = "../../../shared/exports/"

// run invokes pulse as a user would, with PULSE_DATA pointing at dir.
func run(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := func(k string) string {
		if k == "PULSE_DATA" {
			return dir
		}
		return ""
	}
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, env)
	return out.String(), errb.String(), code
}

func TestHelpListsCommands(t *testing.T) {
	out, _, code := run(t, t.TempDir(), "help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "  "+c.name) {
			t.Errorf("help lacks %s", c.name)
		}
	}
	if _, errOut, code := run(t, t.TempDir(), "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
}

func TestIngestExitCodesAndWords(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  []string
		stderr  string
		dataDir bool
	}{
		{"no paths", []string{"ingest"}, 2, nil, "at least one file", false},
		{"bad as-of", []string{"ingest", "--as-of", "14.04.2025", shared + "x-daily-1"}, 2, nil, "--as-of", false},
		{"bad account", []string{"ingest", "--account", "praxis", shared + "x-daily-1"}, 2, nil, "platform:handle", false},
		{"missing path", []string{"ingest", filepath.Join(dir, "nope.csv")}, 2, nil, "nope.csv", false},
		{"loads", []string{"ingest", shared + "x-daily-1"}, 0, []string{"loaded", "x:LisaDeBruine", "rows read 31 · posts 0 new, 0 updated · days 31 new, 0 updated · 0 rejected"}, "", true},
		{"again", []string{"ingest", shared + "x-daily-1"}, 0, []string{"already imported"}, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := run(t, dir, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr lacks %q: %s", tc.stderr, errOut)
			}
			if _, err := os.Stat(filepath.Join(dir, "pulse.duckdb")); (err == nil) != tc.dataDir {
				t.Errorf("database exists: %v, want %v", err == nil, tc.dataDir)
			}
		})
	}

	// A rejected file: exit 1, and the words name the problem.
	bad := filepath.Join(t.TempDir(), "ledger.csv")
	os.WriteFile(bad, []byte("Kunde;Betrag\nA;3\n"), 0o644)
	out, _, code := run(t, dir, "ingest", bad)
	if code != 1 || !strings.Contains(out, "not loaded") || !strings.Contains(out, "';' separators") {
		t.Fatalf("rejected file: exit %d\n%s", code, out)
	}
	out, _, code = run(t, dir, "imports")
	if code != 0 || !strings.Contains(out, "daily_tweet_activity_metrics_LisaDeBruine") || strings.Contains(out, "ledger") {
		t.Fatalf("imports: exit %d\n%s", code, out)
	}
}

func TestSettingsValidateTimeZone(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := run(t, dir, "settings", "--tz", "Mars/Olympus"); code != 2 || !strings.Contains(errOut, "not a time zone") {
		t.Fatalf("bad zone: exit %d %q", code, errOut)
	}
	out, _, code := run(t, dir, "settings", "--name", "Praxis Nord", "--tz", "Europe/Berlin", "--min-reach", "50")
	if code != 0 || !strings.Contains(out, "Praxis Nord") || !strings.Contains(out, "Europe/Berlin") || !strings.Contains(out, "min reach:  50") {
		t.Fatalf("settings: exit %d\n%s", code, out)
	}
}

func TestDemoLoadsEveryPlatform(t *testing.T) {
	dir := t.TempDir()
	db := openForTest(t, dir)
	n, err := makeDemo(context.Background(), db, dir, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if n < 18*5 {
		t.Fatalf("%d files loaded", n)
	}
	var platforms int
	db.SQL().QueryRow("SELECT count(DISTINCT platform) FROM accounts").Scan(&platforms)
	var accounts int
	db.SQL().QueryRow("SELECT count(*) FROM accounts").Scan(&accounts)
	if platforms != 5 || accounts != 5 {
		t.Fatalf("%d platforms, %d accounts; want 5 and 5", platforms, accounts)
	}
}

func openForTest(t *testing.T, dir string) *queries.DB {
	t.Helper()
	db, err := queries.Open(context.Background(), filepath.Join(dir, "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
