package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"pulse/queries"
)

// runIn invokes pulse with stdin and PULSE_* variables.
func runIn(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

func TestPasswdAndShareCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PULSE_DATA": dir}
	if _, errOut, code := runIn(t, env, "short\n", "passwd"); code != 2 || !strings.Contains(errOut, "8 to 72 characters") {
		t.Fatalf("short password: %d %q", code, errOut)
	}
	if _, errOut, code := runIn(t, env, "", "passwd"); code != 2 || !strings.Contains(errOut, "standard input") {
		t.Fatalf("no password: %d %q", code, errOut)
	}
	if out, errOut, code := runIn(t, env, "a long secret\n", "passwd"); code != 0 || !strings.Contains(out, "The password is set") {
		t.Fatalf("passwd: %d %q %q", code, out, errOut)
	}
	db, err := queries.Open(context.Background(), filepath.Join(dir, "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := db.Settings(context.Background())
	db.Close()
	if bcrypt.CompareHashAndPassword([]byte(settings[queries.SettingOwnerPassword]), []byte("a long secret")) != nil {
		t.Fatal("the stored hash does not match the password")
	}

	bad := []struct {
		args  []string
		words string
	}{
		{[]string{"share"}, "usage"},
		{[]string{"share", "frob"}, "expected create, list or revoke"},
		{[]string{"share", "create"}, "needs a label"},
		{[]string{"share", "create", "--label", "A", "--expires", "2y"}, "1 to 365 days"},
		{[]string{"share", "create", "--label", "A", "--expires", "soon"}, "--expires"},
		{[]string{"share", "create", "--label", "A", "--last", "90d", "--from", "2025-01-01", "--to", "2025-03-31"}, "not both"},
		{[]string{"share", "create", "--label", "A", "--from", "2025-01-01"}, "both dates"},
		{[]string{"share", "create", "--label", "A", "--from", "1.1.2025", "--to", "2025-03-31"}, "--from"},
		{[]string{"share", "create", "--label", "A", "--platform", "instagram"}, "no account of platform"},
		{[]string{"share", "revoke"}, "needs the link's number"},
		{[]string{"share", "revoke", "x"}, "not a link number"},
		{[]string{"share", "revoke", "9"}, "no share link #9"},
	}
	for _, b := range bad {
		if _, errOut, code := runIn(t, env, "", b.args...); code != 2 || !strings.Contains(errOut, b.words) {
			t.Errorf("%v: exit %d, %q; want 2 with %q", b.args, code, errOut, b.words)
		}
	}
	if out, _, _ := runIn(t, env, "", "share", "list"); !strings.Contains(out, "No share links yet") {
		t.Errorf("empty list: %q", out)
	}

	url := regexp.MustCompile(`^http://127\.0\.0\.1:8080/s/[A-Za-z0-9_-]{32}/\n$`)
	out, errOut, code := runIn(t, env, "", "share", "create", "--label", "Anna", "--last", "30d")
	if code != 0 || !url.MatchString(out) || !strings.Contains(errOut, "Link #1 for Anna: the last 30 days, all platforms") {
		t.Fatalf("create: %d %q %q", code, out, errOut)
	}
	env["PULSE_PUBLIC_URL"] = "https://pulse.example.org/"
	out, _, code = runIn(t, env, "link secret 1\n", "share", "create", "--label", "Ben", "--from", "2025-01-01", "--to", "2025-03-31", "--password", "--allow-reports", "--expires", "1y")
	if code != 0 || !regexp.MustCompile(`^https://pulse\.example\.org/s/[A-Za-z0-9_-]{32}/\n$`).MatchString(out) {
		t.Fatalf("create with password: %d %q", code, out)
	}
	if out, _, code := runIn(t, env, "", "share", "revoke", "#1"); code != 0 || !strings.Contains(out, "Link #1 is revoked") {
		t.Fatalf("revoke: %d %q", code, out)
	}
	out, _, _ = runIn(t, env, "", "share", "list")
	for _, want := range []string{"#2  active   Ben  (1 Jan 2025 – 31 Mar 2025, all platforms) · password, reports",
		"#1  revoked  Anna  (the last 30 days, all platforms)", "last viewed never · 0 views"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
}

func TestServeRequiresAPasswordBeyondLoopback(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PULSE_DATA": dir}
	for _, args := range [][]string{{"serve", "--addr", "0.0.0.0:0"}, {"serve", "--addr", ":0"}, {"serve", "--addr", "127.0.0.1:0", "--require-login"}} {
		if _, errOut, code := runIn(t, env, "", args...); code != 2 || !strings.Contains(errOut, "run `pulse passwd` first") {
			t.Errorf("%v without a password: %d %q", args, code, errOut)
		}
	}
	if _, errOut, code := runIn(t, map[string]string{"PULSE_DATA": dir, "PULSE_TLS_CERT": "x.pem"}, "", "serve", "--addr", "127.0.0.1:0"); code != 2 || !strings.Contains(errOut, "go together") {
		t.Errorf("cert without key: %d %q", code, errOut)
	}
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:8080": true, "0.0.0.0:8080": false, ":8080": false, "192.168.1.5:80": false} {
		if loopback(addr) != want {
			t.Errorf("loopback(%q) != %v", addr, want)
		}
	}
}

// TestServeOverTLSWithSignIn starts pulse serve on a free port with a self-signed
// certificate and --require-login: the dashboard answers over HTTPS, asks for the
// password, and the session cookie is Secure.
func TestServeOverTLSWithSignIn(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	if _, _, code := runIn(t, map[string]string{"PULSE_DATA": dir}, "a long secret\n", "passwd"); code != 0 {
		t.Fatal("passwd")
	}
	a := &App{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, now: time.Now}
	a.cfg = Config{DataDir: dir, Addr: "127.0.0.1:0", RequireLogin: true, TLSCert: cert, TLSKey: key}
	db, err := a.openDB(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- a.serve(ctx, db, func(u string) { ready <- u }) }()
	t.Cleanup(func() { cancel(); <-done; db.Close() })
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("served at %s", base)
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var csrf *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "pulse_csrf" {
			csrf = ck
		}
	}
	if res.StatusCode != http.StatusUnauthorized || csrf == nil || !csrf.Secure {
		t.Fatalf("GET / without signing in: %d, csrf cookie %+v", res.StatusCode, csrf)
	}
	req, _ := http.NewRequest("POST", base+"login", strings.NewReader("password=a+long+secret&csrf="+csrf.Value))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrf)
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 || !res.Cookies()[0].Secure {
		t.Fatalf("sign in over TLS: %d %v", res.StatusCode, res.Cookies())
	}
}

// selfSigned writes a certificate and key for 127.0.0.1 into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "pulse test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	return certFile, keyFile
}
