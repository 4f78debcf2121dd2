package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"pulse/ingest"
)

// progressThreshold is how large an input must be before a progress bar is worth it.
const progressThreshold = 8 << 20

func (a *App) cmdIngest(ctx context.Context, args []string) error {
	fs := a.flags("ingest", "[--account platform:handle] [--as-of YYYY-MM-DD] [--dry-run] [--skip-bad-rows] PATH...")
	account := fs.String("account", "", "the account (platform:handle) of files that name none, like instagram:mypractice")
	asOf := fs.String("as-of", "", "the day the export was downloaded, YYYY-MM-DD (default: today)")
	dry := fs.Bool("dry-run", false, "read and count everything, change nothing")
	skip := fs.Bool("skip-bad-rows", false, "load the readable rows of a file and list the rejected ones")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("ingest needs at least one file, folder or zip archive")
	}
	opt := ingest.Options{DataDir: a.cfg.DataDir, Account: *account, DryRun: *dry, SkipBadRows: *skip, Now: a.now}
	if *account != "" {
		if _, err := ingest.ParseAccountFlag(*account); err != nil {
			return usageError{err.Error()}
		}
	}
	if *asOf != "" {
		d, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			return usagef("--as-of %q: expected a date like 2025-04-14", *asOf)
		}
		opt.AsOf = d
	}
	inputs, err := ingest.ReadPaths(fs.Args())
	if err != nil {
		return usageError{err.Error()}
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := a.practice(ctx, db)
	if err != nil {
		return err
	}
	opt.Location = p.Location
	opt.Progress = a.progress(inputs)

	results := ingest.New(db, opt).Ingest(ctx, inputs)
	failed := 0
	for _, r := range results {
		fmt.Fprintln(a.stdout, strings.Join(r.Lines(), "\n"))
		if r.Failed() {
			failed++
		}
	}
	fmt.Fprintf(a.stdout, "%d file(s): %d not loaded\n", len(results), failed)
	if failed > 0 {
		return errSomeFailed
	}
	return nil
}

// progress returns a progress callback drawing a bar on a terminal for large inputs,
// and nil (no bar, no escape codes) when output goes to a file or pipe.
func (a *App) progress(inputs []ingest.Input) func(done, total int64) {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var total int64
	for _, in := range inputs {
		total += int64(len(in.Data))
	}
	if total < progressThreshold {
		return nil
	}
	bar := progressbar.DefaultBytes(total, "loading")
	return func(done, _ int64) { bar.Set64(done) }
}

func (a *App) cmdReimport(ctx context.Context, args []string) error {
	fs := a.flags("reimport", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := a.practice(ctx, db)
	if err != nil {
		return err
	}
	n, err := ingest.New(db, ingest.Options{DataDir: a.cfg.DataDir, Location: p.Location, Now: a.now}).Reimport(ctx)
	if err != nil {
		return fmt.Errorf("reimport failed and changed nothing: %w", err)
	}
	fmt.Fprintf(a.stdout, "Rebuilt the data from %d kept file(s).\n", n)
	return nil
}
