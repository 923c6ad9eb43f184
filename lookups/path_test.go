package lookups_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

func TestSplit(t *testing.T) {
	long := strings.Repeat("a", dialect.MaxIdentLen)
	for _, c := range []struct {
		path string
		want []string
	}{
		{"name", []string{"name"}},
		{"name__icontains", []string{"name", "icontains"}},
		{"author__name__iexact", []string{"author", "name", "iexact"}},
		{"pub_date__year__gte", []string{"pub_date", "year", "gte"}},
		{"a___b", []string{"a", "_b"}},
		{"_a__b_", []string{"_a", "b_"}},
		{"A1__B2", []string{"A1", "B2"}},
		{long + "__" + long, []string{long, long}},
		{strings.Repeat("a__", lookups.MaxParts-1) + "a", slices.Repeat([]string{"a"}, lookups.MaxParts)},
	} {
		got, err := lookups.Split(c.path)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("Split(%q) = %q, %v; want %q", c.path, got, err, c.want)
		}
	}
}

func TestSplitErrors(t *testing.T) {
	for _, c := range []struct {
		path    string
		ident   bool   // also wraps dialect.ErrInvalidIdentifier
		message string // part of the message
	}{
		{"", false, "empty path"},
		{"a____b", false, `"a____b": part 2 is empty`},
		{"__a", false, "part 1 is empty"},
		{"a__", false, "part 2 is empty"},
		{"__", false, "part 1 is empty"},
		{"a__b__", false, "part 3 is empty"},
		{strings.Repeat("a__", lookups.MaxParts) + "a", false, "17 parts; the limit is 16"},
		{strings.Repeat("x", 5000), false, "5000 bytes long"},
		{"name; DROP TABLE t", true, "part 1"},
		{"name__icontains'--", true, "part 2"},
		{`a__"b"`, true, "part 2"},
		{"a__b c", true, "part 2"},
		{"a.b", true, "part 1"},
		{"1a", true, "starts with a digit"},
		{"a__é", true, "part 2"},
		{"a__\x00", true, "part 2"},
		{"a__\xff", true, "part 2"},
		{"a__" + strings.Repeat("b", dialect.MaxIdentLen+1), true, "64 bytes long"},
		{"a\n__b", true, "part 1"},
	} {
		got, err := lookups.Split(c.path)
		if err == nil {
			t.Errorf("Split(%q) = %q, want an error", c.path, got)
			continue
		}
		if got != nil {
			t.Errorf("Split(%q) returned parts %q with the error", c.path, got)
		}
		if !errors.Is(err, lookups.ErrInvalidPath) {
			t.Errorf("Split(%q): %v does not wrap ErrInvalidPath", c.path, err)
		}
		if errors.Is(err, dialect.ErrInvalidIdentifier) != c.ident {
			t.Errorf("Split(%q): %v: wraps ErrInvalidIdentifier = %v, want %v", c.path, err, !c.ident, c.ident)
		}
		if !strings.Contains(err.Error(), c.message) {
			t.Errorf("Split(%q): %q does not say %q", c.path, err, c.message)
		}
		if len(err.Error()) > 400 {
			t.Errorf("Split(%q): message of %d bytes; a long path must be shortened", c.path[:20], len(err.Error()))
		}
	}
}

func TestResolve(t *testing.T) {
	r := lookups.Default()
	for _, c := range []struct {
		parts []string
		want  string // Chain.String()
	}{
		{nil, "exact"},
		{[]string{"exact"}, "exact"},
		{[]string{"icontains"}, "icontains"},
		{[]string{"year"}, "year__exact"},
		{[]string{"year", "gte"}, "year__gte"},
		{[]string{"date", "year", "in"}, "date__year__in"},
		{[]string{"iso_week_day"}, "iso_week_day__exact"},
	} {
		got, err := r.Resolve(c.parts)
		if err != nil || got.String() != c.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", c.parts, got, err, c.want)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	r := lookups.Default()
	for _, c := range []struct {
		parts    []string
		sentinel error
		message  []string
	}{
		{[]string{"icontain"}, lookups.ErrUnknownLookup, []string{`"icontain"`, "lookups are contains, endswith, exact, gt,", "transforms are date, day, hour,"}},
		{[]string{"gt", "year"}, lookups.ErrUnknownLookup, []string{`"gt" is a lookup and must come last`, `"gt__year"`}},
		{[]string{"year", "nope"}, lookups.ErrUnknownLookup, []string{`"nope"`}},
		{[]string{"a b"}, lookups.ErrInvalidPath, []string{`"a b"`}},
		{[]string{""}, lookups.ErrInvalidPath, []string{"empty"}},
		{slices.Repeat([]string{"year"}, lookups.MaxParts), lookups.ErrInvalidPath, []string{"at most 16"}},
	} {
		got, err := r.Resolve(c.parts)
		if !errors.Is(err, c.sentinel) {
			t.Errorf("Resolve(%q) = %v, %v; want an error wrapping %v", c.parts, got, err, c.sentinel)
			continue
		}
		for _, m := range c.message {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("Resolve(%q): %q does not say %q", c.parts, err, m)
			}
		}
	}
}

func TestRegistryWith(t *testing.T) {
	ne := lookups.NewLookup("ne", func(w *lookups.Writer, lhs lookups.Operand, rhs lookups.RHS) (bool, error) {
		w.Operand(lhs)
		w.Raw(" <> ")
		w.RHS(lhs, rhs)
		return false, nil
	})
	base := lookups.Default()
	r, err := base.With(ne)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := base.Lookup("ne"); ok {
		t.Error("With changed the registry it was called on")
	}
	if _, err := base.Resolve([]string{"ne"}); !errors.Is(err, lookups.ErrUnknownLookup) {
		t.Errorf("Default resolves a lookup added to a copy: %v", err)
	}
	c, err := r.Resolve([]string{"ne"})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := dialect.Get(dialect.Postgres)
	w := lookups.NewWriter(d, []byte("x = $1 AND "), []any{"first"})
	if _, err := c.Render(w, lookups.Operand{Table: "t", Column: "n", Kind: dialect.KindInt}, lookups.Value(uint16(3))); err != nil {
		t.Fatal(err)
	}
	if got, want := w.String(), `x = $1 AND "t"."n" <> $2`; got != want {
		t.Errorf("custom lookup: %q, want %q", got, want)
	}
	if got := w.Args(); len(got) != 2 || got[1] != int64(3) {
		t.Errorf("custom lookup args %v, want [first 3]: Bind converts with the operand's kind", got)
	}
	// A custom lookup works after transforms and gets the nil check.
	c, _ = r.Resolve([]string{"month", "ne"})
	w = lookups.NewWriter(d, nil, nil)
	if _, err := c.Render(w, lookups.Operand{Column: "at", Kind: dialect.KindDate}, lookups.Value(nil)); !errors.Is(err, lookups.ErrInvalidValue) || !strings.Contains(err.Error(), "month__ne") {
		t.Errorf("nil with a custom lookup: %v", err)
	}

	upper := lookups.NewTransform("upper", func(d dialect.Dialect, in lookups.Operand) (lookups.Operand, error) {
		return lookups.Operand{Kind: in.Kind, SQL: func(w *lookups.Writer) {
			w.Raw("UPPER(")
			w.Operand(in)
			w.Raw(")")
		}}, nil
	})
	r2, err := r.WithTransform(upper)
	if err != nil {
		t.Fatal(err)
	}
	lk, tr := r2.Names()
	if !slices.Contains(lk, "ne") || !slices.Contains(tr, "upper") || slices.Contains(tr, "ne") {
		t.Errorf("Names() = %v, %v", lk, tr)
	}
	c, _ = r2.Resolve([]string{"upper", "ne"})
	w = lookups.NewWriter(d, nil, nil)
	if _, err := c.Render(w, lookups.Operand{Column: "name", Kind: dialect.KindChar}, lookups.Value("A")); err != nil || w.String() != `(UPPER("name")) <> $1` {
		t.Errorf("custom transform: %q %v", w.String(), err)
	}

	for _, c := range []struct {
		l       lookups.Lookup
		message string
	}{
		{nil, "nil lookup"},
		{lookups.NewLookup("exact", nil), `"exact" is already a lookup`},
		{lookups.NewLookup("ne", nil), `"ne" is already a lookup`},
		{lookups.NewLookup("year", nil), `"year" is already a transform`},
		{lookups.NewLookup("a__b", nil), `contains "__"`},
		{lookups.NewLookup("not equal", nil), "invalid identifier"},
		{lookups.NewLookup("", nil), "empty name"},
		{lookups.NewLookup("x'); DROP", nil), "invalid identifier"},
	} {
		got, err := r.With(c.l)
		if got != nil || !errors.Is(err, lookups.ErrInvalidLookup) || !strings.Contains(err.Error(), c.message) {
			t.Errorf("With(%v) = %v, %v; want an ErrInvalidLookup saying %q", c.l, got, err, c.message)
		}
	}
	if _, err := r.WithTransform(nil); !errors.Is(err, lookups.ErrInvalidLookup) {
		t.Errorf("WithTransform(nil): %v", err)
	}
	if _, err := r.WithTransform(lookups.NewTransform("ne", nil)); !errors.Is(err, lookups.ErrInvalidLookup) {
		t.Errorf("WithTransform with a lookup's name: %v", err)
	}
}

func TestNilRegistryIsDefault(t *testing.T) {
	var r *lookups.Registry
	c, err := r.Resolve([]string{"year", "gt"})
	if err != nil || c.String() != "year__gt" {
		t.Errorf("nil registry: %v %v", c, err)
	}
	if _, ok := r.Lookup("icontains"); !ok {
		t.Error("nil registry has no icontains")
	}
	r2, err := r.With(lookups.NewLookup("ne", nil))
	if err != nil || r2 == nil {
		t.Errorf("nil registry With: %v", err)
	}
	if a, b := lookups.Default(), lookups.Default(); a != b {
		t.Error("Default returns different values")
	}
}
