package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Settings keys stored in the database.
const (
	SettingName     = "name"      // the practice's name, shown on reports
	SettingTimeZone = "time_zone" // IANA name; the practice's days and hours
	SettingMinReach = "min_reach" // minimum reach for a post to rank as top content
	// SettingReportSchedule is when `pulse serve` writes last month's report: a cron
	// expression in the practice's time zone.
	SettingReportSchedule = "report_schedule"
)

// Settings returns every stored setting.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("Settings"))
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSetting stores one setting, replacing its old value.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if _, err := db.sql.ExecContext(ctx, sqlText("SetSetting"), key, value); err != nil {
		return fmt.Errorf("store setting %s: %w", key, err)
	}
	return nil
}

func scanImport(sc interface{ Scan(...any) error }) (Import, error) {
	var im Import
	var platform, account, flag, notes sql.NullString
	err := sc.Scan(&im.ID, &im.FileName, &im.SHA256, &im.SizeBytes, &im.StoredPath, &im.Format, &platform, &account,
		&flag, &im.AsOf, &im.RowsRead, &im.PostsNew, &im.PostsUpdated, &im.DaysNew, &im.DaysUpdated, &im.Rejected,
		&notes, &im.StartedAt, &im.FinishedAt)
	im.Platform, im.Account, im.AccountFlag, im.Notes = platform.String, account.String, flag.String, notes.String
	return im, err
}

// Original returns the kept bytes of the file with this SHA-256, as the importer
// handed them to LoadFiles (FileLoad.Original); ok is false when the database keeps
// none (files imported before migration 0006 are kept on disk).
func (db *DB) Original(ctx context.Context, sha string) (data []byte, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, sqlText("Original"), sha).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read the original of %s: %w", sha, err)
	}
	return data, true, nil
}

// ImportsBySHA finds the imports of files by their content hashes, in one query: an
// upload of thousands of files asks once.
func (db *DB) ImportsBySHA(ctx context.Context, shas []string) (map[string]Import, error) {
	out := map[string]Import{}
	if len(shas) == 0 {
		return out, nil
	}
	rows, err := db.sql.QueryContext(ctx, sqlText("ImportsBySHA"), shas)
	if err != nil {
		return nil, fmt.Errorf("look up imports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		im, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("look up imports: %w", err)
		}
		out[im.SHA256] = im
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up imports: %w", err)
	}
	return out, nil
}

// Imports lists the import history, oldest first.
func (db *DB) Imports(ctx context.Context) ([]Import, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("Imports"))
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		im, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, rows.Err()
}

// Accounts lists every known account.
func (db *DB) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("Accounts"))
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		var a Account
		var ext, name sql.NullString
		if err := rows.Scan(&a.Platform, &a.Handle, &ext, &name); err != nil {
			return nil, err
		}
		a.ExternalID, a.DisplayName = ext.String, name.String
		out = append(out, a)
	}
	return out, rows.Err()
}

// Rebuild empties posts, snapshots and daily metrics and loads every batch next
// yields in their place, under the import ids they already had, all in one
// transaction: a failure leaves the database as it was. Accounts keep their ids
// (links and filters name them); those no data refers to any more are dropped.
func (db *DB) Rebuild(ctx context.Context, next func() (*Import, *Batch, error)) error {
	db.loadMu.Lock()
	defer db.loadMu.Unlock()
	return db.inTx(ctx, func(tx *Tx) error {
		for _, stmt := range []string{clearSnapshots(), clearPosts(), clearDaily()} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("clear data: %w", err)
			}
		}
		// Files are reloaded in chunks, each as one load: a chunk sees the ones
		// before it, so the outcome is that of loading every file in turn.
		var chunk []FileLoad
		rows := 0
		flush := func() error {
			if err := tx.loadFiles(ctx, chunk); err != nil {
				return fmt.Errorf("reload %s…: %w", chunk[0].Import.FileName, err)
			}
			chunk, rows = nil, 0
			return nil
		}
		for {
			imp, b, err := next()
			if err != nil {
				return err
			}
			if imp == nil {
				if len(chunk) > 0 {
					if err := flush(); err != nil {
						return err
					}
				}
				_, err := tx.ExecContext(ctx, deleteOrphanAccounts())
				return err
			}
			imp.FinishedAt = time.Now().UTC()
			chunk = append(chunk, FileLoad{Import: imp, Batch: b})
			if rows += len(b.Posts) + len(b.Daily); rows >= LoadChunkRows {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	})
}

func clearSnapshots() string { return sqlText("clearSnapshots") }
func clearPosts() string     { return sqlText("clearPosts") }
func clearDaily() string     { return sqlText("clearDaily") }
func deleteOrphanAccounts() string {
	return sqlText("deleteOrphanAccounts")
}
