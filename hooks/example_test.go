package hooks_test

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/hooks"
)

// Capture counts the statements run with a context, as Django's
// assertNumQueries does.
func ExampleCapture() {
	db, err := sql.Open("sqlorm", "sqlite::memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	db.Exec("CREATE TABLE t (x INT)") // not captured

	ctx, rec := hooks.Capture(context.Background())
	db.ExecContext(ctx, "INSERT INTO t VALUES (?)", 1)
	var n int
	db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n)

	fmt.Println("statements:", rec.Count())
	fmt.Print(rec)
	// Output:
	// statements: 2
	// 1. INSERT INTO t VALUES (?)
	// 2. SELECT COUNT(*) FROM t
}
