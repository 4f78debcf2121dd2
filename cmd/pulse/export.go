package main

import (
	"context"
	"fmt"
)

const exportArgs = "--parquet DIR"

// cmdExport writes the canonical tables as Parquet for engines beyond one machine.
func (a *App) cmdExport(ctx context.Context, args []string) error {
	fs := a.flags("export", exportArgs)
	dir := fs.String("parquet", "", "a new or empty directory to write the tables into as Parquet")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *dir == "" {
		return usagef("export takes --parquet DIR (a new or empty directory) and nothing else")
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ExportParquet(ctx, *dir); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote accounts.parquet, posts/, post_snapshots/ and daily_metrics/ to %s "+
		"(hive-partitioned: platform=…/month=YYYY-MM/).\n", *dir)
	return nil
}
