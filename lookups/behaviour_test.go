package lookups_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/lookups"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// sqliteRegexpDriver is go-sqlite3 with the regexp function the regex
// lookups need, registered as a program using go-sqlite3 directly would.
const sqliteRegexpDriver = "sqlite3_lookups_test"

func init() {
	sql.Register(sqliteRegexpDriver, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			return c.RegisterFunc("regexp", lookups.RegexpFunc(), true)
		},
	})
}

// row is one row of the behavioural table; nil is NULL.
type row struct {
	id        int
	name, pat *string
	n         *int64
	born, at  *time.Time // a date (midnight UTC) and an instant
	tm        *time.Time // a time of day (on 0000-01-01)
}

func s(v string) *string { return &v }
func i(v int64) *int64   { return &v }
func date(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}
func at(y int, m time.Month, d, h, mi, sec, us int) *time.Time {
	t := time.Date(y, m, d, h, mi, sec, us*1000, time.UTC)
	return &t
}
func clock(h, m, sec int) *time.Time {
	t := time.Date(0, 1, 1, h, m, sec, 0, time.UTC)
	return &t
}

// rows: NULLs, mixed case, %, _, \, GLOB metacharacters, quotes, unicode,
// and dates on both sides of year and ISO-week boundaries.
var rows = []row{
	{1, s("abc"), s("b"), i(1), date(2004, 12, 31), at(2004, 12, 31, 23, 59, 59, 999999), clock(23, 59, 59)},
	{2, s("ABC"), s("B"), i(2), date(2005, 1, 1), at(2005, 1, 1, 0, 0, 0, 0), clock(0, 0, 0)},
	{3, s("aBc def"), s("%"), i(3), date(2005, 6, 15), at(2005, 6, 15, 12, 30, 45, 500000), clock(12, 30, 45)},
	{4, s("50% off"), s("_"), i(5), date(2005, 12, 31), at(2005, 12, 31, 23, 59, 59, 999999), nil},
	{5, s("50 off"), s(`\`), i(-5), date(2006, 1, 1), at(2006, 1, 1, 0, 0, 0, 0), clock(8, 0, 0)},
	{6, s("a_b"), s("a_b"), i(10), date(2020, 12, 31), at(2021, 1, 1, 0, 30, 0, 0), nil},
	{7, s(`a\b`), s(`\b`), i(11), date(2021, 1, 3), at(2021, 1, 4, 8, 0, 0, 0), clock(8, 15, 0)},
	{8, s("aXb"), s("X"), i(12), date(2019, 12, 30), at(2019, 12, 29, 23, 0, 0, 0), nil},
	{9, s("Émile"), s("é"), i(100), date(2024, 2, 29), at(2024, 2, 29, 6, 7, 8, 0), nil},
	{10, s("émile"), s("É"), nil, date(2021, 1, 4), at(2020, 12, 28, 0, 0, 0, 0), nil},
	{11, s("naïve ☃ snow"), s("☃"), i(7), nil, at(2005, 3, 1, 23, 0, 0, 0), nil},
	{12, nil, nil, nil, nil, nil, nil},
	{13, s(""), s(""), i(0), date(2005, 2, 28), nil, nil},
	{14, s("x*y?[z]"), s("*"), i(14), date(1999, 1, 1), at(1999, 12, 31, 23, 59, 59, 0), nil},
	{15, s("O'Brien"), s("'"), i(15), nil, nil, nil},
	{16, s("abc%"), s("c%"), i(16), nil, nil, nil},
	{17, s("a%b_c\\d"), s("%b_c\\"), i(-16), nil, nil, nil},
}

// behaviourTable is the table the rows live in, described neutrally so
// each dialect creates it with its own types.
var behaviourTable = dialect.Table{Name: "lk", Columns: []dialect.Column{
	{Name: "id", Kind: dialect.KindInt, Primary: true},
	{Name: "name", Kind: dialect.KindChar, Length: 100, Null: true},
	{Name: "pat", Kind: dialect.KindChar, Length: 20, Null: true},
	{Name: "n", Kind: dialect.KindBigInt, Null: true},
	{Name: "born", Kind: dialect.KindDate, Null: true},
	{Name: "at", Kind: dialect.KindDateTime, Null: true},
	{Name: "tm", Kind: dialect.KindTime, Null: true},
}}

// operands are the table's columns as the orm would describe them.
var operands = func() map[string]lookups.Operand {
	m := map[string]lookups.Operand{}
	for _, c := range behaviourTable.Columns {
		m[c.Name] = lookups.Operand{Table: "lk", Column: c.Name, Kind: c.Kind}
	}
	return m
}()

// stored returns the value written for a column of kind k: sqlorm's text
// formats on SQLite, time values elsewhere.
func stored(d dialect.Dialect, k dialect.Kind, v any) any {
	switch v := v.(type) {
	case *string:
		if v == nil {
			return nil
		}
		return *v
	case *int64:
		if v == nil {
			return nil
		}
		return *v
	case *time.Time:
		if v == nil {
			return nil
		}
		sqlite := d.Name() == dialect.SQLite
		switch {
		case k == dialect.KindDate && sqlite:
			return v.Format("2006-01-02")
		case k == dialect.KindDateTime && sqlite:
			return v.Format("2006-01-02 15:04:05.000000-07:00")
		case k == dialect.KindTime:
			return v.Format("15:04:05.000000")
		}
		return *v
	}
	panic(fmt.Sprintf("stored: %T", v))
}

// openBehaviour makes a fresh database on b with the rows loaded.
func openBehaviour(t *testing.T, b *testenv.Backend) (*sql.DB, dialect.Dialect) {
	fresh := b.Fresh(t)
	var db *sql.DB
	if fresh.DriverName == testenv.DriverSQLite {
		var err error
		if db, err = sql.Open(sqliteRegexpDriver, fresh.DSN); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
	} else {
		db = fresh.OpenDirect(t)
	}
	name, err := dialect.Parse(b.Name)
	if err != nil {
		t.Fatal(err)
	}
	d := mustDialect(t, name)
	stmts, err := d.CreateTable(behaviourTable)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var cols, ph []string
	for n, c := range behaviourTable.Columns {
		cols = append(cols, string(d.AppendQuote(nil, c.Name)))
		ph = append(ph, d.Placeholder(n+1))
	}
	insert := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", d.AppendQuote(nil, "lk"), strings.Join(cols, ", "), strings.Join(ph, ", "))
	for _, r := range rows {
		args := []any{r.id}
		for n, v := range []any{r.name, r.pat, r.n, r.born, r.at, r.tm} {
			args = append(args, stored(d, behaviourTable.Columns[n+1].Kind, v))
		}
		if _, err := db.ExecContext(ctx, insert, args...); err != nil {
			t.Fatalf("insert row %d: %v", r.id, err)
		}
	}
	return db, d
}

// query is one filter of the behavioural suite and the rows it must
// match, computed in Go.
type query struct {
	path string // field__transforms__lookup
	rhs  lookups.RHS
	want func(b string, r row) bool // b: testenv backend name
}

// upper folds text as the backend's case-insensitive lookups do: ASCII
// letters only on SQLite (LIKE), Unicode case on PostgreSQL (UPPER), and
// case and accents on MariaDB (utf8mb4_general_ci, where 'é' LIKE 'e'; the
// accents of the rows above are enough).
func upper(b, v string) string {
	switch b {
	case testenv.SQLite:
		return strings.Map(func(r rune) rune {
			if 'a' <= r && r <= 'z' {
				return r - 'a' + 'A'
			}
			return r
		}, v)
	case testenv.MySQL:
		return strings.NewReplacer("É", "E", "Ï", "I").Replace(strings.ToUpper(v))
	}
	return strings.ToUpper(v)
}

// equal is = on a text column: case- and accent-insensitive under
// MariaDB's default collation (Django's behaviour, documented), exact
// elsewhere.
func equal(b, x, y string) bool {
	if b == testenv.MySQL {
		return upper(b, x) == upper(b, y)
	}
	return x == y
}

func name(f func(b, v string) bool) func(string, row) bool {
	return func(b string, r row) bool { return r.name != nil && f(b, *r.name) }
}
func namePat(f func(b, name, pat string) bool) func(string, row) bool {
	return func(b string, r row) bool { return r.name != nil && r.pat != nil && f(b, *r.name, *r.pat) }
}
func num(f func(n int64) bool) func(string, row) bool {
	return func(_ string, r row) bool { return r.n != nil && f(*r.n) }
}
func born(f func(t time.Time) bool) func(string, row) bool {
	return func(_ string, r row) bool { return r.born != nil && f(*r.born) }
}
func atf(f func(t time.Time) bool) func(string, row) bool {
	return func(_ string, r row) bool { return r.at != nil && f(*r.at) }
}
func tmf(f func(t time.Time) bool) func(string, row) bool {
	return func(_ string, r row) bool { return r.tm != nil && f(*r.tm) }
}
func isoWeek(t time.Time) int    { _, w := t.ISOWeek(); return w }
func isoYear(t time.Time) int    { y, _ := t.ISOWeek(); return y }
func weekDay(t time.Time) int    { return int(t.Weekday()) + 1 }
func isoWeekDay(t time.Time) int { return (int(t.Weekday())+6)%7 + 1 }
func none(string, row) bool      { return false }

var (
	val = lookups.Value
	col = func(c string) lookups.RHS { return lookups.Expr(operands[c]) }
)

var behaviourQueries = []query{
	// exact, iexact
	{"name", val("abc"), name(func(b, v string) bool { return equal(b, v, "abc") })},
	{"name__exact", val("aBc def"), name(func(b, v string) bool { return equal(b, v, "aBc def") })},
	{"name", val(""), name(func(b, v string) bool { return v == "" })},
	{"name", val(nil), func(_ string, r row) bool { return r.name == nil }},
	{"name__iexact", val("abc"), name(func(b, v string) bool { return upper(b, v) == "ABC" })},
	{"name__iexact", val("a_b"), name(func(b, v string) bool { return v == "a_b" })},
	{"name__iexact", val(`A\B`), name(func(b, v string) bool { return v == `a\b` })},
	{"name__iexact", val("émile"), name(func(b, v string) bool { return upper(b, v) == upper(b, "émile") })},
	{"name__iexact", val(nil), func(_ string, r row) bool { return r.name == nil }},
	// case-sensitive patterns (GLOB on SQLite, LIKE BINARY on MariaDB)
	{"name__contains", val("b"), name(func(_, v string) bool { return strings.Contains(v, "b") })},
	{"name__contains", val("B"), name(func(_, v string) bool { return strings.Contains(v, "B") })},
	{"name__contains", val("%"), name(func(_, v string) bool { return strings.Contains(v, "%") })},
	{"name__contains", val("_"), name(func(_, v string) bool { return strings.Contains(v, "_") })},
	{"name__contains", val(`\`), name(func(_, v string) bool { return strings.Contains(v, `\`) })},
	{"name__contains", val(`%b_c\`), name(func(_, v string) bool { return strings.Contains(v, `%b_c\`) })},
	{"name__contains", val("*"), name(func(_, v string) bool { return strings.Contains(v, "*") })},
	{"name__contains", val("?[z"), name(func(_, v string) bool { return strings.Contains(v, "?[z") })},
	{"name__contains", val("'"), name(func(_, v string) bool { return strings.Contains(v, "'") })},
	{"name__contains", val("é"), name(func(_, v string) bool { return strings.Contains(v, "é") })},
	{"name__contains", val("☃"), name(func(_, v string) bool { return strings.Contains(v, "☃") })},
	{"name__contains", val(""), name(func(_, v string) bool { return true })},
	{"name__startswith", val("a"), name(func(_, v string) bool { return strings.HasPrefix(v, "a") })},
	{"name__startswith", val("A"), name(func(_, v string) bool { return strings.HasPrefix(v, "A") })},
	{"name__startswith", val("50%"), name(func(_, v string) bool { return strings.HasPrefix(v, "50%") })},
	{"name__endswith", val("c"), name(func(_, v string) bool { return strings.HasSuffix(v, "c") })},
	{"name__endswith", val("C"), name(func(_, v string) bool { return strings.HasSuffix(v, "C") })},
	{"name__endswith", val("%"), name(func(_, v string) bool { return strings.HasSuffix(v, "%") })},
	// case-insensitive patterns
	{"name__icontains", val("B"), name(func(b, v string) bool { return strings.Contains(upper(b, v), "B") })},
	{"name__icontains", val("%B"), name(func(b, v string) bool { return strings.Contains(upper(b, v), "%B") })},
	{"name__icontains", val("émile"), name(func(b, v string) bool { return strings.Contains(upper(b, v), upper(b, "émile")) })},
	{"name__istartswith", val("AB"), name(func(b, v string) bool { return strings.HasPrefix(upper(b, v), "AB") })},
	{"name__iendswith", val("C"), name(func(b, v string) bool { return strings.HasSuffix(upper(b, v), "C") })},
	{"name__iendswith", val("_C"), name(func(b, v string) bool { return strings.HasSuffix(upper(b, v), "_C") })},
	// patterns against another column, escaped in SQL
	{"name__contains", col("pat"), namePat(func(_, v, p string) bool { return strings.Contains(v, p) })},
	{"name__startswith", col("pat"), namePat(func(_, v, p string) bool { return strings.HasPrefix(v, p) })},
	{"name__endswith", col("pat"), namePat(func(_, v, p string) bool { return strings.HasSuffix(v, p) })},
	{"name__icontains", col("pat"), namePat(func(b, v, p string) bool { return strings.Contains(upper(b, v), upper(b, p)) })},
	{"name__istartswith", col("pat"), namePat(func(b, v, p string) bool { return strings.HasPrefix(upper(b, v), upper(b, p)) })},
	{"name__iendswith", col("pat"), namePat(func(b, v, p string) bool { return strings.HasSuffix(upper(b, v), upper(b, p)) })},
	{"name__iexact", col("pat"), namePat(func(b, v, p string) bool { return upper(b, v) == upper(b, p) })},
	{"name", col("pat"), namePat(func(b, v, p string) bool { return equal(b, v, p) })},
	// in, isnull
	{"name__in", val([]any{"abc", nil, "aXb", "abc"}), name(func(b, v string) bool { return equal(b, v, "abc") || v == "aXb" })},
	{"name__in", val([]any{nil}), none},
	{"name__in", val([]string{}), none},
	{"name__isnull", val(true), func(_ string, r row) bool { return r.name == nil }},
	{"name__isnull", val(false), func(_ string, r row) bool { return r.name != nil }},
	// regex: the subset the three engines share
	{"name__regex", val("^a.c$"), name(func(_, v string) bool { return regexp.MustCompile("^a.c$").MatchString(v) })},
	{"name__iregex", val("^a.c$"), name(func(_, v string) bool { return regexp.MustCompile("(?i)^a.c$").MatchString(v) })},
	{"name__regex", val("^.mile$"), name(func(_, v string) bool { return regexp.MustCompile("^.mile$").MatchString(v) })},
	{"name__iregex", val("^ÉMILE$"), name(func(_, v string) bool { return regexp.MustCompile("(?i)^ÉMILE$").MatchString(v) })},
	{"name__regex", val("[0-9]+%"), name(func(_, v string) bool { return regexp.MustCompile("[0-9]+%").MatchString(v) })},
	{"name__regex", val("B"), name(func(_, v string) bool { return strings.Contains(v, "B") })},
	// injection payloads are data: they match only themselves
	{"name", val("x' OR '1'='1"), none},
	{"name__contains", val("' OR 1=1 --"), none},
	{"name__icontains", val("%' OR '%'='"), none},
	{"name__startswith", val("\\' OR 1=1 #"), none},
	{"name__in", val([]string{"') OR 1=1 --", "abc"}), name(func(b, v string) bool { return equal(b, v, "abc") })},
	// SQLI-10: a number against a text column is compared as text (MySQL
	// would otherwise coerce the column: 'abc' = 0 is true there)
	{"name", val(0), none},
	{"name__in", val([]int{0, 50}), none},

	// integers, with Django's rounding of floats
	{"n", val(2), num(func(n int64) bool { return n == 2 })},
	{"n__gt", val(1), num(func(n int64) bool { return n > 1 })},
	{"n__gte", val(2.5), num(func(n int64) bool { return float64(n) >= 2.5 })},
	{"n__lt", val(2.5), num(func(n int64) bool { return float64(n) < 2.5 })},
	{"n__lte", val(2.5), num(func(n int64) bool { return float64(n) <= 2.5 })},
	{"n__gt", val(-5.5), num(func(n int64) bool { return float64(n) > -5.5 })},
	{"n__lt", val(-4.5), num(func(n int64) bool { return float64(n) < -4.5 })},
	{"n__lte", val(-5.5), num(func(n int64) bool { return float64(n) <= -5.5 })},
	{"n__gte", val(float32(-4.5)), num(func(n int64) bool { return float64(n) >= -4.5 })},
	{"n__in", val([]any{1, 2, int8(2), nil, "3", 12.0}), num(func(n int64) bool { return n >= 1 && n <= 3 || n == 12 })},
	{"n__range", val([]int{2, 5}), num(func(n int64) bool { return n >= 2 && n <= 5 })},
	{"n__range", val([]float64{1.5, 4.5}), num(func(n int64) bool { return n >= 2 && n <= 4 })},
	{"n__isnull", val(true), func(_ string, r row) bool { return r.n == nil }},
	{"n__contains", val(5), num(func(n int64) bool { return strings.Contains(fmt.Sprint(n), "5") })},
	{"n__startswith", val("-"), num(func(n int64) bool { return n < 0 })},
	{"n__lt", col("id"), func(_ string, r row) bool { return r.n != nil && *r.n < int64(r.id) }},

	// dates: year as a range, extraction
	{"born__year", val(2005), born(func(t time.Time) bool { return t.Year() == 2005 })},
	{"born__year__gt", val(2005), born(func(t time.Time) bool { return t.Year() > 2005 })},
	{"born__year__gte", val(2005), born(func(t time.Time) bool { return t.Year() >= 2005 })},
	{"born__year__lt", val(2005), born(func(t time.Time) bool { return t.Year() < 2005 })},
	{"born__year__lte", val("2005"), born(func(t time.Time) bool { return t.Year() <= 2005 })},
	{"born__year__in", val([]int{2004, 2006}), born(func(t time.Time) bool { return t.Year() == 2004 || t.Year() == 2006 })},
	{"born__iso_year", val(2020), born(func(t time.Time) bool { return isoYear(t) == 2020 })},
	{"born__iso_year__gte", val(2021), born(func(t time.Time) bool { return isoYear(t) >= 2021 })},
	{"born__iso_year__in", val([]int{2021}), born(func(t time.Time) bool { return isoYear(t) == 2021 })},
	{"born__month", val(12), born(func(t time.Time) bool { return t.Month() == 12 })},
	{"born__day", val(31), born(func(t time.Time) bool { return t.Day() == 31 })},
	{"born__quarter", val(4), born(func(t time.Time) bool { return (t.Month()+2)/3 == 4 })},
	{"born__week", val(53), born(func(t time.Time) bool { return isoWeek(t) == 53 })},
	{"born__week", val(1), born(func(t time.Time) bool { return isoWeek(t) == 1 })},
	{"born__week_day", val(1), born(func(t time.Time) bool { return weekDay(t) == 1 })},
	{"born__week_day", val(5), born(func(t time.Time) bool { return weekDay(t) == 5 })},
	{"born__iso_week_day", val(7), born(func(t time.Time) bool { return isoWeekDay(t) == 7 })},
	{"born__iso_week_day__lte", val(3), born(func(t time.Time) bool { return isoWeekDay(t) <= 3 })},
	{"born", val(*date(2005, 6, 15)), born(func(t time.Time) bool { return t.Equal(*date(2005, 6, 15)) })},
	{"born__gt", val("2005-06-15"), born(func(t time.Time) bool { return t.After(*date(2005, 6, 15)) })},
	{"born__range", val([]time.Time{*date(2005, 1, 1), *date(2006, 1, 1)}), born(func(t time.Time) bool {
		return !t.Before(*date(2005, 1, 1)) && !t.After(*date(2006, 1, 1))
	})},
	// datetimes, stored in UTC: the year bounds run to the last microsecond
	{"at__year", val(2005), atf(func(t time.Time) bool { return t.Year() == 2005 })},
	{"at__year__gt", val(2005), atf(func(t time.Time) bool { return t.Year() > 2005 })},
	{"at__year__gte", val(2005), atf(func(t time.Time) bool { return t.Year() >= 2005 })},
	{"at__year__lt", val(2005), atf(func(t time.Time) bool { return t.Year() < 2005 })},
	{"at__year__lte", val(2005), atf(func(t time.Time) bool { return t.Year() <= 2005 })},
	{"at__year__range", val([]int{2005, 2006}), atf(func(t time.Time) bool { return t.Year() >= 2005 && t.Year() <= 2006 })},
	{"at__iso_year", val(2020), atf(func(t time.Time) bool { return isoYear(t) == 2020 })},
	{"at__iso_year__lt", val(2021), atf(func(t time.Time) bool { return isoYear(t) < 2021 })},
	{"at__week", val(53), atf(func(t time.Time) bool { return isoWeek(t) == 53 })},
	{"at__week_day", val(1), atf(func(t time.Time) bool { return weekDay(t) == 1 })},
	{"at__iso_week_day", val(1), atf(func(t time.Time) bool { return isoWeekDay(t) == 1 })},
	{"at__quarter", val(1), atf(func(t time.Time) bool { return t.Month() <= 3 })},
	{"at__month", val(12), atf(func(t time.Time) bool { return t.Month() == 12 })},
	{"at__day", val(1), atf(func(t time.Time) bool { return t.Day() == 1 })},
	{"at__hour", val(23), atf(func(t time.Time) bool { return t.Hour() == 23 })},
	{"at__minute", val(59), atf(func(t time.Time) bool { return t.Minute() == 59 })},
	{"at__second", val(45), atf(func(t time.Time) bool { return t.Second() == 45 })},
	{"at__second__gte", val(45), atf(func(t time.Time) bool { return t.Second() >= 45 })},
	{"at__date", val(*date(2005, 12, 31)), atf(func(t time.Time) bool { return t.Format(time.DateOnly) == "2005-12-31" })},
	{"at__date__gte", val("2021-01-01"), atf(func(t time.Time) bool { return t.Format(time.DateOnly) >= "2021-01-01" })},
	{"at__date__year", val(2005), atf(func(t time.Time) bool { return t.Year() == 2005 })},
	{"at__date__week_day", val(7), atf(func(t time.Time) bool { return weekDay(t) == 7 })},
	{"at", val(time.Date(2005, 6, 15, 14, 30, 45, 5e8, time.FixedZone("CEST", 2*3600))), atf(func(t time.Time) bool {
		return t.Equal(*at(2005, 6, 15, 12, 30, 45, 500000))
	})},
	{"at__gt", val(at(2021, 1, 1, 0, 0, 0, 0)), atf(func(t time.Time) bool { return t.After(*at(2021, 1, 1, 0, 0, 0, 0)) })},
	{"at__range", val([]time.Time{*at(2005, 1, 1, 0, 0, 0, 0), *at(2005, 12, 31, 23, 59, 59, 999999)}), atf(func(t time.Time) bool {
		return t.Year() == 2005
	})},
	{"at__isnull", val(false), func(_ string, r row) bool { return r.at != nil }},
	// times of day
	{"tm__hour", val(8), tmf(func(t time.Time) bool { return t.Hour() == 8 })},
	{"tm__minute__gt", val(10), tmf(func(t time.Time) bool { return t.Minute() > 10 })},
	{"tm__second", val(59), tmf(func(t time.Time) bool { return t.Second() == 59 })},
	{"tm__gte", val(*clock(8, 15, 0)), tmf(func(t time.Time) bool { return !t.Before(*clock(8, 15, 0)) })},
}

// TestBehaviour runs every query on SQLite, PostgreSQL and MariaDB and
// checks that it matches exactly the rows the Go reference says.
func TestBehaviour(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		db, d := openBehaviour(t, b)
		ctx := context.Background()
		for _, q := range behaviourQueries {
			var want []int
			for _, r := range rows {
				if q.want(b.Name, r) {
					want = append(want, r.id)
				}
			}
			parts := mustSplit(t, q.path)
			chain, err := lookups.Default().Resolve(parts[1:])
			if err != nil {
				t.Fatalf("%s: %v", q.path, err)
			}
			prefix := "SELECT " + string(d.AppendQuote(nil, "id")) + " FROM " + string(d.AppendQuote(nil, "lk")) + " WHERE "
			w := lookups.NewWriter(d, []byte(prefix), nil)
			never, err := chain.Render(w, operands[parts[0]], q.rhs)
			if err != nil {
				t.Errorf("%s %v: %v", q.path, q.rhs.Value(), err)
				continue
			}
			var got []int
			if !never {
				w.Raw(" ORDER BY 1")
				if got, err = ids(ctx, db, w.String(), w.Args()); err != nil {
					t.Errorf("%s %v: %v\n%s %s", q.path, q.rhs.Value(), err, w.String(), formatArgs(w.Args()))
					continue
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %v: rows %v, want %v\n%s %s", q.path, q.rhs.Value(), got, want, w.String(), formatArgs(w.Args()))
			}
		}
	})
}

func ids(ctx context.Context, db *sql.DB, query string, args []any) ([]int, error) {
	rs, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []int
	for rs.Next() {
		var id int
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rs.Err()
}

// TestSQLiteCaseSensitivePatterns pins the decision documented in the
// package: Django's SQLite SQL for contains (LIKE) ignores case, sqlorm's
// (GLOB) does not, and the i-lookups fold ASCII letters only.
func TestSQLiteCaseSensitivePatterns(t *testing.T) {
	db, d := openBehaviour(t, testenv.Lookup(t, testenv.SQLite))
	ctx := context.Background()
	django, err := ids(ctx, db, `SELECT id FROM lk WHERE name LIKE ? ESCAPE '\' ORDER BY 1`, []any{"%B%"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(django, []int{1, 2, 3, 6, 7, 8, 15, 16, 17}) {
		t.Fatalf("Django's contains 'B' on SQLite: %v", django)
	}
	for _, c := range []struct {
		path string
		v    string
		want []int
	}{
		{"contains", "B", []int{2, 3, 15}},
		{"startswith", "AB", []int{2}},
		{"endswith", "c", []int{1}},
		{"icontains", "B", django},
		{"icontains", "ÉMILE", []int{9}}, // 'é' is not folded by SQLite's LIKE
	} {
		ch, _ := lookups.Default().Resolve([]string{c.path})
		w := lookups.NewWriter(d, []byte("SELECT id FROM lk WHERE "), nil)
		if _, err := ch.Render(w, operands["name"], lookups.Value(c.v)); err != nil {
			t.Fatal(err)
		}
		w.Raw(" ORDER BY 1")
		got, err := ids(ctx, db, w.String(), w.Args())
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s %q: %v %v, want %v (%s)", c.path, c.v, got, err, c.want, w.String())
		}
	}
}

// TestSQLiteRegexpNeedsFunction shows what the package documents: opened
// straight through go-sqlite3 without RegexpFunc, a regex lookup fails
// (with an error, not a wrong answer).
func TestSQLiteRegexpNeedsFunction(t *testing.T) {
	db := testenv.Lookup(t, testenv.SQLite).OpenDirect(t)
	d := mustDialect(t, dialect.SQLite)
	ch, _ := lookups.Default().Resolve([]string{"regex"})
	w := lookups.NewWriter(d, []byte("SELECT 1 WHERE "), nil)
	if _, err := ch.Render(w, lookups.Operand{Kind: dialect.KindText, SQL: func(w *lookups.Writer) { w.Arg("abc") }}, lookups.Value("^a")); err != nil {
		t.Fatal(err)
	}
	var one int
	err := db.QueryRowContext(context.Background(), w.String(), w.Args()...).Scan(&one)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "no such function: regexp") {
		t.Errorf("REGEXP without the function: %v", err)
	}
}

// TestSQLiteYearAnyISOLayout checks that year on a SQLite datetime column
// works whatever ISO 8601 layout wrote the text: sqlorm's, Django's, and
// go-sqlite3's defaults, with T or space, with or without fraction and zone.
func TestSQLiteYearAnyISOLayout(t *testing.T) {
	db := testenv.Lookup(t, testenv.SQLite).OpenDirect(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE ev (id integer PRIMARY KEY, at datetime)`); err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"2004-12-31 23:59:59.999999+00:00", // 1: sqlorm, 2004
		"2005-01-01 00:00:00",              // 2: Django, 2005
		"2005-01-01 00:00:00.000000+00:00", // 3: sqlorm, 2005
		"2005-01-01T00:00:00Z",             // 4: RFC 3339, 2005
		"2005-12-31 23:59:59",              // 5: Django, 2005
		"2005-12-31T23:59:59.999999999Z",   // 6: nanoseconds, 2005
		"2005-12-31 23:59:59.999999+00:00", // 7: sqlorm, 2005
		"2006-01-01 00:00:00",              // 8: Django, 2006
		"2006-01-01",                       // 9: a bare date, 2006
	}
	for n, s := range texts {
		if _, err := db.ExecContext(ctx, `INSERT INTO ev VALUES (?, ?)`, n+1, s); err != nil {
			t.Fatal(err)
		}
	}
	d := mustDialect(t, dialect.SQLite)
	at := lookups.Operand{Table: "ev", Column: "at", Kind: dialect.KindDateTime}
	for _, c := range []struct {
		tail []string
		want []int
	}{
		{[]string{"year"}, []int{2, 3, 4, 5, 6, 7}},
		{[]string{"year", "gt"}, []int{8, 9}},
		{[]string{"year", "gte"}, []int{2, 3, 4, 5, 6, 7, 8, 9}},
		{[]string{"year", "lt"}, []int{1}},
		{[]string{"year", "lte"}, []int{1, 2, 3, 4, 5, 6, 7}},
		{[]string{"year", "in"}, []int{2, 3, 4, 5, 6, 7}}, // strftime reads them all too
	} {
		ch, _ := lookups.Default().Resolve(c.tail)
		v := any(2005)
		if ch.Lookup.Name() == "in" {
			v = []int{2005}
		}
		w := lookups.NewWriter(d, []byte("SELECT id FROM ev WHERE "), nil)
		if _, err := ch.Render(w, at, lookups.Value(v)); err != nil {
			t.Fatal(err)
		}
		w.Raw(" ORDER BY 1")
		got, err := ids(ctx, db, w.String(), w.Args())
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: %v %v, want %v (%s %v)", ch, got, err, c.want, w.String(), w.Args())
		}
	}
}

// TestLikeEscapeServers runs FuzzLikeEscape's property on PostgreSQL and
// MariaDB with its seed corpus: the rendered pattern lookups (value and
// expression right-hand sides) agree with strings.Contains/HasPrefix/
// HasSuffix for the case-sensitive lookups.
func TestLikeEscapeServers(t *testing.T) {
	pairs := [][2]string{
		{"50% off", "%"}, {"50 off", "%"}, {"a_b", "_"}, {"axb", "a_b"}, {`a\b`, `\`}, {`a\\b`, `\\`},
		{`\%`, `\%`}, {"x*y", "*"}, {"[a]", "[a]"}, {"abc", "ABC"}, {"ABC", "b"}, {"Émile", "é"},
		{"", ""}, {"abc", ""}, {"", "a"}, {"a'b", "'"}, {"%_\\*?[]", "%_\\*?[]"}, {"Straße", "ß"},
		{"%%", "%%"}, {"a%b_c\\", "a%b_c\\"}, {"a%b_c\\d", "%b_c\\"}, {"ab\\", "b\\"},
	}
	checks := []struct {
		path string
		want func(s, sub string) bool
	}{{"contains", strings.Contains}, {"startswith", strings.HasPrefix}, {"endswith", strings.HasSuffix}}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		db, d := openBehaviour(t, b)
		for _, p := range pairs {
			hay, sub := p[0], p[1]
			text := func(v string) lookups.Operand {
				return lookups.Operand{Kind: dialect.KindText, SQL: func(w *lookups.Writer) {
					w.Arg(v)
					if d.Name() == dialect.Postgres {
						w.Raw("::text")
					}
				}}
			}
			for _, c := range checks {
				ch, _ := lookups.Default().Resolve([]string{c.path})
				for _, rhs := range []lookups.RHS{lookups.Value(sub), lookups.Expr(text(sub))} {
					w := lookups.NewWriter(d, []byte("SELECT CASE WHEN "), nil)
					if _, err := ch.Render(w, text(hay), rhs); err != nil {
						t.Fatal(err)
					}
					w.Raw(" THEN 1 ELSE 0 END")
					if d.Name() == dialect.Oracle {
						w.Raw(" FROM DUAL")
					}
					var got int
					if err := db.QueryRow(w.String(), w.Args()...).Scan(&got); err != nil {
						t.Fatalf("%s: %v", w.String(), err)
					}
					if want := c.want(hay, sub); (got == 1) != want {
						t.Errorf("%q %s %q (expression %v): got %v, want %v\n%s %s", hay, c.path, sub, rhs.IsExpr(), got == 1, want, w.String(), formatArgs(w.Args()))
					}
				}
			}
		}
	})
}
