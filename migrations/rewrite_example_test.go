package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/migrations"
)

// Python SQLORM's production workflow on SQLite: back a table up, change a
// column's type (a lossy change is refused, naming the row), change it
// for real, then restore the table, rows and schema, from the backup.
func ExampleChangeColumnType() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "rewrite-example")
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
	for _, s := range []string{
		"CREATE TABLE setting (id integer NOT NULL PRIMARY KEY, value text NOT NULL)",
		"INSERT INTO setting VALUES (1, '42'), (2, ' 7 '), (3, 'on')",
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			fmt.Println(err)
			return
		}
	}

	backup, err := migrations.BackupTable(ctx, db, "setting")
	fmt.Println("backup:", backup, err)

	// 'on' is not an integer: refused, nothing changes.
	value := dialect.Column{Name: "value", Kind: dialect.KindInt}
	err = migrations.ChangeColumnType(ctx, db, "setting", value)
	fmt.Println("lossy:", errors.Is(err, migrations.ErrLossyConversion))
	fmt.Println(err)

	if _, err := db.ExecContext(ctx, "UPDATE setting SET value = '1' WHERE id = 3"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("change:", migrations.ChangeColumnType(ctx, db, "setting", value))
	var sum int
	var typ string
	_ = db.QueryRowContext(ctx, "SELECT SUM(value), typeof(MIN(value)) FROM setting").Scan(&sum, &typ)
	fmt.Println("sum:", sum, typ)

	fmt.Println("restore:", migrations.RestoreTable(ctx, db, "setting"))
	_ = db.QueryRowContext(ctx, "SELECT group_concat(value, '|'), typeof(MIN(value)) FROM setting").Scan(&typ, new(string))
	fmt.Println("values:", typ)
	// Output:
	// backup: setting_backup <nil>
	// lossy: true
	// sqlorm/migrations: a value would not survive the change: table "setting": column "value": the row with id=3 holds a value the new definition would not keep exactly; fix that row first; nothing was changed
	// change: <nil>
	// sum: 50 integer
	// restore: <nil>
	// values: 42| 7 |on
}

// A rewrite reports rows copied of total as it goes; a table this small
// is copied in one batch, reported before and after.
func ExampleReportRows() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "report-rows-example")
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
	for _, s := range []string{
		"CREATE TABLE item (id integer NOT NULL PRIMARY KEY, qty integer NOT NULL)",
		"INSERT INTO item VALUES (1, 5), (2, 7), (3, 9)",
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			fmt.Println(err)
			return
		}
	}
	report := migrations.ReportRows(func(r migrations.RowsCopied) {
		fmt.Printf("%s: %d of %d rows\n", r.Table, r.Copied, r.Total)
	})
	qty := dialect.Column{Name: "qty", Kind: dialect.KindBigInt}
	fmt.Println(migrations.ChangeColumnType(ctx, db, "item", qty, report))
	// Output:
	// item: 0 of 3 rows
	// item: 3 of 3 rows
	// <nil>
}
