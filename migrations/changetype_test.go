package migrations_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

// TestChangeColumnType is MIG-02: each conversion either succeeds with
// the documented value on every backend, or fails with
// ErrLossyConversion naming the row (id=2) and leaves the rows as they
// were. Row 1 always holds a value that converts.
func TestChangeColumnType(t *testing.T) {
	varchar := func(n int) dialect.Column {
		return dialect.Column{Name: "v", Kind: dialect.KindChar, Length: n, Null: true}
	}
	text := dialect.Column{Name: "v", Kind: dialect.KindText, Null: true}
	integer := dialect.Column{Name: "v", Kind: dialect.KindInt, Null: true}
	numeric := dialect.Column{Name: "v", Kind: dialect.KindDecimal, Precision: 10, Scale: 2, Null: true}
	datetime := dialect.Column{Name: "v", Kind: dialect.KindDateTime, Null: true}
	date := dialect.Column{Name: "v", Kind: dialect.KindDate, Null: true}
	tests := []struct {
		name     string
		from, to dialect.Column
		row1     any    // converts
		row2     any    // the value under test
		want     string // row 2's value afterwards (prefix); "" when refused
	}{
		{"varchar(50) to varchar(10), 20 characters", varchar(50), varchar(10), "short", strings.Repeat("x", 20), ""},
		{"varchar(50) to varchar(10), 10 characters", varchar(50), varchar(10), "short", strings.Repeat("y", 10), strings.Repeat("y", 10)},
		{"text to int, '12'", text, integer, "1", "12", "12"},
		{"text to int, ' 12 '", text, integer, "1", " 12 ", "12"},
		{"text to int, '-7'", text, integer, "1", "-7", "-7"},
		{"text to int, '1e3'", text, integer, "1", "1e3", ""},
		{"text to int, 'x'", text, integer, "1", "x", ""},
		{"text to int, ''", text, integer, "1", "", ""},
		{"numeric(10,2) to int, 1.5", numeric, integer, "2.00", "1.5", ""},
		{"numeric(10,2) to int, 3.00", numeric, integer, "2.00", "3.00", "3"},
		{"datetime to date", datetime, date, "2024-01-01 00:00:00", "2024-01-02 03:04:05", "2024-01-02"},
		{"nullable to NOT NULL with a NULL", text, dialect.Column{Name: "v", Kind: dialect.KindText}, "a", nil, ""},
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				db := b.Fresh(t).OpenDirect(t)
				d := create(t, db, dialect.Table{Name: "conv", Columns: []dialect.Column{
					{Name: "id", Kind: dialect.KindBigInt, Primary: true}, tt.from,
				}})
				q := fmt.Sprintf("INSERT INTO conv (id, v) VALUES (%s, %s)", d.Placeholder(1), d.Placeholder(2))
				for i, v := range []any{tt.row1, tt.row2} {
					if _, err := db.Exec(q, i+1, v); err != nil {
						t.Fatal(err)
					}
				}
				n0, sum0 := checksum(t, db, "conv")
				schema0 := schemaOf(t, db, "conv")
				err := migrations.ChangeColumnType(ctx, db, "conv", tt.to)
				noScratch(t, db)
				if tt.want == "" {
					if !errors.Is(err, migrations.ErrLossyConversion) || !strings.Contains(err.Error(), "id=2") {
						t.Fatalf("ChangeColumnType: %v; want ErrLossyConversion naming id=2", err)
					}
					if n, sum := checksum(t, db, "conv"); n != n0 || sum != sum0 {
						t.Error("the rows changed")
					}
					if s := schemaOf(t, db, "conv"); !reflect.DeepEqual(s, schema0) {
						t.Errorf("the schema changed: %+v", s)
					}
					return
				}
				if err != nil {
					t.Fatalf("ChangeColumnType: %v", err)
				}
				var got string
				if err := db.QueryRow("SELECT v FROM conv WHERE id = 2").Scan(&got); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(got, tt.want) || (tt.to.Kind == dialect.KindDate && strings.Contains(got, "03:04")) {
					t.Errorf("row 2 is %q, want %q", got, tt.want)
				}
				s := schemaOf(t, db, "conv")
				if c := s.Column("v"); c.Kind != tt.to.Kind || c.Length != tt.to.Length || c.Null != tt.to.Null {
					t.Errorf("column after the change: %+v, want %+v", *c, tt.to)
				}
			})
		}
	})
}

// TestStrictSessionRefusesWhatPreChecksMiss: on MySQL/MariaDB, a value
// that only the server finds too big (an integer out of a smallint's
// range) is refused, not clamped, because the rewrite's session is strict
// even when the server's sql_mode is empty; elsewhere the server refuses
// it too. Either way nothing changes. (SQLite keeps the value: its
// integers have no declared size.)
func TestStrictSessionRefusesWhatPreChecksMiss(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		database := b.Fresh(t)
		db := database.OpenDirect(t)
		if b.Name == testenv.MySQL {
			// Every connection of this pool starts non-strict.
			db.SetMaxOpenConns(1)
			mustExec(t, db, "SET SESSION sql_mode = ''")
		}
		create(t, db, dialect.Table{Name: "conv", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "v", Kind: dialect.KindBigInt},
		}})
		mustExec(t, db, "INSERT INTO conv (id, v) VALUES (1, 5), (2, 100000)")
		n0, sum0 := checksum(t, db, "conv")
		err := migrations.ChangeColumnType(ctx, db, "conv", dialect.Column{Name: "v", Kind: dialect.KindSmallInt})
		if b.Name == testenv.SQLite {
			// SQLite's integers are 64-bit whatever the declared size:
			// the value is kept exactly.
			var v int64
			if err != nil || db.QueryRow("SELECT v FROM conv WHERE id = 2").Scan(&v) != nil || v != 100000 {
				t.Fatalf("SQLite: %v, v = %d; want success keeping 100000", err, v)
			}
			return
		}
		if !errors.Is(err, migrations.ErrRewriteFailed) {
			t.Fatalf("ChangeColumnType: %v; want ErrRewriteFailed", err)
		}
		if n, sum := checksum(t, db, "conv"); n != n0 || sum != sum0 {
			t.Error("the rows changed")
		}
		noScratch(t, db)
	})
}
