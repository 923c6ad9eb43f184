// Command transactions is the "Transaction Handling" and
// raw SQL examples of Python SQLORM's documentation in Go, on SQLite so no server is needed: automatic
// transactions (each Create and Save commits at once); manual ones with
// orm.Atomic, which commits when its function returns nil and rolls back
// when it returns an error or panics; savepoints, as a nested Atomic and
// as Python SQLORM's explicit Savepoint / SavepointRollback; orm.OnCommit for
// work that must wait for the commit; orm.Retry for transactions that can
// lose a race; and execute_raw_sql as orm.ExecuteRawSQL, orm.Exec and
// orm.Raw, with a transactional schema change (Python SQLORM's PostgreSQL
// example; SQLite's DDL is transactional too).
//
//	go run ./examples/transactions            # uses ./transactions.db
//	go run ./examples/transactions -db /tmp/x.db
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/shopspring/decimal"

	_ "github.com/sqlorm/sqlorm/driver" // registers the "sqlorm" driver
	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
	"github.com/sqlorm/sqlorm/orm"
)

// Product and Inventory are the models of Python SQLORM's transaction examples.
type Product struct {
	orm.Model
	Name  string          `orm:"max_length=200,unique"`
	Price decimal.Decimal `orm:"max_digits=10,decimal_places=2,default=0"`
}

type Inventory struct {
	orm.Model
	Product  orm.FK[Product] `orm:"on_delete=cascade"`
	Quantity int64
}

// User is the model of Python SQLORM's migration workflow.
type User struct {
	orm.Model
	Email          string `orm:"max_length=200"`
	EmailConfirmed bool
	Verified       bool
}

func main() {
	path := flag.String("db", "transactions.db", "SQLite database file (recreated)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *path); err != nil {
		log.Fatal(err)
	}
}

// run is the whole walk-through, writing what happens to w.
func run(ctx context.Context, w io.Writer, path string) error {
	if err := exampledb.Reset(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlorm", "sqlite:"+path+"?_fk=1&_txlock=immediate&_journal_mode=WAL") // README's settings for the ORM
	if err != nil {
		return err
	}
	defer db.Close()
	for _, migrate := range []func(context.Context, *sql.DB) error{
		orm.Migrate[Product], orm.Migrate[Inventory], orm.Migrate[User],
	} {
		if err := migrate(ctx, db); err != nil {
			return err
		}
	}
	products := orm.Objects[Product](db)
	count := func() int64 {
		n, err := products.Count(ctx)
		if err != nil {
			log.Fatal(err)
		}
		return n
	}

	// Automatic transactions: each call commits on its own.
	//
	//	product = Product.objects.create(name="Widget")  # Committed immediately
	//	product.price = 99.99
	//	product.save()  # Committed immediately
	widget := &Product{Name: "Widget"}
	if err := products.Create(ctx, widget); err != nil {
		return err
	}
	widget.Price = decimal.RequireFromString("99.99")
	if err := orm.Save(ctx, db, widget); err != nil {
		return err
	}
	fmt.Fprintf(w, "automatic: %d product, price %s\n", count(), widget.Price.StringFixed(2))

	// Manual transactions: both committed together, or neither.
	//
	//	with transaction():
	//	    product = Product.objects.create(name="Gadget")
	//	    inventory = Inventory.objects.create(product=product, quantity=100)
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		gadget := &Product{Name: "Gadget"}
		if err := products.Create(ctx, gadget); err != nil {
			return err
		}
		inv := &Inventory{Quantity: 100}
		inv.Product.Set(gadget)
		return orm.Objects[Inventory](db).Create(ctx, inv)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "manual: %d products after the commit\n", count())

	// An error rolls back:
	//
	//	with transaction():
	//	    Product.objects.create(name="Doohickey")
	//	    raise ValueError("Something went wrong")  # Triggers rollback
	errWrong := errors.New("something went wrong")
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		if err := products.Create(ctx, &Product{Name: "Doohickey"}); err != nil {
			return err
		}
		return errWrong
	})
	fmt.Fprintf(w, "rolled back: %v, %d products\n", errors.Is(err, errWrong), count())

	// Savepoints, Python SQLORM's example:
	//
	//	with atomic():
	//	    Product.objects.create(name="Product 1")
	//	    sid = savepoint()
	//	    try:
	//	        Product.objects.create(name="Product 2")
	//	        raise Exception("Rollback to savepoint")
	//	    except Exception:
	//	        savepoint_rollback(sid)
	//	    # Product 1 is still created, Product 2 is rolled back
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		if err := products.Create(ctx, &Product{Name: "Product 1"}); err != nil {
			return err
		}
		sid, err := orm.Savepoint(ctx)
		if err != nil {
			return err
		}
		if err := func() error {
			if err := products.Create(ctx, &Product{Name: "Product 2"}); err != nil {
				return err
			}
			return errors.New("rollback to savepoint")
		}(); err != nil {
			return orm.SavepointRollback(ctx, sid)
		}
		return orm.SavepointRelease(ctx, sid)
	})
	if err != nil {
		return err
	}
	_, err1 := products.Get(ctx, orm.Q{"name": "Product 1"})
	_, err2 := products.Get(ctx, orm.Q{"name": "Product 2"})
	fmt.Fprintf(w, "savepoint: Product 1 exists %v, Product 2 exists %v\n", err1 == nil, err2 == nil)

	// The same with a nested Atomic, which is a savepoint; here the inner
	// block fails on the database (a duplicate name) and the outer block
	// goes on.
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		if err := products.Create(ctx, &Product{Name: "Product 3"}); err != nil {
			return err
		}
		err := orm.Atomic(ctx, db, func(ctx context.Context) error {
			return products.Create(ctx, &Product{Name: "Product 1"})
		})
		fmt.Fprintf(w, "nested: inner block failed with a unique violation: %v\n", errors.Is(err, orm.ErrUniqueViolation))
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "nested: %d products\n", count())

	// OnCommit: work that must only happen once the data is committed.
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		p := &Product{Name: "Thingamajig"}
		if err := products.Create(ctx, p); err != nil {
			return err
		}
		_ = orm.OnCommit(ctx, func() { fmt.Fprintf(w, "on commit: announce %s\n", p.Name) })
		fmt.Fprintln(w, "on commit: before the commit")
		return nil
	})
	if err != nil {
		return err
	}

	// Retry: run the whole transaction again if it loses a race (a
	// deadlock, a serialization failure, SQLite busy).
	attempts := 0
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		attempts++
		_, err := orm.Exec(ctx, db, "UPDATE inventory SET quantity = quantity - 1 WHERE quantity > 0")
		return err
	}, orm.Retry(3))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "retry: done in %d attempt\n", attempts)

	// execute_raw_sql, Python SQLORM's production workflow.
	for _, u := range []User{{Email: "a@example.com", EmailConfirmed: true}, {Email: "b@example.com"}, {Email: "c@example.com", EmailConfirmed: true}} {
		if err := orm.Objects[User](db).Create(ctx, &u); err != nil {
			return err
		}
	}
	// execute_raw_sql("UPDATE users SET verified = 1 WHERE email_confirmed = 1", fetch=False)
	if _, err := orm.Exec(ctx, db, "UPDATE user SET verified = ? WHERE email_confirmed = ?", true, true); err != nil {
		return err
	}
	// result = execute_raw_sql("SELECT COUNT(*) FROM users WHERE verified = 1")
	result, err := orm.ExecuteRawSQL(ctx, db, "SELECT COUNT(*) FROM user WHERE verified = ?", true)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "raw: Migrated %d verified users\n", result[0][0])

	// Rows onto a model.
	verified, err := orm.Raw[User](db, "SELECT id, email FROM user WHERE verified = ? ORDER BY id", true).All(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "raw: %d users mapped, first %s\n", len(verified), verified[0].Email)

	// Transactional DDL (Python SQLORM's PostgreSQL example):
	//
	//	with transaction():
	//	    add_column('users', 'role', 'VARCHAR(50)')
	//	    execute_raw_sql("UPDATE users SET role = 'member'", fetch=False)
	errBad := errors.New("bad data")
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		if _, err := orm.Exec(ctx, db, "ALTER TABLE user ADD COLUMN role VARCHAR(50)"); err != nil {
			return err
		}
		if _, err := orm.Exec(ctx, db, "UPDATE user SET role = 'member'"); err != nil {
			return err
		}
		return errBad // rolls back the new column as well
	})
	cols, cerr := orm.ExecuteRawSQLMaps(ctx, db, "SELECT name FROM pragma_table_info('user') WHERE name = 'role'")
	if cerr != nil {
		return cerr
	}
	fmt.Fprintf(w, "ddl: rolled back %v, role column exists %v\n", errors.Is(err, errBad), len(cols) == 1)
	return nil
}
