package dashboard

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"pulse/analytics"
	"pulse/queries"
)

// auditRows is how much of the audit log the Sharing page shows.
const auditRows = 200

type sharingData struct {
	Links     []Link
	Log       []queries.ShareView
	Platforms []string // the known platforms, for the form
	Now       time.Time
	NewURL    string // the link just made: shown once, never again
	NewLabel  string
	Form      ShareSpec // what was asked, kept when it was refused
	Error     string
}

func (s *Server) sharingData(c echo.Context) (sharingData, error) {
	ctx := c.Request().Context()
	d := sharingData{Now: s.cfg.Now()}
	shares, err := s.an.DB.Shares(ctx)
	if err != nil {
		return d, err
	}
	for _, sh := range shares {
		d.Links = append(d.Links, Link{sh})
	}
	if d.Log, err = s.an.DB.ShareViews(ctx, auditRows); err != nil {
		return d, err
	}
	fresh, err := s.an.Freshness(ctx, s.cfg.Now().In(s.an.Practice.Location))
	if err != nil {
		return d, err
	}
	for _, f := range fresh {
		d.Platforms = append(d.Platforms, f.Platform)
	}
	return d, nil
}

func (s *Server) sharing(c echo.Context) error {
	d, err := s.sharingData(c)
	if err != nil {
		return err
	}
	return s.show(c, "sharing", &page{Title: "Sharing", Nav: "sharing", Data: d})
}

// createShare makes a link from the Sharing page's form. A refused form comes back
// with its values and the reason, with status 400.
func (s *Server) createShare(c echo.Context) error {
	spec := ShareSpec{Label: c.FormValue("label"), Platforms: nonEmpty(c.Request().PostForm["platform"]),
		Password: c.FormValue("password"), AllowReports: c.FormValue("allow_reports") != ""}
	err := readSpec(c, &spec)
	var l Link
	var token string
	if err == nil {
		l, token, err = CreateShare(c.Request().Context(), s.an, spec, s.cfg.Now())
	}
	if err != nil && !errors.Is(err, ErrBadRequest) {
		return err
	}
	d, derr := s.sharingData(c)
	if derr != nil {
		return derr
	}
	status := http.StatusOK
	if err != nil {
		spec.Password = ""
		d.Form, d.Error, status = spec, errorText(err), http.StatusBadRequest
	} else {
		d.NewURL, d.NewLabel = s.publicURL(c)+"/s/"+token+"/", l.Label
	}
	c.Response().Header().Set("Cache-Control", "no-store") // the page holds the token
	return s.showStatus(c, status, "sharing", &page{Title: "Sharing", Nav: "sharing", Data: d})
}

func readSpec(c echo.Context, spec *ShareSpec) error {
	var err error
	if v := c.FormValue("expires_days"); v != "" {
		if spec.ExpiryDays, err = strconv.Atoi(v); err != nil {
			return badRequest("Expires after: a number of days from 1 to %d", MaxExpiryDays)
		}
	}
	switch c.FormValue("range") {
	case "fixed":
		if spec.From, err = analytics.ParseDay(c.FormValue("from")); err != nil {
			return badRequest("A fixed range needs from and to dates like 2025-04-14")
		}
		if spec.To, err = analytics.ParseDay(c.FormValue("to")); err != nil {
			return badRequest("A fixed range needs from and to dates like 2025-04-14")
		}
	case "last", "":
		if v := c.FormValue("last_days"); v != "" {
			if spec.LastDays, err = strconv.Atoi(v); err != nil {
				return badRequest("The last N days: N from 1 to %d", maxDays)
			}
		}
	default:
		return badRequest("The range is either fixed or the last N days")
	}
	return nil
}

func (s *Server) revokeShare(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ErrNotFound
	}
	if err := s.an.DB.RevokeShare(c.Request().Context(), id, s.cfg.Now()); err != nil {
		if errors.Is(err, queries.ErrNotFound) {
			return ErrNotFound
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/sharing")
}

// publicURL is how others reach this pulse: the configured address, or the one the
// page was asked at.
func (s *Server) publicURL(c echo.Context) string {
	if s.cfg.PublicURL != "" {
		return s.cfg.PublicURL
	}
	return c.Scheme() + "://" + c.Request().Host
}
