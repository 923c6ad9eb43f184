package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/migrations"
)

// A Runner on SQLite: a dry run shows the SQL, Apply applies and records
// the migrations, and a second Apply has nothing to do.
func ExampleRunner() {
	dir, err := os.MkdirTemp("", "migrations-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite3", filepath.Join(dir, "shop.db")+"?_fk=1&_busy_timeout=5000")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()

	r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{
		{ID: "0001_product", Ops: []migrations.Operation{
			migrations.CreateTable(dialect.Table{Name: "product", Columns: []dialect.Column{
				{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
				{Name: "name", Kind: dialect.KindChar, Length: 200},
			}}),
		}},
		{ID: "0002_discount", Ops: []migrations.Operation{
			migrations.AddField("product", dialect.Column{Name: "discount", Kind: dialect.KindInt, HasDefault: true, Default: 0}),
		}},
	}}

	plan, err := r.Plan(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(plan)

	applied, err := r.Apply(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range applied {
		fmt.Println("applied", s.ID)
	}
	again, err := r.Apply(ctx)
	fmt.Println("second run:", len(again), "applied,", err)
	// Output:
	// -- migration 0001_product (4283925a5919)
	// CREATE TABLE IF NOT EXISTS "product" (
	//     "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
	//     "name" varchar(200) NOT NULL
	// );
	// -- migration 0002_discount (c36e38c58698)
	// ALTER TABLE "product" ADD COLUMN "discount" integer DEFAULT 0 NOT NULL;
	// applied 0001_product
	// applied 0002_discount
	// second run: 0 applied, <nil>
}

// Optimize folds operations as Django's squashmigrations does: the table
// created, grown and renamed into becomes one CreateTable, and a column
// added then removed vanishes.
func ExampleOptimize() {
	id := dialect.Column{Name: "id", Kind: dialect.KindBigAuto, Primary: true}
	note := dialect.Column{Name: "note", Kind: dialect.KindText, Null: true}
	ops := migrations.Optimize([]migrations.Operation{
		migrations.CreateTable(dialect.Table{Name: "shop", Columns: []dialect.Column{id}}),
		migrations.AddField("shop", dialect.Column{Name: "city", Kind: dialect.KindChar, Length: 40, Null: true}),
		migrations.RenameField("shop", "city", "town"),
		migrations.AddField("product", note),
		migrations.RemoveField("product", "note"),
	})
	for _, op := range ops {
		fmt.Println(op)
	}
	// Output:
	// CreateTable("shop")
}
