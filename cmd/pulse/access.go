package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"

	"golang.org/x/term"

	"pulse/dashboard"
	"pulse/queries"
)

// accessFromEnv fills the access settings of Config from PULSE_* variables.
func (c *Config) accessFromEnv(getenv func(string) string) {
	c.RequireLogin = getenv("PULSE_REQUIRE_LOGIN") == "1" || strings.EqualFold(getenv("PULSE_REQUIRE_LOGIN"), "true")
	c.TLSCert, c.TLSKey = getenv("PULSE_TLS_CERT"), getenv("PULSE_TLS_KEY")
	c.PublicURL = getenv("PULSE_PUBLIC_URL")
}

// serveFlags adds the options of serving: sign-in, TLS and the public address.
func (a *App) serveFlags(fs *flag.FlagSet) {
	fs.BoolVar(&a.cfg.RequireLogin, "require-login", a.cfg.RequireLogin,
		"the owner must sign in even on loopback (env PULSE_REQUIRE_LOGIN=1); any other address always requires it")
	fs.StringVar(&a.cfg.TLSCert, "tls-cert", a.cfg.TLSCert, "serve HTTPS with this certificate file, PEM (env PULSE_TLS_CERT)")
	fs.StringVar(&a.cfg.TLSKey, "tls-key", a.cfg.TLSKey, "the certificate's private key file, PEM (env PULSE_TLS_KEY)")
	fs.StringVar(&a.cfg.PublicURL, "public-url", a.cfg.PublicURL,
		"how consultants reach this pulse, like https://pulse.example.org, for share links (env PULSE_PUBLIC_URL)")
}

// loopback tells whether addr listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// requireLogin is whether the owner must sign in: always beyond loopback. It fails
// when sign-in is needed and no password was ever set.
func (a *App) requireLogin(ctx context.Context, db *queries.DB) (bool, error) {
	if !a.cfg.RequireLogin && loopback(a.cfg.Addr) {
		return false, nil
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return false, err
	}
	if settings[queries.SettingOwnerPassword] == "" {
		return false, usagef("serving on %s needs the owner to sign in, and no password is set: run `pulse passwd` first", a.cfg.Addr)
	}
	return true, nil
}

// listenTLS wraps l in TLS when a certificate is configured; on failure it closes l.
func (a *App) listenTLS(l net.Listener) (net.Listener, bool, error) {
	if a.cfg.TLSCert == "" && a.cfg.TLSKey == "" {
		return l, false, nil
	}
	if a.cfg.TLSCert == "" || a.cfg.TLSKey == "" {
		l.Close()
		return nil, false, usagef("--tls-cert and --tls-key go together")
	}
	cert, err := tls.LoadX509KeyPair(a.cfg.TLSCert, a.cfg.TLSKey)
	if err != nil {
		l.Close()
		return nil, false, usagef("--tls-cert/--tls-key: %v", err)
	}
	return tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), true, nil
}

// baseURL is where share links point: --public-url, or the serve address.
func (a *App) baseURL() string {
	if a.cfg.PublicURL != "" {
		return strings.TrimSuffix(a.cfg.PublicURL, "/")
	}
	scheme := "http"
	if a.cfg.TLSCert != "" {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(a.cfg.Addr)
	if err != nil {
		return scheme + "://" + a.cfg.Addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		if name, err := os.Hostname(); err == nil {
			host = name
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// readPassword asks for a password: twice without echo on a terminal, else one line
// from standard input (for scripts).
func (a *App) readPassword(prompt string) (string, error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(a.stderr, prompt)
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(a.stderr, "Again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", err
		}
		if string(pw) != string(again) {
			return "", usagef("the two passwords differ; nothing was changed")
		}
		return string(pw), nil
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", usagef("expected the password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// cmdPasswd sets the owner's password, which pulse serve asks for when it listens
// beyond this machine or with --require-login.
func (a *App) cmdPasswd(ctx context.Context, args []string) error {
	fs := a.flags("passwd", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("passwd takes no arguments: it reads the password from the terminal or standard input")
	}
	pw, err := a.readPassword("New password for the dashboard: ")
	if err != nil {
		return err
	}
	hash, err := dashboard.HashPassword(pw)
	if err != nil {
		return usagef("%s", userText(err))
	}
	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetSetting(ctx, queries.SettingOwnerPassword, hash); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "The password is set. The dashboard asks for it when served beyond this machine or with --require-login.")
	return nil
}

// userText is a dashboard error's plain words, without the kind.
func userText(err error) string {
	return strings.TrimSuffix(err.Error(), ": "+dashboard.ErrBadRequest.Error())
}
