package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"pulse/analytics"
	"pulse/dashboard"
	"pulse/ingest"
	"pulse/queries"
)

// uploadLimit is the most the Imports page accepts in one upload.
const uploadLimit = 64 << 20

// importer connects the dashboard's Imports page to the real ingest, so that the
// dashboard itself depends on analytics only.
type importer struct {
	db      *queries.DB
	dataDir string
	loc     *time.Location
	now     func() time.Time
}

func (im importer) Import(ctx context.Context, files []dashboard.Upload) []dashboard.UploadResult {
	inputs := make([]ingest.Input, len(files))
	for i, f := range files {
		inputs[i] = ingest.Input{Name: f.Name, Data: f.Data}
	}
	res := ingest.New(im.db, ingest.Options{DataDir: im.dataDir, Location: im.loc, Now: im.now}).Ingest(ctx, inputs)
	out := make([]dashboard.UploadResult, len(res))
	for i, r := range res {
		out[i] = dashboard.UploadResult{Name: r.Name, Failed: r.Failed(), Lines: r.Lines()}
	}
	return out
}

func (im importer) History(ctx context.Context) ([]dashboard.ImportRow, error) {
	list, err := im.db.Imports(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]dashboard.ImportRow, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- { // newest first
		m := list[i]
		out = append(out, dashboard.ImportRow{ID: m.ID, When: m.FinishedAt.In(im.loc), File: m.FileName, Format: m.Format,
			Account: m.Account, Rows: m.RowsRead, PostsNew: m.PostsNew, PostsUpdated: m.PostsUpdated, DaysNew: m.DaysNew,
			DaysUpdated: m.DaysUpdated, Rejected: m.Rejected})
	}
	return out, nil
}

// serve runs the dashboard on db at a.cfg.Addr until ctx ends. ready, when set, is
// told the URL once the server answers (tests start it on port 0).
func (a *App) serve(ctx context.Context, db *queries.DB, ready func(url string)) error {
	p, err := a.practice(ctx, db)
	if err != nil {
		return err
	}
	sch, err := scheduleOf(p)
	if err != nil {
		return err
	}
	requireLogin, err := a.requireLogin(ctx, db)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(a.stderr, nil))
	an := analytics.New(db, p)
	reports := a.reports(an, logger)
	srv, err := dashboard.New(dashboard.Config{MaxUploadBytes: uploadLimit, Now: a.now, Logger: logger,
		Reports: reports, ReportSchedule: &sch, Cache: true,
		RequireLogin: requireLogin, SecureCookies: a.cfg.TLSCert != "", PublicURL: strings.TrimSuffix(a.cfg.PublicURL, "/")},
		an, importer{db: db, dataDir: a.cfg.DataDir, loc: p.Location, now: a.now})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another pulse already serving there? choose another with --addr)", a.cfg.Addr, err)
	}
	l, secure, err := a.listenTLS(l)
	if err != nil {
		return err
	}
	url := "http://" + l.Addr().String() + "/"
	if secure {
		url = "https://" + l.Addr().String() + "/"
	}
	fmt.Fprintf(a.stdout, "pulse is serving %s's dashboard at %s (Ctrl-C stops it)\n", orDefault(p.Name, "the practice"), url)
	if ready != nil {
		ready(url)
	}
	// The schedule runs beside the server and stops with it.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	scheduled := make(chan error, 1)
	go func() { scheduled <- reports.RunSchedule(ctx, sch, a.sleep) }()
	err = srv.Serve(ctx, l)
	stop()
	return errors.Join(err, <-scheduled)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func (a *App) cmdServe(ctx context.Context, args []string) error {
	fs := a.flags("serve", "[--addr 127.0.0.1:8080]")
	fs.StringVar(&a.cfg.Addr, "addr", a.cfg.Addr, "address to listen on (env PULSE_ADDR); loopback keeps it on this machine")
	a.serveFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return a.serve(ctx, db, nil)
}

// cmdDemo makes (once) and serves a demo practice in its own data directory.
func (a *App) cmdDemo(ctx context.Context, args []string) error {
	if a.getenv("PULSE_DATA") == "" {
		a.cfg.DataDir = "pulse-demo"
	}
	fs := a.flags("demo", "[--addr 127.0.0.1:8080]")
	fs.StringVar(&a.cfg.Addr, "addr", a.cfg.Addr, "address to listen on (env PULSE_ADDR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	done, err := db.Imports(ctx)
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintf(a.stdout, "Writing 18 months of demo exports into %s and importing them…\n", a.cfg.DataDir)
		start := time.Now()
		n, err := makeDemo(ctx, db, a.cfg.DataDir, a.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Imported %d demo files in %.1fs.\n", n, time.Since(start).Seconds())
	} else {
		fmt.Fprintf(a.stdout, "Using the demo practice in %s (delete the folder for a fresh one).\n", a.cfg.DataDir)
	}
	return a.serve(ctx, db, nil)
}
