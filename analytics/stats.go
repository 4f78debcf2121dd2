package analytics

import (
	"math"
	"sort"
)

// Median is the middle value of v (the mean of the two middle values for an even
// count); nil for no values. v is not changed.
func Median(v []float64) *float64 {
	if len(v) == 0 {
		return nil
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return fp(s[m])
	}
	return fp((s[m-1] + s[m]) / 2)
}

// Methods of MannWhitney.
const (
	MethodExact  = "exact"
	MethodNormal = "normal approximation with tie and continuity correction"
)

// MannWhitney is a two-sided Mann-Whitney U test of two independent samples.
type MannWhitney struct {
	N1     int      `json:"n1"`
	N2     int      `json:"n2"`
	U1     float64  `json:"u1"` // the statistic of the first sample: R1 - n1(n1+1)/2
	U2     float64  `json:"u2"` // n1·n2 - U1
	U      float64  `json:"u"`  // min(U1, U2), the figure textbooks quote
	Z      *float64 `json:"z"`  // the standardised statistic, for the normal approximation
	P      *float64 `json:"p"`  // two-sided p-value; nil when a sample is empty
	Method string   `json:"method"`
}

// maxExactArrangements caps the exact method: the number of ways to split the ranks
// between the samples, C(n1+n2, n1), must stay below it so the counts stay exact.
const maxExactArrangements = 1e15

// MannWhitneyU tests whether x and y come from the same distribution. Without ties
// and with few enough arrangements it gives the exact p-value (the permutation
// distribution of U); otherwise the normal approximation with tie correction and a
// continuity correction of 1/2.
func MannWhitneyU(x, y []float64) MannWhitney {
	t := rankTest(x, y)
	if t.N1 == 0 || t.N2 == 0 {
		return t.MannWhitney
	}
	if t.tieTerm == 0 && arrangements(t.N1, t.N2) < maxExactArrangements {
		t.Method = MethodExact
		t.P = fp(exactP(t.N1, t.N2, math.Max(t.U1, t.U2)))
		return t.MannWhitney
	}
	return t.normal()
}

// mannWhitneyNormal always uses the normal approximation (for tests and large samples).
func mannWhitneyNormal(x, y []float64) MannWhitney {
	t := rankTest(x, y)
	if t.N1 == 0 || t.N2 == 0 {
		return t.MannWhitney
	}
	return t.normal()
}

type ranked struct {
	MannWhitney
	tieTerm float64 // Σ (t³ - t) over groups of tied values
}

func rankTest(x, y []float64) ranked {
	n1, n2 := len(x), len(y)
	r := ranked{MannWhitney: MannWhitney{N1: n1, N2: n2}}
	if n1 == 0 || n2 == 0 {
		return r
	}
	type obs struct {
		v     float64
		first bool
	}
	all := make([]obs, 0, n1+n2)
	for _, v := range x {
		all = append(all, obs{v, true})
	}
	for _, v := range y {
		all = append(all, obs{v, false})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].v < all[j].v })
	var r1 float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		// Positions i..j-1 hold equal values: each gets the mean of ranks i+1..j.
		rank := float64(i+1+j) / 2
		for k := i; k < j; k++ {
			if all[k].first {
				r1 += rank
			}
		}
		if tied := float64(j - i); tied > 1 {
			r.tieTerm += tied*tied*tied - tied
		}
		i = j
	}
	r.U1 = r1 - float64(n1*(n1+1))/2
	r.U2 = float64(n1*n2) - r.U1
	r.U = math.Min(r.U1, r.U2)
	return r
}

func (r ranked) normal() MannWhitney {
	n1, n2 := float64(r.N1), float64(r.N2)
	n := n1 + n2
	r.Method = MethodNormal
	mu := n1 * n2 / 2
	variance := n1 * n2 / 12 * ((n + 1) - r.tieTerm/(n*(n-1)))
	if variance <= 0 {
		// Every value is the same: nothing tells the samples apart.
		r.Z, r.P = fp(0), fp(1)
		return r.MannWhitney
	}
	z := math.Max(0, math.Abs(r.U1-mu)-0.5) / math.Sqrt(variance)
	r.Z = fp(z)
	r.P = fp(math.Min(1, math.Erfc(z/math.Sqrt2)))
	return r.MannWhitney
}

// arrangements is C(n1+n2, n1), or +Inf once it passes maxExactArrangements.
func arrangements(n1, n2 int) float64 {
	k := min(n1, n2)
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n1+n2-k+i) / float64(i)
		if c >= maxExactArrangements {
			return math.Inf(1)
		}
	}
	return math.Round(c)
}

// exactP is the two-sided exact p-value 2·P(U >= u) for samples of n1 and n2 without
// ties, where u >= n1·n2/2. The counts of U are the coefficients of the Gaussian
// binomial [n1+n2 choose n1]_q = Π_{i=1..n1} (1 - q^(n2+i)) / (1 - q^i), built one
// factor at a time with integer arithmetic.
func exactP(n1, n2 int, u float64) float64 {
	size := n1*n2 + 1
	c := make([]int64, size)
	c[0] = 1
	for i := 1; i <= n1; i++ {
		// Multiply by (1 - q^(n2+i)).
		for k := size - 1; k >= n2+i; k-- {
			c[k] -= c[k-n2-i]
		}
		// Divide by (1 - q^i): a running sum with stride i.
		for k := i; k < size; k++ {
			c[k] += c[k-i]
		}
	}
	var total, tail int64
	for k, v := range c {
		total += v
		if float64(k) >= u {
			tail += v
		}
	}
	return math.Min(1, 2*float64(tail)/float64(total))
}
