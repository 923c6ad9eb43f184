package driver_test

import (
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/driver"
)

func TestFilePath(t *testing.T) {
	for _, tc := range []struct {
		name, url, want string
		ok              bool
	}{
		{"sqlite path", "sqlite:/tmp/app.db", "/tmp/app.db", true},
		{"sqlite relative", "sqlite:app.db?_busy_timeout=100", "app.db", true},
		{"file scheme", "file:data/x.db", "data/x.db", true},
		{"memory", "sqlite::memory:", "", false},
		{"memory mode", "sqlite:file:x.db?mode=memory", "", false},
		{"server", "postgres://u@h/db", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := driver.ParseURL(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := driver.FilePath(cfg)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("FilePath(%s) = %q, %v; want %q, %v", tc.url, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestShellCommand(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		names     string
		args      string
		env       string
	}{
		{"postgres", "postgres://app:pw@db:5433/shop?sslmode=require", "psql", "-h db -p 5433 -U app -d shop", "PGPASSWORD=pw PGSSLMODE=require"},
		{"mariadb", "mariadb://root@db/test", "mariadb mysql", "-h db -u root test", ""},
		{"sqlite", "sqlite:/tmp/a.db", "sqlite3", "/tmp/a.db", ""},
		{"oracle", "oracle://sys:pw@db:1521/ORCL", "sqlplus", "-L sys/pw@//db:1521/ORCL", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := driver.ParseURL(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			s, err := driver.ShellCommand(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(s.Names, " "); got != tc.names {
				t.Errorf("names %q, want %q", got, tc.names)
			}
			if got := strings.Join(s.Args, " "); got != tc.args {
				t.Errorf("args %q, want %q", got, tc.args)
			}
			if got := strings.Join(s.Env, " "); got != tc.env {
				t.Errorf("env %q, want %q", got, tc.env)
			}
		})
	}
	cfg, err := driver.ParseURL("sqlite::memory:")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := driver.ShellCommand(cfg); err == nil || !strings.Contains(err.Error(), "in-memory") {
		t.Fatalf("in-memory: err = %v", err)
	}
}
