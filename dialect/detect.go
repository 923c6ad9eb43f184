package dialect

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
)

// Dialecter is implemented by a database/sql driver that knows which
// dialect it speaks. sqlorm's own "sqlorm" driver implements it, so
// [ForDriver] and [Detect] ask it before looking at the driver's type.
type Dialecter interface {
	Dialect() Name
}

// Detect returns the dialect db speaks, by [ForDriver] on db.Driver(). It
// is cheap enough to call on every ORM call: no query, no lock, and no
// allocation for a known driver. A db opened through a driver sqlorm does
// not know is an error wrapping ErrUnknownDialect: pass the dialect
// explicitly instead (orm.WithDialect).
func Detect(db *sql.DB) (Dialect, error) {
	if db == nil {
		return nil, errors.New("sqlorm/dialect: Detect: nil *sql.DB")
	}
	return ForDriver(db.Driver())
}

// ForDriver returns the dialect of a database/sql driver. A driver that
// implements [Dialecter] is asked; otherwise the driver's type (a pointer
// is dereferenced), compared by exact package path and name, decides:
//
//	github.com/jackc/pgx/v5/stdlib.Driver         Postgres
//	github.com/lib/pq.Driver                      Postgres
//	github.com/go-sql-driver/mysql.MySQLDriver    MySQL
//	github.com/mattn/go-sqlite3.SQLiteDriver      SQLite
//	modernc.org/sqlite.Driver                     SQLite
//	github.com/sijms/go-ora/v2.OracleDriver       Oracle
//
// This package imports none of these drivers. Any other driver is an error
// wrapping ErrUnknownDialect that names the driver's type and says to pass
// the dialect explicitly.
func ForDriver(d driver.Driver) (Dialect, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: nil driver; pass the dialect explicitly (orm.WithDialect)", ErrUnknownDialect)
	}
	if dd, ok := d.(Dialecter); ok {
		n := dd.Dialect()
		dl, err := Get(n)
		if err != nil {
			return nil, fmt.Errorf("sqlorm/dialect: driver %T reports dialect %q: %w", d, string(n), err)
		}
		return dl, nil
	}
	t := reflect.TypeOf(d)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n, ok := driverDialect(t.PkgPath(), t.Name()); ok {
		return Get(n)
	}
	return nil, fmt.Errorf("%w: cannot tell the SQL dialect of database/sql driver %v; pass the dialect explicitly (orm.WithDialect)", ErrUnknownDialect, reflect.TypeOf(d))
}

// driverDialect maps a driver type's package path and name to its dialect.
func driverDialect(pkg, name string) (Name, bool) {
	var n Name
	var typ string
	switch pkg {
	case "github.com/jackc/pgx/v5/stdlib", "github.com/lib/pq":
		n, typ = Postgres, "Driver"
	case "github.com/go-sql-driver/mysql":
		n, typ = MySQL, "MySQLDriver"
	case "github.com/mattn/go-sqlite3":
		n, typ = SQLite, "SQLiteDriver"
	case "modernc.org/sqlite":
		n, typ = SQLite, "Driver"
	case "github.com/sijms/go-ora/v2":
		n, typ = Oracle, "OracleDriver"
	default:
		return "", false
	}
	if name != typ {
		return "", false
	}
	return n, true
}
