package queries

import (
	"context"
	"fmt"
	"time"
)

// Note is the practice's own remark on a day of its calendar.
type Note struct {
	ID        int64
	Day       time.Time // a calendar date at 00:00 UTC
	Text      string
	CreatedAt time.Time // UTC
}

// AddNote stores a note on day and returns it with its id.
func (db *DB) AddNote(ctx context.Context, day time.Time, text string, createdAt time.Time) (Note, error) {
	n := Note{Day: day, Text: text, CreatedAt: createdAt.UTC()}
	if err := db.sql.QueryRowContext(ctx, sqlText("AddNote"), day, text, n.CreatedAt).Scan(&n.ID); err != nil {
		return n, fmt.Errorf("add note: %w", err)
	}
	return n, nil
}

// Notes lists the notes on the days from..to (inclusive) in calendar order; a zero
// bound leaves that side open.
func (db *DB) Notes(ctx context.Context, from, to time.Time) ([]Note, error) {
	bound := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	rows, err := db.sql.QueryContext(ctx, sqlText("Notes"), bound(from), bound(to))
	if err != nil {
		return nil, fmt.Errorf("list notes: %w", err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.Day, &n.Text, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("read note: %w", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list notes: %w", err)
	}
	return out, nil
}

// RemoveNote deletes the note with id, or returns ErrNotFound.
func (db *DB) RemoveNote(ctx context.Context, id int64) error {
	res, err := db.sql.ExecContext(ctx, sqlText("RemoveNote"), id)
	if err != nil {
		return fmt.Errorf("remove note %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("remove note %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("note %d: %w", id, ErrNotFound)
	}
	return nil
}
