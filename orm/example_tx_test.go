package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// openTxExample opens an in-memory SQLite database with the TxNote table.
func openTxExample() *sql.DB {
	db, err := sql.Open("sqlorm", "sqlite::memory:")
	if err != nil {
		panic(err)
	}
	if err := orm.Migrate[TxNote](context.Background(), db); err != nil {
		panic(err)
	}
	return db
}

func ExampleAtomic() {
	db := openTxExample()
	defer db.Close()
	ctx := context.Background()
	notes := orm.Objects[TxNote](db)

	err := orm.Atomic(ctx, db, func(ctx context.Context) error {
		if err := notes.Create(ctx, &TxNote{Name: "Tintin"}); err != nil {
			return err // rolls back
		}
		// A nested Atomic is a savepoint: its failure undoes only its work.
		err := orm.Atomic(ctx, db, func(ctx context.Context) error {
			if err := notes.Create(ctx, &TxNote{Name: "Haddock"}); err != nil {
				return err
			}
			return notes.Create(ctx, &TxNote{Name: "Tintin"}) // unique violation
		})
		fmt.Println("inner block:", errors.Is(err, orm.ErrUniqueViolation))
		return nil // commits
	})
	n, _ := notes.Count(ctx)
	fmt.Println("err:", err, "notes:", n)
	// Output:
	// inner block: true
	// err: <nil> notes: 1
}

func ExampleSavepoint() {
	db := openTxExample()
	defer db.Close()
	ctx := context.Background()
	notes := orm.Objects[TxNote](db)

	_ = orm.Atomic(ctx, db, func(ctx context.Context) error {
		_ = notes.Create(ctx, &TxNote{Name: "Product 1"})
		sid, err := orm.Savepoint(ctx)
		if err != nil {
			return err
		}
		_ = notes.Create(ctx, &TxNote{Name: "Product 2"})
		return orm.SavepointRollback(ctx, sid) // Product 2 is rolled back
	})
	all, _ := notes.All(ctx)
	for _, n := range all {
		fmt.Println(n.Name)
	}
	// Output:
	// Product 1
}

func ExampleOnCommit() {
	db := openTxExample()
	defer db.Close()
	ctx := context.Background()

	_ = orm.Atomic(ctx, db, func(ctx context.Context) error {
		_ = orm.OnCommit(ctx, func() { fmt.Println("after commit: send the email") })
		fmt.Println("in the transaction")
		return nil
	})
	_ = orm.Atomic(ctx, db, func(ctx context.Context) error {
		_ = orm.OnCommit(ctx, func() { fmt.Println("never printed") })
		return errors.New("rolled back")
	})
	// Output:
	// in the transaction
	// after commit: send the email
}

func ExampleExecuteRawSQL() {
	db := openTxExample()
	defer db.Close()
	ctx := context.Background()

	_, _ = orm.Exec(ctx, db, "INSERT INTO tx_note (name) VALUES (?), (?)", "a", "b")
	rows, err := orm.ExecuteRawSQL(ctx, db, "SELECT COUNT(*), MAX(name) FROM tx_note")
	fmt.Println(rows, err)
	// Output:
	// [[2 b]] <nil>
}

func ExampleRaw() {
	db := openTxExample()
	defer db.Close()
	ctx := context.Background()

	_, _ = orm.Exec(ctx, db, "INSERT INTO tx_note (name) VALUES (?), (?)", "a", "b")
	notes, err := orm.Raw[TxNote](db, "SELECT id, name FROM tx_note WHERE name > ?", "a").All(ctx)
	fmt.Println(len(notes), notes[0].ID, notes[0].Name, err)
	// Output:
	// 1 2 b <nil>
}

func ExampleRebind() {
	pg, _ := dialect.Get(dialect.Postgres)
	ora, _ := dialect.Get(dialect.Oracle)
	q := "SELECT * FROM t WHERE a = ? AND b = '?' AND c ?? 'key' -- d = ?"
	fmt.Println(orm.Rebind(pg, q))
	fmt.Println(orm.Rebind(ora, "SELECT * FROM t WHERE a = ? AND b = ?"))
	// Output:
	// SELECT * FROM t WHERE a = $1 AND b = '?' AND c ? 'key' -- d = ?
	// SELECT * FROM t WHERE a = :1 AND b = :2
}
