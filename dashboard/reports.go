package dashboard

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pulse/analytics"
	"pulse/analytics/report"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// reportRow is one run as the Reports page lists it.
type reportRow struct {
	report.Run
	Covers       string
	Platforms    string
	Name         string // the file's name, for the download link; "" when not downloadable
	Duration     string
	Highlight    bool // the run this page load reports on
	Downloadable bool
}

type reportsData struct {
	Runs      []reportRow
	Written   *reportRow
	Month     string // the form's default month: last month
	NextRun   time.Time
	NextCover string
	Schedule  string
	TimeZone  string
	Dir       string
}

func (s *Server) reportsPage(c echo.Context) error {
	ctx := c.Request().Context()
	runs, err := s.cfg.Reports.Runs(ctx)
	if err != nil {
		return err
	}
	highlight, _ := strconv.ParseInt(c.QueryParam("run"), 10, 64)
	loc := s.an.Practice.Location
	d := reportsData{
		Month:    report.MonthOf(s.cfg.Now().In(loc).AddDate(0, -1, 0)).Month,
		TimeZone: s.an.Practice.TimeZone,
		Dir:      s.cfg.Reports.Dir(),
	}
	if sch := s.cfg.ReportSchedule; sch != nil {
		next, covers := s.cfg.Reports.NextRun(*sch)
		d.NextRun, d.NextCover, d.Schedule = next, covers.Title(), sch.Spec
	}
	for _, r := range runs {
		row := reportRow{Run: r, Highlight: r.ID == highlight, Downloadable: s.cfg.Reports.Downloadable(r)}
		req := report.Request{Period: analytics.Period{From: r.From, To: r.To}, Month: r.Month, Platforms: r.Platforms}
		row.Covers, row.Platforms = req.Title(), req.PlatformsText()
		if row.Downloadable {
			row.Name = filepath.Base(r.File)
		}
		if !r.FinishedAt.IsZero() {
			row.Duration = r.FinishedAt.Sub(r.StartedAt).Round(10 * time.Millisecond).String()
		}
		row.StartedAt = r.StartedAt.In(loc)
		d.Runs = append(d.Runs, row)
		if row.Highlight {
			d.Written = &d.Runs[len(d.Runs)-1]
		}
	}
	return s.show(c, "reports", &page{Title: "Reports", Nav: "reports", Data: d})
}

// writeReport writes a report now, for a month or a range, and shows the list with
// the new run on top.
func (s *Server) writeReport(c echo.Context) error {
	month, from, to := c.FormValue("month"), c.FormValue("from"), c.FormValue("to")
	form, err := c.FormParams()
	if err != nil {
		return badRequest("The form could not be read; send it again")
	}
	for _, v := range []string{month, from, to} {
		if len(v) > maxParam {
			return badRequest("A field of the form is too long")
		}
	}
	var req report.Request
	switch c.FormValue("range") {
	case "days":
		req, err = report.RangeRequest(from, to, form["platform"])
	default:
		req, err = report.MonthRequest(month, form["platform"])
	}
	if err != nil {
		return badRequest("%s", plain(err))
	}
	run, err := s.cfg.Reports.Write(c.Request().Context(), req, report.TriggerPage, "")
	if errors.Is(err, report.ErrInvalid) {
		return badRequest("%s", plain(err))
	}
	if err != nil && run.ID == 0 {
		return err
	}
	// A failed run is recorded with its error; the list shows it.
	return c.Redirect(http.StatusSeeOther, "/reports?run="+strconv.FormatInt(run.ID, 10))
}

// plain is a refused report request's message, without the kind.
func plain(err error) string {
	return strings.TrimSuffix(err.Error(), ": "+report.ErrInvalid.Error())
}

func (s *Server) downloadReport(c echo.Context) error {
	path, err := s.cfg.Reports.File(c.Param("file"))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	name := filepath.Base(path)
	c.Response().Header().Set(echo.HeaderContentDisposition, "attachment; filename=\""+name+"\"; filename*=UTF-8''"+url.PathEscape(name))
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set(echo.HeaderContentType, xlsxType)
	return c.File(path)
}

// sharedMonth is a month a share link may download.
type sharedMonth struct {
	Title, File string
	month       string // YYYY-MM
}

// sharedMonths lists the whole calendar months inside a link's scope that have
// ended, newest first: only those, and only for a link made with --allow-reports.
func (s *Server) sharedMonths(l *Link) []sharedMonth {
	if !l.AllowReports {
		return nil
	}
	today := s.today()
	scope := l.Period(today)
	var out []sharedMonth
	for m := analytics.Day(scope.To.Year(), scope.To.Month(), 1); !m.Before(analytics.Day(scope.From.Year(), scope.From.Month(), 1)); m = m.AddDate(0, -1, 0) {
		req := report.MonthOf(m)
		if l.AllowsMonth(m, today) && req.Period.To.Before(today) {
			out = append(out, sharedMonth{Title: req.Title(), File: "pulse-" + req.Month + ".xlsx", month: req.Month})
		}
	}
	return out
}

// sharedReports is the Reports page of a share link: the months it may download.
func (s *Server) sharedReports(c echo.Context) error {
	l := linkOf(c)
	if !l.AllowReports {
		return ErrNotFound
	}
	return s.show(c, "sharedreports", &page{Title: "Reports", Nav: "reports", Data: s.sharedMonths(l)})
}

// sharedReport makes a month's workbook on the spot for the link's platforms, so a
// report never shows more than the link does. It is not kept in the reports folder.
func (s *Server) sharedReport(c echo.Context) error {
	l := linkOf(c)
	name := c.Param("file")
	for _, m := range s.sharedMonths(l) {
		if m.File != name {
			continue
		}
		req, err := report.MonthRequest(m.month, l.Platforms)
		if err != nil {
			return err
		}
		scope := l.Period(s.today())
		req.Scope = &scope
		var buf bytes.Buffer
		if _, err := report.Write(c.Request().Context(), s.an, req, s.cfg.Now(), &buf); err != nil {
			return fmt.Errorf("shared report %s: %w", req.Title(), err)
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, "attachment; filename=\""+req.FileName()+"\"")
		return c.Blob(http.StatusOK, xlsxType, buf.Bytes())
	}
	return ErrNotFound
}
