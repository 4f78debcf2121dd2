package analytics

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"pulse/queries"
)

// DefaultMinReach is the post reach a post needs to rank as top content when the
// practice has not set min_reach.
const DefaultMinReach = 100

// DefaultReportSchedule writes last month's report at 07:00 on the 1st (cron syntax,
// practice time zone).
const DefaultReportSchedule = "0 7 1 * *"

// Practice is the stored settings with their defaults filled in.
type Practice struct {
	Name     string
	TimeZone string // IANA name
	Location *time.Location
	MinReach int
	// ReportSchedule is a cron expression; the report package checks it.
	ReportSchedule string
}

// PracticeFromSettings fills a Practice from stored settings; fallbackTZ (the
// machine's zone, which only the command line knows) serves when none is stored.
func PracticeFromSettings(s map[string]string, fallbackTZ string) (Practice, error) {
	p := Practice{Name: s[queries.SettingName], TimeZone: s[queries.SettingTimeZone], MinReach: DefaultMinReach,
		ReportSchedule: s[queries.SettingReportSchedule]}
	if p.ReportSchedule == "" {
		p.ReportSchedule = DefaultReportSchedule
	}
	if p.TimeZone == "" {
		p.TimeZone = fallbackTZ
	}
	if p.TimeZone == "" {
		p.TimeZone = "UTC"
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return p, fmt.Errorf("the stored time zone %q is unknown: set it with `pulse settings --tz Europe/Berlin`", p.TimeZone)
	}
	p.Location = loc
	if v := s[queries.SettingMinReach]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, fmt.Errorf("the stored min_reach %q is not a whole number: set it with `pulse settings --min-reach 100`", v)
		}
		p.MinReach = n
	}
	return p, nil
}

// LoadPractice reads the practice's settings from db.
func LoadPractice(ctx context.Context, db *queries.DB, fallbackTZ string) (Practice, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return Practice{}, fmt.Errorf("read practice settings: %w", err)
	}
	return PracticeFromSettings(s, fallbackTZ)
}
