package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"

	"pulse/ingest"
	"pulse/ingest/synth"
	"pulse/queries"
)

// formatTally is what one export format took to ingest, and the same rows through
// DuckDB's CSV reader.
type formatTally struct {
	files      int
	rows       int     // rows pulse read (its import record's count)
	secs       float64 // pulse: one ingest run of all the format's files
	limitFiles []string
	limitRows  int64
	limitSecs  float64
}

// ingestStep loads every export file of the agency through the real ingest, one run
// per format: all of that format's files, each with its export's --account and
// --as-of, as an agency loads a folder of downloads (detect, parse, keep the
// original, load many files to a transaction). The limit is DuckDB's own CSV reader
// loading the same rows (each file's table, made plain CSV: UTF-8, header first) into
// a table of a database file in this process, committed, as pulse keeps its rows. (A
// temporary table in memory never reaches the disk: as a limit it was about 1.5x
// faster than DuckDB keeping the rows.)
func (b *bench) ingestStep(ctx context.Context) ([]benchRow, error) {
	b.logf("writing the agency's exports…")
	byFormat := map[string][]ingest.Input{}
	for _, acc := range b.accounts {
		for _, ex := range acc.Exports {
			inputs, err := b.writeExport(acc.Handle, ex.Files)
			if err != nil {
				return nil, err
			}
			for _, in := range inputs {
				format, err := ingest.Detect(in)
				if err != nil {
					return nil, fmt.Errorf("bench data: %w", err)
				}
				in.AsOf, in.Account = ex.AsOf, acc.AccountFlag()
				byFormat[format] = append(byFormat[format], in)
			}
		}
	}
	formats := make([]string, 0, len(byFormat))
	for f := range byFormat {
		formats = append(formats, f)
	}
	slices.Sort(formats)

	tallies := map[string]*formatTally{}
	limitDir := filepath.Join(b.dir, "limit")
	ing := ingest.New(b.db, ingest.Options{DataDir: b.dir, Location: b.loc, Now: func() time.Time { return b.now }})
	b.logf("ingesting the agency's exports, one run per format…")
	wall := time.Now()
	nFiles := 0
	for _, format := range formats {
		inputs := byFormat[format]
		t := &formatTally{files: len(inputs)}
		tallies[format] = t
		t0 := time.Now()
		res := ing.Ingest(ctx, inputs)
		t.secs = time.Since(t0).Seconds()
		for _, r := range res {
			if r.Status != ingest.StatusLoaded || r.Import.Format != format {
				return nil, fmt.Errorf("bench data did not load as %s: %s", format, strings.Join(r.Lines(), "\n"))
			}
			t.rows += r.Import.RowsRead
		}
		nFiles += len(inputs)
		// The limit's input: each file's tables, appended to one plain CSV per table.
		limitCSV := map[int]*csvFile{}
		for _, in := range inputs {
			tables, err := plainTables(in)
			if err != nil {
				return nil, err
			}
			for i, tb := range tables {
				if limitCSV[i] == nil {
					p := filepath.Join(limitDir, fmt.Sprintf("%s-%d.csv", format, i+1))
					if limitCSV[i], err = newCSVFile(p, tb[0]); err != nil {
						return nil, err
					}
					t.limitFiles = append(t.limitFiles, p)
				}
				if err := limitCSV[i].write(tb[1:]); err != nil {
					return nil, err
				}
			}
		}
		for _, f := range limitCSV {
			if err := f.close(); err != nil {
				return nil, err
			}
		}
	}
	b.logf("ingested %d files in %s; now the limit: DuckDB's CSV reader on the same rows…", nFiles, time.Since(wall).Round(time.Millisecond))
	limitDB, err := queries.Open(ctx, filepath.Join(limitDir, "limit.duckdb"))
	if err != nil {
		return nil, err
	}
	defer limitDB.Close()
	for _, t := range tallies {
		for _, p := range t.limitFiles {
			t0 := time.Now()
			n, err := limitDB.LoadCSVTable(ctx, p)
			if err != nil {
				return nil, err
			}
			t.limitSecs += time.Since(t0).Seconds()
			t.limitRows += n
		}
	}

	var rows []benchRow
	var all formatTally
	for _, f := range formats {
		t := tallies[f]
		all.files += t.files
		all.rows += t.rows
		all.secs += t.secs
		all.limitRows += t.limitRows
		all.limitSecs += t.limitSecs
		rows = append(rows, t.row(fmt.Sprintf("%s (%d files, %s rows)", f, t.files, thousands(int64(t.rows))), false))
	}
	rows = append(rows, all.row(fmt.Sprintf("all formats (%d files, %s rows)", all.files, thousands(int64(all.rows))), true))
	// The exports are in the database now. The steps after this one time pulse in
	// this process, as a server would run it, not with the generator's exports held:
	// their garbage collection then walked the exports' heap too (see README).
	b.accounts = nil
	debug.FreeOSMemory()
	return rows, nil
}

// row renders a tally; the overall row also holds the 1,000,000 rows/s target.
func (t *formatTally) row(what string, overall bool) benchRow {
	pulseRate := float64(t.rows) / t.secs
	limitRate := float64(t.limitRows) / t.limitSecs
	// Both sides' row counts differ a little (a file's preamble, sections pulse
	// skips), so the ratio compares rates: pulse's time per row over the limit's.
	ratio := limitRate / pulseRate
	r := benchRow{step: 1, what: what, pulse: rate(pulseRate, "rows/s"), limit: rate(limitRate, "rows/s"),
		ratio: ratioText(limitRate, pulseRate), target: "≤ 2x"}
	ok := ratio <= 2
	if overall {
		r.target = "≥ 1,000,000 rows/s, ≤ 2x"
		ok = ok && pulseRate >= 1e6
	}
	r.verdict = verdict(ok)
	return r
}

// writeExport writes an export's files under dir/exports/<handle>/ (so --keep keeps
// them) and returns them as ingest inputs, zip archives unpacked: a zip member is
// timed as the format it holds.
func (b *bench) writeExport(handle string, files []synth.File) ([]ingest.Input, error) {
	var out []ingest.Input
	for _, f := range files {
		p := filepath.Join(b.dir, "exports", handle, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
		if !strings.HasSuffix(f.Name, ".zip") {
			out = append(out, ingest.Input{Name: p, Data: f.Data})
			continue
		}
		zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
			out = append(out, ingest.Input{Name: p + "/" + zf.Name, Data: data})
		}
	}
	return out, nil
}

// plainTables turns an export file into plain tables (header row first): CSV decoded
// to UTF-8 with the preamble above the header dropped, and each sheet of a workbook.
// The header is the first row as wide as the widest; shorter rows are padded.
func plainTables(in ingest.Input) ([][][]string, error) {
	var raw [][][]string
	if bytes.HasPrefix(in.Data, []byte("PK\x03\x04")) {
		f, err := excelize.OpenReader(bytes.NewReader(in.Data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		defer f.Close()
		for _, s := range f.GetSheetList() {
			rows, err := f.GetRows(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", in.Name, err)
			}
			raw = append(raw, rows)
		}
	} else {
		text, err := utf8Text(in.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		rows, err := r.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		raw = append(raw, rows)
	}
	var out [][][]string
	for _, rows := range raw {
		width, head := 0, 0
		for i, r := range rows {
			if len(r) > width {
				width, head = len(r), i
			}
		}
		if width < 2 || head == len(rows)-1 {
			continue // no table below a header
		}
		table := make([][]string, 0, len(rows)-head)
		for _, r := range rows[head:] {
			for len(r) < width {
				r = append(r, "")
			}
			table = append(table, r)
		}
		out = append(out, table)
	}
	return out, nil
}

// utf8Text decodes UTF-16 (with its byte-order mark) or UTF-8, dropping a BOM.
func utf8Text(b []byte) (string, error) {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		d := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		u, err := d.Bytes(b)
		return string(u), err
	}
	return strings.TrimPrefix(string(b), "\ufeff"), nil
}

// csvFile is one plain CSV the limit reads, written as the files are ingested.
type csvFile struct {
	path string
	f    *os.File
	w    *csv.Writer
}

func newCSVFile(path string, header []string) (*csvFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	c := &csvFile{path: path, f: f, w: csv.NewWriter(f)}
	return c, c.write([][]string{header})
}

func (c *csvFile) write(rows [][]string) error { return c.w.WriteAll(rows) }

func (c *csvFile) close() error {
	if c.f == nil {
		return nil
	}
	c.w.Flush()
	err := c.w.Error()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	c.f = nil
	return err
}
