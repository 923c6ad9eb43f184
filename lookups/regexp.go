package lookups

import "github.com/sqlorm/sqlorm/dialect"

// RegexpFunc returns an implementation of SQLite's regexp(pattern, value)
// function, which the regex and iregex lookups need on SQLite: it is
// dialect.SQLiteRegexpFunc (see there for its semantics).
//
// The sqlorm driver registers it on every SQLite connection. A database
// opened straight through mattn/go-sqlite3 needs it registered by the
// program:
//
//	sql.Register("sqlite3_regexp", &sqlite3.SQLiteDriver{
//		ConnectHook: func(c *sqlite3.SQLiteConn) error {
//			return c.RegisterFunc("regexp", lookups.RegexpFunc(), true)
//		},
//	})
func RegexpFunc() func(pattern, value any) (any, error) {
	return dialect.SQLiteRegexpFunc()
}
