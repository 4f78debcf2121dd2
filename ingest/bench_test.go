package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"pulse/ingest/synth"
	"pulse/queries"
)

// benchInput is one export file of the agency bench, with what ingest needs to know.
type benchInput struct {
	in      Input
	asOf    time.Time
	account string
}

// agencyInputs returns, per format, the files of the first export of one account per
// platform of the bench's agency (9 months of daily data, zips unpacked).
func agencyInputs(b *testing.B) (map[string][]benchInput, []string) {
	b.Helper()
	accounts, err := synth.Agency(len(synth.AllPlatforms), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	out := map[string][]benchInput{}
	for _, acc := range accounts {
		ex := acc.Exports[0]
		for _, f := range ex.Files {
			ins := []Input{{Name: f.Name, Data: f.Data}}
			if filepath.Ext(f.Name) == ".zip" {
				ins = nil
				zr, _ := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
				for _, zf := range zr.File {
					rc, _ := zf.Open()
					data, _ := io.ReadAll(rc)
					rc.Close()
					ins = append(ins, Input{Name: f.Name + "/" + zf.Name, Data: data})
				}
			}
			for _, in := range ins {
				_, fm, err := detectAndParse(in, &parseContext{Loc: time.UTC, AsOf: ex.AsOf, AsOfGiven: true})
				if err != nil {
					b.Fatal(err)
				}
				out[fm.ID] = append(out[fm.ID], benchInput{in: in, asOf: ex.AsOf, account: acc.AccountFlag()})
			}
		}
	}
	ids := make([]string, 0, len(out))
	for id := range out {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return out, ids
}

// BenchmarkParse detects and parses one export file per iteration, per format, and
// reports rows read per second.
func BenchmarkParse(b *testing.B) {
	inputs, ids := agencyInputs(b)
	for _, id := range ids {
		b.Run(id, func(b *testing.B) {
			rows := 0
			for i := 0; b.Loop(); i++ {
				bi := inputs[id][i%len(inputs[id])]
				p, _, err := detectAndParse(bi.in, &parseContext{Loc: time.UTC, AsOf: bi.asOf, AsOfGiven: true})
				if err != nil {
					b.Fatal(err)
				}
				rows += p.RowsRead
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkIngestFile runs the whole ingest of one file per iteration (detect, parse,
// load in one transaction) as a dry run, which loads everything and rolls it back.
func BenchmarkIngestFile(b *testing.B) {
	inputs, ids := agencyInputs(b)
	db, err := queries.Open(context.Background(), filepath.Join(b.TempDir(), "pulse.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, id := range ids {
		b.Run(id, func(b *testing.B) {
			rows := 0
			for i := 0; b.Loop(); i++ {
				bi := inputs[id][i%len(inputs[id])]
				ing := New(db, Options{DataDir: b.TempDir(), Location: time.UTC, AsOf: bi.asOf, Account: bi.account, DryRun: true})
				res := ing.Ingest(context.Background(), []Input{bi.in})
				if res[0].Status != StatusDryRun {
					b.Fatal(res[0].Lines())
				}
				rows += res[0].Import.RowsRead
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkIngestRun loads every file of a format from a 20-account agency (all four
// exports of each) in one ingest run into a fresh database, as `pulse bench` step 1
// does at scale 20, and reports rows per second.
func BenchmarkIngestRun(b *testing.B) {
	accounts, err := synth.Agency(20, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	byFormat := map[string][]Input{}
	for _, acc := range accounts {
		for _, ex := range acc.Exports {
			for _, f := range ex.Files {
				ins, _ := expand([]Input{{Name: acc.Handle + "/" + f.Name, Data: f.Data}})
				for _, in := range ins {
					id, err := Detect(in)
					if err != nil {
						b.Fatal(err)
					}
					in.AsOf, in.Account = ex.AsOf, acc.AccountFlag()
					byFormat[id] = append(byFormat[id], in)
				}
			}
		}
	}
	ids := make([]string, 0, len(byFormat))
	for id := range byFormat {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		b.Run(id, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir()
				db, err := queries.Open(context.Background(), filepath.Join(dir, "pulse.duckdb"))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for _, r := range New(db, Options{DataDir: dir, Location: time.UTC}).Ingest(context.Background(), byFormat[id]) {
					if r.Status != StatusLoaded {
						b.Fatal(r.Lines())
					}
					rows += r.Import.RowsRead
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
