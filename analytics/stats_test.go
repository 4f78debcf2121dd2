package analytics

import (
	"math"
	"testing"

	"pulse/queries"
)

func TestMedian(t *testing.T) {
	checkF(t, "none", Median(nil), nil)
	checkF(t, "odd", Median([]float64{0.3, 0.1, 0.2}), f(0.2))
	checkF(t, "even", Median([]float64{4, 1, 3, 2}), f(2.5))
}

// TestMannWhitneyTextbook checks the test against the worked example of Rosie Shier,
// "Statistics: 2.3 The Mann-Whitney U Test", Mathematics Learning Support Centre,
// Loughborough University (2004), also the example of SciPy's mannwhitneyu: the ages
// at diagnosis of type II diabetes of five men and four women.
//
// Ranks of the nine ages: 11→1 12→2 16→3 17→4 19→5 20→6 22→7 24→8 29→9.
// Men: 5 + 7 + 3 + 9 + 8 = 32, U_M = 32 - 5·6/2 = 17; women: U_F = 5·4 - 17 = 3.
// Exact: 14 of the C(9,4) = 126 equally likely rank splits give U >= 17 or U <= 3,
// so p = 14/126 = 0.111 (Shier: p = 0.11). Normal approximation: μ = 10,
// σ = √(5·4·10/12) = 4.0825; with the continuity correction z = (7 - 0.5)/4.0825 =
// 1.5922, p = 0.11135 (SciPy: 0.11134688653314041).
func TestMannWhitneyTextbook(t *testing.T) {
	men := []float64{19, 22, 16, 29, 24}
	women := []float64{20, 11, 17, 12}

	r := MannWhitneyU(men, women)
	if r.U1 != 17 || r.U2 != 3 || r.U != 3 || r.Method != MethodExact || r.N1 != 5 || r.N2 != 4 {
		t.Fatalf("exact: %+v", r)
	}
	checkF(t, "exact p", r.P, f(14.0/126))

	n := mannWhitneyNormal(men, women)
	if n.Method != MethodNormal || n.U1 != 17 {
		t.Fatalf("normal: %+v", n)
	}
	checkF(t, "normal p", n.P, f(0.11134688653314041))

	// Swapping the samples changes U1 and U2 but not p.
	s := MannWhitneyU(women, men)
	if s.U1 != 3 || s.U2 != 17 || !same(s.P, r.P) {
		t.Errorf("swapped: %+v", s)
	}
	if Reading(r.P) != LabelCouldBeChance {
		t.Errorf("reading %q", Reading(r.P))
	}
}

// TestMannWhitneyTies checks the tie correction by hand. x = 1, 2, 2 and y = 2, 3, 4:
// the three 2s share ranks 2, 3, 4 → 3 each; R1 = 1 + 3 + 3 = 7, U1 = 7 - 6 = 1,
// U2 = 9 - 1 = 8. μ = 4.5; one tie of t = 3 gives Σ(t³ - t) = 24, so
// σ² = 3·3/12 · (7 - 24/(6·5)) = 0.75 · 6.2 = 4.65, σ = 2.156386;
// z = (3.5 - 0.5)/2.156386 = 1.391217, p = erfc(z/√2) = 0.164160.
func TestMannWhitneyTies(t *testing.T) {
	r := MannWhitneyU([]float64{1, 2, 2}, []float64{2, 3, 4})
	if r.U1 != 1 || r.U2 != 8 || r.Method != MethodNormal {
		t.Fatalf("%+v", r)
	}
	checkF(t, "z", r.Z, f(3/math.Sqrt(4.65)))
	checkF(t, "p", r.P, f(0.16415972847851523))

	// All values equal: nothing to tell apart.
	if r := MannWhitneyU([]float64{0, 0}, []float64{0, 0, 0}); !same(r.P, f(1)) {
		t.Errorf("all equal: %+v", r)
	}
	// An empty group: no p-value.
	if r := MannWhitneyU(nil, []float64{1}); r.P != nil || Reading(r.P) != LabelNotEnough {
		t.Errorf("empty: %+v", r)
	}
}

// TestMannWhitneyExactExtremes: with complete separation of 4 and 4 values only 2 of
// the C(8,4) = 70 splits are as extreme, p = 2/70 = 0.0286 < 0.05.
func TestMannWhitneyExactExtremes(t *testing.T) {
	r := MannWhitneyU([]float64{5, 6, 7, 8}, []float64{1, 2, 3, 4})
	if r.U1 != 16 || r.Method != MethodExact {
		t.Fatalf("%+v", r)
	}
	checkF(t, "p", r.P, f(2.0/70))
	if Reading(r.P) != LabelLikelyReal {
		t.Errorf("reading %q", Reading(r.P))
	}
	// The distribution sums to 1 and is symmetric: P(U >= mean) over both tails is 1.
	checkF(t, "centre", fp(exactP(6, 7, 21)), f(1))
	// Large samples take the normal approximation.
	big := make([]float64, 40)
	other := make([]float64, 40)
	for k := range big {
		big[k], other[k] = float64(2*k), float64(2*k+1)
	}
	if r := MannWhitneyU(big, other); r.Method != MethodNormal || r.P == nil || *r.P < 0.5 {
		t.Errorf("large: %+v", r)
	}
}

func TestExperimentGroups(t *testing.T) {
	m := func(likes int64) queries.Metrics { return queries.Metrics{Reach: i(100), Likes: i(likes)} }
	mk := func(id, platform, ctype, caption string, labels []string, at string, likes int64) Post {
		p := post(id, platform, ctype, utc(at), m(likes))
		p.Caption, p.Labels = caption, labels
		return p
	}
	posts := []Post{
		// ERs 0.05 .. 0.08 for reels, 0.01 .. 0.04 for images; Berlin is UTC+1.
		mk("r1", "instagram", "reel", "Breathe #Anxiety #calm", []string{"series"}, "2025-03-03 07:00", 5),
		mk("r2", "instagram", "reel", "#anxiety tips", nil, "2025-03-04 07:00", 6),
		mk("r3", "instagram", "reel", "no tags", []string{"Series"}, "2025-03-05 17:00", 7),
		mk("r4", "facebook", "reel", "#sleep", nil, "2025-03-06 17:00", 8),
		mk("i1", "instagram", "image", "#anxiety#sleep", nil, "2025-03-03 17:00", 1),
		mk("i2", "instagram", "image", "", nil, "2025-03-04 21:00", 2),
		mk("i3", "facebook", "image", "#anxiousness", nil, "2025-03-05 23:30", 3),
		mk("i4", "facebook", "image", "", []string{"series"}, "2025-03-06 07:00", 4),
	}
	for _, tc := range []struct {
		e                Experiment
		a, b, overlap    int
		medianA, medianB float64
		p                float64
	}{
		// Reels 0.05-0.08 against images 0.01-0.04: complete separation, p = 2/70.
		{Experiment{ByContentType, "reel", "image"}, 4, 4, 0, 0.065, 0.025, 2.0 / 70},
		// #anxiety (any case) in r1, r2, i1; "#anxiousness" is another tag. Against the
		// rest: A = 0.05, 0.06, 0.01 (median 0.05); B = 0.07, 0.08, 0.02, 0.03, 0.04
		// (median 0.04). Ranks of A among the 8: 0.01→1, 0.05→5, 0.06→6, R1 = 12,
		// U1 = 6, U2 = 9. U >= 9 means a rank sum >= 15: 22 of the C(8,3) = 56
		// three-rank subsets, so p = 2·22/56 = 0.786: could be chance.
		{Experiment{ByHashtag, "#anxiety", ""}, 3, 5, 0, 0.05, 0.04, 44.0 / 56},
		// #anxiety against #sleep: i1 has both and is left out.
		{Experiment{ByHashtag, "anxiety", "sleep"}, 2, 1, 1, 0.055, 0.08, -1},
		// The label "series" in any case: r1, r3, i4 (0.05, 0.07, 0.04) against the rest.
		{Experiment{ByLabel, "series", ""}, 3, 5, 0, 0.05, 0.03, -1},
		// Hours in Berlin: 08:00 (r1, r2, i4) and 18:00 (r3, r4, i1), 22:00 (i2), 00:30 (i3).
		// 06-12 = r1, r2, i4; 22-02 wraps midnight = i2, i3.
		{Experiment{ByHourBand, "06-12", "22-02"}, 3, 2, 0, 0.05, 0.025, -1},
		{Experiment{ByPlatform, "facebook", "instagram"}, 3, 5, 0, 0.04, 0.05, -1},
	} {
		r, err := CompareGroups(posts, tc.e)
		if err != nil {
			t.Fatal(err)
		}
		if r.A.Posts != tc.a || r.B.Posts != tc.b || r.Overlap != tc.overlap {
			t.Errorf("%+v: posts %d/%d overlap %d", tc.e, r.A.Posts, r.B.Posts, r.Overlap)
		}
		checkF(t, string(tc.e.By)+" median A", r.A.MedianER, f(tc.medianA))
		checkF(t, string(tc.e.By)+" median B", r.B.MedianER, f(tc.medianB))
		checkF(t, string(tc.e.By)+" difference", r.Difference, f(tc.medianA-tc.medianB))
		if tc.p >= 0 {
			checkF(t, string(tc.e.By)+" p", r.Test.P, f(tc.p))
		}
		if r.Test.P == nil || r.Reading != Reading(r.Test.P) {
			t.Errorf("%+v: test %+v reading %q", tc.e, r.Test, r.Reading)
		}
	}
	for _, bad := range []Experiment{{"weekday", "mon", ""}, {ByHourBand, "6", ""}, {ByHourBand, "06-06", ""}, {ByLabel, "", ""}} {
		if _, err := CompareGroups(posts, bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
