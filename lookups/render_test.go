package lookups_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

func mustDialect(t testing.TB, n dialect.Name) dialect.Dialect {
	t.Helper()
	d, err := dialect.Get(n)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRenderErrors checks that invalid input is a typed error naming the
// problem and leaves the Writer exactly as it was.
func TestRenderErrors(t *testing.T) {
	errPrep := errors.New("orm: not a Product")
	prepFails := lookups.Operand{Column: "p", Kind: dialect.KindInt, Prep: func(any) (any, error) { return nil, errPrep }}
	for _, c := range []struct {
		name     string
		path     string
		lhs      lookups.Operand
		rhs      lookups.RHS
		sentinel error
		message  string
	}{
		{"nil with gt", "gt", colN, lookups.Value(nil), lookups.ErrInvalidValue, "gt: cannot compare with nil"},
		{"nil with contains", "contains", colName, lookups.Value(nil), lookups.ErrInvalidValue, "contains: cannot compare with nil"},
		{"nil pointer with in", "in", colN, lookups.Value((*[]int)(nil)), lookups.ErrInvalidValue, "in: cannot compare with nil"},
		{"nil with isnull", "isnull", colN, lookups.Value(nil), lookups.ErrInvalidValue, "isnull"},
		{"nil after year", "year__gte", colAt, lookups.Value(nil), lookups.ErrInvalidValue, "year__gte"},
		{"isnull string", "isnull", colN, lookups.Value("true"), lookups.ErrInvalidValue, "isnull: needs true or false; got string"},
		{"isnull int", "isnull", colN, lookups.Value(1), lookups.ErrInvalidValue, "got int"},
		{"isnull column", "isnull", colN, lookups.Expr(colM), lookups.ErrInvalidValue, "not an expression"},
		{"range of three", "range", colN, lookups.Value([]int{1, 2, 3}), lookups.ErrInvalidValue, "exactly two values"},
		{"range of one", "range", colN, lookups.Value([1]int{1}), lookups.ErrInvalidValue, "exactly two values"},
		{"range scalar", "range", colN, lookups.Value(5), lookups.ErrInvalidValue, "slice or array of two values"},
		{"range nil bound", "range", colN, lookups.Value([]any{1, nil}), lookups.ErrInvalidValue, "bound 2 is nil"},
		{"range column", "range", colN, lookups.Expr(colM), lookups.ErrInvalidValue, "not an expression"},
		{"in scalar", "in", colN, lookups.Value(5), lookups.ErrInvalidValue, "in: needs a slice or array"},
		{"in string", "in", colName, lookups.Value("abc"), lookups.ErrInvalidValue, "got string"},
		{"in bytes", "in", colName, lookups.Value([]byte("abc")), lookups.ErrInvalidValue, "got []uint8"},
		{"in fractional float on int", "in", colN, lookups.Value([]any{1, 2.5}), lookups.ErrInvalidValue, "element 1: 2.5 has a fractional part"},
		{"in bad int string", "in", colN, lookups.Value([]string{"1", "x"}), lookups.ErrInvalidValue, `element 1: IntegerField: "x" is not an integer`},
		{"exact fractional float on int", "exact", colN, lookups.Value(5.5), lookups.ErrInvalidValue, "exact: 5.5 has a fractional part"},
		{"exact NaN on int", "exact", colN, lookups.Value(math.NaN()), lookups.ErrInvalidValue, "NaN"},
		{"gt infinity on int", "gt", colN, lookups.Value(math.Inf(1)), lookups.ErrInvalidValue, "+Inf"},
		{"gt huge float on int", "gt", colN, lookups.Value(1e300), lookups.ErrInvalidValue, "out of the 64-bit integer range"},
		{"exact huge uint on int", "exact", colN, lookups.Value(uint64(math.MaxUint64)), lookups.ErrInvalidValue, "out of the 64-bit integer range"},
		{"exact bool on int", "exact", colN, lookups.Value(true), lookups.ErrInvalidValue, "a bool is not an integer"},
		{"exact bad float string", "exact", colF, lookups.Value("1,5"), lookups.ErrInvalidValue, "is not a number"},
		{"exact bad date string", "exact", colBorn, lookups.Value("04/03/2005"), lookups.ErrInvalidValue, "is not a date"},
		{"contains bool", "contains", colName, lookups.Value(true), lookups.ErrInvalidValue, "contains: needs a string"},
		{"contains time", "contains", colName, lookups.Value(time.Now()), lookups.ErrInvalidValue, "got time.Time"},
		{"regex slice", "regex", colName, lookups.Value([]string{"a"}), lookups.ErrInvalidValue, "regex: needs a string"},
		{"iexact struct", "iexact", colName, lookups.Value(struct{}{}), lookups.ErrInvalidValue, "iexact"},
		{"year on char", "year", colName, lookups.Value(2005), lookups.ErrUnknownLookup, `"year" does not apply to CharField; it applies to DateField and DateTimeField`},
		{"hour on date", "hour", colBorn, lookups.Value(1), lookups.ErrUnknownLookup, `"hour" does not apply to DateField`},
		{"date on date", "date", colBorn, lookups.Value(d2005), lookups.ErrUnknownLookup, `"date" does not apply to DateField; it applies to DateTimeField`},
		{"hour after date", "date__hour", colAt, lookups.Value(1), lookups.ErrUnknownLookup, `"hour"`},
		{"year zero", "year", colAt, lookups.Value(0), lookups.ErrInvalidValue, "year 0 is out of range"},
		{"year 10000", "year__gt", colAt, lookups.Value(10000), lookups.ErrInvalidValue, "out of range"},
		{"year fractional", "year", colAt, lookups.Value(2005.5), lookups.ErrInvalidValue, "fractional"},
		{"year text", "year", colAt, lookups.Value("MMV"), lookups.ErrInvalidValue, "not an integer"},
		{"year struct", "year", colAt, lookups.Value(struct{}{}), lookups.ErrInvalidValue, "needs an integer year"},
		{"month fractional", "month", colAt, lookups.Value(1.5), lookups.ErrInvalidValue, "fractional"},
		{"bad column", "exact", lookups.Operand{Table: "t", Column: `x" OR 1=1 --`, Kind: dialect.KindInt}, lookups.Value(1), dialect.ErrInvalidIdentifier, `"x\" OR 1=1 --"`},
		{"bad table", "exact", lookups.Operand{Table: "t;", Column: "x", Kind: dialect.KindInt}, lookups.Value(1), dialect.ErrInvalidIdentifier, `"t;"`},
		{"bad rhs column", "exact", colN, lookups.Expr(lookups.Operand{Column: "a b"}), dialect.ErrInvalidIdentifier, `"a b"`},
		{"empty operand", "exact", lookups.Operand{}, lookups.Value(1), dialect.ErrInvalidIdentifier, "neither SQL nor a column"},
		{"prep error", "gt", prepFails, lookups.Value(1), lookups.ErrInvalidValue, "orm: not a Product"},
		{"prep error wrapped", "gt", prepFails, lookups.Value(1), errPrep, "gt:"},
	} {
		for _, d := range dialect.All() {
			w := lookups.NewWriter(d, []byte("SELECT 1 WHERE "), []any{"kept"})
			ch, err := lookups.Default().Resolve(mustSplit(t, c.path))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			never, err := ch.Render(w, c.lhs, c.rhs)
			if err == nil {
				t.Errorf("%s on %s: rendered %q %v, want an error", c.name, d.Name(), w.String(), w.Args())
				continue
			}
			if c.sentinel != nil && !errors.Is(err, c.sentinel) {
				t.Errorf("%s on %s: %v does not wrap %v", c.name, d.Name(), err, c.sentinel)
			}
			if !strings.Contains(err.Error(), c.message) {
				t.Errorf("%s on %s: %q does not say %q", c.name, d.Name(), err, c.message)
			}
			if never || w.String() != "SELECT 1 WHERE " || len(w.Args()) != 1 || w.Err() != nil {
				t.Errorf("%s on %s: after the error the writer holds %q %v (err %v, never %v)", c.name, d.Name(), w.String(), w.Args(), w.Err(), never)
			}
		}
	}
}

func mustSplit(t testing.TB, path string) []string {
	t.Helper()
	if path == "" {
		return nil
	}
	p, err := lookups.Split(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlaceholderNumbering renders several conditions into one statement:
// PostgreSQL's $n and Oracle's :n continue from the arguments already there.
func TestPlaceholderNumbering(t *testing.T) {
	for _, c := range []struct {
		d    dialect.Name
		want string
	}{
		{dialect.Postgres, `SELECT * FROM t WHERE a = $1 AND "t"."n" IN ($2, $3) AND "t"."name"::text LIKE $4 AND "t"."at" BETWEEN $5 AND $6`},
		{dialect.Oracle, `SELECT * FROM t WHERE a = :1 AND "T"."N" IN (:2, :3) AND "T"."NAME" LIKE TRANSLATE(:4 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) AND "T"."AT" BETWEEN :5 AND :6`},
		{dialect.SQLite, `SELECT * FROM t WHERE a = ? AND "t"."n" IN (?, ?) AND "t"."name" GLOB ? AND ("t"."at" >= ? AND "t"."at" < ?)`},
		{dialect.MySQL, "SELECT * FROM t WHERE a = ? AND `t`.`n` IN (?, ?) AND `t`.`name` LIKE BINARY ? AND `t`.`at` BETWEEN ? AND ?"},
	} {
		d := mustDialect(t, c.d)
		w := lookups.NewWriter(d, []byte("SELECT * FROM t WHERE a = "+d.Placeholder(1)), []any{0})
		for _, cond := range []struct {
			path string
			lhs  lookups.Operand
			v    any
		}{
			{"in", colN, []int{1, 2}},
			{"in", colN, []int{}}, // never: writes nothing, numbering unaffected
			{"startswith", colName, "x"},
			{"year", colAt, 2005},
		} {
			ch, _ := lookups.Default().Resolve(mustSplit(t, cond.path))
			m := len(w.Bytes())
			w.Raw(" AND ")
			never, err := ch.Render(w, cond.lhs, lookups.Value(cond.v))
			if err != nil {
				t.Fatal(err)
			}
			if never {
				// What the orm does with an AND-ed never: the statement is
				// not sent; here it just drops the connector.
				w = lookups.NewWriter(d, w.Bytes()[:m], w.Args())
			}
		}
		if w.String() != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.d, w.String(), c.want)
		}
		if len(w.Args()) != 6 {
			t.Errorf("%s: %d args, want 6", c.d, len(w.Args()))
		}
	}
}

// TestOracleInChunks checks Django's max_in_list_size on Oracle: more than
// 1000 values become ORed INs of at most 1000; other dialects keep one IN.
func TestOracleInChunks(t *testing.T) {
	vals := make([]int, 2500)
	for i := range vals {
		vals[i] = i
	}
	vals = append(vals, 7, 8) // duplicates are removed before chunking
	d := mustDialect(t, dialect.Oracle)
	w := lookups.NewWriter(d, nil, nil)
	c, _ := lookups.Default().Resolve([]string{"in"})
	if _, err := c.Render(w, colN, lookups.Value(vals)); err != nil {
		t.Fatal(err)
	}
	sql := w.String()
	if n := strings.Count(sql, `"T"."N" IN (`); n != 3 {
		t.Errorf("%d IN lists, want 3", n)
	}
	if !strings.HasPrefix(sql, `("T"."N" IN (:1, :2, `) || !strings.Contains(sql, `:1000) OR "T"."N" IN (:1001, `) ||
		!strings.Contains(sql, `:2000) OR "T"."N" IN (:2001, `) || !strings.HasSuffix(sql, ", :2500))") {
		t.Errorf("chunks are not 1000, 1000, 500: %s...%s", sql[:60], sql[len(sql)-60:])
	}
	if len(w.Args()) != 2500 {
		t.Errorf("%d args, want 2500", len(w.Args()))
	}
	for _, n := range []dialect.Name{dialect.SQLite, dialect.Postgres, dialect.MySQL} {
		w := lookups.NewWriter(mustDialect(t, n), nil, nil)
		if _, err := c.Render(w, colN, lookups.Value(vals)); err != nil {
			t.Fatal(err)
		}
		if strings.Count(w.String(), " IN (") != 1 || strings.HasPrefix(w.String(), "(") {
			t.Errorf("%s: split an IN list", n)
		}
	}
	// Exactly 1000 values stay one IN.
	w = lookups.NewWriter(d, nil, nil)
	if _, err := c.Render(w, colN, lookups.Value(vals[:1000])); err != nil || strings.Count(w.String(), " IN (") != 1 || strings.HasPrefix(w.String(), "(") {
		t.Errorf("1000 values: %v %.40s", err, w.String())
	}
}

// TestTooManyParams checks that an in list beyond the dialect's parameter
// limit is an error, not a statement the server rejects.
func TestTooManyParams(t *testing.T) {
	d := mustDialect(t, dialect.SQLite)
	vals := make([]int, d.MaxParams())
	for i := range vals {
		vals[i] = i
	}
	c, _ := lookups.Default().Resolve([]string{"in"})
	w := lookups.NewWriter(d, nil, nil)
	if _, err := c.Render(w, colN, lookups.Value(vals)); err != nil {
		t.Fatalf("%d values: %v", len(vals), err)
	}
	w = lookups.NewWriter(d, nil, []any{1})
	_, err := c.Render(w, colN, lookups.Value(vals))
	if !errors.Is(err, lookups.ErrInvalidValue) || !strings.Contains(err.Error(), fmt.Sprint(d.MaxParams())) || w.String() != "" {
		t.Errorf("one parameter too many: %v", err)
	}
}

func TestUnknownDialect(t *testing.T) {
	c, _ := lookups.Default().Resolve([]string{"exact"})
	_, err := c.Render(lookups.NewWriter(fakeDialect{mustDialect(t, dialect.SQLite)}, nil, nil), colN, lookups.Value(1))
	if !errors.Is(err, dialect.ErrUnsupported) || !strings.Contains(err.Error(), `"db2"`) {
		t.Errorf("unknown dialect: %v", err)
	}
	_, err = c.Render(lookups.NewWriter(nil, nil, nil), colN, lookups.Value(1))
	if !errors.Is(err, dialect.ErrUnsupported) {
		t.Errorf("nil dialect: %v", err)
	}
	if _, err := (lookups.Chain{}).Render(lookups.NewWriter(mustDialect(t, dialect.SQLite), nil, nil), colN, lookups.Value(1)); !errors.Is(err, lookups.ErrUnknownLookup) {
		t.Errorf("zero Chain: %v", err)
	}
}

// fakeDialect is a dialect that writes no lookups.
type fakeDialect struct{ dialect.Dialect }

func (fakeDialect) Name() dialect.Name           { return "db2" }
func (fakeDialect) LookupSQL() dialect.LookupSQL { return nil }

// renamedDialect is SQLite under another name: lookups ask the dialect for
// their SQL, never its name, so it renders as SQLite does.
type renamedDialect struct{ dialect.Dialect }

func (renamedDialect) Name() dialect.Name { return "sqlite-renamed" }

func TestLookupsAskTheDialectNotItsName(t *testing.T) {
	sq := mustDialect(t, dialect.SQLite)
	for _, path := range []string{"contains", "iexact", "year__gte", "date", "in"} {
		t.Run(path, func(t *testing.T) {
			c, err := lookups.Default().Resolve(strings.Split(path, "__"))
			if err != nil {
				t.Fatal(err)
			}
			var v any = "a%b"
			switch path {
			case "year__gte":
				v = 2005
			case "in":
				v = []int{1, 2}
			case "date":
				v = "2005-01-02"
			}
			col := lookups.Operand{Table: "t", Column: "c", Kind: dialect.KindDateTime}
			if path == "contains" || path == "iexact" || path == "in" {
				col.Kind = dialect.KindChar
			}
			want := lookups.NewWriter(sq, nil, nil)
			if _, err := c.Render(want, col, lookups.Value(v)); err != nil {
				t.Fatal(err)
			}
			got := lookups.NewWriter(renamedDialect{sq}, nil, nil)
			if _, err := c.Render(got, col, lookups.Value(v)); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() || fmt.Sprint(got.Args()) != fmt.Sprint(want.Args()) {
				t.Errorf("renamed SQLite wrote %s %v, SQLite %s %v", got, got.Args(), want, want.Args())
			}
		})
	}
}

// TestWriterStickyError checks that a Writer that already failed is not
// rendered into.
func TestWriterStickyError(t *testing.T) {
	w := lookups.NewWriter(mustDialect(t, dialect.SQLite), nil, nil)
	w.Ident("bad name")
	if !errors.Is(w.Err(), dialect.ErrInvalidIdentifier) || w.String() != "" {
		t.Fatalf("Ident: %v %q", w.Err(), w.String())
	}
	c, _ := lookups.Default().Resolve(nil)
	if _, err := c.Render(w, colN, lookups.Value(1)); !errors.Is(err, dialect.ErrInvalidIdentifier) || w.String() != "" {
		t.Errorf("Render on a failed writer: %v %q", err, w.String())
	}
	w.Fail(errors.New("second")) // the first error is kept
	if !errors.Is(w.Err(), dialect.ErrInvalidIdentifier) {
		t.Errorf("Fail replaced the first error: %v", w.Err())
	}
}

// TestWriterReset: a reset Writer forgets its error and continues the
// placeholder numbering of the arguments it is handed.
func TestWriterReset(t *testing.T) {
	pg := mustDialect(t, dialect.Postgres)
	w := lookups.NewWriter(mustDialect(t, dialect.SQLite), nil, nil)
	w.Ident("bad name")
	if w.Err() == nil {
		t.Fatal("Ident of a bad name did not fail")
	}
	w.Reset(pg, []byte("a = $1 AND "), []any{1})
	if w.Err() != nil || w.Dialect() != pg {
		t.Fatalf("after Reset: err %v, dialect %v", w.Err(), w.Dialect())
	}
	w.Arg(2)
	if got, want := w.String(), "a = $1 AND $2"; got != want {
		t.Errorf("SQL %q, want %q", got, want)
	}
	if got := w.Args(); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("args %v, want [1 2]", got)
	}
}

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, like, glob string }{
		{"", "", ""},
		{"plain", "plain", "plain"},
		{`50%`, `50\%`, `50%`},
		{`a_b`, `a\_b`, `a_b`},
		{`a\b`, `a\\b`, `a\b`},
		{`\%`, `\\\%`, `\%`},
		{`*?[]`, `*?[]`, `[*][?][[]]`},
		{`é%ö_`, `é\%ö\_`, `é%ö_`},
	} {
		if got := lookups.EscapeLike(c.in); got != c.like {
			t.Errorf("EscapeLike(%q) = %q, want %q", c.in, got, c.like)
		}
		if got := lookups.EscapeGlob(c.in); got != c.glob {
			t.Errorf("EscapeGlob(%q) = %q, want %q", c.in, got, c.glob)
		}
	}
}

// TestPrepIsUsed checks that the operand's Prep converts compared values,
// year bounds included, and that pattern lookups do not use it.
func TestPrepIsUsed(t *testing.T) {
	calls := 0
	op := lookups.Operand{Column: "at", Kind: dialect.KindDateTime, Prep: func(v any) (any, error) {
		calls++
		return fmt.Sprintf("prepped(%v)", v.(time.Time).Format(time.DateTime)), nil
	}}
	d := mustDialect(t, dialect.Postgres)
	c, _ := lookups.Default().Resolve([]string{"year"})
	w := lookups.NewWriter(d, nil, nil)
	if _, err := c.Render(w, op, lookups.Value(2005)); err != nil {
		t.Fatal(err)
	}
	if got := formatArgs(w.Args()); got != `["prepped(2005-01-01 00:00:00)", "prepped(2005-12-31 23:59:59)"]` || calls != 2 {
		t.Errorf("year bounds through Prep: %s (%d calls)", got, calls)
	}
	c, _ = lookups.Default().Resolve([]string{"contains"})
	w = lookups.NewWriter(d, nil, nil)
	if _, err := c.Render(w, op, lookups.Value("2005")); err != nil || calls != 2 {
		t.Errorf("contains called Prep: %v %d", err, calls)
	}
}

// TestBuiltinDirect calls a built-in lookup's Render without a Chain, as a
// custom lookup wrapping one might: nil is still IS NULL or an error.
func TestBuiltinDirect(t *testing.T) {
	d := mustDialect(t, dialect.Postgres)
	exact, _ := lookups.Default().Lookup("exact")
	w := lookups.NewWriter(d, nil, nil)
	if _, err := exact.Render(w, colN, lookups.RHS{}); err != nil || w.String() != `"t"."n" IS NULL` {
		t.Errorf("exact nil: %q %v", w.String(), err)
	}
	gt, _ := lookups.Default().Lookup("gt")
	if _, err := gt.Render(lookups.NewWriter(d, nil, nil), colN, lookups.Value(nil)); !errors.Is(err, lookups.ErrInvalidValue) {
		t.Errorf("gt nil: %v", err)
	}
}

// A custom lookup that binds through w.RHS gets a value the operand's Prep
// rejects reported as ErrInvalidValue wrapping Prep's error, with nothing
// written, as the built-in lookups do.
func TestCustomLookupBindError(t *testing.T) {
	errPrep := errors.New("not a valid code")
	ne := lookups.NewLookup("ne", func(w *lookups.Writer, lhs lookups.Operand, rhs lookups.RHS) (bool, error) {
		w.Operand(lhs)
		w.Raw(" <> ")
		w.RHS(lhs, rhs)
		return false, nil
	})
	r, err := lookups.Default().With(ne)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Resolve([]string{"ne"})
	if err != nil {
		t.Fatal(err)
	}
	w := lookups.NewWriter(mustDialect(t, dialect.Postgres), []byte("x = 1 AND "), nil)
	op := lookups.Operand{Column: "code", Prep: func(any) (any, error) { return nil, errPrep }}
	_, err = c.Render(w, op, lookups.Value("zz"))
	if !errors.Is(err, lookups.ErrInvalidValue) || !errors.Is(err, errPrep) {
		t.Errorf("error %v: want ErrInvalidValue wrapping the Prep error", err)
	}
	if w.String() != "x = 1 AND " || len(w.Args()) != 0 || w.Err() != nil {
		t.Errorf("after the error the Writer holds %q %v (err %v)", w, w.Args(), w.Err())
	}
}
