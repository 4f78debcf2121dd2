package analytics

import (
	"testing"
	"time"
)

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		name              string
		p                 Period
		days              int
		previous, yearAgo Period
		label             string
	}{
		// An ISO week: the year-ago week is 52 weeks (364 days) earlier, Monday to Sunday again.
		{"iso week", period("2025-03-24", "2025-03-30"), 7,
			period("2025-03-17", "2025-03-23"), period("2024-03-25", "2024-03-31"), "2025-W13 (2025-03-24 – 2025-03-30)"},
		// A month: 31 days before it, and the same dates a year earlier.
		{"month", period("2025-03-01", "2025-03-31"), 31,
			period("2025-01-29", "2025-02-28"), period("2024-03-01", "2024-03-31"), "2025-03-01 – 2025-03-31"},
		// A leap day has no twin: 29 February 2024 becomes 28 February 2023.
		{"leap day", period("2024-02-01", "2024-02-29"), 29,
			period("2024-01-03", "2024-01-31"), period("2023-02-01", "2023-02-28"), "2024-02-01 – 2024-02-29"},
		// Two ISO weeks across a year end.
		{"two weeks", period("2024-12-23", "2025-01-05"), 14,
			period("2024-12-09", "2024-12-22"), period("2023-12-25", "2024-01-07"), "2024-12-23 – 2025-01-05"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := tc.p.Days(); d != tc.days {
				t.Errorf("days %d, want %d", d, tc.days)
			}
			if got := tc.p.Previous(); got != tc.previous {
				t.Errorf("previous %s, want %s", got, tc.previous)
			}
			if got := tc.p.YearAgo(); got != tc.yearAgo {
				t.Errorf("year ago %s, want %s", got, tc.yearAgo)
			}
			if got := tc.p.Label(); got != tc.label {
				t.Errorf("label %q, want %q", got, tc.label)
			}
		})
	}
	if _, err := NewPeriod(day("2025-03-02"), day("2025-03-01")); err == nil {
		t.Error("a period ending before it starts was accepted")
	}
}

// TestLastCompleteWeek: the default period is the last complete ISO week before
// today in the practice's time zone, not in UTC.
func TestLastCompleteWeek(t *testing.T) {
	loc := berlin(t)
	for _, tc := range []struct {
		now  time.Time
		want Period
	}{
		// Sunday 23:30 UTC on 30 March 2025 is already Monday 31 March 01:30 CEST in
		// Berlin: the week of 24-30 March is complete.
		{utc("2025-03-30 23:30"), period("2025-03-24", "2025-03-30")},
		// One hour earlier it is still Sunday in Berlin: that week is not over.
		{utc("2025-03-30 21:30"), period("2025-03-17", "2025-03-23")},
		// Wednesday in the middle of a week.
		{utc("2025-01-01 12:00"), period("2024-12-23", "2024-12-29")},
	} {
		if got := LastCompleteWeek(tc.now, loc); got != tc.want {
			t.Errorf("now %s: %s, want %s", tc.now, got, tc.want)
		}
	}
}

func TestCompareAndText(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cur, base   *float64
		change, pct *float64
		pctText     string
	}{
		{"grew", f(150), f(100), f(50), f(50), "+50.0%"},
		{"shrank", f(75), f(100), f(-25), f(-25), "-25.0%"},
		// A base of 0 gives a change but no percentage.
		{"zero base", f(5), f(0), f(5), nil, "n/a"},
		// A base not reported gives neither.
		{"no base", f(5), nil, nil, nil, "n/a"},
		{"no value", nil, f(5), nil, nil, "n/a"},
		// A negative base: -10 to +5 is a change of +15, +150% of its size.
		{"negative base", f(5), f(-10), f(15), f(150), "+150.0%"},
	} {
		c := Compare(tc.cur, tc.base)
		checkF(t, tc.name+" change", c.Change, tc.change)
		checkF(t, tc.name+" pct", c.ChangePct, tc.pct)
		if c.PctText() != tc.pctText {
			t.Errorf("%s: %q, want %q", tc.name, c.PctText(), tc.pctText)
		}
	}
	for _, tc := range []struct {
		v    *float64
		u    Unit
		want string
	}{
		{nil, UnitCount, "n/a"}, {f(1234567), UnitCount, "1,234,567"}, {f(12.25), UnitCount, "12.2"},
		{f(0.0676923), UnitRatio, "6.77%"}, {nil, UnitRatio, "n/a"},
	} {
		if got := Text(tc.v, tc.u); got != tc.want {
			t.Errorf("Text(%s) = %q, want %q", show(tc.v), got, tc.want)
		}
	}
	if got := ChangeText(f(-0.004), UnitRatio); got != "-0.40 pp" {
		t.Errorf("ChangeText = %q", got)
	}
}
