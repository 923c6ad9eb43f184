package clustertest

import (
	"context"
	"database/sql"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	_ "github.com/sqlorm/sqlorm/driver" // registers "sqlorm"
	"github.com/sqlorm/sqlorm/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// open opens rawURL with the sqlorm driver, closed when t ends.
func open(t testing.TB, rawURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlorm", rawURL)
	if err != nil {
		t.Fatalf("open %s: %v", rawURL, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatalf("ping %s: %v", rawURL, err)
	}
	return db
}

// openLazy is open without the ping.
func openLazy(t testing.TB, rawURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlorm", rawURL)
	if err != nil {
		t.Fatalf("open %s: %v", rawURL, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// withHost returns rawURL with the host and port of other.
func withHost(t testing.TB, rawURL, other string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	o, err := url.Parse(other)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = o.Host
	return u.String()
}

// script runs scripts/NAME with args from the repository root.
func script(t testing.TB, name string, args ...string) {
	t.Helper()
	cmd := exec.Command("../../scripts/"+name, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// eventually calls fn until it returns nil, for at most wait; the last
// error fails t. Replication is asynchronous: a replica shows a primary's
// change a moment later.
func eventually(t testing.TB, wait time.Duration, what string, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still failing after %s: %v", what, wait, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
