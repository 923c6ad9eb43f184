package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/DATA-DOG/go-sqlmock"
	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// exampleDB opens a new SQLite database in a temporary directory; the
// returned func closes and removes it.
func exampleDB() (*sql.DB, func()) {
	dir, err := os.MkdirTemp("", "orm-example")
	if err != nil {
		panic(err)
	}
	db, err := sql.Open("sqlite3", filepath.Join(dir, "shop.db")+"?_fk=1")
	if err != nil {
		panic(err)
	}
	return db, func() { db.Close(); os.RemoveAll(dir) }
}

// Python SQLORM's overview: define, migrate, create, get, save, delete.
func Example() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()

	if err := orm.Migrate[Category](ctx, db); err != nil {
		fmt.Println(err)
		return
	}
	if err := orm.Migrate[Product](ctx, db); err != nil {
		fmt.Println(err)
		return
	}

	books := &Category{Name: "Books"}
	if err := orm.Objects[Category](db).Create(ctx, books); err != nil {
		fmt.Println(err)
		return
	}
	p := &Product{Name: "Go in Action", Price: decimal.RequireFromString("39.90"), Category: orm.Ref[Category](books.ID)}
	if err := orm.Objects[Product](db).Create(ctx, p); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created", p.ID, p.Name, p.Status, p.Price)

	got, err := orm.Objects[Product](db).Get(ctx, orm.Q{"pk": p.ID})
	if err != nil {
		fmt.Println(err)
		return
	}
	got.Status = "published"
	if err := orm.Save(ctx, db, got); err != nil {
		fmt.Println(err)
		return
	}
	n, _ := orm.Objects[Product](db).Filter(orm.Q{"status": "published"}).Count(ctx)
	fmt.Println("published:", n)

	if err := orm.Delete(ctx, db, got); err != nil {
		fmt.Println(err)
		return
	}
	_, err = orm.Objects[Product](db).Get(ctx, orm.Q{"pk": p.ID})
	fmt.Println("after delete:", errors.Is(err, orm.ErrDoesNotExist), errors.Is(err, sql.ErrNoRows))
	// Output:
	// created 1 Go in Action draft 39.9
	// published: 1
	// after delete: true true
}

func ExampleRegister() {
	type Broken struct {
		orm.Model
		Name string `orm:"null"`
	}
	err := orm.Register[Broken]()
	fmt.Println(err)
	fmt.Println(errors.Is(err, orm.ErrInvalidModel))
	// Output:
	// sqlorm: model Broken, field Name, option null: null needs a Go type that can hold NULL, and string cannot; use *string or sql.Null[string]
	// true
}

func ExampleFields() {
	fmt.Println(orm.TableName[AuditedProduct](), orm.Fields[AuditedProduct]())
	// Output:
	// audited_product [id created_at updated_at created_by updated_by name]
}

func ExampleSave_updateFields() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	_ = orm.Migrate[Category](ctx, db)

	c := &Category{Name: "Tools"}
	_ = orm.Objects[Category](db).Create(ctx, c)
	c.Name = "Hardware"
	// Only the named columns are written: UPDATE "category" SET "name" = ? WHERE ...
	if err := orm.Save(ctx, db, c, orm.UpdateFields("name")); err != nil {
		fmt.Println(err)
	}
	_ = orm.Refresh(ctx, db, c)
	fmt.Println(c.Name)
	// Output:
	// Hardware
}

func ExampleFullClean() {
	p := &Product{Name: "", Price: decimal.RequireFromString("123456789.123"), Status: "sold"}
	err := orm.FullClean(p)
	var ve *orm.ValidationError
	if errors.As(err, &ve) {
		for _, field := range []string{"name", "price", "status"} {
			fmt.Println(field+":", ve.Fields[field])
		}
	}
	// Output:
	// name: [This field cannot be blank.]
	// price: [Ensure that there are no more than 10 digits in total. Price cannot exceed $10,000]
	// status: [Value 'sold' is not a valid choice.]
}

func ExampleWithTx() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	_ = orm.Migrate[Category](ctx, db)

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	txCtx := orm.WithTx(ctx, tx)
	_ = orm.Objects[Category](db).Create(txCtx, &Category{Name: "Draft"}) // runs on tx
	_ = tx.Rollback()

	n, _ := orm.Objects[Category](db).Count(ctx)
	fmt.Println("rows after rollback:", n)
	// Output:
	// rows after rollback: 0
}

func ExampleWithDialect() {
	// go-sqlmock's driver tells nothing about the SQL it expects: name the
	// dialect, here Oracle.
	db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	oracle, _ := dialect.Get(dialect.Oracle)
	ctx := orm.WithDialect(context.Background(), oracle)

	mock.ExpectExec(`DELETE FROM "PRODUCT" WHERE "ID" = :1`).
		WithArgs(int64(42)).WillReturnResult(sqlmock.NewResult(0, 1))
	p := &Product{Model: orm.Model{ID: 42}} // nothing refers to a Product: one DELETE
	fmt.Println(orm.Delete(ctx, db, p), p.ID, mock.ExpectationsWereMet())
	// Output:
	// <nil> 0 <nil>
}

func ExampleConstraintError() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	_ = orm.Migrate[OrderItem](ctx, db)

	_ = orm.Objects[OrderItem](db).Create(ctx, &OrderItem{Code: "A-1"})
	err := orm.Objects[OrderItem](db).Create(ctx, &OrderItem{Code: "A-1"})
	var ce *orm.ConstraintError
	fmt.Println(errors.Is(err, orm.ErrUniqueViolation), errors.As(err, &ce) && ce.Violation == orm.UniqueViolation)
	// Output:
	// true true
}
