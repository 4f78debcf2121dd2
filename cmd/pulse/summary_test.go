package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

func ptr(v int64) *int64 { return &v }

func mustDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// summaryFixture makes a data directory holding one Instagram account in Berlin.
func summaryFixture(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := queries.Open(ctx, filepath.Join(dir, "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for k, v := range map[string]string{queries.SettingName: "Praxis Nord", queries.SettingTimeZone: "Europe/Berlin"} {
		if err := db.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	ig := queries.Account{Platform: "instagram", Handle: "PraxisNord"}
	b := &queries.Batch{
		Posts: []queries.Post{
			// Sunday 23 March 23:30 UTC = Monday 24 March 00:30 in Berlin: in W13.
			// 30 likes over reach 200: ER 0.15.
			{Account: ig, PostID: "p1", PublishedAt: time.Date(2025, 3, 23, 23, 30, 0, 0, time.UTC), ContentType: "reel",
				Caption: "Breathing <3 & calm", Metrics: queries.Metrics{Reach: ptr(200), Likes: ptr(30)}},
			// 40 / 80 = 0.5, but a reach of 80 is under the default minimum of 100.
			{Account: ig, PostID: "p2", PublishedAt: time.Date(2025, 3, 26, 9, 0, 0, 0, time.UTC), ContentType: "image",
				Metrics: queries.Metrics{Reach: ptr(80), Likes: ptr(40)}},
		},
		Daily: []queries.Daily{
			{Account: ig, Day: mustDay("2025-03-24"), Metric: queries.MetricReach, Value: 300},
			{Account: ig, Day: mustDay("2025-03-20"), Metric: queries.MetricReach, Value: 100},
			{Account: ig, Day: mustDay("2025-03-23"), Metric: queries.MetricFollowersTotal, Value: 500},
			{Account: ig, Day: mustDay("2025-03-30"), Metric: queries.MetricFollowersTotal, Value: 520},
		},
	}
	if err := db.LoadBatch(ctx, &queries.Import{FileName: "x", SHA256: "x", AsOf: mustDay("2025-04-01")}, b, queries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func env(dir string) func(string) string {
	return func(k string) string {
		if k == "PULSE_DATA" {
			return dir
		}
		return ""
	}
}

func runPulse(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, env(dir))
	return code, out.String(), errb.String()
}

// kpiDoc mirrors one entry of "kpis" in the summary document.
type kpiDoc struct {
	Key      string   `json:"key"`
	Basis    string   `json:"basis"`
	Unit     string   `json:"unit"`
	Value    *float64 `json:"value"`
	Previous struct {
		Value     *float64 `json:"value"`
		Change    *float64 `json:"change"`
		ChangePct *float64 `json:"change_pct"`
	} `json:"previous"`
	YearAgo struct {
		Value     *float64 `json:"value"`
		Change    *float64 `json:"change"`
		ChangePct *float64 `json:"change_pct"`
	} `json:"year_ago"`
}

func num(p *float64) string {
	if p == nil {
		return "null"
	}
	b, _ := json.Marshal(*p)
	return string(b)
}

func TestSummaryJSON(t *testing.T) {
	dir := summaryFixture(t)
	code, out, errs := runPulse(t, dir, "summary", "--from", "2025-03-24", "--to", "2025-03-30", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(out)); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(compact.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var keys []string
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, ","); got != "definitions,filter,followers,kpis,period,practice,previous_period,schema,top_posts,year_ago_period" {
		t.Errorf("top-level keys: %s", got)
	}
	if string(doc["schema"]) != `"pulse.summary/1"` {
		t.Errorf("schema %s", doc["schema"])
	}
	if got := string(doc["period"]); got != `{"from":"2025-03-24","to":"2025-03-30","days":7,"label":"2025-W13 (2025-03-24 – 2025-03-30)"}` {
		t.Errorf("period %s", got)
	}
	if got := string(doc["year_ago_period"]); !strings.Contains(got, `"from":"2024-03-25","to":"2024-03-31"`) {
		t.Errorf("year ago period %s", got)
	}
	if got := string(doc["practice"]); got != `{"name":"Praxis Nord","time_zone":"Europe/Berlin","min_reach":100}` {
		t.Errorf("practice %s", got)
	}
	if got := string(doc["filter"]); got != `{"platforms":[],"accounts":[]}` {
		t.Errorf("filter %s", got)
	}

	var kpis []kpiDoc
	if err := json.Unmarshal(doc["kpis"], &kpis); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range kpis {
		got = append(got, strings.Join([]string{k.Key, num(k.Value), num(k.Previous.Value), num(k.Previous.Change),
			num(k.Previous.ChangePct), num(k.YearAgo.Value), num(k.YearAgo.ChangePct)}, " "))
	}
	// key value previous change change% year-ago change%:
	// reach 300 against 100 (+200, +200 %); interactions 30 + 40 = 70 against none;
	// ER 70 / (200 + 80) = 0.25; followers 520 on the 30th against 500 on the 23rd;
	// net 520 - 500 = 20, the week before has no total before it: null; 2 posts
	// against 0 (no %). Nothing is stored for a year earlier but posts (0).
	want := []string{
		"reach 300 100 200 200 null null",
		"views null null null null null null",
		"interactions 70 null null null null null",
		"engagement_rate 0.25 null null null null null",
		"followers 520 500 20 4 null null",
		"net_followers 20 null null null null null",
		"posts 2 0 2 null 0 null",
		"profile_visits null null null null null null",
		"clicks null null null null null null",
		"link_clicks null null null null null null",
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("kpis\n got:\n%s\nwant:\n%s", g, w)
	}
	if kpis[3].Basis != "ER by reach" || kpis[3].Unit != "ratio" || kpis[0].Basis != "sum of daily reach" {
		t.Errorf("bases: %+v %+v", kpis[3], kpis[0])
	}

	var top []map[string]any
	if err := json.Unmarshal(doc["top_posts"], &top); err != nil {
		t.Fatal(err)
	}
	// Only p1: p2's reach of 80 is under the minimum.
	if len(top) != 1 || top[0]["post_id"] != "p1" || top[0]["er"] != 0.15 || top[0]["rank"] != 1.0 ||
		top[0]["published_local"] != "2025-03-24T00:30:00+01:00" || top[0]["published_at"] != "2025-03-23T23:30:00Z" ||
		top[0]["er_label"] != "ER by reach" || top[0]["caption"] != "Breathing <3 & calm" || top[0]["time_known"] != true {
		t.Errorf("top posts %v", top)
	}
	if got := string(doc["followers"]); !strings.Contains(got, `"platform":"instagram","followers":520,"start":500,"net":20,"growth_rate":0.04,"gained":null,"lost":null`) {
		t.Errorf("followers %s", got)
	}
	var defs map[string]string
	if err := json.Unmarshal(doc["definitions"], &defs); err != nil || !strings.Contains(defs["interactions"], "likes/reactions") {
		t.Errorf("definitions %v %v", defs["interactions"], err)
	}
}

func TestSummaryText(t *testing.T) {
	dir := summaryFixture(t)
	code, out, errs := runPulse(t, dir, "summary", "--to", "2025-03-30", "--platform", "instagram")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Praxis Nord · 2025-W13 (2025-03-24 – 2025-03-30) · Europe/Berlin",
		"only: instagram",
		"Reach ", "+200 (+200.0%)", "25.00%", "ER by reach",
		"1. 2025-03-24 00:30  instagram:PraxisNord  reel  15.00% (ER by reach)  30 interactions  reach 200",
		"instagram  520", "all",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if code, _, errs := runPulse(t, dir, "summary", "--account", "instagram:nobody"); code != exitFail || !strings.Contains(errs, "instagram:PraxisNord") {
		t.Errorf("unknown account: %d %s", code, errs)
	}
	if code, _, _ := runPulse(t, dir, "summary", "--from", "2025-03-30", "--to", "2025-03-01"); code != exitUsage {
		t.Errorf("reversed period: exit %d", code)
	}
	if code, _, _ := runPulse(t, dir, "summary", "--account", "nobody"); code != exitUsage {
		t.Errorf("account without platform: exit %d", code)
	}
}

// TestSummaryDefaultPeriod: without dates the period is the last complete ISO week
// in the practice's time zone, read from the injected clock.
func TestSummaryDefaultPeriod(t *testing.T) {
	dir := summaryFixture(t)
	var out, errb bytes.Buffer
	// Sunday 30 March 2025 22:30 UTC is already Monday 00:30 in Berlin: W13 is complete.
	a := &App{cfg: Config{DataDir: dir}, stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: env(dir),
		now: func() time.Time { return time.Date(2025, 3, 30, 22, 30, 0, 0, time.UTC) }}
	if err := a.cmdSummary(context.Background(), []string{"--json"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"period": {
    "from": "2025-03-24",
    "to": "2025-03-30",`) {
		t.Errorf("default period:\n%s", out.String()[:400])
	}
}

func TestNotes(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runPulse(t, dir, "note", "add", "2025-05-12", "Newsletter", "went out"); code != 0 || out != "note #1 on 2025-05-12: Newsletter went out\n" {
		t.Fatalf("add: %d %q %s", code, out, errs)
	}
	runPulse(t, dir, "note", "add", "2025-05-01", "Practice closed")
	if code, out, _ := runPulse(t, dir, "note", "list"); code != 0 || out != "#2  2025-05-01  Practice closed\n#1  2025-05-12  Newsletter went out\n" {
		t.Errorf("list: %d %q", code, out)
	}
	if code, out, _ := runPulse(t, dir, "note", "list", "--from", "2025-05-02"); code != 0 || out != "#1  2025-05-12  Newsletter went out\n" {
		t.Errorf("list from: %d %q", code, out)
	}
	if code, out, _ := runPulse(t, dir, "note", "remove", "1"); code != 0 || out != "removed note #1\n" {
		t.Errorf("remove: %d %q", code, out)
	}
	if code, _, errs := runPulse(t, dir, "note", "remove", "1"); code != exitFail || !strings.Contains(errs, "no note #1") {
		t.Errorf("remove again: %d %s", code, errs)
	}
	for _, bad := range [][]string{{"note"}, {"note", "add", "12.5.2025", "x"}, {"note", "add", "2025-05-12"}, {"note", "remove", "x"}, {"note", "frobnicate"}} {
		if code, _, _ := runPulse(t, dir, bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
}
