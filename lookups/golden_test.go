package lookups_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Operands of the golden cases: a column of each kind on table "t".
var (
	colName = lookups.Operand{Table: "t", Column: "name", Kind: dialect.KindChar}
	colBody = lookups.Operand{Table: "t", Column: "body", Kind: dialect.KindText}
	colPat  = lookups.Operand{Table: "t", Column: "pat", Kind: dialect.KindChar}
	colN    = lookups.Operand{Table: "t", Column: "n", Kind: dialect.KindInt}
	colM    = lookups.Operand{Table: "t", Column: "m", Kind: dialect.KindInt}
	colF    = lookups.Operand{Table: "t", Column: "f", Kind: dialect.KindFloat}
	colBorn = lookups.Operand{Table: "t", Column: "born", Kind: dialect.KindDate}
	colAt   = lookups.Operand{Table: "t", Column: "at", Kind: dialect.KindDateTime}
	colTm   = lookups.Operand{Table: "t", Column: "tm", Kind: dialect.KindTime}
	colOK   = lookups.Operand{Table: "t", Column: "ok", Kind: dialect.KindBool}
	bare    = lookups.Operand{Column: "name", Kind: dialect.KindChar}
	// sum is an expression operand, as the orm builds for F("n") + F("m").
	sum = lookups.Operand{Kind: dialect.KindInt, SQL: func(w *lookups.Writer) {
		w.Operand(colN)
		w.Raw(" + ")
		w.Operand(colM)
	}}
	// subq is a subquery operand, as the orm builds for Subquery(qs).
	subq = lookups.Operand{Kind: dialect.KindInt, SQL: func(w *lookups.Writer) {
		w.Raw("SELECT ")
		w.Operand(lookups.Operand{Table: "u", Column: "n"})
		w.Raw(" FROM u WHERE ")
		w.Operand(lookups.Operand{Table: "u", Column: "m"})
		w.Raw(" > ")
		w.Arg(1)
	}}
)

var (
	d2005 = time.Date(2005, 3, 4, 0, 0, 0, 0, time.UTC)
	t2005 = time.Date(2005, 3, 4, 15, 16, 17, 123456789, time.FixedZone("X", 2*3600))
	ptrS  = func(s string) *string { return &s }
)

// goldenCase is one rendered condition: path is what follows the field.
type goldenCase struct {
	name string
	path string
	lhs  lookups.Operand
	rhs  lookups.RHS
}

var goldenCases = []goldenCase{
	// exact and nil
	{"exact string", "exact", colName, lookups.Value("Widget")},
	{"implicit exact", "", colName, lookups.Value("Widget")},
	{"exact int", "exact", colN, lookups.Value(7)},
	{"exact uint8 named", "exact", colN, lookups.Value(uint8(7))},
	{"exact integral float on int", "exact", colN, lookups.Value(7.0)},
	{"exact number on char is text", "exact", colName, lookups.Value(42)},
	{"exact nil", "exact", colName, lookups.Value(nil)},
	{"implicit exact nil", "", colName, lookups.Value(nil)},
	{"exact nil pointer", "exact", colName, lookups.Value((*string)(nil))},
	{"exact pointer", "exact", colName, lookups.Value(ptrS("p"))},
	{"exact empty string (Oracle: IS NULL)", "exact", colName, lookups.Value("")},
	{"exact text column (Oracle: NCLOB)", "exact", colBody, lookups.Value("x")},
	{"exact bool", "exact", colOK, lookups.Value(true)},
	{"exact datetime in UTC", "exact", colAt, lookups.Value(t2005)},
	{"exact date", "exact", colBorn, lookups.Value(d2005)},
	{"exact time of day", "exact", colTm, lookups.Value(t2005)},
	{"exact column", "exact", colName, lookups.Expr(colPat)},
	{"unqualified column", "exact", bare, lookups.Value("x")},
	{"expression lhs", "gt", sum, lookups.Value(10)},
	{"iexact", "iexact", colName, lookups.Value(`Ab%_\c`)},
	{"iexact nil", "iexact", colName, lookups.Value(nil)},
	{"iexact column", "iexact", colName, lookups.Expr(colPat)},
	{"iexact text column", "iexact", colBody, lookups.Value("x")},

	// comparisons and Django's integer rounding of floats
	{"gt", "gt", colN, lookups.Value(5)},
	{"gte", "gte", colN, lookups.Value(5)},
	{"lt", "lt", colN, lookups.Value(5)},
	{"lte", "lte", colN, lookups.Value(5)},
	{"exact past the integer range (never, SQLite compares)", "exact", colN, lookups.Value(int64(1) << 40)},
	{"lt past the integer range (every value)", "lt", colN, lookups.Value(int64(1) << 40)},
	{"gt below the integer range (every value)", "gt", colN, lookups.Value(-(int64(1) << 40))},
	{"in drops values past the integer range", "in", colN, lookups.Value([]int64{1 << 40, 3})},
	{"range clamped to the integer range", "range", colN, lookups.Value([]int64{-(1 << 40), 1 << 40})},
	{"gt float on int floors", "gt", colN, lookups.Value(5.2)},
	{"gte float on int ceils", "gte", colN, lookups.Value(5.2)},
	{"lt float on int ceils", "lt", colN, lookups.Value(5.2)},
	{"lte float on int floors", "lte", colN, lookups.Value(5.2)},
	{"gte negative float on int", "gte", colN, lookups.Value(-5.2)},
	{"lt negative float on int", "lt", colN, lookups.Value(-5.2)},
	{"gte float on float", "gte", colF, lookups.Value(5.2)},
	{"gt datetime", "gt", colAt, lookups.Value(t2005)},
	{"lt column", "lt", colN, lookups.Expr(colM)},
	{"in column", "in", colN, lookups.Expr(colM)},
	{"in subquery", "in", colN, lookups.Expr(subq)},

	// in
	{"in", "in", colN, lookups.Value([]int{3, 1, 2})},
	{"in drops nil and duplicates", "in", colName, lookups.Value([]any{"b", nil, "a", "b", (*string)(nil), "a"})},
	{"in array", "in", colN, lookups.Value([2]int64{1, 1})},
	{"in integral floats", "in", colN, lookups.Value([]float64{1, 2, 1})},
	{"in datetimes", "in", colAt, lookups.Value([]time.Time{t2005, t2005.UTC(), d2005})},
	{"in empty", "in", colN, lookups.Value([]int{})},
	{"in only nil", "in", colN, lookups.Value([]any{nil})},
	{"in text column", "in", colBody, lookups.Value([]string{"a", "b"})},

	// range
	{"range", "range", colN, lookups.Value([]int{1, 10})},
	{"range floats on int", "range", colN, lookups.Value([2]float64{1.5, 9.5})},
	{"range dates", "range", colBorn, lookups.Value([]time.Time{d2005, d2005.AddDate(0, 1, 0)})},

	// isnull
	{"isnull true", "isnull", colName, lookups.Value(true)},
	{"isnull false", "isnull", colName, lookups.Value(false)},
	{"isnull text column", "isnull", colBody, lookups.Value(true)},

	// patterns: the value is escaped in Go (\ first, then % and _)
	{"contains", "contains", colName, lookups.Value(`50%_off\*?[x]`)},
	{"icontains", "icontains", colName, lookups.Value(`50%_off\*?[x]`)},
	{"startswith", "startswith", colName, lookups.Value("ab%")},
	{"istartswith", "istartswith", colName, lookups.Value("ab%")},
	{"endswith", "endswith", colName, lookups.Value("_z")},
	{"iendswith", "iendswith", colName, lookups.Value("_z")},
	{"contains int on int column", "contains", colN, lookups.Value(5)},
	{"contains text column", "contains", colBody, lookups.Value("x")},
	{"icontains text column", "icontains", colBody, lookups.Value("x")},
	{"contains expression lhs", "contains", sum, lookups.Value(1)},
	// patterns against a column: the other column is escaped in SQL
	{"contains column", "contains", colName, lookups.Expr(colPat)},
	{"icontains column", "icontains", colName, lookups.Expr(colPat)},
	{"startswith column", "startswith", colName, lookups.Expr(colPat)},
	{"istartswith column", "istartswith", colName, lookups.Expr(colPat)},
	{"endswith column", "endswith", colName, lookups.Expr(colPat)},
	{"iendswith column", "iendswith", colName, lookups.Expr(colPat)},

	// regex
	{"regex", "regex", colName, lookups.Value(`^a.c\d+$`)},
	{"iregex", "iregex", colName, lookups.Value(`^a.c\d+$`)},
	{"regex column", "regex", colName, lookups.Expr(colPat)},
	{"iregex column", "iregex", colName, lookups.Expr(colPat)},

	// year: a range on the column itself
	{"year on date", "year", colBorn, lookups.Value(2005)},
	{"year exact on datetime", "year__exact", colAt, lookups.Value(2005)},
	{"year gt", "year__gt", colAt, lookups.Value(2005)},
	{"year gte", "year__gte", colAt, lookups.Value(2005)},
	{"year lt", "year__lt", colAt, lookups.Value(2005)},
	{"year lte", "year__lte", colAt, lookups.Value(2005)},
	{"year gte float ceils", "year__gte", colBorn, lookups.Value(2004.5)},
	{"year string", "year", colBorn, lookups.Value("2005")},
	{"year in extracts", "year__in", colBorn, lookups.Value([]int{2004, 2005})},
	{"year range extracts", "year__range", colAt, lookups.Value([]int{2004, 2005})},
	{"year column extracts", "year", colAt, lookups.Expr(colN)},
	{"year nil", "year", colAt, lookups.Value(nil)},
	{"iso_year on date", "iso_year", colBorn, lookups.Value(2021)},
	{"iso_year on datetime", "iso_year", colAt, lookups.Value(2021)},
	{"iso_year gt", "iso_year__gt", colAt, lookups.Value(2020)},
	{"iso_year in", "iso_year__in", colAt, lookups.Value([]int{2020})},

	// other extracts
	{"quarter", "quarter", colBorn, lookups.Value(1)},
	{"month", "month", colAt, lookups.Value(3)},
	{"month gte", "month__gte", colBorn, lookups.Value(3)},
	{"week", "week", colBorn, lookups.Value(53)},
	{"day", "day", colAt, lookups.Value(4)},
	{"week_day", "week_day", colAt, lookups.Value(1)},
	{"iso_week_day", "iso_week_day", colBorn, lookups.Value(7)},
	{"hour on datetime", "hour", colAt, lookups.Value(13)},
	{"hour on time", "hour", colTm, lookups.Value(13)},
	{"minute", "minute", colAt, lookups.Value(16)},
	{"second", "second", colAt, lookups.Value(17)},
	{"second on time", "second", colTm, lookups.Value(17)},
	{"month in", "month__in", colAt, lookups.Value([]int{1, 2})},
	{"day range", "day__range", colBorn, lookups.Value([]int{1, 15})},
	{"week_day isnull", "week_day__isnull", colAt, lookups.Value(true)},
	{"month contains", "month__contains", colAt, lookups.Value(1)},

	// date
	{"date", "date", colAt, lookups.Value(d2005)},
	{"date string", "date", colAt, lookups.Value("2005-03-04")},
	{"date gt", "date__gt", colAt, lookups.Value(t2005)},
	{"date year", "date__year", colAt, lookups.Value(2005)},
	{"date month", "date__month", colAt, lookups.Value(3)},
	{"date in", "date__in", colAt, lookups.Value([]time.Time{d2005})},
}

// render resolves path and renders one condition for d into a fresh Writer.
func render(t testing.TB, d dialect.Dialect, path string, lhs lookups.Operand, rhs lookups.RHS) (string, []any, bool, error) {
	t.Helper()
	var parts []string
	if path != "" {
		var err error
		if parts, err = lookups.Split(path); err != nil {
			return "", nil, false, err
		}
	}
	c, err := lookups.Default().Resolve(parts)
	if err != nil {
		return "", nil, false, err
	}
	w := lookups.NewWriter(d, nil, nil)
	never, err := c.Render(w, lhs, rhs)
	return w.String(), w.Args(), never, err
}

// formatArgs prints arguments unambiguously: strings quoted, times in
// RFC 3339 with their zone, other values with their Go type.
func formatArgs(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case string:
			parts[i] = fmt.Sprintf("%q", a)
		case time.Time:
			parts[i] = "time(" + a.Format(time.RFC3339Nano) + ")"
		default:
			parts[i] = fmt.Sprintf("%T(%v)", a, a)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// TestGolden renders every case on the four dialects and compares the
// (query, args) with testdata/<dialect>.golden; -update rewrites them.
func TestGolden(t *testing.T) {
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			var out bytes.Buffer
			fmt.Fprintf(&out, "# Lookups rendered for %s by TestGolden; refresh with go test -run TestGolden -update.\n", d.Name())
			for _, c := range goldenCases {
				sql, args, never, err := render(t, d, c.path, c.lhs, c.rhs)
				fmt.Fprintf(&out, "\n-- %s: %s --\n", c.name, c.path)
				switch {
				case err != nil:
					t.Errorf("%s: %v", c.name, err)
					fmt.Fprintf(&out, "ERROR %v\n", err)
				case never:
					fmt.Fprintf(&out, "NEVER (no SQL, no query)\n")
					if sql != "" || len(args) != 0 {
						t.Errorf("%s: never but wrote %q %v", c.name, sql, args)
					}
				default:
					fmt.Fprintf(&out, "%s\n%s\n", sql, formatArgs(args))
				}
			}
			file := filepath.Join("testdata", string(d.Name())+".golden")
			if *update {
				if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if diff := lineDiff(string(want), out.String()); diff != "" {
				t.Errorf("%s differs from the rendered SQL (-want +got):\n%s", file, diff)
			}
		})
	}
}

// lineDiff returns the lines that differ between want and got, or "".
func lineDiff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}
