package queries

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrExportTarget means the directory given for an export cannot take it.
var ErrExportTarget = errors.New("the export directory must be new or empty")

// ParquetTables are the tables ExportParquet writes, each a directory (or, for the
// small accounts table, one file) under the export directory.
var ParquetTables = []string{"accounts.parquet", "posts", "post_snapshots", "daily_metrics"}

// ExportParquet writes the canonical tables as Parquet under dir, hive-partitioned
// by platform and month (platform=instagram/month=2025-04/…), so that engines such as
// Spark, Trino or ClickHouse can read pulse's data without pulse. dir must not exist
// or be empty; if the export fails, what it wrote is removed again.
//
// DuckDB binds COPY's target as a parameter, so paths are never spliced into SQL.
func (db *DB) ExportParquet(ctx context.Context, dir string) (err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("export to %s: %w", dir, err)
	}
	if entries, err := os.ReadDir(abs); err == nil && len(entries) > 0 {
		return fmt.Errorf("%w: %s already holds %d entries", ErrExportTarget, dir, len(entries))
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("export to %s: %w", dir, err)
	}
	if strings.ContainsRune(abs, 0) {
		return fmt.Errorf("%w: %q holds a NUL byte", ErrExportTarget, dir)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return fmt.Errorf("export to %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			for _, t := range ParquetTables {
				os.RemoveAll(filepath.Join(abs, t))
			}
		}
	}()
	steps := []struct {
		table string
		stmt  string
	}{
		{"accounts.parquet", exportAccountsParquet()},
		{"posts", exportPostsParquet()},
		{"post_snapshots", exportSnapshotsParquet()},
		{"daily_metrics", exportDailyParquet()},
	}
	for _, s := range steps {
		if _, err := db.sql.ExecContext(ctx, s.stmt, filepath.Join(abs, s.table)); err != nil {
			return fmt.Errorf("export %s: %w", s.table, err)
		}
	}
	return nil
}

func exportAccountsParquet() string  { return sqlText("exportAccountsParquet") }
func exportPostsParquet() string     { return sqlText("exportPostsParquet") }
func exportSnapshotsParquet() string { return sqlText("exportSnapshotsParquet") }
func exportDailyParquet() string     { return sqlText("exportDailyParquet") }

// LoadCSVTable reads the CSV file at path (a header line, then rows) into a new table
// with DuckDB's own CSV reader and returns how many rows it read. It is the limit
// `pulse bench` holds ingest against: the fastest way DuckDB itself knows to load
// the same rows and keep them. The table replaces the one before it.
func (db *DB) LoadCSVTable(ctx context.Context, path string) (int64, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, createCSVTable(), path); err != nil {
		return 0, fmt.Errorf("read %s with DuckDB: %w", path, err)
	}
	var n int64
	if err := conn.QueryRowContext(ctx, countCSVTable()).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the rows of %s: %w", path, err)
	}
	return n, nil
}

func createCSVTable() string { return sqlText("createCSVTable") }
func countCSVTable() string  { return sqlText("countCSVTable") }
