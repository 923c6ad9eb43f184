package testenv_test

import (
	"fmt"
	"testing"

	_ "github.com/sqlorm/sqlorm/driver" // the "sqlorm" driver Database.Open uses by default
	"github.com/sqlorm/sqlorm/internal/testenv"
)

// TestOpenModes: SQLORM_TEST_OPEN chooses how Database.Open opens a fresh
// database, and a value that is neither mode is an error naming the
// variable.
func TestOpenModes(t *testing.T) {
	cases := []struct {
		env, mode, driverType string
	}{
		{"", testenv.OpenSQLORM, "*driver.boundDriver"},
		{"sqlorm", testenv.OpenSQLORM, "*driver.boundDriver"},
		{"BARE", testenv.OpenBare, "*sqlite3.SQLiteDriver"},
	}
	for _, c := range cases {
		t.Run("env="+c.env, func(t *testing.T) {
			t.Setenv(testenv.EnvOpen, c.env)
			if mode, err := testenv.OpenMode(); err != nil || mode != c.mode {
				t.Fatalf("OpenMode = %q, %v; want %q", mode, err, c.mode)
			}
			d := testenv.Lookup(t, testenv.SQLite).Fresh(t)
			db, err := d.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := fmt.Sprintf("%T", db.Driver()); got != c.driverType {
				t.Errorf("driver %s, want %s", got, c.driverType)
			}
			// Both ways have foreign keys and REGEXP, as the ORM's tests need.
			var fk int
			var m bool
			if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
				t.Errorf("foreign_keys = %d, %v", fk, err)
			}
			if err := db.QueryRow("SELECT 'abc' REGEXP '^a.c$'").Scan(&m); err != nil || !m {
				t.Errorf("REGEXP: %v, %v", m, err)
			}
		})
	}
	t.Setenv(testenv.EnvOpen, "direct")
	if _, err := testenv.OpenMode(); err == nil {
		t.Fatal("SQLORM_TEST_OPEN=direct accepted")
	}
	var d testenv.Database
	if _, err := d.Open(); err == nil {
		t.Fatal("Open with SQLORM_TEST_OPEN=direct did not fail")
	}
}
