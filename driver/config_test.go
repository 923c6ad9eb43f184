package driver

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		dialect dialect.Name
		url     string // Config.URL: what the backend gets
		maxAge  time.Duration
		noReuse bool
		checks  bool
		debug   Debug
	}{
		{"sqlite path", "sqlite:shop.db", dialect.SQLite, "sqlite:shop.db", 0, false, false, DebugOff},
		{"sqlite memory", "sqlite::memory:", dialect.SQLite, "sqlite::memory:", 0, false, false, DebugOff},
		{"sqlite3 scheme keeps params", "sqlite3:/tmp/x.db?_journal_mode=DELETE&debug=true", dialect.SQLite, "sqlite3:/tmp/x.db?_journal_mode=DELETE", 0, false, false, DebugOn},
		{"file db", "file:/tmp/sqlorm-nonexistent.db", dialect.SQLite, "file:/tmp/sqlorm-nonexistent.db", 0, false, false, DebugOff},
		{"file in existing dir is still sqlite", "file:/tmp/sqlorm-nonexistent.txt", dialect.SQLite, "file:/tmp/sqlorm-nonexistent.txt", 0, false, false, DebugOff},
		{"file: URL is a SQLite URI", "file:data/shop.db?mode=ro&_fk=1", dialect.SQLite, "file:data/shop.db?mode=ro&_fk=1", 0, false, false, DebugOff},
		{"sqlite file URI keeps SQLite's parameters", "sqlite:file:data/shop.db?mode=ro&cache=private&_fk=1", dialect.SQLite, "sqlite:file:data/shop.db?mode=ro&cache=private&_fk=1", 0, false, false, DebugOff},
		{"mysql keeps a system variable and a charset list", "mysql://root@h/db?charset=none,utf8mb4&innodb_lock_wait_timeout=1", dialect.MySQL, "mysql://root@h/db?charset=none,utf8mb4&innodb_lock_wait_timeout=1", 0, false, false, DebugOff},
		{"postgres all options", "postgres://u:p@127.0.0.1:5432/shop?conn_max_age=600&health_checks=true&debug=true", dialect.Postgres, "postgres://u:p@127.0.0.1:5432/shop", 600 * time.Second, false, true, DebugOn},
		{"postgres keeps backend params in order", "postgresql://u@h/db?sslmode=disable&conn_max_age=10m&application_name=my+app", dialect.Postgres, "postgresql://u@h/db?sslmode=disable&application_name=my+app", 10 * time.Minute, false, false, DebugOff},
		{"conn_max_age none", "pg://h/db?conn_max_age=none", dialect.Postgres, "pg://h/db", 0, false, false, DebugOff},
		{"conn_max_age 0 is no reuse", "mysql://root@h:3306/db?conn_max_age=0", dialect.MySQL, "mysql://root@h:3306/db", 0, true, false, DebugOff},
		{"mariadb debug args", "mariadb://root@h/db?debug=args&tls=skip-verify", dialect.MySQL, "mariadb://root@h/db?tls=skip-verify", 0, false, false, DebugArgs},
		{"oracle", "oracle://u:p@h:1521/svc?health_checks=1", dialect.Oracle, "oracle://u:p@h:1521/svc", 0, false, true, DebugOff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseURL(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if c.Dialect != tt.dialect || c.URL != tt.url || c.Pool.MaxAge != tt.maxAge || c.Pool.NoReuse != tt.noReuse || c.Pool.HealthChecks != tt.checks || c.Debug != tt.debug {
				t.Fatalf("ParseURL(%q) = %s (dialect %s url %q age %v noreuse %v checks %v debug %v)", tt.in, c, c.Dialect, c.URL, c.Pool.MaxAge, c.Pool.NoReuse, c.Pool.HealthChecks, c.Debug)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // substrings of the message
	}{
		{"empty", "", []string{"empty database URL"}},
		{"unknown scheme", "mongodb://u:pw9@h/db", []string{"unknown database scheme", "postgres://"}},
		{"unsupported driver", "pq://u:pw9@h/db", []string{"lib/pq", "postgres://"}},
		{"unsupported product", "sqlserver://u:pw9@h/db", []string{"does not support", "sqlite:PATH"}},
		{"misspelt option", "sqlite:x.db?conn_max_ages=5", []string{`"conn_max_ages"`, `did you mean "conn_max_age"`}},
		{"case option", "sqlite:x.db?Health_Checks=true", []string{`did you mean "health_checks"`}},
		{"sqlorm prefix", "sqlite:x.db?sqlorm_pool=3", []string{`unknown sqlorm option "sqlorm_pool"`, "conn_max_age"}},
		{"bad max age", "sqlite:x.db?conn_max_age=soon", []string{`conn_max_age="soon"`, "whole seconds", "none for unlimited"}},
		{"negative max age", "sqlite:x.db?conn_max_age=-5", []string{"conn_max_age"}},
		{"bad bool", "sqlite:x.db?health_checks=yesplease", []string{`health_checks="yesplease"`, "true or false"}},
		{"bad debug", "sqlite:x.db?debug=verbose", []string{`debug="verbose"`, "true, false or args"}},
		{"bad escape with password", "postgres://u:pw9@h/%zz", []string{"xxxxx"}},
		{"fragment", "postgres://u:pw9@h/db#x", []string{"fragment"}},
		{"oracle unknown option", "oracle://u:pw9@h:1521/svc?BOGUS=1", []string{"BOGUS"}},
		// Issue 9, item 8: a string that is not a URL never becomes a file.
		{"not a URL", "%zz", []string{`"%zz" is not a database URL`, "sqlite:PATH"}},
		{"bare path", "data/shop.db?debug=1", []string{"not a database URL", "sqlite:PATH"}},
		{"windows path", `C:\data\shop.db`, []string{"not a database URL"}},
		{"bad escape in a SQLite path", "sqlite:%zz", []string{"not valid URL encoding", "%25"}},
		// Options no layer reads.
		{"sqlorm option two letters off", "postgres://u:pw9@h/db?conn_max_ag=5", []string{`"conn_max_ag"`, `did you mean "conn_max_age"`, "health_checks"}},
		{"sqlorm option typo on mysql", "mysql://root:pw9@h/db?helth_checks=true", []string{`did you mean "health_checks"`}},
		{"unknown go-sqlite3 parameter", "sqlite:x.db?_fkk=1", []string{`unknown SQLite parameter "_fkk"`, `did you mean "_fk"`, "_foreign_keys", "mode"}},
		{"unknown SQLite parameter", "sqlite:file:x.db?moed=ro", []string{`unknown SQLite parameter "moed"`, "mode"}},
		{"SQLite URI parameter on a plain path", "sqlite:x.db?mode=ro", []string{"mode is a SQLite URI parameter", "sqlite:file:x.db?mode=ro"}},
		{"file: URL checked as SQLite", "file:x.db?_busy_timout=10", []string{`did you mean "_busy_timeout"`}},
		{"file: URL's SQLite parameters are checked too", "file:x.db?moed=ro", []string{`unknown SQLite parameter "moed"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseURL(tt.in)
			if err == nil && tt.name == "oracle unknown option" {
				_, err = NewConnector(c) // go-ora checks its options when the connector is built
			}
			if err == nil {
				t.Fatalf("ParseURL(%q) accepted: %s", tt.in, c)
			}
			if !errors.Is(err, ErrConfig) {
				t.Errorf("error does not wrap ErrConfig: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "pw9") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"userinfo", "postgres://app:hunter2@db:5432/x?sslmode=disable", "postgres://app:xxxxx@db:5432/x?sslmode=disable"},
		{"no password", "postgres://app@db/x", "postgres://app@db/x"},
		{"query password", "oracle://db/x?WALLET%20PASSWORD=abc&SSL=true", "oracle://db/x?WALLET%20PASSWORD=xxxxx&SSL=true"},
		{"at sign in password", "mysql://root:p@ss@db/x", "mysql://root:xxxxx@db/x"},
		{"sqlite", "sqlite:/tmp/x.db?_fk=1", "sqlite:/tmp/x.db?_fk=1"},
		{"unparseable", "postgres://u:sec%zz@h/x", "postgres://u:xxxxx@h/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Fatalf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("SQLORM_TEST_DBURL", "postgres://u:pw@h/db?conn_max_age=60")
	c, err := ConfigFromEnv("SQLORM_TEST_DBURL")
	if err != nil || c.Pool.MaxAge != time.Minute || c.Dialect != dialect.Postgres {
		t.Fatalf("ConfigFromEnv = %s, %v", c, err)
	}
	_, err = ConfigFromEnv("SQLORM_TEST_UNSET_VARIABLE")
	if err == nil || !strings.Contains(err.Error(), "SQLORM_TEST_UNSET_VARIABLE") {
		t.Fatalf("unset variable: %v", err)
	}
}

func TestConfigFromFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("json url", func(t *testing.T) {
		c, err := ConfigFromFile(write("a.json", `{"url": "sqlite:shop.db?conn_max_age=5"}`))
		if err != nil || c.Alias != "default" || c.URL != "sqlite:shop.db" || c.Pool.MaxAge != 5*time.Second {
			t.Fatalf("%s %v", c, err)
		}
	})
	t.Run("yaml django aliases", func(t *testing.T) {
		p := write("db.yaml", `
default:
  ENGINE: django.db.backends.postgresql
  NAME: shop
  USER: app
  PASSWORD: "p@ss:word"
  HOST: 127.0.0.1
  PORT: 5432
  CONN_MAX_AGE: 600
  CONN_HEALTH_CHECKS: true
  OPTIONS:
    sslmode: disable
replica:
  ENGINE: mysql
  NAME: shop
  USER: root
  HOST: db2
  CONN_MAX_AGE: null
cache:
  ENGINE: django.db.backends.sqlite3
  NAME: /tmp/cache.db
  CONN_MAX_AGE: 0
`)
		all, err := ConfigsFromFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d := all["default"]
		if d.Dialect != dialect.Postgres || d.Pool.MaxAge != 600*time.Second || !d.Pool.HealthChecks || d.URL != "postgres://app:p%40ss%3Aword@127.0.0.1:5432/shop?sslmode=disable" {
			t.Fatalf("default = %s (url %q)", d, d.URL)
		}
		if strings.Contains(d.String(), "word") {
			t.Fatalf("Config.String leaks the password: %s", d)
		}
		r := all["replica"]
		if r.Dialect != dialect.MySQL || r.Pool.MaxAge != 0 || r.Pool.NoReuse || r.Alias != "replica" {
			t.Fatalf("replica = %s", r)
		}
		if c := all["cache"]; c.Dialect != dialect.SQLite || !c.Pool.NoReuse {
			t.Fatalf("cache = %s", c)
		}
		one, err := ConfigFromFile(p)
		if err != nil || one.Alias != "default" {
			t.Fatalf("ConfigFromFile picked %s, %v", one, err)
		}
	})
	errCases := []struct{ name, file, body, want string }{
		{"unknown key", "x.json", `{"ENGINE": "sqlite3", "NAME": "x.db", "POOL": 3}`, `unknown key "POOL"`},
		{"bad engine", "x.json", `{"ENGINE": "django.db.backends.mssql", "NAME": "x"}`, `ENGINE "django.db.backends.mssql"`},
		{"bad health", "x.yaml", "ENGINE: sqlite3\nNAME: x.db\nCONN_HEALTH_CHECKS: maybe\n", "CONN_HEALTH_CHECKS"},
		{"bad age", "x.yaml", "ENGINE: sqlite3\nNAME: x.db\nCONN_MAX_AGE: -1\n", "conn_max_age"},
		{"no default", "x.yaml", "a: {url: 'sqlite:a.db'}\nb: {url: 'sqlite:b.db'}\n", `no database named "default"`},
		{"url and keys", "x.json", `{"url": "sqlite:a.db", "NAME": "x"}`, `key "NAME" next to url`},
		{"syntax", "x.json", `{"url": `, "x.json"},
	}
	for _, tt := range errCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConfigFromFile(write(tt.file, tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrConfig) {
				t.Fatalf("err = %v, want ErrConfig mentioning %q", err, tt.want)
			}
		})
	}
}

// FuzzParseURL (reliability.md FUZZ-03): whatever the input, ParseURL never panics, never puts the
// password in an error, and a parsed URL round-trips: ParseURL of its
// cleaned URL gives the same backend URL and dialect.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"sqlite:shop.db", "postgres://u:p@h:5432/db?sslmode=disable&conn_max_age=600",
		"mysql://root:pw@h/db?debug=args&parseTime=false", "oracle://u:p@h/svc",
		"postgres://u:p%zz@h/db", "pg://u:p@h/db?health_checks=maybe", "sqlite::memory:?conn_max_age=0",
		"mariadb://u:p@[::1]:3306/db?tls=true&conn_max_age=10m",
	} {
		f.Add(s, "s3cretPW")
	}
	f.Fuzz(func(t *testing.T, in, pw string) {
		if len(pw) < 6 || strings.ContainsAny(pw, "@/?#:%&=[]") || !isPrintable(pw) {
			return
		}
		// Put pw as the password of in, when in has a user.
		inserted := false
		if i := strings.Index(in, "://"); i >= 0 && !strings.ContainsAny(in[:i], "?#/@") {
			if at := strings.IndexByte(in[i+3:], '@'); at > 0 && !strings.ContainsAny(in[i+3:i+3+at], "/?#") {
				user, _, _ := strings.Cut(in[i+3:i+3+at], ":")
				in = in[:i+3] + user + ":" + pw + in[i+3+at:]
				inserted = true
			}
		}
		if !inserted || strings.Count(in, pw) != 1 {
			// Without a password, or one that cannot be told apart from
			// the rest of the URL, only check that nothing panics.
			ParseURL(in)
			return
		}
		c, err := ParseURL(in)
		if err != nil {
			if strings.Contains(err.Error(), pw) {
				t.Fatalf("error leaks the password: %v", err)
			}
			return
		}
		if strings.Contains(c.String(), pw) {
			t.Fatalf("Config.String leaks the password: %s", c)
		}
		c2, err := ParseURL(c.URL)
		if err != nil {
			t.Fatalf("cleaned URL %q does not parse again: %v", c.URL, err)
		}
		if c2.URL != c.URL || c2.Dialect != c.Dialect {
			t.Fatalf("round trip: %q -> %q/%s -> %q/%s", in, c.URL, c.Dialect, c2.URL, c2.Dialect)
		}
	})
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return false
		}
	}
	return true
}

func TestStatementTimeoutOption(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Duration
		err  string
	}{
		{"milliseconds, as PostgreSQL's own parameter", "postgres://h/db?statement_timeout=250", 250 * time.Millisecond, ""},
		{"a Go duration", "mysql://root@h/db?statement_timeout=2s", 2 * time.Second, ""},
		{"zero is none", "postgres://h/db?statement_timeout=0", 0, ""},
		{"negative", "postgres://h/db?statement_timeout=-5", 0, "statement_timeout"},
		{"not a duration", "postgres://h/db?statement_timeout=soon", 0, "Go duration"},
		{"SQLite has no session setting", "sqlite:x.db?statement_timeout=1s", 0, "context deadline"},
		{"nor has Oracle", "oracle://u:p@h:1521/svc?statement_timeout=1s", 0, "oracle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseURL(tt.in)
			if tt.err != "" {
				if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an ErrConfig error saying %q", err, tt.err)
				}
				return
			}
			if err != nil || c.StatementTimeout != tt.want || strings.Contains(c.URL, "statement_timeout") {
				t.Fatalf("got %v (url %q), %v; want %v and the option taken out", c.StatementTimeout, c.URL, err, tt.want)
			}
		})
	}
	// A Config built by hand is checked when it is opened.
	c, err := ParseURL("sqlite:" + filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	c.StatementTimeout = time.Second
	if _, err := NewConnector(c); !errors.Is(err, ErrConfig) {
		t.Errorf("NewConnector with a SQLite statement timeout: %v", err)
	}
}
