package dialect_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

func TestGet(t *testing.T) {
	for _, n := range []dialect.Name{dialect.SQLite, dialect.Postgres, dialect.MySQL, dialect.Oracle} {
		t.Run(string(n), func(t *testing.T) {
			d, err := dialect.Get(n)
			if err != nil {
				t.Fatal(err)
			}
			if d.Name() != n {
				t.Errorf("Get(%q).Name() = %q", n, d.Name())
			}
		})
	}
	for _, n := range []dialect.Name{"", "sqlite3", "Postgres", "mssql"} {
		t.Run("unknown "+string(n), func(t *testing.T) {
			d, err := dialect.Get(n)
			if d != nil || !errors.Is(err, dialect.ErrUnknownDialect) {
				t.Fatalf("got %v, %v; want ErrUnknownDialect", d, err)
			}
			if !strings.Contains(err.Error(), "sqlite, postgres, mysql, oracle") {
				t.Errorf("error %q does not list the valid names", err)
			}
		})
	}
}

func TestGetDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = dialect.Get(dialect.Postgres) }); n != 0 {
		t.Errorf("Get allocates %v times", n)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want dialect.Name
	}{
		{"sqlite", dialect.SQLite},
		{"sqlite3", dialect.SQLite},
		{"postgres", dialect.Postgres},
		{"postgresql", dialect.Postgres},
		{"pgx", dialect.Postgres},
		{"mysql", dialect.MySQL},
		{"mariadb", dialect.MySQL},
		{"oracle", dialect.Oracle},
		{" PostgreSQL ", dialect.Postgres},
		{"MariaDB", dialect.MySQL},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := dialect.Parse(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"", "mssql", "postgres://x", "sqlite 3"} {
		t.Run("bad "+in, func(t *testing.T) {
			got, err := dialect.Parse(in)
			if got != "" || !errors.Is(err, dialect.ErrUnknownDialect) || !strings.Contains(err.Error(), "mariadb") {
				t.Errorf("Parse(%q) = %q, %v; want ErrUnknownDialect listing the names", in, got, err)
			}
		})
	}
}

// TestFeatures pins each dialect's capability set.
func TestFeatures(t *testing.T) {
	all := []struct {
		f    dialect.Feature
		name string
	}{
		{dialect.Returning, "Returning"}, {dialect.LastInsertID, "LastInsertID"},
		{dialect.Savepoints, "Savepoints"}, {dialect.ReleaseSavepoint, "ReleaseSavepoint"},
		{dialect.TransactionalDDL, "TransactionalDDL"}, {dialect.SelectForUpdate, "SelectForUpdate"},
		{dialect.SelectForUpdateNowait, "SelectForUpdateNowait"}, {dialect.SelectForUpdateSkipLocked, "SelectForUpdateSkipLocked"},
		{dialect.OffsetFetch, "OffsetFetch"}, {dialect.NullsOrdering, "NullsOrdering"},
		{dialect.OnConflict, "OnConflict"}, {dialect.OnDuplicateKey, "OnDuplicateKey"},
		{dialect.NativeBool, "NativeBool"}, {dialect.NativeUUID, "NativeUUID"},
		{dialect.NativeJSON, "NativeJSON"}, {dialect.NativeDecimal, "NativeDecimal"},
		{dialect.CreateIfNotExists, "CreateIfNotExists"}, {dialect.DistinctOn, "DistinctOn"},
		{dialect.RegexpOperator, "RegexpOperator"}, {dialect.CheckConstraints, "CheckConstraints"}, {dialect.MatchedRowCounts, "MatchedRowCounts"},
	}
	want := map[dialect.Name][]string{
		dialect.Postgres: {"Returning", "Savepoints", "ReleaseSavepoint", "TransactionalDDL", "SelectForUpdate", "SelectForUpdateNowait", "SelectForUpdateSkipLocked", "NullsOrdering", "OnConflict", "NativeBool", "NativeUUID", "NativeJSON", "NativeDecimal", "CreateIfNotExists", "DistinctOn", "RegexpOperator", "CheckConstraints", "MatchedRowCounts"},
		dialect.SQLite:   {"Returning", "LastInsertID", "Savepoints", "ReleaseSavepoint", "TransactionalDDL", "NullsOrdering", "OnConflict", "CreateIfNotExists", "CheckConstraints", "MatchedRowCounts"},
		dialect.MySQL:    {"Returning", "LastInsertID", "Savepoints", "ReleaseSavepoint", "SelectForUpdate", "SelectForUpdateNowait", "SelectForUpdateSkipLocked", "OnDuplicateKey", "NativeJSON", "NativeDecimal", "CreateIfNotExists", "RegexpOperator", "CheckConstraints"},
		dialect.Oracle:   {"Savepoints", "SelectForUpdate", "SelectForUpdateNowait", "SelectForUpdateSkipLocked", "OffsetFetch", "NullsOrdering", "NativeDecimal", "RegexpOperator", "CheckConstraints", "MatchedRowCounts"},
	}
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			var got []string
			for _, f := range all {
				if d.Has(f.f) {
					got = append(got, f.name)
				}
				if d.Has(f.f) != (d.Features()&f.f != 0) {
					t.Errorf("Has(%s) disagrees with Features()", f.name)
				}
			}
			if strings.Join(got, ",") != strings.Join(want[d.Name()], ",") {
				t.Errorf("features\n got %v\nwant %v", got, want[d.Name()])
			}
			if !d.Has(0) {
				t.Error("Has(0) must be true: the empty set is always present")
			}
			if d.Has(dialect.Savepoints|dialect.DistinctOn) != (d.Name() == dialect.Postgres) {
				t.Error("Has of two bits must need both")
			}
		})
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		in   string
		want [4]string // sqlite, postgres, mysql, oracle
	}{
		{"product", [4]string{`"product"`, `"product"`, "`product`", `"PRODUCT"`}},
		{"Created_At2", [4]string{`"Created_At2"`, `"Created_At2"`, "`Created_At2`", `"CREATED_AT2"`}},
		{"_x", [4]string{`"_x"`, `"_x"`, "`_x`", `"_X"`}},
	}
	for _, tt := range tests {
		for i, d := range dialect.All() {
			t.Run(string(d.Name())+"/"+tt.in, func(t *testing.T) {
				got, err := d.Quote(tt.in)
				if err != nil || got != tt.want[i] {
					t.Errorf("Quote(%q) = %q, %v; want %q", tt.in, got, err, tt.want[i])
				}
				if app := string(d.AppendQuote([]byte("x."), tt.in)); app != "x."+tt.want[i] {
					t.Errorf("AppendQuote = %q", app)
				}
			})
		}
	}
	for _, d := range dialect.All() {
		for _, bad := range []string{"", `x" FROM t; --`, "a`b", "a.b", "a b"} {
			if got, err := d.Quote(bad); !errors.Is(err, dialect.ErrInvalidIdentifier) {
				t.Errorf("%s: Quote(%q) = %q, %v; want ErrInvalidIdentifier", d.Name(), bad, got, err)
			}
		}
	}
}

// TestAppendQuoteDoublesQuotes: AppendQuote's contract is a checked name,
// but an unchecked one still cannot close the quoted identifier.
func TestAppendQuoteDoublesQuotes(t *testing.T) {
	want := [4]string{`"a""b"`, `"a""b"`, "`a\"b`", `"A""B"`}
	want2 := [4]string{"\"a`b\"", "\"a`b\"", "`a``b`", "\"A`B\""}
	for i, d := range dialect.All() {
		if got := string(d.AppendQuote(nil, `a"b`)); got != want[i] {
			t.Errorf("%s: got %s, want %s", d.Name(), got, want[i])
		}
		if got := string(d.AppendQuote(nil, "a`b")); got != want2[i] {
			t.Errorf("%s: got %s, want %s", d.Name(), got, want2[i])
		}
	}
}

func TestPlaceholders(t *testing.T) {
	want := [4][3]string{
		{"?", "?", "?"},
		{"$1", "$2", "$65535"},
		{"?", "?", "?"},
		{":1", ":2", ":65535"},
	}
	for i, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			for j, n := range []int{1, 2, 65535} {
				if got := d.Placeholder(n); got != want[i][j] {
					t.Errorf("Placeholder(%d) = %q, want %q", n, got, want[i][j])
				}
				if got := string(d.AppendPlaceholder([]byte("a = "), n)); got != "a = "+want[i][j] {
					t.Errorf("AppendPlaceholder(%d) = %q", n, got)
				}
			}
			buf := make([]byte, 0, 64)
			if n := testing.AllocsPerRun(100, func() { buf = d.AppendPlaceholder(buf[:0], 12345) }); n != 0 {
				t.Errorf("AppendPlaceholder allocates %v times", n)
			}
			if n := testing.AllocsPerRun(100, func() { buf = d.AppendQuote(buf[:0], "created_at") }); n != 0 {
				t.Errorf("AppendQuote allocates %v times", n)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	want := map[dialect.Name][2]int{
		dialect.SQLite:   {32766, 1_000_000_000},
		dialect.Postgres: {65535, 63},
		dialect.MySQL:    {65535, 64},
		dialect.Oracle:   {65535, 128},
	}
	for _, d := range dialect.All() {
		w := want[d.Name()]
		if d.MaxParams() != w[0] || d.MaxIdentLen() != w[1] {
			t.Errorf("%s: MaxParams %d, MaxIdentLen %d; want %v", d.Name(), d.MaxParams(), d.MaxIdentLen(), w)
		}
		if d.MaxIdentLen() < dialect.MaxIdentLen {
			t.Errorf("%s: MaxIdentLen %d is below CheckIdent's %d", d.Name(), d.MaxIdentLen(), dialect.MaxIdentLen)
		}
	}
}

func TestCheckIdent(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"lower", "product", true},
		{"mixed case and digits", "Product2_Name", true},
		{"leading underscore", "_private", true},
		{"single letter", "x", true},
		{"63 bytes", strings.Repeat("a", 63), true},
		{"empty", "", false},
		{"64 bytes", strings.Repeat("a", 64), false},
		{"leading digit", "1table", false},
		{"quote injection", `x" FROM t; --`, false},
		{"backtick injection", "x` FROM t; --", false},
		{"single quote", "o'brien", false},
		{"dot", "a.b", false},
		{"space", "a b", false},
		{"semicolon", "a;b", false},
		{"hash comment", "#", false},
		{"hash inside", "a#b", false},
		{"dash comment", "--", false},
		{"dash inside", "a--b", false},
		{"block comment", "/*", false},
		{"block comment inside", "a/*b*/", false},
		{"dollar", "a$b", false},
		{"parenthesis", "count(*)", false},
		{"NUL", "a\x00b", false},
		{"unit separator", "a\x1fb", false},
		{"DEL", "a\x7fb", false},
		{"newline", "a\nb", false},
		{"tab", "a\tb", false},
		{"non-ASCII letter", "café", false},
		{"fullwidth quote", "a＂b", false},
		{"invalid UTF-8", "a\xffb", false},
		{"lone continuation byte", "\x80", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := dialect.CheckIdent(tt.in)
			if tt.ok {
				if err != nil {
					t.Errorf("CheckIdent(%q) = %v, want nil", tt.in, err)
				}
				return
			}
			if !errors.Is(err, dialect.ErrInvalidIdentifier) {
				t.Fatalf("CheckIdent(%q) = %v, want ErrInvalidIdentifier", tt.in, err)
			}
			if tt.in != "" && !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.in)) {
				t.Errorf("error %q does not show the name quoted", err)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	if got := dialect.KindBigAuto.String(); got != "BigAutoField" {
		t.Errorf("got %q", got)
	}
	if got := dialect.Kind(-1).String(); got != "invalid" {
		t.Errorf("got %q", got)
	}
}

func BenchmarkQuote(b *testing.B) {
	for _, d := range dialect.All() {
		b.Run(string(d.Name())+"/Quote", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.Quote("created_at"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(string(d.Name())+"/AppendQuote+AppendPlaceholder", func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 64)
			for b.Loop() {
				buf = d.AppendQuote(buf[:0], "created_at")
				buf = d.AppendPlaceholder(append(buf, " = "...), 7)
			}
		})
	}
}
