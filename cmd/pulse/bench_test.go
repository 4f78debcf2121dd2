package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets this test binary act as pulse when started with a command, as
// `pulse bench` starts its own binary (os.Executable) for `serve` and the report
// limit.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && !strings.HasPrefix(os.Args[1], "-test.") {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestBenchSmoke runs the bench at the smallest scale, briefly, and checks the table:
// every step, every format of the one (Instagram) account, seven columns a line, and
// every figure a finite number. The figures themselves are what the bench is for; no
// test times anything.
func TestBenchSmoke(t *testing.T) {
	out, errOut, code := run(t, t.TempDir(), "bench", "--scale", "1", "--runs", "2", "--clients", "2", "--load-for", "300ms")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	head := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "STEP ") {
			head = i
		}
	}
	if head < 0 {
		t.Fatalf("no table:\n%s", out)
	}
	cols := regexp.MustCompile(`\s{2,}`)
	if got := cols.Split(lines[head], -1); strings.Join(got, "|") != "STEP|MEASURE|PULSE|LIMIT|RATIO|TARGET|RESULT" {
		t.Fatalf("header %q", got)
	}
	number := regexp.MustCompile(`-?[0-9][0-9,]*(\.[0-9]+)?`)
	seen := map[string]int{}
	for _, l := range lines[head+1:] {
		f := cols.Split(l, -1)
		if len(f) != 7 {
			t.Fatalf("%d columns in %q", len(f), l)
		}
		seen[f[0]]++
		seen[strings.Fields(f[1])[0]]++
		for _, cell := range f[2:5] {
			if cell == "-" {
				continue
			}
			nums := number.FindAllString(cell, -1)
			if len(nums) == 0 {
				t.Errorf("no figure in %q of %q", cell, l)
			}
			for _, n := range nums {
				if v, err := strconv.ParseFloat(strings.ReplaceAll(n, ",", ""), 64); err != nil || v < 0 {
					t.Errorf("figure %q in %q", n, l)
				}
			}
			if strings.ContainsAny(cell, "NI") && (strings.Contains(cell, "NaN") || strings.Contains(cell, "Inf")) {
				t.Errorf("not a number in %q", l)
			}
		}
		if r := f[6]; r != "pass" && r != "miss" && r != "-" {
			t.Errorf("result %q in %q", r, l)
		}
	}
	// Step 2: the 15 statements the analytics run, then 7 pages.
	for key, n := range map[string]int{"1 ingest": 4, "meta-daily": 1, "meta-posts": 1, "meta-audience": 1, "all": 1,
		"2 queries": 22, "3 load": 4, "4 report": 1, "5 start": 2} {
		if seen[key] != n {
			t.Errorf("%d lines of %s, want %d:\n%s", seen[key], key, n, out)
		}
	}
}

// TestPercentile holds the nearest-rank percentile the bench reports: its p50 is
// the median of the rounds and of the query runs (the lower middle of an even count).
func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	for _, tc := range []struct {
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{nil, 50, 0},
		{ms(4), 50, 4 * time.Millisecond},
		{ms(3, 1), 50, 1 * time.Millisecond},
		{ms(9, 1, 4), 50, 4 * time.Millisecond},
		{ms(5, 1, 8, 2), 50, 2 * time.Millisecond},
		{ms(9, 1, 4), 95, 9 * time.Millisecond},
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 95, 19 * time.Millisecond},
	} {
		in := slices.Clone(tc.in)
		if got := percentile(tc.in, tc.p); got != tc.want {
			t.Errorf("percentile(%v, %v) = %v, want %v", tc.in, tc.p, got, tc.want)
		}
		if !slices.Equal(in, tc.in) {
			t.Errorf("percentile reordered its input: %v", tc.in)
		}
	}
}

// TestTimedInTurn: every function runs once unmeasured, then in turn, round after
// round, and each gets its own runs' times; the first error stops the timing.
func TestTimedInTurn(t *testing.T) {
	var calls []string
	fn := func(name string) func() error {
		return func() error { calls = append(calls, name); return nil }
	}
	ds, err := timedInTurn(2, fn("a"), fn("b"), fn("c"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Fields("a b c a b c a b c"); !slices.Equal(calls, want) {
		t.Errorf("calls %v, want %v", calls, want)
	}
	if len(ds) != 3 || len(ds[0]) != 2 || len(ds[1]) != 2 || len(ds[2]) != 2 {
		t.Errorf("times %v, want 2 for each of 3", ds)
	}

	calls = nil
	n := 0
	failing := func() error {
		if n++; n == 2 {
			return errors.New("broke")
		}
		return nil
	}
	if _, err := timedInTurn(3, fn("a"), failing, fn("c")); err == nil || err.Error() != "broke" {
		t.Errorf("err %v, want broke", err)
	}
	if want := strings.Fields("a c a"); !slices.Equal(calls, want) {
		t.Errorf("calls %v, want %v: the timing must stop at the error", calls, want)
	}
}

// TestSettledRSS: the idle memory is read only once the process has stopped using
// CPU for a second: not while a busy process works, and not before the quiet second.
func TestSettledRSS(t *testing.T) {
	for _, c := range []struct {
		name, script string
	}{
		{"idle from the start", "exec sleep 30"},
		{"busy for about 2.5 s, then idle", "i=0; while [ $i -lt 3000000 ]; do i=$((i+1)); done; exec sleep 30"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command("sh", "-c", c.script)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { cmd.Process.Kill(); cmd.Wait() }()
			t0 := time.Now()
			rss, err := settledRSS(context.Background(), cmd.Process.Pid)
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(t0); took < time.Second {
				t.Errorf("settled after %v: before a quiet second", took)
			}
			if rss <= 0 {
				t.Errorf("VmRSS %d", rss)
			}
			before, err := procCPUTicks(cmd.Process.Pid)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			if after, _ := procCPUTicks(cmd.Process.Pid); after != before {
				t.Errorf("still working once settled: CPU ticks %d, then %d", before, after)
			}
		})
	}
}
