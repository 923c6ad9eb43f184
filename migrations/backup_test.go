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

// product is MIG-01's table: an auto key, defaults of every literal kind,
// NOT NULL, a unique column, a multi-column unique, an index and a foreign
// key.
func productTables() []dialect.Table {
	return []dialect.Table{
		{Name: "category", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "title", Kind: dialect.KindChar, Length: 40},
		}},
		{Name: "product", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
			{Name: "sku", Kind: dialect.KindChar, Length: 20, Unique: true},
			{Name: "name", Kind: dialect.KindChar, Length: 100, HasDefault: true, Default: "unnamed"},
			{Name: "price", Kind: dialect.KindDecimal, Precision: 10, Scale: 2, HasDefault: true, Default: dialect.DecimalLiteral("9.99")},
			{Name: "stock", Kind: dialect.KindInt, HasDefault: true, Default: 0},
			{Name: "active", Kind: dialect.KindBool, HasDefault: true, Default: true},
			{Name: "note", Kind: dialect.KindText, Null: true},
			{Name: "category_id", Kind: dialect.KindBigInt, Null: true},
		},
			Indexes:     []dialect.Index{{Columns: []string{"name"}}},
			Uniques:     [][]string{{"name", "category_id"}},
			ForeignKeys: []dialect.ForeignKey{{Columns: []string{"category_id"}, RefTable: "category", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		},
	}
}

// TestBackupRestoreExact is MIG-01: back up, update 10%, delete 10%,
// insert, alter the table, restore; rows, checksum and the introspected
// schema equal the snapshot.
func TestBackupRestoreExact(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		d := create(t, db, productTables()...)
		mustExec(t, db, "INSERT INTO category (id, title) VALUES (1, 'tools'), (2, 'toys')")
		ph := func(n int) string { return d.Placeholder(n) }
		for i := 1; i <= 200; i++ {
			var note any
			if i%3 == 0 {
				note = fmt.Sprintf("note %d with 'quotes' and ünïcode", i)
			}
			if _, err := db.Exec(fmt.Sprintf("INSERT INTO product (sku, name, price, stock, active, note, category_id) VALUES (%s, %s, %s, %s, %s, %s, %s)",
				ph(1), ph(2), ph(3), ph(4), ph(5), ph(6), ph(7)),
				fmt.Sprintf("SKU-%04d", i), fmt.Sprintf("item %d", i), fmt.Sprintf("%d.%02d", i, i%100), i*3, i%2 == 0, note, 1+i%2); err != nil {
				t.Fatal(err)
			}
		}
		n0, sum0 := checksum(t, db, "product")
		schema0 := schemaOf(t, db, "product")

		name, err := migrations.BackupTable(ctx, db, "product")
		if err != nil || name != "product_backup" {
			t.Fatalf("BackupTable: %q %v", name, err)
		}
		if _, err := migrations.BackupTable(ctx, db, "product"); !errors.Is(err, migrations.ErrBackupExists) || !strings.Contains(err.Error(), "product_backup") {
			t.Errorf("a second backup: %v; want ErrBackupExists", err)
		}

		// Mutate: update 10%, delete 10%, insert, then change the schema.
		mustExec(t, db,
			"UPDATE product SET stock = stock + 1000, note = 'changed' WHERE id <= 20",
			"DELETE FROM product WHERE id > 180",
			"INSERT INTO product (sku, name) VALUES ('NEW-1', 'new one')",
		)
		add, err := d.AddColumn("product", dialect.Column{Name: "extra", Kind: dialect.KindInt, Null: true})
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, db, add)
		if n, sum := checksum(t, db, "product"); n == n0 && sum == sum0 {
			t.Fatal("the mutation changed nothing")
		}

		if err := migrations.RestoreTable(ctx, db, "product"); err != nil {
			t.Fatalf("RestoreTable: %v", err)
		}
		if n, sum := checksum(t, db, "product"); n != n0 || sum != sum0 {
			t.Errorf("after restore: %d rows %s, want %d %s", n, sum, n0, sum0)
		}
		if s := schemaOf(t, db, "product"); !reflect.DeepEqual(s, schema0) {
			t.Errorf("schema after restore:\n%+v\nwant\n%+v", s, schema0)
		}
		noScratch(t, db)
		// The key generator continues after the restored keys, the unique
		// constraint and the foreign key work.
		mustExec(t, db, "INSERT INTO product (sku, name) VALUES ('AFTER-1', 'after')")
		if _, err := db.Exec("INSERT INTO product (sku, name) VALUES ('SKU-0001', 'dup')"); !errors.Is(d.ClassifyError(err), dialect.ErrUniqueViolation) {
			t.Errorf("duplicate sku after restore: %v; want a unique violation", err)
		}
		// Restoring again (the backup stays) gives the same table, even
		// after the table was dropped.
		drop, _ := d.DropTable("product")
		mustExec(t, db, drop)
		if err := migrations.RestoreTable(ctx, db, "product"); err != nil {
			t.Fatalf("RestoreTable of a dropped table: %v", err)
		}
		if n, sum := checksum(t, db, "product"); n != n0 || sum != sum0 {
			t.Error("second restore differs")
		}
		if s := schemaOf(t, db, "product"); !reflect.DeepEqual(s, schema0) {
			t.Errorf("schema after the second restore:\n%+v\nwant\n%+v", s, schema0)
		}
		// ReplaceBackup replaces.
		mustExec(t, db, "DELETE FROM product WHERE id > 100")
		if _, err := migrations.BackupTable(ctx, db, "product", migrations.ReplaceBackup()); err != nil {
			t.Fatal(err)
		}
		if n, _ := checksum(t, db, "product_backup"); n != 100 {
			t.Errorf("replaced backup has %d rows, want 100", n)
		}
	})
}

func TestBackupRestoreInvalid(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		create(t, db, fiTable())
		if err := migrations.RestoreTable(ctx, db, "fi"); !errors.Is(err, migrations.ErrNoBackup) {
			t.Errorf("restore without a backup: %v", err)
		}
		if _, err := migrations.BackupTable(ctx, db, "fi'; DROP TABLE fi; --"); !errors.Is(err, dialect.ErrInvalidIdentifier) {
			t.Errorf("bad name: %v", err)
		}
		long := strings.Repeat("a", dialect.MaxIdentLen-3)
		if _, err := migrations.BackupTable(ctx, db, long); !errors.Is(err, migrations.ErrInvalidRewrite) || !strings.Contains(err.Error(), "too long") {
			t.Errorf("a name whose backup would be too long: %v", err)
		}
		if _, err := migrations.BackupTable(ctx, db, "fi"); err != nil {
			t.Fatal(err)
		}
		if err := migrations.RestoreTable(ctx, db, "ghost"); !errors.Is(err, migrations.ErrNoBackup) {
			t.Errorf("restore of a table never backed up: %v", err)
		}
	})
}
