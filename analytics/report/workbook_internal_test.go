package report

import (
	"testing"
	"time"
)

// TestWidth holds the characters a value is taken to need: its text, or a number as
// written out plus a third for the thousands separators the cell shows.
func TestWidth(t *testing.T) {
	n, x := int64(1234567), 0.125
	for _, tc := range []struct {
		v    any
		k    kind
		want int
	}{
		{nil, kCount, 0},
		{"Reel", kText, 4},
		{"Grüße", kText, 5}, // runes, not bytes
		{link{text: "Open post", url: "https://example.org/p/1"}, kLink, 9},
		{1234, kCount, 5},           // "1234": 4 + 1
		{int64(1234567), kCount, 9}, // "1234567": 7 + 2
		{&n, kCount, 9},
		{(*int64)(nil), kCount, 0}, // not reported: blank
		{(*float64)(nil), kDecimal, 0},
		{&x, kDecimal, 6},  // "0.125": 5 + 1
		{2.5, kDecimal, 4}, // "2.5": 3 + 1
		{0.125, kRate, 8},
		{styled{v: 0.5, kind: kChange}, kCount, 8},
		{time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC), kDate, 10},
		{time.Date(2026, 10, 5, 9, 30, 0, 0, time.UTC), kDateTime, 16},
	} {
		if got := width(tc.v, tc.k); got != tc.want {
			t.Errorf("width(%#v, %d) = %d, want %d", tc.v, tc.k, got, tc.want)
		}
	}
}
