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
