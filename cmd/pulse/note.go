package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pulse/analytics"
	"pulse/queries"
)

const noteArgs = "add YYYY-MM-DD TEXT | list [--from YYYY-MM-DD] [--to YYYY-MM-DD] | remove ID"

// cmdNote keeps the practice's own notes on days: `pulse note add DATE "text"`,
// `pulse note list`, `pulse note remove ID`.
func (a *App) cmdNote(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("usage: pulse note %s", noteArgs)
	}
	switch args[0] {
	case "add":
		return a.noteAdd(ctx, args[1:])
	case "list", "ls":
		return a.noteList(ctx, args[1:])
	case "remove", "rm":
		return a.noteRemove(ctx, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintf(a.stderr, "usage: pulse note %s\n", noteArgs)
		return nil
	}
	return usagef("pulse note %s: expected add, list or remove", args[0])
}

func (a *App) noteAdd(ctx context.Context, args []string) error {
	fs := a.flags("note add", "YYYY-MM-DD TEXT")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usagef(`note add needs a day and a text, like: pulse note add 2025-05-12 "Newsletter on anxiety went out"`)
	}
	day, err := analytics.ParseDay(fs.Arg(0))
	if err != nil {
		return usagef("note add: %v", err)
	}
	text := strings.TrimSpace(strings.Join(fs.Args()[1:], " "))
	if text == "" {
		return usagef("note add: the note's text is empty")
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.AddNote(ctx, day, text, a.now())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "note #%d on %s: %s\n", n.ID, n.Day.Format(time.DateOnly), n.Text)
	return nil
}

func (a *App) noteList(ctx context.Context, args []string) error {
	fs := a.flags("note list", "[--from YYYY-MM-DD] [--to YYYY-MM-DD]")
	from := fs.String("from", "", "first day to list")
	to := fs.String("to", "", "last day to list")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("note list takes only --from and --to")
	}
	var fromDay, toDay time.Time
	var err error
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
	notes, err := db.Notes(ctx, fromDay, toDay)
	if err != nil {
		return err
	}
	if len(notes) == 0 {
		fmt.Fprintln(a.stdout, `No notes yet. Add one with: pulse note add 2025-05-12 "what happened"`)
		return nil
	}
	for _, n := range notes {
		fmt.Fprintf(a.stdout, "#%d  %s  %s\n", n.ID, n.Day.Format(time.DateOnly), n.Text)
	}
	return nil
}

func (a *App) noteRemove(ctx context.Context, args []string) error {
	fs := a.flags("note remove", "ID")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("note remove needs one note id; `pulse note list` shows them")
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(0), "#"), 10, 64)
	if err != nil {
		return usagef("note remove: %q is not a note id; `pulse note list` shows them", fs.Arg(0))
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RemoveNote(ctx, id); err != nil {
		if errors.Is(err, queries.ErrNotFound) {
			return fmt.Errorf("there is no note #%d; `pulse note list` shows them", id)
		}
		return err
	}
	fmt.Fprintf(a.stdout, "removed note #%d\n", id)
	return nil
}
