// Package introspect reads the schema of a live database — its tables,
// columns, indexes and foreign keys — on SQLite, PostgreSQL,
// MySQL/MariaDB and Oracle. It is the Go form of Python SQLORM's
// table_exists, get_table_columns and column_exists, and the reading half
// of a schema diff: [Table] returns the same neutral [dialect.Table] value
// that package orm produces from a model and that dialect.CreateTable
// turns into DDL, so comparing a model with its database is comparing two
// values of one type.
//
// # Where the SQL lives
//
// Package dialect is the only place in sqlorm that knows which database it
// is talking to, so the catalog queries live there, one file per backend
// beside the DDL they invert (dialect/catalog_sqlite.go, ...): each dialect
// implements [dialect.Catalog], which gives every query in one row shape on
// every backend and maps a catalog type back to a [dialect.Kind]. This
// package holds the one algorithm that runs those queries and assembles
// the answer; it contains no backend names and no SQL of its own, so a
// fifth backend is a new file in dialect and nothing here.
//
// # Which database
//
// Every function takes the *sql.DB it reads and finds its dialect with
// [dialect.Detect]. A database opened through a driver sqlorm does not
// know (or a test double such as go-sqlmock) needs the dialect in the
// context: [WithDialect]. The schema read is the connection's current one:
// the main database on SQLite, current_schema() (the first schema of the
// search_path) on PostgreSQL, DATABASE() on MySQL and the connected user's
// schema on Oracle.
//
// # Names and safety
//
// Every table and column name given to this package passes
// [dialect.CheckIdent] before anything is sent; a bad one is an error
// wrapping [dialect.ErrInvalidIdentifier] and no statement runs. Names then
// travel only as bound arguments of the catalog queries, never in the text
// of a statement — on SQLite too, where the pragma table-valued functions
// (pragma_table_info(?)) take the name as an argument. A table that does
// not exist is an error wrapping [ErrNoTable] that names it. Oracle's
// upper-case catalog names come back in lower case, as Django reports
// them.
//
// # What comes back
//
// The catalog is not the model: a few kinds are stored alike and cannot be
// told apart afterwards. They come back as the kind they are stored as:
//
//	SQLite      AutoField → BigAutoField (the rowid); DurationField → BigIntegerField;
//	            JSONField → TextField; DecimalField has no precision or scale;
//	            foreign keys have no names
//	PostgreSQL  Positive*Field → SmallInteger/Integer/BigIntegerField (the CHECK is not read)
//	MySQL       any tinyint(1) → BooleanField; DurationField → BigIntegerField;
//	            JSONField → TextField on MariaDB; a unique index reads as a
//	            UNIQUE constraint; InnoDB's own index for a foreign key is
//	            reported by Indexes but left out of Table
//	Oracle      SmallIntegerField and Positive* → Integer/BigIntegerField;
//	            TimeField → DateTimeField; JSONField → TextField; character
//	            and binary columns are nullable (sqlorm, like Django, never
//	            makes them NOT NULL there)
//
// A UUIDField is char(36) (VARCHAR2(36) on Oracle, uuid on PostgreSQL), so
// any char(36) column comes back as a UUIDField. A type no rule recognises
// keeps its database type in DBType with [dialect.KindInvalid]; it is not
// an error. ON DELETE comes back as the backend reports it, never empty:
// a foreign key created without an action reads "NO ACTION" on SQLite,
// PostgreSQL and Oracle and "RESTRICT" on MySQL/MariaDB.
//
// Check constraints (Positive*, Choices, JSON validity) are not read.
package introspect
