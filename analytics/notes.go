package analytics

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pulse/queries"
)

// ErrNoSuchNote: the note to remove does not exist.
var ErrNoSuchNote = errors.New("there is no such note")

// AddNote stores the practice's note on day.
func (a *Analyzer) AddNote(ctx context.Context, day time.Time, text string, now time.Time) (queries.Note, error) {
	return a.DB.AddNote(ctx, DayOf(day), text, now)
}

// RemoveNote deletes a note; ErrNoSuchNote when there is none with that id.
func (a *Analyzer) RemoveNote(ctx context.Context, id int64) error {
	err := a.DB.RemoveNote(ctx, id)
	if errors.Is(err, queries.ErrNotFound) {
		return fmt.Errorf("note %d: %w", id, ErrNoSuchNote)
	}
	return err
}
