package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pulse/analytics"
	"pulse/dashboard"
	"pulse/queries"
)

const shareArgs = `create --label "..." [--expires 30d] [--from YYYY-MM-DD --to YYYY-MM-DD | --last 90d] [--platform P]... [--password] [--allow-reports] | list | revoke ID`

// cmdShare makes, lists and revokes the links through which a consultant sees the
// practice's numbers.
func (a *App) cmdShare(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("usage: pulse share %s", shareArgs)
	}
	switch args[0] {
	case "create":
		return a.shareCreate(ctx, args[1:])
	case "list", "ls":
		return a.shareList(ctx, args[1:])
	case "revoke":
		return a.shareRevoke(ctx, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintf(a.stderr, "usage: pulse share %s\n", shareArgs)
		return nil
	}
	return usagef("pulse share %s: expected create, list or revoke", args[0])
}

func (a *App) shareCreate(ctx context.Context, args []string) error {
	fs := a.flags("share create", strings.SplitN(shareArgs, " | ", 2)[0][len("create "):])
	label := fs.String("label", "", "who the link is for, like \"Anna (consultant)\"")
	expires := fs.String("expires", "30d", "how long the link works: 30d, 12w, 1y at most")
	from := fs.String("from", "", "first day the link shows, YYYY-MM-DD (with --to)")
	to := fs.String("to", "", "last day the link shows, YYYY-MM-DD (with --from)")
	last := fs.String("last", "", "the link shows the last N days, moving with time, like 90d (default 90d)")
	var platforms listFlag
	fs.Var(&platforms, "platform", "only this platform, like instagram (repeatable; default all)")
	password := fs.Bool("password", false, "ask for a password the link needs (read from the terminal or standard input)")
	reports := fs.Bool("allow-reports", false, "the link may show the monthly reports of months inside its range")
	fs.StringVar(&a.cfg.PublicURL, "public-url", a.cfg.PublicURL, "how consultants reach this pulse, for the printed URL (env PULSE_PUBLIC_URL)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("share create takes only options; put the label in --label \"...\"")
	}
	spec := dashboard.ShareSpec{Label: *label, Platforms: platforms, AllowReports: *reports}
	var err error
	if spec.ExpiryDays, err = dashboard.ParseDays(*expires); err != nil {
		return usagef("--expires: %s", userText(err))
	}
	if *last != "" {
		if spec.LastDays, err = dashboard.ParseDays(*last); err != nil {
			return usagef("--last: %s", userText(err))
		}
	}
	for _, d := range []struct {
		flag, v string
		to      *time.Time
	}{{"--from", *from, &spec.From}, {"--to", *to, &spec.To}} {
		if d.v == "" {
			continue
		}
		if *d.to, err = analytics.ParseDay(d.v); err != nil {
			return usagef("%s: %v", d.flag, err)
		}
	}
	if *password {
		if spec.Password, err = a.readPassword("Password for the link: "); err != nil {
			return err
		}
		if spec.Password == "" {
			return usagef("--password: the password is empty")
		}
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
	l, token, err := dashboard.CreateShare(ctx, analytics.New(db, p), spec, a.now())
	if errors.Is(err, dashboard.ErrBadRequest) {
		return usagef("%s", userText(err))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s/s/%s/\n", a.baseURL(), token)
	fmt.Fprintf(a.stderr, "Link #%d for %s: %s, until %s UTC. Copy the URL now: pulse keeps only a fingerprint of it.\n",
		l.ID, l.Label, l.ScopeText(), l.ExpiresAt.Format("2006-01-02 15:04"))
	return nil
}

func (a *App) shareList(ctx context.Context, args []string) error {
	fs := a.flags("share list", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Shares(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, "No share links yet. Make one with `pulse share create --label \"...\"`.")
		return nil
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Format("2006-01-02 15:04")
	}
	now := a.now()
	for _, sh := range list {
		l := dashboard.Link{Share: sh}
		extras := []string{}
		if sh.PasswordHash != "" {
			extras = append(extras, "password")
		}
		if sh.AllowReports {
			extras = append(extras, "reports")
		}
		fmt.Fprintf(a.stdout, "#%d  %-7s  %s  (%s)%s\n", sh.ID, l.Status(now), sh.Label, l.ScopeText(), strings.TrimSuffix(" · "+strings.Join(extras, ", "), " · "))
		fmt.Fprintf(a.stdout, "     created %s · expires %s · last viewed %s · %d views (UTC)\n",
			stamp(sh.CreatedAt), stamp(sh.ExpiresAt), stamp(sh.LastViewed), sh.Views)
	}
	return nil
}

func (a *App) shareRevoke(ctx context.Context, args []string) error {
	fs := a.flags("share revoke", "ID")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("share revoke needs the link's number, as `pulse share list` shows it: pulse share revoke 3")
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(0), "#"), 10, 64)
	if err != nil {
		return usagef("share revoke: %q is not a link number like 3", fs.Arg(0))
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RevokeShare(ctx, id, a.now()); err != nil {
		if errors.Is(err, queries.ErrNotFound) {
			return usagef("there is no share link #%d; `pulse share list` shows them", id)
		}
		return err
	}
	fmt.Fprintf(a.stdout, "Link #%d is revoked: it stopped working now.\n", id)
	return nil
}
