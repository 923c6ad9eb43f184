package migrations_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

// TestMergedRebuilds: on SQLite, consecutive operations of one migration
// that each rebuild one table are one rebuild (the rows copied once, as
// the captured statements show), and leave the table, its schema and its
// rows exactly as the same operations in migrations of their own do; a
// column altered twice is two rebuilds, its second check seeing the rows
// the first left; an operation on another table in between keeps the two
// apart.
func TestMergedRebuilds(t *testing.T) {
	b := testenv.Lookup(t, testenv.SQLite)
	a := dialect.Column{Name: "a", Kind: dialect.KindInt, Null: true}
	a2 := dialect.Column{Name: "a", Kind: dialect.KindBigInt, Null: true}
	a3 := dialect.Column{Name: "a", Kind: dialect.KindBigInt, Null: true, HasDefault: true, Default: 5}
	name := dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 20, Null: true}
	name2 := dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 40, Null: true}
	owner := dialect.Column{Name: "owner_id", Kind: dialect.KindBigInt, Null: true}
	base := []migrations.Operation{
		migrations.CreateTable(tbl("owner")),
		migrations.CreateTable(tbl("item", a, name, owner)),
		migrations.RawSQL("INSERT INTO owner (id) VALUES (1), (2)",
			"INSERT INTO item (a, name, owner_id) VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', NULL)"),
	}
	tests := []struct {
		name   string
		ops    []migrations.Operation
		copies int // rebuilds of item in one migration
		apart  int // in migrations of their own
	}{
		{"four operations on one table", []migrations.Operation{
			migrations.AlterField("item", a, a2),
			migrations.AlterField("item", name, name2),
			migrations.AddUnique("item", "a", "name"),
			migrations.AddForeignKey("item", dialect.ForeignKey{Columns: []string{"owner_id"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "SET NULL"}),
		}, 1, 4},
		{"one column altered twice", []migrations.Operation{
			migrations.AlterField("item", a, a2),
			migrations.AlterField("item", a2, a3),
			migrations.AlterField("item", name, name2),
		}, 2, 3},
		{"another table in between", []migrations.Operation{
			migrations.AlterField("item", a, a2),
			migrations.CreateTable(tbl("other")),
			migrations.AlterField("item", name, name2),
		}, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			apply := func(ms []migrations.Migration) (int, dialect.Table, string) {
				db := openSqlorm(t, b)
				r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{{ID: "0001", Ops: base}}}
				if _, err := r.Apply(ctx); err != nil {
					t.Fatal(err)
				}
				r.Migrations = append(r.Migrations, ms...)
				cctx, rec := hooks.Capture(ctx)
				plan, err := r.Apply(cctx)
				if err != nil {
					t.Fatal(err)
				}
				var ops []string
				for _, s := range plan {
					ops = append(ops, s.Operations...)
				}
				if len(ops) != len(tt.ops) {
					t.Fatalf("the plan lists %d operations, want %d: %v", len(ops), len(tt.ops), ops)
				}
				copies := 0
				for _, q := range rec.All() {
					if strings.HasPrefix(q.SQL, `INSERT INTO "item__new"`) {
						copies++
					}
				}
				_, sum := checksum(t, db, "item")
				return copies, schemaOf(t, db, "item"), sum
			}
			merged, mSchema, mSum := apply([]migrations.Migration{{ID: "0002", Ops: tt.ops}})
			var apart []migrations.Migration
			for i, op := range tt.ops {
				apart = append(apart, migrations.Migration{ID: "0002_" + string(rune('a'+i)), Ops: []migrations.Operation{op}})
			}
			separate, sSchema, sSum := apply(apart)
			if merged != tt.copies {
				t.Errorf("one migration copied the rows of item %d times, want %d", merged, tt.copies)
			}
			if separate != tt.apart {
				t.Errorf("migrations of their own copied the rows of item %d times, want %d", separate, tt.apart)
			}
			if mSum != sSum || !reflect.DeepEqual(mSchema, sSchema) {
				t.Fatalf("merged and separate differ:\nrows %s / %s\nschema %+v\n%+v", mSum, sSum, mSchema, sSchema)
			}
		})
	}
	t.Run("a value the merge would not keep", func(t *testing.T) {
		ctx := context.Background()
		db := openSqlorm(t, b)
		short := dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 3, Null: true}
		r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{{ID: "0001", Ops: base}}}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		_, before := checksum(t, db, "item")
		r.Migrations = append(r.Migrations, migrations.Migration{ID: "0002", Ops: []migrations.Operation{
			migrations.AlterField("item", a, a2), migrations.AlterField("item", name, short),
		}})
		_, err := r.Apply(ctx)
		if !errors.Is(err, migrations.ErrLossyConversion) || !strings.Contains(err.Error(), "id=3") {
			t.Fatalf("err = %v, want ErrLossyConversion naming id=3", err)
		}
		if _, after := checksum(t, db, "item"); after != before {
			t.Fatal("the refused migration changed item")
		}
	})
}
