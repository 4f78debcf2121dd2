package analytics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Comparison sets a value against the value of a comparison period.
type Comparison struct {
	Value     *float64 `json:"value"`      // the comparison period's value; nil = not reported
	Change    *float64 `json:"change"`     // current - comparison; nil when either is not reported
	ChangePct *float64 `json:"change_pct"` // change / comparison × 100; nil when the comparison is 0 or not reported
}

// Compare builds the comparison of cur against base.
func Compare(cur, base *float64) Comparison {
	c := Comparison{Value: base}
	if cur == nil || base == nil {
		return c
	}
	ch := *cur - *base
	c.Change = &ch
	if *base != 0 {
		pct := ch / math.Abs(*base) * 100
		c.ChangePct = &pct
	}
	return c
}

// PctText renders the % change like "+12.5%", or "n/a".
func (c Comparison) PctText() string {
	if c.ChangePct == nil {
		return NA
	}
	return fmt.Sprintf("%+.1f%%", *c.ChangePct)
}

// Unit says how a value reads.
type Unit string

// Units of KPI values.
const (
	UnitCount Unit = "count" // a number of things
	UnitRatio Unit = "ratio" // a fraction: 0.05 is 5%
)

// Text renders v in unit u: counts with thousands separators, ratios as percentages
// with two decimals, nil as "n/a".
func Text(v *float64, u Unit) string {
	if v == nil {
		return NA
	}
	if u == UnitRatio {
		return strconv.FormatFloat(*v*100, 'f', 2, 64) + "%"
	}
	return countText(*v)
}

// ChangeText renders a change in unit u with its sign: "+1,204", "-0.40 pp", or "n/a".
func ChangeText(v *float64, u Unit) string {
	if v == nil {
		return NA
	}
	sign := "+"
	if *v < 0 {
		sign = "-"
	}
	a := math.Abs(*v)
	if u == UnitRatio {
		return sign + strconv.FormatFloat(a*100, 'f', 2, 64) + " pp"
	}
	return sign + countText(a)
}

func countText(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if v != math.Trunc(v) {
		s = strconv.FormatFloat(v, 'f', 1, 64)
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

func fp(v float64) *float64 { return &v }

func toFloat(p *int64) *float64 {
	if p == nil {
		return nil
	}
	v := float64(*p)
	return &v
}

// addTo adds v to *sum, making the sum reported once anything is.
func addTo(sum **float64, v *float64) {
	if v == nil {
		return
	}
	if *sum == nil {
		*sum = fp(0)
	}
	**sum += *v
}

func ratio(num, den *float64) *float64 {
	if num == nil || den == nil || *den == 0 {
		return nil
	}
	return fp(*num / *den)
}
