package testenv

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Backend names, as used in SQLORM_REQUIRE_BACKENDS and as subtest names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
	MySQL    = "mysql"
)

// Environment variables read by this package.
const (
	// EnvPG holds the PostgreSQL URL, e.g.
	// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
	EnvPG = "SQLORM_TEST_PG"
	// EnvMySQL holds the MySQL/MariaDB URL, e.g.
	// mysql://root@127.0.0.1:3306/test.
	EnvMySQL = "SQLORM_TEST_MYSQL"
	// EnvRequire lists the backends that must not be skipped, e.g.
	// "postgres,mysql"; "all" names every backend.
	EnvRequire = "SQLORM_REQUIRE_BACKENDS"
)

// names lists every backend in the order tests run on them.
var names = []string{SQLite, Postgres, MySQL}

// envVars maps a server backend to the variable that configures it.
var envVars = map[string]string{Postgres: EnvPG, MySQL: EnvMySQL}

// Backend is one database backend as configured for this test run. Values
// are snapshots of the environment taken by [All], [Backends], [Lookup] or
// [Run]; they are safe to share between goroutines.
type Backend struct {
	// Name is SQLite, Postgres or MySQL.
	Name string
	// EnvVar is the variable that configures the backend; empty for SQLite.
	EnvVar string

	url      string // the admin URL from EnvVar; empty when unset
	required bool   // named in EnvRequire
}

// String returns the backend's name.
func (b *Backend) String() string { return b.Name }

// Available reports whether this run can use the backend: always for
// SQLite, and for a server backend when its URL variable is set.
func (b *Backend) Available() bool { return b.Name == SQLite || b.url != "" }

// Required reports whether SQLORM_REQUIRE_BACKENDS names the backend, so
// that its absence fails tests instead of skipping them.
func (b *Backend) Required() bool { return b.required }

// SkipMessage returns the plain sentence used when an unavailable backend is
// skipped, or "" when the backend is available.
func (b *Backend) SkipMessage() string {
	if b.Available() {
		return ""
	}
	return fmt.Sprintf("%s: %s not set; skipped (set it or run make test on a machine with the servers)", b.Name, b.EnvVar)
}

// missingMessage is the failure message for a required backend that is not
// configured.
func (b *Backend) missingMessage() string {
	return fmt.Sprintf("%s: required by %s=%q but %s is not set; set %s to its URL (e.g. %s)",
		b.Name, EnvRequire, os.Getenv(EnvRequire), b.EnvVar, b.EnvVar, exampleURL(b.Name))
}

func exampleURL(name string) string {
	switch name {
	case Postgres:
		return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	case MySQL:
		return "mysql://root@127.0.0.1:3306/test"
	}
	return ""
}

// All returns every backend with its configuration read from the
// environment now, available or not, in the fixed order sqlite, postgres,
// mysql. It neither skips nor fails; err reports a malformed
// SQLORM_REQUIRE_BACKENDS.
func All() ([]*Backend, error) {
	req, err := parseRequire(os.Getenv(EnvRequire))
	out := make([]*Backend, 0, len(names))
	for _, n := range names {
		b := &Backend{Name: n, EnvVar: envVars[n], required: req[n]}
		if b.EnvVar != "" {
			b.url = strings.TrimSpace(os.Getenv(b.EnvVar))
		}
		out = append(out, b)
	}
	return out, err
}

// parseRequire reads SQLORM_REQUIRE_BACKENDS. Unknown names are an error so
// that a typo cannot silently turn a requirement off.
func parseRequire(s string) (map[string]bool, error) {
	req := map[string]bool{}
	var bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == "":
		case f == "all":
			for _, n := range names {
				req[n] = true
			}
		case f == "pg" || f == "postgresql":
			req[Postgres] = true
		case f == "mariadb":
			req[MySQL] = true
		case f == SQLite || f == Postgres || f == MySQL:
			req[f] = true
		default:
			bad = append(bad, f)
		}
	}
	if len(bad) > 0 {
		return req, fmt.Errorf("%s=%q names unknown backend(s) %s; known: %s",
			EnvRequire, s, strings.Join(bad, ", "), strings.Join(names, ", "))
	}
	return req, nil
}

// Backends returns the backends this test can use, SQLite first. A backend
// whose URL variable is unset is left out and its skip is recorded and
// logged; if SQLORM_REQUIRE_BACKENDS names it, t.Fatalf is called instead,
// naming the variable to set.
func Backends(t testing.TB) []*Backend {
	t.Helper()
	all, err := All()
	if err != nil {
		t.Fatalf("sqlorm testenv: %v", err)
		return nil
	}
	var out []*Backend
	for _, b := range all {
		switch {
		case b.Available():
			out = append(out, b)
		case b.required:
			t.Fatalf("sqlorm testenv: %s", b.missingMessage())
			return nil
		default:
			recordSkip(b)
			t.Logf("%s", b.SkipMessage())
		}
	}
	return out
}

// Lookup returns the named backend for a test that needs that one backend.
// If it is not configured the whole test is skipped (t.Skipf, recorded), or
// fails when SQLORM_REQUIRE_BACKENDS names it. An unknown name fails.
func Lookup(t testing.TB, name string) *Backend {
	t.Helper()
	all, err := All()
	if err != nil {
		t.Fatalf("sqlorm testenv: %v", err)
		return nil
	}
	for _, b := range all {
		if b.Name == name {
			checkAvailable(t, b)
			return b
		}
	}
	t.Fatalf("sqlorm testenv: unknown backend %q; known: %s", name, strings.Join(names, ", "))
	return nil
}

// checkAvailable skips or fails t when b cannot be used.
func checkAvailable(t testing.TB, b *Backend) {
	t.Helper()
	switch {
	case b.Available():
	case b.required:
		t.Fatalf("sqlorm testenv: %s", b.missingMessage())
	default:
		recordSkip(b)
		t.Skipf("%s", b.SkipMessage())
	}
}

// Run runs fn once per backend as subtests named "sqlite", "postgres" and
// "mysql". SQLite always runs. The subtest of an unconfigured backend is
// skipped with a plain message (and the skip recorded), or fails when
// SQLORM_REQUIRE_BACKENDS names it. Run does not call t.Parallel; fn may.
func Run(t *testing.T, fn func(t *testing.T, b *Backend)) {
	t.Helper()
	all, err := All()
	if err != nil {
		t.Fatalf("sqlorm testenv: %v", err)
		return
	}
	for _, b := range all {
		t.Run(b.Name, func(t *testing.T) {
			checkAvailable(t, b)
			fn(t, b)
		})
	}
}

// RunOn is Run restricted to the named backends, for behaviour that only
// exists on some of them (a deadlock between row locks needs a server with
// row locks). The backends left out are not run at all, so nothing is
// reported as skipped for them; an unknown name fails the test.
func RunOn(t *testing.T, names []string, fn func(t *testing.T, b *Backend)) {
	t.Helper()
	all, err := All()
	if err != nil {
		t.Fatalf("sqlorm testenv: %v", err)
		return
	}
	for _, n := range names {
		found := false
		for _, b := range all {
			found = found || b.Name == n
		}
		if !found {
			t.Fatalf("sqlorm testenv: unknown backend %q; use %s, %s or %s", n, SQLite, Postgres, MySQL)
		}
	}
	for _, b := range all {
		if !slices.Contains(names, b.Name) {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			checkAvailable(t, b)
			fn(t, b)
		})
	}
}

// skips records, per backend name, the backends that some test skipped.
var skips = struct {
	sync.Mutex
	m map[string]string // name -> reason
}{m: map[string]string{}}

func recordSkip(b *Backend) {
	skips.Lock()
	defer skips.Unlock()
	skips.m[b.Name] = b.EnvVar + " not set"
}

// Skipped returns the backends skipped so far in this test binary, in the
// fixed backend order, each as "name (reason)".
func Skipped() []string {
	skips.Lock()
	defer skips.Unlock()
	var out []string
	for _, n := range append(slices.Clone(names), componentNames...) {
		if r, ok := skips.m[n]; ok {
			out = append(out, fmt.Sprintf("%s (%s)", n, r))
		}
	}
	return out
}

// Summary returns the line [Main] prints, such as
// "sqlorm testenv: backends skipped: postgres (SQLORM_TEST_PG not set)",
// or "" when no backend was skipped.
func Summary() string {
	s := Skipped()
	if len(s) == 0 {
		return ""
	}
	return "sqlorm testenv: backends skipped: " + strings.Join(s, ", ")
}

// Main is a complete TestMain: it runs the tests, prints [Summary] to
// stderr when some backend was skipped, closes the admin connections and
// exits with the tests' status. Use it as
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
// go test shows a passing package's output only with -v or when testing a
// single package; scripts/test.sh prints the backends it uses up front.
func Main(m *testing.M) {
	code := m.Run()
	if s := Summary(); s != "" {
		fmt.Fprintln(os.Stderr, s)
	}
	closeAdmins()
	os.Exit(code)
}

// ForURL returns a backend for an explicit URL instead of the environment,
// for sqlormtest: "" or a sqlite:/file: URL is SQLite (each Fresh database
// is a new temporary file, whatever path the URL names), postgres:// or
// postgresql:// is PostgreSQL and mysql:// or mariadb:// is MySQL, where
// Fresh makes a schema or a database with the URL's account. Other schemes
// are an error naming the ones supported.
func ForURL(rawURL string) (*Backend, error) {
	raw := strings.TrimSpace(rawURL)
	scheme, _, ok := strings.Cut(raw, ":")
	scheme = strings.ToLower(scheme)
	switch {
	case raw == "" || !ok || scheme == "sqlite" || scheme == "sqlite3" || scheme == "file":
		return &Backend{Name: SQLite}, nil
	case scheme == "postgres" || scheme == "postgresql":
		return &Backend{Name: Postgres, EnvVar: EnvPG, url: raw}, nil
	case scheme == "mysql" || scheme == "mariadb":
		return &Backend{Name: MySQL, EnvVar: EnvMySQL, url: raw}, nil
	}
	return nil, fmt.Errorf("database URL %s: scheme %q is not supported for test databases; use sqlite:, postgres:// or mysql:// (mariadb://)", redact(raw), scheme)
}
