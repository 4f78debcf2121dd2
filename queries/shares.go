package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Settings keys of the access control.
const (
	SettingOwnerPassword = "owner_password_hash" // bcrypt hash of the owner's password
	SettingAuditSalt     = "audit_salt"          // hex salt of the audit log's client hashes
)

// Share is one share link as stored: its scope, lifetime and, when listed, its views.
type Share struct {
	ID           int64
	Label        string
	TokenHash    string    // hex SHA-256 of the token; the token itself is never stored
	PasswordHash string    // bcrypt; "" when the link has no password
	From, To     time.Time // a fixed range; zero when LastDays is set
	LastDays     int       // a rolling range of the last N days; 0 for a fixed range
	Platforms    []string  // empty: every platform
	AllowReports bool
	CreatedAt    time.Time // UTC
	ExpiresAt    time.Time // UTC
	RevokedAt    time.Time // UTC; zero when not revoked
	Views        int64     // requests answered, from the audit log
	LastViewed   time.Time // UTC; zero when never viewed
}

// ShareView is one entry of the audit log.
type ShareView struct {
	ID         int64
	ShareID    int64
	Label      string
	At         time.Time // UTC
	Path       string
	ClientHash string
	UserAgent  string
}

// CreateShare stores a new link and returns its id.
func (db *DB) CreateShare(ctx context.Context, s Share) (int64, error) {
	null := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	var pw, days any
	if s.PasswordHash != "" {
		pw = s.PasswordHash
	}
	if s.LastDays > 0 {
		days = s.LastDays
	}
	var id int64
	err := db.sql.QueryRowContext(ctx, sqlText("CreateShare"), s.Label, s.TokenHash, pw, null(s.From), null(s.To), days,
		strings.Join(s.Platforms, ","), s.AllowReports, s.CreatedAt.UTC(), s.ExpiresAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create share link: %w", err)
	}
	return id, nil
}

func scanShare(sc interface{ Scan(...any) error }) (Share, error) {
	var s Share
	var pw, platforms sql.NullString
	var from, to, revoked, last sql.NullTime
	var days sql.NullInt64
	err := sc.Scan(&s.ID, &s.Label, &s.TokenHash, &pw, &from, &to, &days, &platforms, &s.AllowReports,
		&s.CreatedAt, &s.ExpiresAt, &revoked, &s.Views, &last)
	s.PasswordHash, s.LastDays = pw.String, int(days.Int64)
	s.From, s.To, s.RevokedAt, s.LastViewed = from.Time, to.Time, revoked.Time, last.Time
	if platforms.String != "" {
		s.Platforms = strings.Split(platforms.String, ",")
	}
	return s, err
}

// Shares lists every link, newest first, with its views.
func (db *DB) Shares(ctx context.Context) ([]Share, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("Shares"))
	if err != nil {
		return nil, fmt.Errorf("list share links: %w", err)
	}
	defer rows.Close()
	var out []Share
	for rows.Next() {
		s, err := scanShare(rows)
		if err != nil {
			return nil, fmt.Errorf("read share link: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list share links: %w", err)
	}
	return out, nil
}

// ShareByTokenHash finds the link whose token hashes to hash, or ErrNotFound.
func (db *DB) ShareByTokenHash(ctx context.Context, hash string) (Share, error) {
	s, err := scanShare(db.sql.QueryRowContext(ctx, sqlText("ShareByTokenHash"), hash))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("look up share link: %w", err)
	}
	return s, nil
}

// RevokeShare ends the link with id at once, or returns ErrNotFound.
func (db *DB) RevokeShare(ctx context.Context, id int64, at time.Time) error {
	res, err := db.sql.ExecContext(ctx, sqlText("RevokeShare"), id, at.UTC())
	if err != nil {
		return fmt.Errorf("revoke share link %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("share link %d: %w", id, ErrNotFound)
	}
	return nil
}

// RecordShareView adds one entry to the audit log.
func (db *DB) RecordShareView(ctx context.Context, v ShareView) error {
	if _, err := db.sql.ExecContext(ctx, sqlText("RecordShareView"), v.ShareID, v.At.UTC(), v.Path, v.ClientHash, v.UserAgent); err != nil {
		return fmt.Errorf("record share view: %w", err)
	}
	return nil
}

// ShareViews returns the newest limit entries of the audit log.
func (db *DB) ShareViews(ctx context.Context, limit int) ([]ShareView, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("ShareViews"), limit)
	if err != nil {
		return nil, fmt.Errorf("read the audit log: %w", err)
	}
	defer rows.Close()
	var out []ShareView
	for rows.Next() {
		var v ShareView
		if err := rows.Scan(&v.ID, &v.ShareID, &v.Label, &v.At, &v.Path, &v.ClientHash, &v.UserAgent); err != nil {
			return nil, fmt.Errorf("read the audit log: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the audit log: %w", err)
	}
	return out, nil
}
