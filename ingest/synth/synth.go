// Package synth makes up a practice's social-media history and writes it as the
// platforms' own export files, byte for byte in their formats, so that `pulse demo`
// and `pulse bench` exercise the real ingest rather than a shortcut into the
// database.
//
// The story it tells is deliberately realistic: a weekly posting rhythm, steady
// follower growth, more reach in May (Mental Health Awareness Month), a few posts
// that travel far, and a three-week summer break with no posts.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Config chooses what to make up.
type Config struct {
	Seed   uint64
	End    time.Time      // the last day with data; exports are downloaded the day after
	Months int            // how far back the history goes
	Loc    *time.Location // the practice's time zone (Meta and TikTok write local times)
	// Handle is the practice's name on every platform ("praxis.nord").
	Handle string
	// Platforms to write; nil means all of instagram, facebook, x, linkedin, tiktok.
	Platforms []string
	// PostsPerWeek scales the posting rhythm; 0 means the demo's (about 3 a week on
	// Instagram, fewer elsewhere).
	PostsPerWeek float64
	// WeeklyPosts, when set, is how often every platform posts, whatever its usual
	// rhythm (the agency bench asks for about 800 posts per account in 3 years).
	WeeklyPosts float64
	// Size scales the audience (followers at the start); 0 means 1. Agency clients
	// differ in size, and their files must differ even where a platform reports small
	// whole numbers.
	Size float64
	// ExportMonths is how many months each export covers; 0 means 1 (a monthly
	// download). Each export is downloaded the day after its last month ends.
	ExportMonths int
}

// Export is one download session: the files a person would get from one platform on
// one day. AsOf is that day; ingest must be told it (post totals are "as of" it).
type Export struct {
	Platform string
	AsOf     time.Time
	Files    []File
}

// File is one export file.
type File struct {
	Name string // a relative path, as the platform names it
	Data []byte
}

// Post is one made-up post with its lifetime totals as of its export.
type Post struct {
	Platform  string
	ID        string
	Published time.Time // in cfg.Loc
	Type      string    // the platform's raw type
	Caption   string
	Reach     int64
	Views     int64
	Likes     int64
	Comments  int64
	Shares    int64
	Saves     int64
	Clicks    int64
	Follows   int64
	Seconds   int64 // watch time, for videos
}

// Day is one account-level day.
type Day struct {
	Date          time.Time // 00:00 UTC of the date
	Reach         int64
	Views         int64
	NewFollowers  int64
	Unfollows     int64
	Followers     int64 // total at the end of the day
	ProfileVisits int64
	LinkClicks    int64
	Interactions  int64
}

// history is one platform's made-up past.
type history struct {
	platform string
	posts    []Post
	days     []Day
}

// platformShape sets how big and how active each platform is for a small practice.
type platformShape struct {
	followers0   float64 // followers at the start
	growth       float64 // daily growth rate of followers
	postsPerWeek float64
	hours        []int // usual posting hours (local)
	types        []string
	er           float64 // typical interactions / reach
}

var shapes = map[string]platformShape{
	"instagram": {followers0: 850, growth: 0.0016, postsPerWeek: 3, hours: []int{8, 12, 18, 19, 20}, types: []string{"IG reel", "IG carousel", "IG image"}, er: 0.055},
	"facebook":  {followers0: 620, growth: 0.0007, postsPerWeek: 2, hours: []int{9, 12, 17}, types: []string{"Photos", "Links", "Reels"}, er: 0.035},
	"x":         {followers0: 410, growth: 0.0005, postsPerWeek: 2, hours: []int{7, 12, 16}, types: []string{"tweet"}, er: 0.02},
	"linkedin":  {followers0: 300, growth: 0.0012, postsPerWeek: 1, hours: []int{8, 9}, types: []string{"Image", "Article", "Text"}, er: 0.04},
	"tiktok":    {followers0: 240, growth: 0.0030, postsPerWeek: 1.5, hours: []int{17, 19, 21}, types: []string{"video"}, er: 0.07},
}

// AllPlatforms in the order the demo shows them.
var AllPlatforms = []string{"instagram", "facebook", "x", "linkedin", "tiktok"}

var topics = []string{
	"Five grounding techniques for anxious moments",
	"What to expect in your first therapy session",
	"Why rest is not a reward but a need",
	"Boundaries at work: saying no without guilt",
	"How to talk to a friend who is struggling",
	"Sleep and mood: a short guide",
	"Grief does not follow a timetable",
	"Our practice is open for new clients this month",
	"Breathing exercise: box breathing in four steps",
	"Myths about therapy, answered",
	"Self-compassion when you slip back into old habits",
	"Parenting teens: staying connected",
	"Winter blues or something more? Signs to notice",
	"A question we hear often: how long does therapy take?",
	"Journaling prompts for a calmer evening",
}

var hashtags = []string{"#mentalhealth", "#therapy", "#anxiety", "#selfcare", "#wellbeing", "#psychotherapy", "#mentalhealthawareness"}

// build makes up one platform's history from start to end (inclusive, local dates).
func build(cfg Config, platform string, start, end time.Time, rng *rand.Rand) history {
	sh := shapes[platform]
	if cfg.PostsPerWeek > 0 {
		sh.postsPerWeek *= cfg.PostsPerWeek / 3
	}
	if cfg.WeeklyPosts > 0 {
		sh.postsPerWeek = cfg.WeeklyPosts
	}
	h := history{platform: platform}
	followers := sh.followers0
	if cfg.Size > 0 {
		followers *= cfg.Size
	}
	// The summer break: three weeks from the first 1 August in the history.
	breakStart := time.Date(start.Year(), 8, 1, 0, 0, 0, 0, time.UTC)
	if breakStart.Before(start) {
		breakStart = breakStart.AddDate(1, 0, 0)
	}
	breakEnd := breakStart.AddDate(0, 0, 21)
	seq := 0
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		// May is Mental Health Awareness Month: the practice posts more and people share more.
		bump := 1.0
		if d.Month() == time.May {
			bump = 1.5
		}
		onBreak := !d.Before(breakStart) && d.Before(breakEnd)
		day := Day{Date: d}
		base := followers * (0.035 + 0.01*rng.Float64())
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			base *= 0.75
		}
		day.Reach = int64(base * bump)
		// Posting: a Poisson-ish number of posts today.
		expected := sh.postsPerWeek / 7 * bump
		if onBreak {
			expected = 0
		}
		for n := poisson(rng, expected); n > 0; n-- {
			seq++
			p := makePost(cfg, platform, sh, d, seq, followers, bump, rng)
			h.posts = append(h.posts, p)
			day.Reach += p.Reach * 6 / 10
			day.Interactions += p.Likes + p.Comments + p.Shares + p.Saves
		}
		day.Views = day.Reach * int64(150+rng.IntN(40)) / 100
		gain := followers * sh.growth * bump * (0.6 + 0.8*rng.Float64())
		day.NewFollowers = int64(math.Round(gain + followers*0.0004))
		day.Unfollows = int64(math.Round(followers * 0.0004 * rng.Float64() * 2))
		followers += float64(day.NewFollowers - day.Unfollows)
		day.Followers = int64(followers)
		day.ProfileVisits = day.Reach / int64(18+rng.IntN(8))
		day.LinkClicks = day.ProfileVisits / int64(3+rng.IntN(3))
		h.days = append(h.days, day)
	}
	return h
}

func makePost(cfg Config, platform string, sh platformShape, d time.Time, seq int, followers, bump float64, rng *rand.Rand) Post {
	hour := sh.hours[rng.IntN(len(sh.hours))]
	pub := time.Date(d.Year(), d.Month(), d.Day(), hour, rng.IntN(60), 0, 0, cfg.Loc)
	typ := sh.types[rng.IntN(len(sh.types))]
	reach := followers * (0.25 + 0.3*rng.Float64()) * bump
	if typ == "IG reel" || typ == "Reels" || platform == "tiktok" {
		reach *= 1.8
	}
	er := sh.er * (0.6 + 0.8*rng.Float64())
	if hour >= 18 {
		er *= 1.25 // evening posts do better: the best-time heatmap has something to find
	}
	// About one post in 60 travels far.
	if rng.IntN(60) == 0 {
		reach *= 8 + 6*rng.Float64()
		er *= 1.4
	}
	inter := reach * er
	topic := topics[rng.IntN(len(topics))]
	tags := hashtags[rng.IntN(len(hashtags))] + " " + hashtags[rng.IntN(len(hashtags))]
	caption := topic + "\n\n" + tags
	if seq%9 == 0 {
		caption = topic + " & what helps \u2728\n\nMore on our website.\n" + tags
	}
	p := Post{
		Platform:  platform,
		ID:        fmt.Sprintf("%d%08d", platformCode(platform), seq),
		Published: pub,
		Type:      typ,
		Caption:   caption,
		Reach:     int64(reach),
		Views:     int64(reach * (1.3 + 0.5*rng.Float64())),
		Likes:     int64(inter * 0.7),
		Comments:  int64(inter * 0.1),
		Shares:    int64(inter * 0.1),
		Saves:     int64(inter * 0.1),
		Clicks:    int64(reach * 0.01 * rng.Float64()),
		Follows:   int64(reach * 0.002),
	}
	if typ == "IG reel" || typ == "Reels" || platform == "tiktok" {
		p.Seconds = p.Views * int64(8+rng.IntN(20))
	}
	return p
}

func platformCode(p string) int {
	for i, q := range AllPlatforms {
		if q == p {
			return 17 + i
		}
	}
	return 99
}

func poisson(rng *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// Generate makes up the history and returns it as the exports a practice would have
// downloaded: one set a month (or every cfg.ExportMonths months) for each platform,
// on the day after the period it covers.
func Generate(cfg Config) ([]Export, error) {
	if cfg.Loc == nil {
		cfg.Loc = time.UTC
	}
	if cfg.Months <= 0 {
		cfg.Months = 18
	}
	if cfg.Handle == "" {
		cfg.Handle = "praxis.nord"
	}
	platforms := cfg.Platforms
	if platforms == nil {
		platforms = AllPlatforms
	}
	end := time.Date(cfg.End.Year(), cfg.End.Month(), cfg.End.Day(), 0, 0, 0, 0, time.UTC)
	start := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -cfg.Months+1, 0)
	var out []Export
	for i, platform := range platforms {
		if _, ok := shapes[platform]; !ok {
			return nil, fmt.Errorf("synth: unknown platform %q", platform)
		}
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(i+1)))
		h := build(cfg, platform, start, end, rng)
		step := max(cfg.ExportMonths, 1)
		for m := start; !m.After(end); m = m.AddDate(0, step, 0) {
			last := m.AddDate(0, step, -1)
			if last.After(end) {
				last = end
			}
			asOf := last.AddDate(0, 0, 1)
			files, err := writeMonth(cfg, h, m, last, asOf)
			if err != nil {
				return nil, err
			}
			out = append(out, Export{Platform: platform, AsOf: asOf, Files: files})
		}
	}
	return out, nil
}

// between returns the posts published and the days within [from, to] (dates).
func (h history) between(cfg Config, from, to time.Time) ([]Post, []Day) {
	var ps []Post
	for _, p := range h.posts {
		local := time.Date(p.Published.Year(), p.Published.Month(), p.Published.Day(), 0, 0, 0, 0, time.UTC)
		if !local.Before(from) && !local.After(to) {
			ps = append(ps, p)
		}
	}
	var ds []Day
	for _, d := range h.days {
		if !d.Date.Before(from) && !d.Date.After(to) {
			ds = append(ds, d)
		}
	}
	return ps, ds
}
