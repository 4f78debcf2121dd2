package analytics

import (
	"context"
	"encoding/json"
	"sort"
	"time"
)

// Awareness is a mental-health awareness day, week or month a practice plans its
// posts around, with the rule that places it in any year (Definitions[KeyAwareness]).
type Awareness struct {
	Key       string // stable identifier
	Name      string
	Region    string // where it is mainly observed: "International", "UK", "US"
	Organiser string
	Source    string // the organiser's page
	Rule      string // how its dates fall, in words
	dates     func(year int) (from, to time.Time)
}

// Dates gives the first and last day of the observance in year.
func (a Awareness) Dates(year int) (from, to time.Time) { return a.dates(year) }

func onDay(m time.Month, d int) func(int) (time.Time, time.Time) {
	return func(y int) (time.Time, time.Time) { return Day(y, m, d), Day(y, m, d) }
}

func wholeMonth(m time.Month) func(int) (time.Time, time.Time) {
	return func(y int) (time.Time, time.Time) { return Day(y, m, 1), Day(y, m+1, 0) }
}

// nthWeekday is the n-th weekday wd of month m (n = -1: the last one).
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := Day(y, m+1, 0)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	first := Day(y, m, 1)
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

// onOrAfter is the first weekday wd on or after day d of month m.
func onOrAfter(y int, m time.Month, d int, wd time.Weekday) time.Time {
	day := Day(y, m, d)
	return day.AddDate(0, 0, (int(wd)-int(day.Weekday())+7)%7)
}

func days(n int, start func(int) time.Time) func(int) (time.Time, time.Time) {
	return func(y int) (time.Time, time.Time) { s := start(y); return s, s.AddDate(0, 0, n-1) }
}

// AwarenessDates is pulse's built-in list, in calendar order of its usual dates.
// Organisers sometimes move a week (the UK's Mental Health Awareness Week moved to
// 15-21 May in 2023 for a bank holiday), so each carries its source to check.
var AwarenessDates = []Awareness{
	{Key: "time-to-talk-day", Name: "Time to Talk Day", Region: "UK",
		Organiser: "Mind and Rethink Mental Illness, with See Me and Inspire", Source: "https://www.timetotalkday.co.uk/",
		Rule:  "the first Thursday of February",
		dates: days(1, func(y int) time.Time { return nthWeekday(y, time.February, time.Thursday, 1) })},
	{Key: "childrens-mental-health-week", Name: "Children's Mental Health Week", Region: "UK",
		Organiser: "Place2Be", Source: "https://www.childrensmentalhealthweek.org.uk/",
		Rule:  "Monday to Sunday, starting on the first Monday on or after 3 February",
		dates: days(7, func(y int) time.Time { return onOrAfter(y, time.February, 3, time.Monday) })},
	{Key: "eating-disorders-awareness-week", Name: "Eating Disorders Awareness Week (NEDAwareness Week)", Region: "US",
		Organiser: "National Eating Disorders Association (NEDA)", Source: "https://www.nationaleatingdisorders.org/",
		Rule:  "Monday to Sunday, starting on the last Monday of February",
		dates: days(7, func(y int) time.Time { return nthWeekday(y, time.February, time.Monday, -1) })},
	{Key: "mental-health-awareness-month", Name: "Mental Health Awareness Month", Region: "US",
		Organiser: "Mental Health America", Source: "https://mhanational.org/mental-health-month",
		Rule: "the whole of May", dates: wholeMonth(time.May)},
	{Key: "world-maternal-mental-health-day", Name: "World Maternal Mental Health Day", Region: "International",
		Organiser: "Global Alliance for Maternal Mental Health", Source: "https://wmmhday.postpartum.net/",
		Rule:  "the first Wednesday of May",
		dates: days(1, func(y int) time.Time { return nthWeekday(y, time.May, time.Wednesday, 1) })},
	{Key: "mental-health-awareness-week", Name: "Mental Health Awareness Week", Region: "UK",
		Organiser: "Mental Health Foundation", Source: "https://www.mentalhealth.org.uk/our-work/public-engagement/mental-health-awareness-week",
		Rule:  "Monday to Sunday, starting on the second Monday of May",
		dates: days(7, func(y int) time.Time { return nthWeekday(y, time.May, time.Monday, 2) })},
	{Key: "mens-health-week", Name: "International Men's Health Week", Region: "International",
		Organiser: "Men's Health Network (US) and Men's Health Forum (UK)", Source: "https://www.menshealthforum.org.uk/",
		Rule: "Monday to Sunday, ending on Father's Day (the third Sunday of June)",
		dates: func(y int) (time.Time, time.Time) {
			end := nthWeekday(y, time.June, time.Sunday, 3)
			return end.AddDate(0, 0, -6), end
		}},
	{Key: "ptsd-awareness-month", Name: "PTSD Awareness Month", Region: "US",
		Organiser: "U.S. Department of Veterans Affairs, National Center for PTSD", Source: "https://www.ptsd.va.gov/",
		Rule: "the whole of June", dates: wholeMonth(time.June)},
	{Key: "minority-mental-health-month", Name: "Bebe Moore Campbell National Minority Mental Health Awareness Month", Region: "US",
		Organiser: "U.S. Department of Health and Human Services, Office of Minority Health", Source: "https://minorityhealth.hhs.gov/",
		Rule: "the whole of July", dates: wholeMonth(time.July)},
	{Key: "suicide-prevention-month", Name: "Suicide Prevention Awareness Month", Region: "US",
		Organiser: "National Alliance on Mental Illness (NAMI)", Source: "https://www.nami.org/",
		Rule: "the whole of September", dates: wholeMonth(time.September)},
	{Key: "world-suicide-prevention-day", Name: "World Suicide Prevention Day", Region: "International",
		Organiser: "International Association for Suicide Prevention (IASP), with the WHO", Source: "https://www.iasp.info/wspd/",
		Rule: "10 September", dates: onDay(time.September, 10)},
	{Key: "world-mental-health-day", Name: "World Mental Health Day", Region: "International",
		Organiser: "World Federation for Mental Health, with the WHO", Source: "https://wfmh.global/",
		Rule: "10 October", dates: onDay(time.October, 10)},
	{Key: "ocd-awareness-week", Name: "International OCD Awareness Week", Region: "International",
		Organiser: "International OCD Foundation (IOCDF)", Source: "https://iocdf.org/programs/ocdweek/",
		Rule:  "the second full week of October, Sunday to Saturday",
		dates: days(7, func(y int) time.Time { return nthWeekday(y, time.October, time.Sunday, 2) })},
}

// Calendar entry kinds.
const (
	KindAwareness = "awareness"
	KindNote      = "note"
)

// CalendarEntry is an awareness observance or a practice note placed on days.
type CalendarEntry struct {
	Kind      string    // KindAwareness or KindNote
	From      time.Time // first day
	To        time.Time // last day (= From for single days and notes)
	Title     string    // the observance's name, or the note's text
	Key       string    // awareness: its key
	Region    string    // awareness
	Organiser string    // awareness
	Source    string    // awareness: the organiser's page
	Rule      string    // awareness
	NoteID    int64     // note: its id, for `pulse note remove`
}

// MarshalJSON writes days as "YYYY-MM-DD" and leaves out the fields of the other kind.
func (e CalendarEntry) MarshalJSON() ([]byte, error) {
	type awareness struct {
		Kind      string `json:"kind"`
		From      string `json:"from"`
		To        string `json:"to"`
		Title     string `json:"title"`
		Key       string `json:"key"`
		Region    string `json:"region"`
		Organiser string `json:"organiser"`
		Source    string `json:"source"`
		Rule      string `json:"rule"`
	}
	type note struct {
		Kind   string `json:"kind"`
		From   string `json:"from"`
		To     string `json:"to"`
		Title  string `json:"title"`
		NoteID int64  `json:"note_id"`
	}
	from, to := e.From.Format(time.DateOnly), e.To.Format(time.DateOnly)
	if e.Kind == KindNote {
		return json.Marshal(note{e.Kind, from, to, e.Title, e.NoteID})
	}
	return json.Marshal(awareness{e.Kind, from, to, e.Title, e.Key, e.Region, e.Organiser, e.Source, e.Rule})
}

// AwarenessIn lists the observances that overlap the period, by start day.
func AwarenessIn(p Period) []CalendarEntry {
	out := []CalendarEntry{}
	for y := p.From.Year() - 1; y <= p.To.Year(); y++ {
		for _, a := range AwarenessDates {
			from, to := a.Dates(y)
			if to.Before(p.From) || from.After(p.To) {
				continue
			}
			out = append(out, CalendarEntry{Kind: KindAwareness, From: from, To: to, Title: a.Name, Key: a.Key,
				Region: a.Region, Organiser: a.Organiser, Source: a.Source, Rule: a.Rule})
		}
	}
	sortEntries(out)
	return out
}

// Calendar lists the awareness observances overlapping the period and the
// practice's notes on its days, by start day (awareness first on the same day).
func (a *Analyzer) Calendar(ctx context.Context, p Period) ([]CalendarEntry, error) {
	out := AwarenessIn(p)
	notes, err := a.DB.Notes(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		out = append(out, CalendarEntry{Kind: KindNote, From: n.Day, To: n.Day, Title: n.Text, NoteID: n.ID})
	}
	sortEntries(out)
	return out, nil
}

func sortEntries(es []CalendarEntry) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if !a.From.Equal(b.From) {
			return a.From.Before(b.From)
		}
		if a.Kind != b.Kind {
			return a.Kind == KindAwareness
		}
		if !a.To.Equal(b.To) {
			return a.To.Before(b.To)
		}
		return a.Title < b.Title
	})
}
