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
