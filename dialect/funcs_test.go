package dialect_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

// TestTruncSQL: every unit has a template on every dialect for a
// DateTimeField, the calendar units for a DateField, with the operand mark
// and no placeholder; a date below a day and other kinds are refused.
func TestTruncSQL(t *testing.T) {
	units := []dialect.TruncUnit{dialect.TruncYear, dialect.TruncQuarter, dialect.TruncMonth, dialect.TruncWeek,
		dialect.TruncDay, dialect.TruncHour, dialect.TruncMinute, dialect.TruncSecond, dialect.TruncToDate}
	for _, d := range dialect.All() {
		for _, u := range units {
			for _, in := range []dialect.Kind{dialect.KindDateTime, dialect.KindDate} {
				tmpl, out, err := dialect.TruncSQL(d, u, in)
				belowDay := u == dialect.TruncHour || u == dialect.TruncMinute || u == dialect.TruncSecond
				if in == dialect.KindDate && belowDay {
					if !errors.Is(err, dialect.ErrUnsupported) {
						t.Errorf("%s: %s of a date: %v, want ErrUnsupported", d.Name(), u, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %s of %s: %v", d.Name(), u, in, err)
					continue
				}
				if !strings.Contains(tmpl, "{0}") || strings.ContainsAny(tmpl, "?$") {
					t.Errorf("%s: %s of %s: template %q", d.Name(), u, in, tmpl)
				}
				want := in
				if u == dialect.TruncToDate {
					want = dialect.KindDate
				}
				if out != want {
					t.Errorf("%s: %s of %s gives %s, want %s", d.Name(), u, in, out, want)
				}
			}
		}
		for _, k := range []dialect.Kind{dialect.KindTime, dialect.KindText, dialect.KindInt} {
			if _, _, err := dialect.TruncSQL(d, dialect.TruncMonth, k); !errors.Is(err, dialect.ErrUnsupported) {
				t.Errorf("%s: Trunc of %s: %v", d.Name(), k, err)
			}
		}
		if _, _, err := dialect.TruncSQL(d, 99, dialect.KindDateTime); !errors.Is(err, dialect.ErrUnsupported) {
			t.Errorf("%s: unit 99: %v", d.Name(), err)
		}
	}
}

// TestCastSQL: the cast kinds have a template everywhere; a decimal needs
// sane digits; other kinds are refused.
func TestCastSQL(t *testing.T) {
	kinds := []dialect.Kind{dialect.KindSmallInt, dialect.KindInt, dialect.KindBigInt, dialect.KindFloat, dialect.KindChar,
		dialect.KindText, dialect.KindBool, dialect.KindDate, dialect.KindDateTime, dialect.KindTime}
	for _, d := range dialect.All() {
		for _, k := range kinds {
			tmpl, err := dialect.CastSQL(d, dialect.Column{Kind: k})
			if err != nil || !strings.Contains(tmpl, "{0}") || strings.Contains(tmpl, "?") {
				t.Errorf("%s: Cast to %s: %q, %v", d.Name(), k, tmpl, err)
			}
		}
		if tmpl, err := dialect.CastSQL(d, dialect.Column{Kind: dialect.KindDecimal, Precision: 10, Scale: 2}); err != nil || (!strings.Contains(tmpl, "10, 2") && !strings.Contains(tmpl, "NUMERIC")) {
			t.Errorf("%s: Cast to decimal(10, 2): %q, %v", d.Name(), tmpl, err)
		}
		for _, c := range []dialect.Column{{Kind: dialect.KindDecimal}, {Kind: dialect.KindDecimal, Precision: 5, Scale: 6}, {Kind: dialect.KindDecimal, Precision: 39}, {Kind: dialect.KindJSON}, {Kind: dialect.KindUUID}} {
			if _, err := dialect.CastSQL(d, c); !errors.Is(err, dialect.ErrUnsupported) {
				t.Errorf("%s: Cast to %+v: %v", d.Name(), c, err)
			}
		}
	}
}

// TestExplainPrefix: formats and options are matched against each
// backend's list and written in the list's spelling; anything else is an
// error that quotes it, and Oracle cannot explain.
func TestExplainPrefix(t *testing.T) {
	get := func(n dialect.Name) dialect.Dialect {
		d, err := dialect.Get(n)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		name string
		d    dialect.Name
		e    dialect.Explain
		want string // "" for an error
	}{
		{"sqlite default", dialect.SQLite, dialect.Explain{}, "EXPLAIN QUERY PLAN"},
		{"sqlite format", dialect.SQLite, dialect.Explain{Format: "text"}, ""},
		{"sqlite option", dialect.SQLite, dialect.Explain{Flags: map[string]bool{"analyze": true}}, ""},
		{"postgres default", dialect.Postgres, dialect.Explain{}, "EXPLAIN"},
		{"postgres json analyze", dialect.Postgres, dialect.Explain{Format: "Json", Flags: map[string]bool{"analyze": true, "costs": false}}, "EXPLAIN (FORMAT JSON, ANALYZE true, COSTS false)"},
		{"postgres injected format", dialect.Postgres, dialect.Explain{Format: "JSON) SELECT 1 --"}, ""},
		{"postgres injected option", dialect.Postgres, dialect.Explain{Flags: map[string]bool{"analyze true) DELETE FROM t; --": true}}, ""},
		{"mysql json", dialect.MySQL, dialect.Explain{Format: "json", ServerVersion: "8.0.36"}, "EXPLAIN FORMAT=JSON"},
		{"mysql text", dialect.MySQL, dialect.Explain{Format: "text", ServerVersion: "8.0.36"}, "EXPLAIN FORMAT=TRADITIONAL"},
		{"mysql analyze", dialect.MySQL, dialect.Explain{Flags: map[string]bool{"ANALYZE": true}, ServerVersion: "8.0.36"}, "EXPLAIN ANALYZE"},
		{"mysql analyze json", dialect.MySQL, dialect.Explain{Format: "json", Flags: map[string]bool{"analyze": true}, ServerVersion: "8.0.36"}, ""},
		{"mariadb analyze json", dialect.MySQL, dialect.Explain{Format: "json", Flags: map[string]bool{"analyze": true}, ServerVersion: "10.11.6-MariaDB"}, "ANALYZE FORMAT=JSON"},
		{"mariadb tree", dialect.MySQL, dialect.Explain{Format: "tree", ServerVersion: "10.11.6-MariaDB"}, ""},
		{"mysql verbose", dialect.MySQL, dialect.Explain{Flags: map[string]bool{"verbose": true}}, ""},
		{"oracle", dialect.Oracle, dialect.Explain{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := dialect.ExplainPrefix(get(c.d), c.e)
			if c.want == "" {
				if !errors.Is(err, dialect.ErrUnsupported) || got != "" {
					t.Fatalf("%q, %v: want ErrUnsupported", got, err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("%q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// TestSetOpSQL: the four set operations on every dialect, MINUS on Oracle.
func TestSetOpSQL(t *testing.T) {
	for _, d := range dialect.All() {
		for op, want := range map[dialect.SetOp]string{dialect.Union: " UNION ", dialect.UnionAll: " UNION ALL ", dialect.Intersect: " INTERSECT ", dialect.Except: " EXCEPT "} {
			if d.Name() == dialect.Oracle && op == dialect.Except {
				want = " MINUS "
			}
			if got, err := dialect.SetOpSQL(d, op); err != nil || got != want {
				t.Errorf("%s: %d: %q, %v", d.Name(), op, got, err)
			}
		}
		if _, err := dialect.SetOpSQL(d, 0); !errors.Is(err, dialect.ErrUnsupported) {
			t.Errorf("%s: op 0: %v", d.Name(), err)
		}
	}
}
