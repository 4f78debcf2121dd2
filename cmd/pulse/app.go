package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/queries"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // something was rejected or went wrong
	exitUsage = 2 // the command line was wrong
)

// Config is everything pulse is told from the outside: flags, and PULSE_* variables
// as their defaults. It is filled here and passed down; nothing reads the
// environment anywhere else.
type Config struct {
	DataDir string // --data, PULSE_DATA
	Addr    string // --addr, PULSE_ADDR: where serve and demo listen

	// Access (access.go): sign-in, TLS and the address share links point to.
	RequireLogin    bool   // --require-login, PULSE_REQUIRE_LOGIN: sign-in even on loopback
	TLSCert, TLSKey string // --tls-cert, --tls-key, PULSE_TLS_CERT, PULSE_TLS_KEY: serve HTTPS
	PublicURL       string // --public-url, PULSE_PUBLIC_URL: how consultants reach pulse
}

// DBPath is the database file inside the data directory.
func (c Config) DBPath() string { return filepath.Join(c.DataDir, "pulse.duckdb") }

// App is one invocation of pulse.
type App struct {
	cfg    Config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time
	sleep  report.Sleeper // how the report schedule waits; tests move a fake clock
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errSomeFailed means the command ran but something in it was rejected: exit status 1.
var errSomeFailed = errors.New("some input was rejected")

type command struct {
	name    string
	args    string
	summary string
	run     func(a *App, ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "[--addr 127.0.0.1:8080] [--require-login] [--tls-cert FILE --tls-key FILE] [--public-url URL]", "serve the dashboard", (*App).cmdServe},
		{"demo", "[--addr 127.0.0.1:8080]", "make a demo practice (once) and serve it", (*App).cmdDemo},
		{"ingest", "[--account platform:handle] [--as-of YYYY-MM-DD] [--dry-run] [--skip-bad-rows] PATH...", "load export files, folders or zip archives", (*App).cmdIngest},
		{"imports", "", "list the import history", (*App).cmdImports},
		{"reimport", "", "rebuild all data from the kept original files", (*App).cmdReimport},
		{"settings", "[--name NAME] [--tz ZONE] [--min-reach N] [--report-schedule CRON]", "show or change the practice settings", (*App).cmdSettings},
		{"summary", summaryArgs, "a period's KPIs against the previous period and a year earlier", (*App).cmdSummary},
		{"report", reportArgs, "write a month's (or any range's) XLSX report", (*App).cmdReport},
		{"note", noteArgs, "add, list or remove the practice's own notes on days", (*App).cmdNote},
		{"passwd", "", "set the owner's password for signing in to the dashboard", (*App).cmdPasswd},
		{"share", shareArgs, "create, list or revoke a consultant's read-only share link", (*App).cmdShare},
		{"export", exportArgs, "write the tables as Parquet, partitioned by platform and month", (*App).cmdExport},
		{"bench", benchArgs, "measure speed and memory on a made-up agency against targets", (*App).cmdBench},
		{"help", "", "show this list", (*App).cmdHelp},
	}
}

// Run is pulse with its arguments and surroundings; main only calls it, tests too.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &App{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now, sleep: report.Sleep}
	a.cfg.DataDir = envOr(getenv, "PULSE_DATA", "pulse-data")
	a.cfg.Addr = envOr(getenv, "PULSE_ADDR", "127.0.0.1:8080")
	a.cfg.accessFromEnv(getenv)
	if len(args) == 0 {
		a.cmdHelp(ctx, nil)
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" {
		name = "help"
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(a, ctx, args[1:])
			return a.exitCode(err)
		}
	}
	fmt.Fprintf(stderr, "pulse: unknown command %q; `pulse help` lists them\n", name)
	return exitUsage
}

func (a *App) exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintln(a.stderr, "pulse:", err)
		return exitUsage
	case errors.Is(err, errSomeFailed):
		return exitFail
	default:
		fmt.Fprintln(a.stderr, "pulse:", err)
		return exitFail
	}
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// flags starts a subcommand's flag set with the options every subcommand shares.
func (a *App) flags(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("pulse "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.StringVar(&a.cfg.DataDir, "data", a.cfg.DataDir, "data directory (env PULSE_DATA)")
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "usage: pulse %s [--data DIR] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning flag mistakes into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	// Go's flag package stops at the first non-flag; allow flags after paths too.
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, rest...))
}

// openDB opens the database, creating the data directory on first use.
func (a *App) openDB(ctx context.Context) (*queries.DB, error) {
	if err := os.MkdirAll(a.cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	return queries.Open(ctx, a.cfg.DBPath())
}

func (a *App) cmdHelp(ctx context.Context, args []string) error {
	w := a.stdout
	fmt.Fprintln(w, "pulse: engagement analytics for a practice's social media")
	fmt.Fprintln(w, "\nusage: pulse COMMAND [--data DIR] [options]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n`pulse COMMAND --help` shows a command's options.")
	fmt.Fprintln(w, "The data directory is ./pulse-data unless --data or PULSE_DATA says otherwise.")
	return nil
}

// practice reads the stored settings, with the machine's time zone as the default.
func (a *App) practice(ctx context.Context, db *queries.DB) (analytics.Practice, error) {
	return analytics.LoadPractice(ctx, db, systemTimeZone(a.getenv))
}

// systemTimeZone is the machine's IANA time zone name, or UTC.
func systemTimeZone(getenv func(string) string) string {
	if tz := getenv("TZ"); tz != "" {
		if _, err := time.LoadLocation(strings.TrimPrefix(tz, ":")); err == nil {
			return strings.TrimPrefix(tz, ":")
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if tz := strings.TrimSpace(string(b)); tz != "" {
			if _, err := time.LoadLocation(tz); err == nil {
				return tz
			}
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, tz, ok := strings.Cut(target, "zoneinfo/"); ok {
			if _, err := time.LoadLocation(tz); err == nil {
				return tz
			}
		}
	}
	return "UTC"
}

func (a *App) cmdSettings(ctx context.Context, args []string) error {
	const settingsArgs = "[--name NAME] [--tz ZONE] [--min-reach N] [--report-schedule CRON]"
	fs := a.flags("settings", settingsArgs)
	name := fs.String("name", "", "the practice's name, as reports show it")
	tz := fs.String("tz", "", "the practice's time zone, like Europe/Berlin")
	minReach := fs.Int("min-reach", -1, "the reach (or views) a post needs to rank as top content")
	schedule := fs.String("report-schedule", "", "when `pulse serve` writes last month's report, as cron in the practice's time zone (default \"0 7 1 * *\": 07:00 on the 1st)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("settings takes no arguments, only options: %s", settingsArgs)
	}
	if *schedule != "" {
		if _, err := report.ParseSchedule(*schedule); err != nil {
			return usageError{err.Error()}
		}
	}
	if *tz != "" {
		if _, err := time.LoadLocation(*tz); err != nil || strings.EqualFold(*tz, "local") {
			return usagef("--tz %q is not a time zone name; use one like Europe/Berlin or America/New_York", *tz)
		}
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	set := func(k, v string) error { return db.SetSetting(ctx, k, v) }
	if *name != "" {
		if err := set(queries.SettingName, *name); err != nil {
			return err
		}
	}
	if *tz != "" {
		if err := set(queries.SettingTimeZone, *tz); err != nil {
			return err
		}
	}
	if *minReach >= 0 {
		if err := set(queries.SettingMinReach, fmt.Sprint(*minReach)); err != nil {
			return err
		}
	}
	if *schedule != "" {
		if err := set(queries.SettingReportSchedule, *schedule); err != nil {
			return err
		}
	}
	p, err := a.practice(ctx, db)
	if err != nil {
		return err
	}
	name2 := p.Name
	if name2 == "" {
		name2 = "(not set: pulse settings --name \"...\")"
	}
	fmt.Fprintf(a.stdout, "practice:   %s\ntime zone:  %s\nmin reach:  %d\nreports:    %s (cron, %s), into %s\ndata:       %s\n",
		name2, p.TimeZone, p.MinReach, p.ReportSchedule, p.TimeZone, a.cfg.reportsDir(), a.cfg.DataDir)
	return nil
}

func (a *App) cmdImports(ctx context.Context, args []string) error {
	fs := a.flags("imports", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Imports(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, "No imports yet. Load your exports with `pulse ingest FILE...`.")
		return nil
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	for _, im := range list {
		fmt.Fprintf(a.stdout, "#%d  %s  %s\n", im.ID, im.FinishedAt.Local().Format("2006-01-02 15:04"), im.FileName)
		fmt.Fprintf(a.stdout, "     %s · %s · as of %s · rows %d · posts %d new, %d updated · days %d new, %d updated · %d rejected\n",
			im.Format, im.Account, im.AsOf.Format("2006-01-02"), im.RowsRead, im.PostsNew, im.PostsUpdated, im.DaysNew, im.DaysUpdated, im.Rejected)
	}
	return nil
}
