package dialect_test

import (
	"errors"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

// TestStoredColumn: a model column as the catalog will read it back, with
// the collapses package introspect documents.
func TestStoredColumn(t *testing.T) {
	type want struct {
		kind dialect.Kind
		null bool
	}
	tests := []struct {
		name string
		col  dialect.Column
		want [4]want // SQLite, PostgreSQL, MySQL, Oracle
	}{
		{"big auto key", dialect.Column{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
			[4]want{{dialect.KindBigAuto, false}, {dialect.KindBigAuto, false}, {dialect.KindBigAuto, false}, {dialect.KindBigAuto, false}}},
		{"auto key", dialect.Column{Name: "id", Kind: dialect.KindAuto, Primary: true},
			[4]want{{dialect.KindBigAuto, false}, {dialect.KindAuto, false}, {dialect.KindAuto, false}, {dialect.KindAuto, false}}},
		{"positive int", dialect.Column{Name: "n", Kind: dialect.KindPositiveInt},
			[4]want{{dialect.KindPositiveInt, false}, {dialect.KindInt, false}, {dialect.KindPositiveInt, false}, {dialect.KindInt, false}}},
		{"duration", dialect.Column{Name: "d", Kind: dialect.KindDuration},
			[4]want{{dialect.KindBigInt, false}, {dialect.KindDuration, false}, {dialect.KindBigInt, false}, {dialect.KindDuration, false}}},
		{"char NOT NULL", dialect.Column{Name: "s", Kind: dialect.KindChar, Length: 10},
			[4]want{{dialect.KindChar, false}, {dialect.KindChar, false}, {dialect.KindChar, false}, {dialect.KindChar, true}}},
		{"nullable bool", dialect.Column{Name: "b", Kind: dialect.KindBool, Null: true},
			[4]want{{dialect.KindBool, true}, {dialect.KindBool, true}, {dialect.KindBool, true}, {dialect.KindBool, true}}},
	}
	for _, tt := range tests {
		for i, d := range dialect.All() {
			t.Run(tt.name+"/"+string(d.Name()), func(t *testing.T) {
				got, err := dialect.StoredColumn(d, tt.col)
				if err != nil {
					t.Fatal(err)
				}
				if got.Kind != tt.want[i].kind || got.Null != tt.want[i].null || got.DBType == "" || got.Name != tt.col.Name {
					t.Errorf("got %v null=%v type %q, want %v null=%v", got.Kind, got.Null, got.DBType, tt.want[i].kind, tt.want[i].null)
				}
			})
		}
	}
	if _, err := dialect.StoredColumn(dialect.All()[0], dialect.Column{Name: "c", Kind: dialect.KindChar}); !errors.Is(err, dialect.ErrInvalidSchema) {
		t.Errorf("a char column without a length: %v", err)
	}
}

func TestSameStorage(t *testing.T) {
	get := func(n dialect.Name) dialect.Dialect {
		d, err := dialect.Get(n)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	col := func(k dialect.Kind, f ...func(*dialect.Column)) dialect.Column {
		c := dialect.Column{Name: "c", Kind: k}
		for _, fn := range f {
			fn(&c)
		}
		return c
	}
	digits := func(p, s int) func(*dialect.Column) { return func(c *dialect.Column) { c.Precision, c.Scale = p, s } }
	length := func(n int) func(*dialect.Column) { return func(c *dialect.Column) { c.Length = n } }
	dbType := func(s string) func(*dialect.Column) { return func(c *dialect.Column) { c.DBType = s } }
	tests := []struct {
		name         string
		d            dialect.Name
		stored, live dialect.Column
		want         bool
	}{
		{"same kind", dialect.Postgres, col(dialect.KindInt), col(dialect.KindInt), true},
		{"int and bigint on PostgreSQL", dialect.Postgres, col(dialect.KindInt), col(dialect.KindBigInt), false},
		{"int and bigint on SQLite", dialect.SQLite, col(dialect.KindInt), col(dialect.KindBigInt), true},
		{"int and bool on SQLite", dialect.SQLite, col(dialect.KindInt), col(dialect.KindBool), false},
		{"auto and int on SQLite", dialect.SQLite, col(dialect.KindBigAuto), col(dialect.KindInt), false},
		{"lengths", dialect.MySQL, col(dialect.KindChar, length(10)), col(dialect.KindChar, length(20)), false},
		{"JSON as MariaDB's longtext", dialect.MySQL, col(dialect.KindJSON), col(dialect.KindText, dbType("longtext")), true},
		{"JSON and a text column on PostgreSQL", dialect.Postgres, col(dialect.KindJSON), col(dialect.KindText, dbType("text")), false},
		{"decimal digits differ", dialect.Postgres, col(dialect.KindDecimal, digits(10, 2)), col(dialect.KindDecimal, digits(12, 2)), false},
		{"decimal without stored digits", dialect.SQLite, col(dialect.KindDecimal), col(dialect.KindDecimal, digits(10, 2)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dialect.SameStorage(get(tt.d), tt.stored, tt.live); got != tt.want {
				t.Errorf("SameStorage = %v, want %v", got, tt.want)
			}
		})
	}
}
