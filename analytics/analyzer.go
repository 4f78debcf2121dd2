package analytics

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"pulse/queries"
)

// Filter keeps some platforms and accounts; empty lists keep all.
type Filter = queries.Filter

// ParseFilter checks the forms of --platform and --account values and normalises
// them: platforms lower-case, accounts "platform:handle" with any leading @ dropped.
func ParseFilter(platforms, accounts []string) (Filter, error) {
	f := Filter{Platforms: []string{}, Accounts: []string{}}
	for _, p := range platforms {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" || strings.Contains(p, ":") {
			return f, fmt.Errorf("--platform %q: expected a platform name like instagram", p)
		}
		f.Platforms = append(f.Platforms, p)
	}
	for _, a := range accounts {
		p, h, ok := strings.Cut(a, ":")
		p, h = strings.ToLower(strings.TrimSpace(p)), strings.TrimPrefix(strings.TrimSpace(h), "@")
		if !ok || p == "" || h == "" {
			return f, fmt.Errorf("--account %q: expected platform:handle, like instagram:mypractice", a)
		}
		f.Accounts = append(f.Accounts, p+":"+h)
	}
	return f, nil
}

// Analyzer computes the figures of one practice's database.
type Analyzer struct {
	DB       *queries.DB
	Practice Practice
	spans    []*PostSpan // posts read once, which Posts and PostFigures cut from (WithPosts)
}

// New returns an Analyzer of db for practice p.
func New(db *queries.DB, p Practice) *Analyzer { return &Analyzer{DB: db, Practice: p} }

// CheckFilter fails when the filter names a platform or account the database does
// not know, listing the known ones: a typo should not read as "no data".
func (a *Analyzer) CheckFilter(ctx context.Context, f Filter) error {
	if len(f.Platforms) == 0 && len(f.Accounts) == 0 {
		return nil
	}
	accounts, err := a.DB.Accounts(ctx)
	if err != nil {
		return err
	}
	platforms, keys := map[string]bool{}, map[string]bool{}
	var known []string
	for _, ac := range accounts {
		platforms[ac.Platform] = true
		keys[ac.Platform+":"+strings.ToLower(ac.Handle)] = true
		known = append(known, ac.Key())
	}
	sort.Strings(known)
	list := strings.Join(known, ", ")
	if list == "" {
		list = "none yet"
	}
	for _, p := range f.Platforms {
		if !platforms[strings.ToLower(p)] {
			return fmt.Errorf("no account of platform %q is known (known accounts: %s)", p, list)
		}
	}
	for _, k := range f.Accounts {
		if !keys[strings.ToLower(k)] {
			return fmt.Errorf("the account %q is not known (known accounts: %s)", k, list)
		}
	}
	return nil
}
