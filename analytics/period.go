package analytics

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Day is the calendar day y-m-d as pulse carries days: 00:00 UTC.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DayOf is the calendar day t falls on in t's own location.
func DayOf(t time.Time) time.Time { return Day(t.Year(), t.Month(), t.Day()) }

// ParseDay reads a YYYY-MM-DD date.
func ParseDay(s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date like 2025-04-14", s)
	}
	return d, nil
}

// Period is the closed range of days [From, To] in the practice's time zone.
type Period struct {
	From time.Time
	To   time.Time
}

// NewPeriod checks that from is not after to.
func NewPeriod(from, to time.Time) (Period, error) {
	from, to = DayOf(from), DayOf(to)
	if to.Before(from) {
		return Period{}, fmt.Errorf("the period ends (%s) before it starts (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	return Period{From: from, To: to}, nil
}

// Days is the number of days in the period, both ends included.
func (p Period) Days() int { return int(p.To.Sub(p.From).Hours()/24) + 1 }

// Contains tells whether day lies in the period.
func (p Period) Contains(day time.Time) bool { return !day.Before(p.From) && !day.After(p.To) }

// Previous is the period of equal length ending the day before p starts.
func (p Period) Previous() Period {
	return Period{From: p.From.AddDate(0, 0, -p.Days()), To: p.From.AddDate(0, 0, -1)}
}

// WholeWeeks tells whether p is made of whole ISO weeks (starts on a Monday and lasts
// a multiple of 7 days).
func (p Period) WholeWeeks() bool { return p.From.Weekday() == time.Monday && p.Days()%7 == 0 }

// YearAgo is the same period a year earlier: 52 weeks earlier for whole ISO weeks, so
// the weekdays line up, otherwise the same calendar dates (29 February → 28 February).
func (p Period) YearAgo() Period {
	if p.WholeWeeks() {
		return Period{From: p.From.AddDate(0, 0, -364), To: p.To.AddDate(0, 0, -364)}
	}
	return Period{From: yearEarlier(p.From), To: yearEarlier(p.To)}
}

func yearEarlier(d time.Time) time.Time {
	y, m, day := d.Date()
	if last := Day(y-1, m+1, 0).Day(); day > last {
		day = last
	}
	return Day(y-1, m, day)
}

// ISOWeek is the ISO week (Monday to Sunday) containing day.
func ISOWeek(day time.Time) Period {
	day = DayOf(day)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return Period{From: monday, To: monday.AddDate(0, 0, 6)}
}

// LastCompleteWeek is the default period: the last complete ISO week before the day
// now falls on in loc.
func LastCompleteWeek(now time.Time, loc *time.Location) Period {
	this := ISOWeek(DayOf(now.In(loc)))
	return Period{From: this.From.AddDate(0, 0, -7), To: this.From.AddDate(0, 0, -1)}
}

// Label names the period for people: "2025-W10 (2025-03-03 – 2025-03-09)" for one
// ISO week, otherwise the range.
func (p Period) Label() string {
	r := p.From.Format(time.DateOnly) + " – " + p.To.Format(time.DateOnly)
	if p.WholeWeeks() && p.Days() == 7 {
		y, w := p.From.ISOWeek()
		return fmt.Sprintf("%d-W%02d (%s)", y, w, r)
	}
	return r
}

func (p Period) String() string {
	return p.From.Format(time.DateOnly) + ".." + p.To.Format(time.DateOnly)
}

// periodJSON is how a period appears in JSON documents.
type periodJSON struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Days  int    `json:"days"`
	Label string `json:"label"`
}

// MarshalJSON writes {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "days": n, "label": "..."}.
func (p Period) MarshalJSON() ([]byte, error) {
	return json.Marshal(periodJSON{From: p.From.Format(time.DateOnly), To: p.To.Format(time.DateOnly), Days: p.Days(), Label: p.Label()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *Period) UnmarshalJSON(b []byte) error {
	var j periodJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	from, err := ParseDay(j.From)
	if err != nil {
		return err
	}
	to, err := ParseDay(j.To)
	if err != nil {
		return err
	}
	*p = Period{From: from, To: to}
	return nil
}
