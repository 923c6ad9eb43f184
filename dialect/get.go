package dialect

import (
	"fmt"
	"strings"
)

// validNames is the list error messages give.
const validNames = "sqlite, postgres, mysql, oracle"

// Get returns the dialect named n. The returned value is immutable and safe
// for concurrent use; Get does not allocate for a valid name. An unknown
// name is an error wrapping ErrUnknownDialect that lists the valid names.
func Get(n Name) (Dialect, error) {
	switch n {
	case SQLite:
		return sqlite{}, nil
	case Postgres:
		return postgres{}, nil
	case MySQL:
		return mysql{}, nil
	case Oracle:
		return oracle{}, nil
	}
	return nil, fmt.Errorf("%w %q; valid names: %s", ErrUnknownDialect, string(n), validNames)
}

// All returns every dialect sqlorm supports, in a fixed order (SQLite,
// PostgreSQL, MySQL, Oracle). Each call returns a new slice.
func All() []Dialect {
	return []Dialect{sqlite{}, postgres{}, mysql{}, oracle{}}
}

// Parse maps a name as found in configuration (a URL scheme, a Django
// ENGINE suffix, a driver name) to a Name. It accepts, ignoring case and
// surrounding space: "sqlite", "sqlite3" → SQLite; "postgres",
// "postgresql", "pgx" → Postgres; "mysql", "mariadb" → MySQL; "oracle" →
// Oracle. Anything else is an error wrapping ErrUnknownDialect that lists
// the accepted spellings.
func Parse(s string) (Name, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "sqlite", "sqlite3":
		return SQLite, nil
	case "postgres", "postgresql", "pgx":
		return Postgres, nil
	case "mysql", "mariadb":
		return MySQL, nil
	case "oracle":
		return Oracle, nil
	}
	return "", fmt.Errorf("%w %q; use one of sqlite, sqlite3, postgres, postgresql, pgx, mysql, mariadb, oracle", ErrUnknownDialect, s)
}
