package driver_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"

	sqlormdriver "github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/hooks"
)

// Opening a database through the sqlorm driver: the URL names the backend,
// sqlorm's own options ride along in the query.
func Example() {
	db, err := sql.Open("sqlorm", "sqlite::memory:?conn_max_age=600&health_checks=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
	db.ExecContext(ctx, "INSERT INTO product (name) VALUES (?), (?)", "Widget", "Gadget")
	var n int
	db.QueryRowContext(ctx, "SELECT COUNT(*) FROM product").Scan(&n)
	fmt.Println("products:", n)
	st, _ := sqlormdriver.Stats(db)
	fmt.Println("connections opened:", st.Opened)
	// Output:
	// products: 2
	// connections opened: 1
}

func ExampleParseURL() {
	cfg, err := sqlormdriver.ParseURL("postgres://app:secret@db.internal:5432/shop?sslmode=require&conn_max_age=10m&health_checks=true&debug=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Dialect)
	fmt.Println(cfg.URL == "postgres://app:secret@db.internal:5432/shop?sslmode=require")
	fmt.Println(cfg.Pool.MaxAge, cfg.Pool.HealthChecks)
	fmt.Println(cfg) // String redacts the password
	// Output:
	// postgres
	// true
	// 10m0s true
	// postgres://app:xxxxx@db.internal:5432/shop?sslmode=require conn_max_age=10m0s health_checks=true debug=true
}

func ExampleParseURL_errors() {
	_, err := sqlormdriver.ParseURL("postgres://app:secret@db/shop?conn_maxage=600")
	fmt.Println(err)
	_, err = sqlormdriver.ParseURL("mongodb://app:secret@db/shop")
	fmt.Println(err)
	// Output:
	// sqlorm/driver: bad configuration: unknown sqlorm option "conn_maxage"; did you mean "conn_max_age"? (sqlorm options: conn_max_age, health_checks, health_check_idle, debug, statement_timeout, pooler)
	// sqlorm/driver: bad configuration: mongodb://app:xxxxx@db/shop: unknown database scheme; supported: sqlite:PATH, file:PATH.db, postgres://, mysql://, mariadb://, oracle://
}

// Hooks and a logger attach through OpenDB; a URL cannot carry functions.
func ExampleOpenDB() {
	cfg, err := sqlormdriver.ParseURL("sqlite::memory:?debug=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	// A text logger without the time, so the output is stable.
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	var statements int
	cfg.Hooks = append(cfg.Hooks, hooks.Funcs{AfterFunc: func(ctx context.Context, e *hooks.Event) {
		if e.Op == hooks.OpExec {
			statements++
		}
	}})
	db, err := sqlormdriver.OpenDB(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	db.Exec("CREATE TABLE t (x INT)")
	db.Exec("INSERT INTO t VALUES (?)", 42)
	fmt.Println("exec statements seen by the hook:", statements)
	// Output:
	// level=INFO msg="sqlorm exec" op=exec sql="CREATE TABLE t (x INT)" rows=0 conn=1 dialect=sqlite
	// level=INFO msg="sqlorm exec" op=exec sql="INSERT INTO t VALUES (?)" rows=1 nargs=1 conn=1 dialect=sqlite
	// exec statements seen by the hook: 2
}
