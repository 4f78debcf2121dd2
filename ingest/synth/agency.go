package synth

import (
	"fmt"
	"time"
)

// AgencyAccount is one client account of a made-up agency, with the exports its
// history was downloaded in.
type AgencyAccount struct {
	Platform string
	Handle   string // as the agency knows the client ("client007.agency")
	Exports  []Export
}

// Agency shape: 3 years of daily history per account, downloaded in 4 exports of 9
// months each, about 800 posts per account. (The summer breaks and May's extra
// posting net out to about 153 posting weeks in 3 years; 800/153 ≈ 5.2.)
const (
	AgencyMonths       = 36
	AgencyExportMonths = 9
	agencyWeeklyPosts  = 5.2
)

// Agency makes up n client accounts, spread over AllPlatforms in turn, each with its
// own history (seeded by its number) ending on end.
func Agency(n int, end time.Time, loc *time.Location) ([]AgencyAccount, error) {
	out := make([]AgencyAccount, 0, n)
	for i := range n {
		platform := AllPlatforms[i%len(AllPlatforms)]
		handle := fmt.Sprintf("client%03d.agency", i+1)
		exports, err := Generate(Config{Seed: uint64(1000 + i), End: end, Months: AgencyMonths, Loc: loc, Handle: handle,
			Platforms: []string{platform}, Size: 1 + float64(i)/7, WeeklyPosts: agencyWeeklyPosts, ExportMonths: AgencyExportMonths})
		if err != nil {
			return nil, err
		}
		out = append(out, AgencyAccount{Platform: platform, Handle: handle, Exports: exports})
	}
	return out, nil
}

// AccountFlag is what --account says for this account's files that name none.
func (a AgencyAccount) AccountFlag() string {
	return a.Platform + ":" + AccountHandle(a.Platform, a.Handle)
}
