package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"pulse/ingest"
	"pulse/ingest/synth"
	"pulse/queries"
)

// demoZone is the demo practice's time zone.
const demoZone = "Europe/Berlin"

// makeDemo fills an empty database with 18 months of a made-up practice: it writes
// the platforms' own export files under dataDir/demo-exports and loads them with the
// real ingest, export by export, as a practice downloading monthly would.
func makeDemo(ctx context.Context, db *queries.DB, dataDir string, now time.Time) (int, error) {
	loc, err := time.LoadLocation(demoZone)
	if err != nil {
		return 0, err
	}
	for k, v := range map[string]string{queries.SettingName: "Praxis Nord (demo)", queries.SettingTimeZone: demoZone} {
		if err := db.SetSetting(ctx, k, v); err != nil {
			return 0, err
		}
	}
	yesterday := now.In(loc).AddDate(0, 0, -1)
	exports, err := synth.Generate(synth.Config{Seed: 7, End: yesterday, Months: 18, Loc: loc, Handle: "praxis.nord"})
	if err != nil {
		return 0, err
	}
	root := filepath.Join(dataDir, "demo-exports")
	files := 0
	for _, ex := range exports {
		var inputs []ingest.Input
		for _, f := range ex.Files {
			p := filepath.Join(root, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return files, err
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				return files, err
			}
			inputs = append(inputs, ingest.Input{Name: p, Data: f.Data})
		}
		ing := ingest.New(db, ingest.Options{
			DataDir: dataDir, Location: loc, AsOf: ex.AsOf, Account: ex.Platform + ":" + synth.AccountHandle(ex.Platform, "praxis.nord"),
			Now: func() time.Time { return now },
		})
		for _, r := range ing.Ingest(ctx, inputs) {
			if r.Failed() {
				return files, fmt.Errorf("demo data did not load: %w", r.Err)
			}
			files++
		}
	}
	return files, nil
}
