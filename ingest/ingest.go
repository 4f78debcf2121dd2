// Package ingest turns the analytics exports people download from Facebook,
// Instagram, X, LinkedIn, TikTok and YouTube into rows of the pulse database.
//
// A file is recognised from its content and parsed completely into a queries.Batch;
// the files of one run are loaded many to a transaction, with the outcome of loading
// them one by one: a file either lands whole or not at all. The original
// bytes are kept under the data directory, content-addressed, so the database can be
// rebuilt after a parser fix (Reimport).
package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/zstd"

	"pulse/queries"
)

// Error kinds a caller can test with errors.Is.
var (
	// ErrUnknownFormat: no format recognised the file.
	ErrUnknownFormat = errors.New("not a supported export")
	// ErrNeedAccount: the file names no account and pulse cannot tell which one it is.
	ErrNeedAccount = errors.New("the file does not say which account it belongs to")
	// ErrBadRows: some rows could not be read (and --skip-bad-rows was not given).
	ErrBadRows = errors.New("rows could not be read")
)

// SupportedExportsHelp is where an unknown file's message points people.
const SupportedExportsHelp = "see \"Supported exports\" in pulse's README for the files pulse reads"

// Options shape one ingest run.
type Options struct {
	DataDir     string         // originals are kept under DataDir/originals
	Location    *time.Location // the practice time zone
	AsOf        time.Time      // --as-of (a date); zero: the import day
	Account     string         // --account platform:handle for files that name none
	DryRun      bool           // read and count, change nothing
	SkipBadRows bool           // load the readable rows and list the rejects
	// Progress, when set, is told how many bytes of how many are done.
	Progress func(done, total int64)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Status is what became of one file.
type Status string

const (
	StatusLoaded  Status = "loaded"
	StatusSame    Status = "already imported"
	StatusSkipped Status = "recognised, nothing to load"
	StatusFailed  Status = "not loaded"
	StatusDryRun  Status = "would load (dry run)"
)

// Result is the outcome for one file, in the words both the CLI and the dashboard show.
type Result struct {
	Name     string
	Status   Status
	Format   string // human format name
	Accounts []string
	Import   queries.Import // counts
	Rejects  []*RowError
	Notes    []string
	Err      error
}

// Failed reports whether the file was rejected.
func (r *Result) Failed() bool { return r.Status == StatusFailed }

// Lines renders the result as the lines people read.
func (r *Result) Lines() []string {
	out := []string{fmt.Sprintf("%s: %s", r.Name, r.Status)}
	if r.Format != "" {
		out = append(out, "  format:   "+r.Format)
	}
	if len(r.Accounts) > 0 {
		out = append(out, "  account:  "+strings.Join(r.Accounts, ", "))
	}
	if r.Status == StatusLoaded || r.Status == StatusDryRun {
		im := r.Import
		out = append(out, fmt.Sprintf("  rows read %d · posts %d new, %d updated · days %d new, %d updated · %d rejected",
			im.RowsRead, im.PostsNew, im.PostsUpdated, im.DaysNew, im.DaysUpdated, im.Rejected))
	}
	if r.Status == StatusSame {
		out = append(out, fmt.Sprintf("  the same file was imported on %s; nothing changed", r.Import.FinishedAt.Format("2006-01-02 15:04")))
	}
	for _, n := range r.Notes {
		out = append(out, "  note:     "+n)
	}
	if r.Err != nil {
		out = append(out, "  error:    "+r.Err.Error())
	}
	for i, rj := range r.Rejects {
		if i == 20 {
			out = append(out, fmt.Sprintf("  … and %d more rejected rows", len(r.Rejects)-20))
			break
		}
		out = append(out, "  rejected: "+rj.Error())
	}
	return out
}

// Input is one file handed to the ingester: a name to show and its bytes. AsOf and
// Account, when set, stand for Options.AsOf and Options.Account for this file alone,
// so one run can load several accounts' downloads (as an agency's script, or the
// bench, does).
type Input struct {
	Name    string
	Data    []byte
	AsOf    time.Time
	Account string
}

// Ingester loads files into one database.
type Ingester struct {
	db  *queries.DB
	opt Options
	// zip compresses the originals kept in the database: export files are text,
	// and zstd's fastest level keeps them at about a quarter of their size for a
	// fraction of the time parsing takes. Safe for concurrent EncodeAll.
	zip *zstd.Encoder
}

// New returns an ingester writing to db.
func New(db *queries.DB, opt Options) *Ingester {
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	// Only the options can make NewWriter fail, and these are valid.
	zip, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithZeroFrames(true))
	return &Ingester{db: db, opt: opt, zip: zip}
}

// ReadPaths reads files, directories (recursively) and zip archives into inputs.
func ReadPaths(paths []string) ([]Input, error) {
	var out []Input
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		if !st.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", p, err)
			}
			out = append(out, Input{Name: p, Data: b})
			continue
		}
		err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			b, err := os.ReadFile(fp)
			if err != nil {
				return err
			}
			out = append(out, Input{Name: fp, Data: b})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
	}
	return out, nil
}

// expand opens zip archives (nested ones too) into their member files.
func expand(in []Input) ([]Input, []Result) {
	var out []Input
	var bad []Result
	for _, f := range in {
		if !isZipArchive(f.Data) {
			out = append(out, f)
			continue
		}
		zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
		if err != nil {
			bad = append(bad, Result{Name: f.Name, Status: StatusFailed, Err: fmt.Errorf("%s: not a readable zip archive: %w", f.Name, err)})
			continue
		}
		var members []Input
		failed := false
		for _, zf := range zr.File {
			if zf.FileInfo().IsDir() || strings.HasPrefix(path.Base(zf.Name), ".") || strings.HasPrefix(zf.Name, "__MACOSX/") {
				continue
			}
			b, err := readZipMember(zf)
			if err != nil {
				bad = append(bad, Result{Name: f.Name + "/" + zf.Name, Status: StatusFailed, Err: err})
				failed = true
				break
			}
			members = append(members, Input{Name: f.Name + "/" + zf.Name, Data: b})
		}
		if failed {
			continue
		}
		inner, innerBad := expand(members)
		out = append(out, inner...)
		bad = append(bad, innerBad...)
	}
	return out, bad
}

// maxMember bounds what one zip member may unpack to, against zip bombs.
const maxMember = 1 << 30

func readZipMember(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMember+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	if len(b) > maxMember {
		return nil, fmt.Errorf("%s: unpacks to more than 1 GiB", zf.Name)
	}
	return b, nil
}

// isZipArchive is true for zip files that are not spreadsheets (.xlsx is a zip too).
func isZipArchive(b []byte) bool {
	return bytes.HasPrefix(b, []byte("PK\x03\x04")) && !isSpreadsheet(b)
}

// parsed is one input on its way into the database.
type parsed struct {
	in     Input
	sha    string
	res    Result
	p      *Parsed
	format string
	imp    *queries.Import
}

// Ingest loads inputs and reports on each. Files are parsed in parallel while the
// ones before them load, many to a transaction (queries.LoadFiles), with the outcome
// of loading them one by one: per-statement costs are paid once per chunk, not once
// per file. If a chunk fails to load, its files are loaded one at a time, so the
// failure is pinned on its file and the others still land. Files that name their
// accounts load first, so that a daily file in the same batch can be matched to the
// one account of its platform.
func (ing *Ingester) Ingest(ctx context.Context, inputs []Input) []Result {
	files, results := expand(inputs)
	var total, done int64
	for _, f := range files {
		total += int64(len(f.Data))
	}
	var mu sync.Mutex
	progress := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		done += int64(n)
		if ing.opt.Progress != nil {
			ing.opt.Progress(done, total)
		}
	}

	pfs := make([]*parsed, len(files))
	parallel(len(files), func(i int) {
		sum := sha256.Sum256(files[i].Data)
		pfs[i] = &parsed{in: files[i], sha: hex.EncodeToString(sum[:]), res: Result{Name: files[i].Name}}
	})
	shas := make([]string, len(pfs))
	for i, pf := range pfs {
		shas[i] = pf.sha
	}
	before, err := ing.db.ImportsBySHA(ctx, shas)
	if err != nil {
		for _, pf := range pfs {
			pf.res.Status, pf.res.Err = StatusFailed, err
			results = append(results, pf.res)
		}
		return results
	}
	// A file imported before is not read again, nor is a second copy in this run.
	var fresh []*parsed
	copyOf := map[*parsed]*parsed{}
	first := map[string]*parsed{}
	for _, pf := range pfs {
		if prev, ok := before[pf.sha]; ok {
			pf.res.Status = StatusSame
			pf.res.Format, pf.res.Import, pf.res.Accounts = prev.Format, prev, importAccounts(prev)
			progress(len(pf.in.Data))
		} else if orig, ok := first[pf.sha]; ok {
			copyOf[pf] = orig
		} else {
			first[pf.sha] = pf
			fresh = append(fresh, pf)
		}
	}
	// Files are parsed in the background while the ones before them load: on two
	// cores, parsing and loading each keep one busy.
	ready := make([]chan struct{}, len(fresh))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	go parallel(len(fresh), func(i int) {
		ing.parse(fresh[i])
		progress(len(fresh[i].in.Data))
		close(ready[i])
	})
	known, knownErr := ing.db.Accounts(ctx)
	var chunk, named, unnamed []*parsed
	rows := 0
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		ing.loadChunk(ctx, chunk)
		for _, pf := range chunk {
			pf.p = nil // the rows are in the database; let them go
		}
		chunk, rows = nil, 0
	}
	add := func(pf *parsed) {
		if knownErr != nil {
			pf.res.Status, pf.res.Err = StatusFailed, knownErr
			return
		}
		if !ing.prepare(pf, &known) {
			return
		}
		chunk = append(chunk, pf)
		if rows += len(pf.p.Posts) + len(pf.p.Daily); rows >= queries.LoadChunkRows {
			flush()
		}
	}
	for i, pf := range fresh {
		<-ready[i]
		if pf.p == nil || pf.res.Status != "" {
			continue
		}
		// Files that need to be matched to an account wait until every file
		// that names its accounts is in.
		if needsAccount(pf.p) {
			unnamed = append(unnamed, pf)
			continue
		}
		named = append(named, pf)
		add(pf)
	}
	for _, pf := range unnamed {
		add(pf)
	}
	flush()
	todo := append(named, unnamed...)

	for _, pf := range pfs {
		if orig, ok := copyOf[pf]; ok {
			pf.res.Status, pf.res.Format, pf.res.Accounts, pf.res.Import, pf.res.Err =
				orig.res.Status, orig.res.Format, orig.res.Accounts, orig.res.Import, orig.res.Err
			if orig.res.Status == StatusLoaded {
				pf.res.Status = StatusSame
			}
			progress(len(pf.in.Data))
		}
		if pf.res.Status != StatusLoaded && pf.res.Status != StatusDryRun {
			results = append(results, pf.res)
		}
	}
	for _, pf := range todo {
		if pf.res.Status == StatusLoaded || pf.res.Status == StatusDryRun {
			results = append(results, pf.res)
		}
	}
	return results
}

// parallel runs fn for 0..n-1 on as many goroutines as there are CPUs.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

func importAccounts(im queries.Import) []string {
	if im.Account == "" {
		return nil
	}
	return strings.Split(im.Account, ", ")
}

// parse recognises and reads one file; res.Status is set when it goes no further.
func (ing *Ingester) parse(pf *parsed) {
	p, fm, err := ing.parseInput(pf.in)
	if err != nil {
		pf.res.Status, pf.res.Err = StatusFailed, err
		return
	}
	pf.p, pf.format = p, fm.ID
	pf.res.Format, pf.res.Notes, pf.res.Rejects = p.Name, p.Notes, p.Rejects
	if p.Skipped {
		pf.res.Status = StatusSkipped
		return
	}
	if len(p.Rejects) > 0 && !ing.opt.SkipBadRows {
		pf.res.Status = StatusFailed
		pf.res.Err = fmt.Errorf("%w: %d row(s) could not be read, so nothing from this file was loaded; "+
			"fix the file or load the rest with --skip-bad-rows. First: %v", ErrBadRows, len(p.Rejects), p.Rejects[0])
	}
}

// parseInput finds the file's format and reads it. A panic in a parser is a bug,
// but it must not take the batch down: it becomes this file's error.
func (ing *Ingester) parseInput(in Input) (p *Parsed, fm format, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%s: pulse could not read this file (internal error: %v); please report it", in.Name, r)
		}
	}()
	asOf, given := ing.asOf(in)
	return detectAndParse(in, &parseContext{Loc: ing.opt.Location, AsOf: asOf, AsOfGiven: given})
}

// Detect says which format a file is (its format ID, as imports record it) without
// parsing it, or why none is.
func Detect(in Input) (string, error) {
	f, err := newFile(in.Name, in.Data)
	if err != nil {
		return "", err
	}
	for _, fm := range formats() {
		if fm.Detect(f) {
			return fm.ID, nil
		}
	}
	return "", unknownFormat(f)
}

// detectAndParse finds the first format that recognises the file and parses it.
func detectAndParse(in Input, pctx *parseContext) (*Parsed, format, error) {
	var fm format
	f, err := newFile(in.Name, in.Data)
	if err != nil {
		return nil, fm, err // newFile's errors name the file
	}
	for _, fm = range formats() {
		if !fm.Detect(f) {
			continue
		}
		p, err := fm.Parse(f, pctx)
		if err != nil {
			return nil, fm, err
		}
		if p.Format == "" {
			p.Format = fm.ID
		}
		if p.Name == "" {
			p.Name = fm.Name
		}
		return p, fm, nil
	}
	return nil, fm, unknownFormat(f)
}

func unknownFormat(f *file) error {
	first := ""
	switch {
	case f.Book != nil:
		var names []string
		for _, s := range f.Book.Sheets {
			names = append(names, s.Name)
		}
		first = "a spreadsheet with sheets " + strings.Join(names, ", ")
	case len(f.Head) > 0:
		first = fmt.Sprintf("its first line is %q", shorten(f.Head[0], 120))
	default:
		first = "it is empty"
	}
	if len(f.Head) > 0 && strings.Count(f.Head[0], ";") > strings.Count(f.Head[0], ",") {
		return fmt.Errorf("%s: %w: the file was %s (%s); export it again from the platform and load it unchanged",
			f.Name, ErrUnknownFormat, ErrSemicolon, first)
	}
	return fmt.Errorf("%s: %w: %s; %s", f.Name, ErrUnknownFormat, first, SupportedExportsHelp)
}

// asOf is the day a file's post totals were true: --as-of (the file's own, or the
// run's), else today.
func (ing *Ingester) asOf(in Input) (time.Time, bool) {
	if !in.AsOf.IsZero() {
		return dateOf(in.AsOf), true
	}
	if !ing.opt.AsOf.IsZero() {
		return dateOf(ing.opt.AsOf), true
	}
	return dateOf(ing.opt.Now().In(ing.opt.Location)), false
}

// needsAccount reports whether some rows name no account.
func needsAccount(p *Parsed) bool {
	for _, d := range p.Daily {
		if d.Account.Handle == "" {
			return true
		}
	}
	for _, po := range p.Posts {
		if po.Account.Handle == "" {
			return true
		}
	}
	return false
}

// account is the --account that goes with a file: its own, or the run's.
func (ing *Ingester) account(in Input) string {
	if in.Account != "" {
		return in.Account
	}
	return ing.opt.Account
}

// prepare resolves a file's missing accounts and makes its import record; it
// reports whether the file can go on to load. The accounts it names count as known
// to the files after it, as they would once it is loaded.
func (ing *Ingester) prepare(pf *parsed, known *[]queries.Account) bool {
	p := pf.p
	flag := ing.account(pf.in)
	if needsAccount(p) {
		acc, err := resolveAccount(pf.in.Name, p.Platform, flag, *known)
		if err != nil {
			pf.res.Status, pf.res.Err = StatusFailed, err
			return false
		}
		fillAccount(p, acc)
	}
	accounts := accountKeys(p)
	pf.res.Accounts = accounts

	asOf, _ := ing.asOf(pf.in)
	if !p.AsOf.IsZero() {
		asOf = p.AsOf
	}
	started := ing.opt.Now().UTC()
	pf.imp = &queries.Import{
		FileName: pf.in.Name, SHA256: pf.sha, SizeBytes: int64(len(pf.in.Data)),
		Format: pf.format, Platform: p.Platform, Account: strings.Join(accounts, ", "), AccountFlag: flag,
		AsOf: asOf, RowsRead: p.RowsRead, Rejected: len(p.Rejects), Notes: strings.Join(p.Notes, "; "),
		StartedAt: started, FinishedAt: started,
	}
	for _, a := range distinctAccounts(p) {
		*known = appendAccount(*known, a)
	}
	return true
}

// loadChunk loads the files, with their originals, in one transaction. If that
// fails, they load one at a time, so only the file at fault is not loaded.
func (ing *Ingester) loadChunk(ctx context.Context, chunk []*parsed) {
	originals := ing.pack(chunk)
	loads := make([]queries.FileLoad, len(chunk))
	for i, pf := range chunk {
		pf.imp.FinishedAt = ing.opt.Now().UTC()
		loads[i] = queries.FileLoad{Import: pf.imp, Batch: &pf.p.Batch, Original: originals[i]}
	}
	opt := queries.LoadOptions{DryRun: ing.opt.DryRun}
	if err := ing.db.LoadFiles(ctx, loads, opt); err == nil {
		for _, pf := range chunk {
			ing.loaded(pf)
		}
		return
	}
	for i, pf := range chunk {
		// The failed try gave the import an id and counts; this one starts over.
		pf.imp.ID, pf.imp.PostsNew, pf.imp.PostsUpdated, pf.imp.DaysNew, pf.imp.DaysUpdated = 0, 0, 0, 0, 0
		if err := ing.db.LoadFiles(ctx, loads[i:i+1], opt); err != nil {
			pf.res.Status, pf.res.Err = StatusFailed, fmt.Errorf("%s: %w", pf.in.Name, err)
			continue
		}
		ing.loaded(pf)
	}
}

// pack compresses the files' originals in the background, in order, and returns
// for each file a function that waits for its own. They are compressed while the
// rows load, not while the files are parsed: parsing keeps both cores busy and the
// load waits for it, while the load leaves one core mostly idle (compressing while
// parsing held up the loads of the bench's agency by 0.15-0.2 s of 2.6 s). A dry run
// keeps no originals.
func (ing *Ingester) pack(chunk []*parsed) []func() []byte {
	fns := make([]func() []byte, len(chunk))
	if ing.opt.DryRun {
		return fns
	}
	packed := make([][]byte, len(chunk))
	ready := make([]chan struct{}, len(chunk))
	for i := range chunk {
		ready[i] = make(chan struct{})
		fns[i] = func() []byte {
			<-ready[i]
			return packed[i]
		}
	}
	go func() {
		for i, pf := range chunk {
			packed[i] = ing.zip.EncodeAll(pf.in.Data, nil)
			close(ready[i])
		}
	}()
	return fns
}

func (ing *Ingester) loaded(pf *parsed) {
	pf.res.Import = *pf.imp
	pf.res.Status = StatusLoaded
	if ing.opt.DryRun {
		pf.res.Status = StatusDryRun
	}
}

func appendAccount(list []queries.Account, a queries.Account) []queries.Account {
	for _, k := range list {
		if k.Platform == a.Platform && strings.EqualFold(k.Handle, a.Handle) {
			return list
		}
	}
	return append(list, a)
}

// distinctAccounts lists the accounts a file's rows name, once each (by platform and
// handle in any letter case), with the first external id and display name given.
func distinctAccounts(p *Parsed) []queries.Account {
	var out []queries.Account
	index := map[string]int{}
	var last queries.Account
	add := func(a queries.Account) {
		if a.Handle == "" || a == last { // rows come in runs of one account
			return
		}
		last = a
		k := strings.ToLower(a.Key())
		i, seen := index[k]
		if !seen {
			index[k] = len(out)
			out = append(out, a)
			return
		}
		if out[i].ExternalID == "" {
			out[i].ExternalID = a.ExternalID
		}
		if out[i].DisplayName == "" {
			out[i].DisplayName = a.DisplayName
		}
	}
	for _, a := range p.Accounts {
		add(a)
	}
	for i := range p.Posts {
		add(p.Posts[i].Account)
	}
	for i := range p.Daily {
		add(p.Daily[i].Account)
	}
	return out
}

// accountKeys names a file's accounts as "platform:handle", sorted.
func accountKeys(p *Parsed) []string {
	var out []string
	for _, a := range distinctAccounts(p) {
		out = append(out, a.Key())
	}
	sort.Strings(out)
	return out
}

// platformsOf says which platforms an unlabelled file may belong to: a Meta daily
// file that does not say Facebook or Instagram may be either.
func platformsOf(platform string) []string {
	if platform == "meta" {
		return []string{"facebook", "instagram"}
	}
	return []string{platform}
}

// resolveAccount picks the account for a file that names none: --account when it is
// of the file's platform, else the one account of that platform pulse knows. (So one
// --account instagram:… can go with a batch that also holds Facebook daily files.)
func resolveAccount(name, platform, flag string, known []queries.Account) (queries.Account, error) {
	allowed := platformsOf(platform)
	mismatch := ""
	if flag != "" {
		a, err := ParseAccountFlag(flag)
		if err != nil {
			return a, err
		}
		for _, p := range allowed {
			if a.Platform == p {
				for _, k := range known {
					if k.Platform == p && matchesAccount(k, a.Handle) {
						return k, nil
					}
				}
				return a, nil
			}
		}
		mismatch = fmt.Sprintf(" (--account names a %s account)", a.Platform)
	}
	var candidates []queries.Account
	for _, k := range known {
		for _, p := range allowed {
			if k.Platform == p {
				candidates = append(candidates, k)
			}
		}
	}
	if len(candidates) == 1 {
		return candidates[0], nil
	}
	hint := ""
	if len(candidates) > 1 {
		var keys []string
		for _, c := range candidates {
			keys = append(keys, c.Key())
		}
		hint = "; pulse knows " + strings.Join(keys, ", ")
	}
	return queries.Account{}, fmt.Errorf("%s: %w: it holds %s figures%s; say whose with --account %s:HANDLE%s",
		name, ErrNeedAccount, strings.Join(allowed, " or "), mismatch, allowed[0], hint)
}

func matchesAccount(k queries.Account, s string) bool {
	return strings.EqualFold(k.Handle, s) || k.ExternalID != "" && k.ExternalID == s || strings.EqualFold(k.DisplayName, s)
}

// ParseAccountFlag reads "platform:handle".
func ParseAccountFlag(s string) (queries.Account, error) {
	p, h, ok := strings.Cut(s, ":")
	p, h = strings.ToLower(strings.TrimSpace(p)), strings.TrimPrefix(strings.TrimSpace(h), "@")
	if !ok || p == "" || h == "" {
		return queries.Account{}, fmt.Errorf("--account %q: expected platform:handle, like instagram:mypractice", s)
	}
	return queries.Account{Platform: p, Handle: h}, nil
}

// Reimport rebuilds every account, post and metric from the kept originals with the
// current parsers, in one transaction, and returns how many files it read.
func (ing *Ingester) Reimport(ctx context.Context) (int, error) {
	imports, err := ing.db.Imports(ctx)
	if err != nil {
		return 0, err
	}
	unzip, err := zstd.NewReader(nil)
	if err != nil {
		return 0, err
	}
	defer unzip.Close()
	var known []queries.Account
	i := 0
	err = ing.db.Rebuild(ctx, func() (*queries.Import, *queries.Batch, error) {
		if i == len(imports) {
			return nil, nil, nil
		}
		imp := imports[i]
		i++
		data, err := ing.original(ctx, imp, unzip)
		if err != nil {
			return nil, nil, err
		}
		p, _, err := ing.parseInput(Input{Name: imp.FileName, Data: data, AsOf: imp.AsOf, Account: imp.AccountFlag})
		if err != nil {
			return nil, nil, err
		}
		if len(p.Rejects) > 0 && !ing.opt.SkipBadRows && imp.Rejected == 0 {
			return nil, nil, fmt.Errorf("%s: %w: %v", imp.FileName, ErrBadRows, p.Rejects[0])
		}
		if needsAccount(p) {
			acc, err := resolveAccount(imp.FileName, p.Platform, imp.AccountFlag, known)
			if err != nil {
				return nil, nil, err
			}
			fillAccount(p, acc)
		}
		for _, a := range distinctAccounts(p) {
			known = appendAccount(known, a)
		}
		imp.RowsRead, imp.Rejected, imp.Notes = p.RowsRead, len(p.Rejects), strings.Join(p.Notes, "; ")
		imp.Account = strings.Join(accountKeys(p), ", ")
		return &imp, &p.Batch, nil
	})
	return len(imports), err
}

// original returns the bytes of an imported file: from the database, or, for files
// imported before it kept them (migration 0006), from originals/ on disk.
func (ing *Ingester) original(ctx context.Context, imp queries.Import, unzip *zstd.Decoder) ([]byte, error) {
	packed, ok, err := ing.db.Original(ctx, imp.SHA256)
	if err != nil {
		return nil, err
	}
	if !ok {
		if imp.StoredPath == "" {
			return nil, fmt.Errorf("the original of %s is missing from the database", imp.FileName)
		}
		data, err := os.ReadFile(filepath.Join(ing.opt.DataDir, filepath.FromSlash(imp.StoredPath)))
		if err != nil {
			return nil, fmt.Errorf("the original of %s is missing: %w", imp.FileName, err)
		}
		return data, nil
	}
	data, err := unzip.DecodeAll(packed, nil)
	if err != nil {
		return nil, fmt.Errorf("the original of %s is damaged: %w", imp.FileName, err)
	}
	return data, nil
}

func fillAccount(p *Parsed, acc queries.Account) {
	for i := range p.Daily {
		if p.Daily[i].Account.Handle == "" {
			p.Daily[i].Account = acc
		}
	}
	for i := range p.Posts {
		if p.Posts[i].Account.Handle == "" {
			p.Posts[i].Account = acc
		}
	}
}
