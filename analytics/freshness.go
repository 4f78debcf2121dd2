package analytics

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// StaleAfterDays is how old a platform's newest data may be before pulse warns.
const StaleAfterDays = 8

// Freshness says how recent one platform's data is.
type Freshness struct {
	Platform string `json:"platform"`
	Newest   string `json:"newest"` // YYYY-MM-DD
	Stale    bool   `json:"stale"`  // older than StaleAfterDays
	Warning  string `json:"warning,omitempty"`
}

// Freshness lists each platform's newest day of data, warning where it is more than
// StaleAfterDays old on today (a date in the practice's time zone). A post export's
// totals are true as of its download day, so its newest data is the day before.
func (a *Analyzer) Freshness(ctx context.Context, today time.Time) ([]Freshness, error) {
	rows, err := a.DB.Freshness(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Freshness, 0, len(rows))
	for _, r := range rows {
		f := Freshness{Platform: r.Platform, Newest: r.Newest.Format(time.DateOnly)}
		if DayOf(today).Sub(DayOf(r.Newest)) > StaleAfterDays*24*time.Hour {
			f.Stale = true
			f.Warning = fmt.Sprintf("%s data ends %s: import a new export", PlatformName(r.Platform), r.Newest.Format("2 Jan 2006"))
		}
		out = append(out, f)
	}
	return out, nil
}

// PlatformName is a platform's name as people write it.
func PlatformName(p string) string {
	switch p {
	case "instagram":
		return "Instagram"
	case "facebook":
		return "Facebook"
	case "x":
		return "X"
	case "linkedin":
		return "LinkedIn"
	case "tiktok":
		return "TikTok"
	case "youtube":
		return "YouTube"
	case "all":
		return "All platforms"
	}
	if p == "" {
		return p
	}
	return strings.ToUpper(p[:1]) + p[1:]
}

// AccountKeys lists every known account as "platform:handle", for filter forms.
func (a *Analyzer) AccountKeys(ctx context.Context) ([]string, error) {
	accounts, err := a.DB.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(accounts))
	for i, ac := range accounts {
		out[i] = ac.Key()
	}
	return out, nil
}
