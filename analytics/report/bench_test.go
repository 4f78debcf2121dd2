package report_test

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/ingest"
	"pulse/ingest/synth"
	"pulse/queries"
)

var (
	benchScale = flag.Int("report.scale", 20, "BenchmarkWrite: accounts of the made-up agency it loads")
	benchData  = flag.String("report.data", "", "BenchmarkWrite: use the database of this data directory (pulse bench --keep DIR) instead of making one up")
)

// benchAgency is a made-up agency's database, as `pulse bench` makes it (loaded
// through the real ingest), or the one in -report.data, and the month to report:
// the last whole month before the agency's end.
func benchAgency(b *testing.B) (*analytics.Analyzer, string) {
	b.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	end := time.Date(2026, 11, 20, 0, 0, 0, 0, loc)
	dir := *benchData
	if dir == "" {
		dir = b.TempDir()
	}
	db, err := queries.Open(ctx, filepath.Join(dir, "pulse.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if *benchData == "" {
		if err := db.SetSetting(ctx, queries.SettingTimeZone, "Europe/Berlin"); err != nil {
			b.Fatal(err)
		}
		accounts, err := synth.Agency(*benchScale, end, loc)
		if err != nil {
			b.Fatal(err)
		}
		for _, acc := range accounts {
			for _, ex := range acc.Exports {
				var in []ingest.Input
				for _, f := range ex.Files {
					in = append(in, ingest.Input{Name: f.Name, Data: f.Data})
				}
				ing := ingest.New(db, ingest.Options{DataDir: dir, Location: loc, AsOf: ex.AsOf, Account: acc.AccountFlag()})
				for _, r := range ing.Ingest(ctx, in) {
					if r.Failed() {
						b.Fatal(r.Lines())
					}
				}
			}
		}
	}
	p, err := analytics.LoadPractice(ctx, db, "Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	return analytics.New(db, p), end.AddDate(0, -1, 0).Format("2006-01")
}

// BenchmarkWrite times one month's report of a made-up agency (report.Write: the
// gathering and the workbook), reporting the cells it writes. The database stays
// open between runs, so DuckDB's caches are warm, unlike `pulse bench`'s report
// step, which writes one report in a fresh process.
func BenchmarkWrite(b *testing.B) {
	an, month := benchAgency(b)
	req, err := report.MonthRequest(month, nil)
	if err != nil {
		b.Fatal(err)
	}
	cells := 0
	reportCPU := cpuPerOp(b)
	for b.Loop() {
		if cells, err = report.Write(context.Background(), an, req, time.Now(), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cells), "cells/op")
	reportCPU()
}

// BenchmarkReads times what BenchmarkWrite spends in the report's statements alone
// (everything the workbook shows, read and computed; no cell written), on the same
// agency. It is the part of a report that the limit of `pulse bench`'s report step,
// excelize's StreamWriter writing as many cells with no queries, does not do: with
// 80,916 cells at scale 200 the limit takes 76-125 ms, and these reads alone take
// twice that or more (README, Performance).
func BenchmarkReads(b *testing.B) {
	an, month := benchAgency(b)
	req, err := report.MonthRequest(month, nil)
	if err != nil {
		b.Fatal(err)
	}
	reportCPU := cpuPerOp(b)
	for b.Loop() {
		if err := report.Read(context.Background(), an, req, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU()
}

// cpuPerOp starts counting the CPU the process uses, DuckDB's threads included (on
// two cores a report's time is bounded by half its CPU); the function it returns,
// called after the loop, reports it per run as cpu-ms/op.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime(b)
	return func() {
		b.ReportMetric(float64(cpuTime(b)-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// cpuTime is the CPU time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
