package analytics

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// GroupBy is what an experiment splits posts by.
type GroupBy string

// The ways to group posts for an experiment.
const (
	ByContentType GroupBy = "content_type" // A and B are content types: "reel", "carousel"
	ByHashtag     GroupBy = "hashtag"      // A and B are hashtags, with or without '#', found in the caption
	ByLabel       GroupBy = "label"        // A and B are the practice's own post labels
	ByHourBand    GroupBy = "hour_band"    // A and B are hour bands "HH-HH", start included, end not: "06-12", "22-02"; posts without a known time are in neither
	ByPlatform    GroupBy = "platform"     // A and B are platforms
)

// Experiment says which two groups of posts to compare. An empty B means every
// post not in A.
type Experiment struct {
	By GroupBy `json:"by"`
	A  string  `json:"a"`
	B  string  `json:"b"`
}

// Group is one side of an experiment.
type Group struct {
	Name        string   `json:"name"`
	Posts       int      `json:"posts"`         // posts in the group
	PostsWithER int      `json:"posts_with_er"` // of which have an ER: the test's sample
	MedianER    *float64 `json:"median_er"`
}

// ExperimentResult is the comparison of two groups (Definitions[KeyExperiment]).
type ExperimentResult struct {
	Experiment Experiment  `json:"experiment"`
	Period     Period      `json:"period"`
	A          Group       `json:"a"`
	B          Group       `json:"b"`
	Overlap    int         `json:"overlap"`    // posts in both groups, left out of both
	Difference *float64    `json:"difference"` // median ER of A - median ER of B
	Test       MannWhitney `json:"test"`
	Reading    string      `json:"reading"` // "likely real", "could be chance", or "not enough posts to compare"
}

// RunExperiment compares the two groups among the posts published in p.
func (a *Analyzer) RunExperiment(ctx context.Context, p Period, f Filter, e Experiment) (ExperimentResult, error) {
	if err := a.CheckFilter(ctx, f); err != nil {
		return ExperimentResult{}, err
	}
	posts, err := a.Posts(ctx, p, f)
	if err != nil {
		return ExperimentResult{}, err
	}
	r, err := CompareGroups(posts, e)
	r.Period = p
	return r, err
}

// CompareGroups splits posts into the experiment's two groups and tests them.
func CompareGroups(posts []Post, e Experiment) (ExperimentResult, error) {
	r := ExperimentResult{Experiment: e}
	inA, err := matcher(e.By, e.A)
	if err != nil {
		return r, err
	}
	inB := func(p Post) bool { return !inA(p) }
	r.B.Name = "not " + e.A
	if e.B != "" {
		if inB, err = matcher(e.By, e.B); err != nil {
			return r, err
		}
		r.B.Name = e.B
	}
	r.A.Name = e.A
	var a, b []float64
	for _, p := range posts {
		ia, ib := inA(p), inB(p)
		switch {
		case ia && ib:
			r.Overlap++
		case ia:
			r.A.Posts++
			if p.ER != nil {
				a = append(a, *p.ER)
			}
		case ib:
			r.B.Posts++
			if p.ER != nil {
				b = append(b, *p.ER)
			}
		}
	}
	r.A.PostsWithER, r.B.PostsWithER = len(a), len(b)
	r.A.MedianER, r.B.MedianER = Median(a), Median(b)
	if r.A.MedianER != nil && r.B.MedianER != nil {
		r.Difference = fp(*r.A.MedianER - *r.B.MedianER)
	}
	r.Test = MannWhitneyU(a, b)
	r.Reading = Reading(r.Test.P)
	return r, nil
}

// Reading puts a p-value in plain words.
func Reading(p *float64) string {
	switch {
	case p == nil:
		return LabelNotEnough
	case *p < 0.05:
		return LabelLikelyReal
	default:
		return LabelCouldBeChance
	}
}

var hashtagRE = regexp.MustCompile(`#[\p{L}\p{N}_]+`)

// Hashtags lists the lower-case hashtags of a caption, '#' included.
func Hashtags(caption string) []string {
	tags := hashtagRE.FindAllString(caption, -1)
	for i, t := range tags {
		tags[i] = strings.ToLower(t)
	}
	return tags
}

func matcher(by GroupBy, v string) (func(Post) bool, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, fmt.Errorf("an experiment group needs a value")
	}
	switch by {
	case ByContentType:
		return func(p Post) bool { return strings.EqualFold(p.ContentType, v) }, nil
	case ByPlatform:
		return func(p Post) bool { return strings.EqualFold(p.Platform, v) }, nil
	case ByLabel:
		return func(p Post) bool {
			for _, l := range p.Labels {
				if strings.EqualFold(strings.TrimSpace(l), v) {
					return true
				}
			}
			return false
		}, nil
	case ByHashtag:
		tag := "#" + strings.ToLower(strings.TrimPrefix(v, "#"))
		return func(p Post) bool {
			for _, t := range Hashtags(p.Caption) {
				if t == tag {
					return true
				}
			}
			return false
		}, nil
	case ByHourBand:
		from, to, err := hourBand(v)
		if err != nil {
			return nil, err
		}
		return func(p Post) bool {
			if !p.TimeKnown {
				return false // the export gave only a date: no hour to band
			}
			h := p.PublishedLocal.Hour()
			if from < to {
				return h >= from && h < to
			}
			return h >= from || h < to // the band wraps past midnight
		}, nil
	}
	return nil, fmt.Errorf("cannot group posts by %q; use content_type, hashtag, label, hour_band or platform", by)
}

func hourBand(v string) (from, to int, err error) {
	a, b, ok := strings.Cut(v, "-")
	if ok {
		from, err = strconv.Atoi(strings.TrimSpace(a))
	}
	if ok && err == nil {
		to, err = strconv.Atoi(strings.TrimSpace(b))
	}
	if !ok || err != nil || from < 0 || from > 23 || to < 0 || to > 24 || from == to {
		return 0, 0, fmt.Errorf("hour band %q: expected HH-HH like 06-12 (start included, end not)", v)
	}
	return from, to % 24, nil
}
