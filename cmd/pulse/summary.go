package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"pulse/analytics"
)

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

const summaryArgs = "[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--platform P]... [--account platform:handle]... [--json]"

func (a *App) cmdSummary(ctx context.Context, args []string) error {
	fs := a.flags("summary", summaryArgs)
	from := fs.String("from", "", "first day of the period, YYYY-MM-DD (alone: up to yesterday)")
	to := fs.String("to", "", "last day of the period, YYYY-MM-DD (alone: the 7 days ending then; neither: the last complete ISO week)")
	var platforms, accounts listFlag
	fs.Var(&platforms, "platform", "only this platform, like instagram (repeatable)")
	fs.Var(&accounts, "account", "only this account, platform:handle (repeatable)")
	asJSON := fs.Bool("json", false, "print the summary as a JSON document")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("summary takes no arguments, only options: %s", summaryArgs)
	}
	filter, err := analytics.ParseFilter(platforms, accounts)
	if err != nil {
		return usageError{err.Error()}
	}
	var fromDay, toDay time.Time
	if *from != "" {
		if fromDay, err = analytics.ParseDay(*from); err != nil {
			return usagef("--from: %v", err)
		}
	}
	if *to != "" {
		if toDay, err = analytics.ParseDay(*to); err != nil {
			return usagef("--to: %v", err)
		}
	}

	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	practice, err := a.practice(ctx, db)
	if err != nil {
		return err
	}
	p, err := summaryPeriod(fromDay, toDay, a.now(), practice.Location)
	if err != nil {
		return usageError{err.Error()}
	}
	s, err := analytics.New(db, practice).Summary(ctx, p, filter)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(s)
	}
	printSummary(a, s)
	return nil
}

// summaryPeriod applies the defaults: neither bound gives the last complete ISO week,
// --from alone runs to yesterday, --to alone covers the 7 days ending on it.
func summaryPeriod(from, to, now time.Time, loc *time.Location) (analytics.Period, error) {
	switch {
	case from.IsZero() && to.IsZero():
		return analytics.LastCompleteWeek(now, loc), nil
	case to.IsZero():
		to = analytics.DayOf(now.In(loc)).AddDate(0, 0, -1)
	case from.IsZero():
		from = to.AddDate(0, 0, -6)
	}
	return analytics.NewPeriod(from, to)
}

func printSummary(a *App, s analytics.Summary) {
	w := a.stdout
	name := s.Practice.Name
	if name == "" {
		name = "Summary"
	}
	fmt.Fprintf(w, "%s · %s · %s\n", name, s.Period.Label(), s.Practice.TimeZone)
	if len(s.Filter.Platforms)+len(s.Filter.Accounts) > 0 {
		fmt.Fprintf(w, "only: %s\n", strings.Join(append(append([]string{}, s.Filter.Platforms...), s.Filter.Accounts...), ", "))
	}
	fmt.Fprintf(w, "compared with the previous period %s and a year earlier %s\n\n", s.Previous.Label(), s.YearAgo.Label())

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tthis period\tprevious\tchange\ta year earlier\tchange\t")
	for _, k := range s.KPIs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.Label, k.Text(),
			analytics.Text(k.Previous.Value, k.Unit), changeCell(k.Previous, k.Unit),
			analytics.Text(k.YearAgo.Value, k.Unit), changeCell(k.YearAgo, k.Unit), k.Basis)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nTop posts by engagement rate (post reach at least %d):\n", s.Practice.MinReach)
	if len(s.TopPosts) == 0 {
		fmt.Fprintln(w, "  none: no post of the period reports interactions and enough reach or views")
	}
	for _, p := range s.TopPosts {
		what := p.Permalink
		if what == "" {
			what = snippet(p.Caption, 60)
		}
		when := p.PublishedLocal.Format("2006-01-02 15:04")
		if !p.TimeKnown {
			when = p.PublishedLocal.Format("2006-01-02") + "      "
		}
		fmt.Fprintf(w, "  %d. %s  %s:%s  %s  %s (%s)  %s interactions  %s %s  %s\n", p.Rank,
			when, p.Platform, p.Handle, p.ContentType,
			analytics.Text(p.ER, analytics.UnitRatio), p.ERLabel, intText(p.Interactions),
			p.ERBasis, intText(p.PostReach()), what)
	}

	fmt.Fprintln(w, "\nFollowers:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tat the end\tnet\tgrowth\tgained\tlost\t")
	for _, f := range s.Followers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", f.Platform, analytics.Text(f.Followers, analytics.UnitCount),
			analytics.ChangeText(f.Net, analytics.UnitCount), analytics.Text(f.GrowthRate, analytics.UnitRatio),
			analytics.Text(f.Gained, analytics.UnitCount), analytics.Text(f.Lost, analytics.UnitCount))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nn/a: not reported, or nothing to compare with. `pulse summary --json` carries every definition.")
}

func changeCell(c analytics.Comparison, u analytics.Unit) string {
	if c.Change == nil {
		return analytics.NA
	}
	return analytics.ChangeText(c.Change, u) + " (" + c.PctText() + ")"
}

func intText(v *int64) string {
	if v == nil {
		return analytics.NA
	}
	f := float64(*v)
	return analytics.Text(&f, analytics.UnitCount)
}

func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
