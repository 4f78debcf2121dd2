// Package analytics turns the rows of package queries into the figures pulse shows:
// KPIs of a period with their comparisons, top content, content types, best times to
// post, cadence, follower growth, campaign lift, experiments between two groups of
// posts, and the awareness calendar with the practice's own notes.
//
// Every figure follows one written definition in Definitions, which the dashboard and
// the reports print verbatim next to it. A value a platform did not report is nil,
// never 0, and every ratio whose base is 0 or not reported is nil too; String-like
// helpers (Text, Comparison.PctText) render nil as "n/a".
//
// Days are calendar dates carried as time.Time at 00:00 UTC; a Period is a closed
// range of them in the practice's time zone.
package analytics
