package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
)

func fkParent(id dialect.Kind) dialect.Table {
	return fkParentCol(dialect.Column{Name: "id", Kind: id, Primary: true})
}

func fkParentCol(id dialect.Column) dialect.Table {
	return dialect.Table{Name: "fkp", Columns: []dialect.Column{
		id,
		{Name: "name", Kind: dialect.KindChar, Length: 20},
	}}
}

func fkChild(ref dialect.Kind) dialect.Table {
	return fkChildCol(dialect.Column{Name: "parent_id", Kind: ref})
}

func fkChildCol(ref dialect.Column) dialect.Table {
	return dialect.Table{Name: "fkc", Columns: []dialect.Column{
		{Name: "id", Kind: dialect.KindBigInt, Primary: true},
		ref,
		{Name: "note", Kind: dialect.KindChar, Length: 20, Null: true},
	}, ForeignKeys: []dialect.ForeignKey{{Columns: []string{"parent_id"}, RefTable: "fkp", RefColumns: []string{"id"}, OnDelete: "CASCADE"}}}
}

// seedFK fills fkp with 50 rows and fkc with 200 that reference them.
func seedFK(t *testing.T, db *sql.DB) {
	t.Helper()
	var p, c []string
	for i := 1; i <= 50; i++ {
		p = append(p, fmt.Sprintf("('%d', 'p%d')", i, i))
	}
	for i := 1; i <= 200; i++ {
		c = append(c, fmt.Sprintf("(%d, '%d', 'c%d')", i, i%50+1, i))
	}
	mustExec(t, db, "INSERT INTO fkp (id, name) VALUES "+strings.Join(p, ", "), "INSERT INTO fkc (id, parent_id, note) VALUES "+strings.Join(c, ", "))
}

// checkFK fails unless fkc's parent_id has the kind (and length) of want, its foreign key to
// fkp is there and enforced, and both tables hold the rows of sums.
func checkFK(t *testing.T, db *sql.DB, want dialect.Column, sums [2]string) {
	t.Helper()
	ctx := context.Background()
	child, err := introspect.Table(ctx, db, "fkc")
	if err != nil {
		t.Fatal(err)
	}
	if c := child.Column("parent_id"); c.Kind != want.Kind || c.Length != want.Length {
		t.Errorf("fkc.parent_id is %v(%d), want %v(%d)", c.Kind, c.Length, want.Kind, want.Length)
	}
	fks, err := introspect.ForeignKeys(ctx, db, "fkc")
	if err != nil {
		t.Fatal(err)
	}
	if len(fks) != 1 || !strings.EqualFold(fks[0].RefTable, "fkp") {
		t.Fatalf("foreign keys of fkc: %+v, want the one to fkp", fks)
	}
	if _, err := db.Exec("INSERT INTO fkc (id, parent_id) VALUES (9999, '9999')"); err == nil {
		t.Fatal("a row of fkc referencing no fkp row was accepted: the foreign key is not enforced")
	}
	for i, tb := range []string{"fkp", "fkc"} {
		if _, sum := checksum(t, db, tb); sum != sums[i] {
			t.Errorf("%s changed: checksum %s, want %s", tb, sum, sums[i])
		}
	}
}

// TestChangeKeyTypeFollowsReferences: changing the type of a primary key
// that another table references (int to bigint) drops that table's
// foreign key, gives its column the new type, and adds the key back, as
// Django's schema editor does; every row of both tables is kept. On
// MariaDB the key could not be added back between an int and a bigint.
func TestChangeKeyTypeFollowsReferences(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		create(t, db, fkParent(dialect.KindInt), fkChild(dialect.KindInt))
		seedFK(t, db)
		_, ps := checksum(t, db, "fkp")
		_, cs := checksum(t, db, "fkc")
		err := migrations.ChangeColumnType(ctx, db, "fkp", dialect.Column{Name: "id", Kind: dialect.KindBigInt, Primary: true})
		if err != nil {
			t.Fatal(err)
		}
		want := dialect.Column{Kind: dialect.KindBigInt}
		if b.Name == testenv.SQLite {
			want.Kind = dialect.KindInt // SQLite's foreign keys name their table; the child is left alone
		}
		checkFK(t, db, want, [2]string{ps, cs})
		noScratch(t, db)
	})
}

// TestAlterFieldForeignKeyColumn: a migration changing the type of a
// foreign key column (varchar(20) to varchar(40), its parent's key being
// varchar(40); MariaDB keeps no foreign key between int and bigint) drops
// the key around the change and adds it back on PostgreSQL and MariaDB
// (MariaDB refuses to change a column a foreign key uses), keeps every
// row, unapplies back with the key, and a migration failing after the
// change, or in adding the key back, is undone with the key in place.
func TestAlterFieldForeignKeyColumn(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		from := dialect.Column{Name: "parent_id", Kind: dialect.KindChar, Length: 20}
		to := from
		to.Length = 40
		r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{
			{ID: "0001", Ops: []migrations.Operation{
				migrations.CreateTable(fkParentCol(dialect.Column{Name: "id", Kind: dialect.KindChar, Length: 40, Primary: true})),
				migrations.CreateTable(fkChildCol(from)),
			}},
		}}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		seedFK(t, db)
		_, ps := checksum(t, db, "fkp")
		_, cs := checksum(t, db, "fkc")

		failing := append(r.Migrations, migrations.Migration{ID: "0002", Ops: []migrations.Operation{
			migrations.AlterField("fkc", from, to),
			migrations.RunSQL([]string{"INSERT INTO no_such_table VALUES (1)"}, nil),
		}})
		if _, err := (&migrations.Runner{DB: db, Migrations: failing}).Apply(ctx); err == nil {
			t.Fatal("a migration with a failing statement was applied")
		}
		checkFK(t, db, from, [2]string{ps, cs})

		// The change runs, adding the key back fails (an integer cannot
		// reference text, except on SQLite, which does not compare the
		// types): undone from where it got, the key is back.
		if b.Name != testenv.SQLite {
			toInt := dialect.Column{Name: "parent_id", Kind: dialect.KindInt}
			failing = append(r.Migrations, migrations.Migration{ID: "0002", Ops: []migrations.Operation{migrations.AlterField("fkc", from, toInt)}})
			if _, err := (&migrations.Runner{DB: db, Migrations: failing}).Apply(ctx); err == nil {
				t.Fatal("a foreign key from an integer to text was added")
			} else if strings.Contains(err.Error(), "could not be undone") {
				t.Fatal(err)
			}
			checkFK(t, db, from, [2]string{ps, cs})
		}

		r.Migrations = append(r.Migrations, migrations.Migration{ID: "0002", Ops: []migrations.Operation{migrations.AlterField("fkc", from, to)}})
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		checkFK(t, db, to, [2]string{ps, cs})
		if _, err := r.Unapply(ctx, "0001"); err != nil {
			t.Fatal(err)
		}
		checkFK(t, db, from, [2]string{ps, cs})
	})
}
