package analytics

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestAwarenessDates checks each rule against dates its organiser published.
func TestAwarenessDates(t *testing.T) {
	want := map[string][]string{ // key → "from..to" for 2024, 2025 (and 2026 where published)
		"time-to-talk-day":                 {"2024-02-01..2024-02-01", "2025-02-06..2025-02-06", "2026-02-05..2026-02-05"},
		"childrens-mental-health-week":     {"2024-02-05..2024-02-11", "2025-02-03..2025-02-09", "2026-02-09..2026-02-15"},
		"eating-disorders-awareness-week":  {"2024-02-26..2024-03-03", "2025-02-24..2025-03-02"},
		"mental-health-awareness-month":    {"2024-05-01..2024-05-31", "2025-05-01..2025-05-31"},
		"world-maternal-mental-health-day": {"2024-05-01..2024-05-01", "2025-05-07..2025-05-07"},
		"mental-health-awareness-week":     {"2024-05-13..2024-05-19", "2025-05-12..2025-05-18"},
		"mens-health-week":                 {"2024-06-10..2024-06-16", "2025-06-09..2025-06-15"},
		"ptsd-awareness-month":             {"2024-06-01..2024-06-30", "2025-06-01..2025-06-30"},
		"minority-mental-health-month":     {"2024-07-01..2024-07-31", "2025-07-01..2025-07-31"},
		"suicide-prevention-month":         {"2024-09-01..2024-09-30", "2025-09-01..2025-09-30"},
		"world-suicide-prevention-day":     {"2024-09-10..2024-09-10", "2025-09-10..2025-09-10"},
		"world-mental-health-day":          {"2024-10-10..2024-10-10", "2025-10-10..2025-10-10"},
		"ocd-awareness-week":               {"2024-10-13..2024-10-19", "2025-10-12..2025-10-18"},
	}
	if len(want) != len(AwarenessDates) {
		t.Errorf("%d observances, %d checked", len(AwarenessDates), len(want))
	}
	for _, a := range AwarenessDates {
		if a.Name == "" || a.Organiser == "" || !strings.HasPrefix(a.Source, "https://") || a.Rule == "" || a.Region == "" {
			t.Errorf("%s is not fully documented: %+v", a.Key, a)
		}
		for k, w := range want[a.Key] {
			from, to := a.Dates(2024 + k)
			if got := (Period{from, to}).String(); got != w {
				t.Errorf("%s in %d: %s, want %s", a.Key, 2024+k, got, w)
			}
		}
	}
}

func TestCalendarWithNotes(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	note, err := db.AddNote(ctx, day("2025-10-10"), "Instagram live with Dr. K.", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddNote(ctx, day("2025-11-01"), "outside", time.Now()); err != nil {
		t.Fatal(err)
	}
	// 6-12 October 2025: World Mental Health Day on the 10th, the OCD week starting
	// on the 12th, and the practice's note on the 10th after the observance.
	es, err := a.Calendar(ctx, period("2025-10-06", "2025-10-12"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Kind+" "+e.From.Format(time.DateOnly)+" "+e.Title)
	}
	want := "awareness 2025-10-10 World Mental Health Day | note 2025-10-10 Instagram live with Dr. K. | " +
		"awareness 2025-10-12 International OCD Awareness Week"
	if g := strings.Join(got, " | "); g != want {
		t.Errorf("calendar\n got %s\nwant %s", g, want)
	}
	b, err := json.Marshal(es[1])
	if err != nil || string(b) != `{"kind":"note","from":"2025-10-10","to":"2025-10-10","title":"Instagram live with Dr. K.","note_id":`+
		jsonInt(note.ID)+`}` {
		t.Errorf("note JSON %s %v", b, err)
	}
	// An observance that started before the period still shows; one that starts
	// after it does not (OCD week 2024 starts 13 October).
	es = AwarenessIn(period("2024-09-30", "2024-10-01"))
	if len(es) != 1 || es[0].Key != "suicide-prevention-month" {
		t.Errorf("across a month end: %+v", es)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }
