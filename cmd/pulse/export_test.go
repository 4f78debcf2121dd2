package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportParquetCommand(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := run(t, dir, "export"); code != 2 || !strings.Contains(errOut, "--parquet DIR") {
		t.Fatalf("without --parquet: exit %d, %q", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "lake")
	stdout, errOut, code := run(t, dir, "export", "--parquet", out)
	if code != 0 || !strings.Contains(stdout, "Wrote accounts.parquet") {
		t.Fatalf("exit %d, %q, %q", code, stdout, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "accounts.parquet")); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := run(t, dir, "export", "--parquet", out); code != 1 || !strings.Contains(errOut, "must be new or empty") {
		t.Fatalf("into a full directory: exit %d, %q", code, errOut)
	}
}
