package introspect_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/introspect"
)

// openShop opens an in-memory SQLite database with a product table.
func openShop() *sql.DB {
	db, err := sql.Open("sqlite3", "file:shop?mode=memory&_fk=1")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one in-memory database
	_, err = db.Exec(`CREATE TABLE product (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    name varchar(200) NOT NULL,
    price decimal NOT NULL DEFAULT 0,
    created_at datetime NULL
)`)
	if err != nil {
		log.Fatal(err)
	}
	return db
}

// Python SQLORM's get_table_columns and column_exists.
func ExampleColumnNames() {
	ctx := context.Background()
	db := openShop()
	defer db.Close()

	columns, err := introspect.ColumnNames(ctx, db, "product")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(columns)

	ok, err := introspect.ColumnExists(ctx, db, "product", "discount")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("discount:", ok)

	_, err = introspect.ColumnNames(ctx, db, "order")
	fmt.Println(errors.Is(err, introspect.ErrNoTable))
	// Output:
	// [id name price created_at]
	// discount: false
	// true
}

func ExampleColumns() {
	ctx := context.Background()
	db := openShop()
	defer db.Close()

	cols, err := introspect.Columns(ctx, db, "product")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range cols {
		def := "-"
		if c.Default != nil {
			def = *c.Default
		}
		fmt.Printf("%-10s %-12s null=%-5v pk=%-5v default=%s kind=%s\n", c.Name, c.DBType, c.Nullable, c.Primary, def, c.Neutral.Kind)
	}
	// Output:
	// id         INTEGER      null=false pk=true  default=- kind=BigAutoField
	// name       varchar(200) null=false pk=false default=- kind=CharField
	// price      decimal      null=false pk=false default=0 kind=DecimalField
	// created_at datetime     null=true  pk=false default=- kind=DateTimeField
}

func ExampleTables() {
	ctx := context.Background()
	db := openShop()
	defer db.Close()

	tables, err := introspect.Tables(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tables) // sqlite_sequence, made by AUTOINCREMENT, is not a user table
	ok, err := introspect.TableExists(ctx, db, "product")
	fmt.Println(ok, err)
	// Output:
	// [product]
	// true <nil>
}
