// Package dialect is the only place in sqlorm that knows which database it is
// talking to. Everything that differs between SQLite, PostgreSQL,
// MySQL/MariaDB and Oracle lives here: identifier validation and quoting,
// placeholders, capabilities, column types and DDL, and the classification of
// driver errors.
//
// # Shape
//
// A [Dialect] answers questions ("quote this", "the nth placeholder", "can
// you RETURNING?", "DDL for this table", "is this error a unique
// violation?"). Capabilities are data: each dialect carries a [Feature] set,
// so callers write d.Has(dialect.Returning), never name == "postgres".
// Facts that are not bits are [Traits] (function names, statement shapes,
// storage forms), [Dialect.LookupSQL] (how Django's lookups are spelled)
// and the DDL methods. There is one file per dialect, with the same shape
// in each; the methods every dialect answers alike come from a shared base
// type, so a dialect file holds only what is its own.
//
// # One SQL writer
//
// [Writer] is the one builder of SQL text and bind arguments in sqlorm:
// package orm writes its statements in it, package lookups renders
// lookups into the same Writer, and a dialect's [LookupSQL] writes its
// spellings there. [Operand] and [RHS] are what it writes besides raw text,
// placeholders and checked identifiers; [BindValue] is the storage form of
// a Go value compared with a column.
//
// # Adding a backend
//
// A fifth backend is a new file here, say dialect/db2.go, and its tests;
// nothing outside this directory names a backend (the architecture test
// internal/archtest enforces it). The file declares
//
//	type db2 struct{ base[db2] }
//
// and the methods base cannot derive: Name, Features, Traits, AppendQuote,
// AppendPlaceholder, MaxParams, MaxIdentLen, TableExists, ClassifyError
// and LookupSQL (a type with the six [LookupSQL] methods; see
// lookup_sqlite.go), plus the DDL decisions of the unexported ddlDialect
// interface (columnType, stringLit, boolLit, typeChecks, autoSuffix,
// writesNotNull, defaultExpr, onDelete, indexable, createTableStmt,
// createIndexStmt). base then answers Has, Quote, Placeholder, ColumnType,
// CreateTable, CreateIndex, DropTable, DropIndex, AddColumn, DropColumn,
// RenameColumn, RenameTable, StrictSession and the savepoint statements in
// their standard forms; a backend whose syntax differs declares its own
// (MySQL's RenameTable and DropIndex, Oracle's DropTable).
// Reading a live schema (package introspect) needs the [Catalog] methods,
// in catalog_db2.go. Finally the name joins the constants above, [Get],
// [All] and [Parse], and [ForDriver] learns its driver type. A backend
// close to an existing one embeds it and declares only the difference:
// fifth_internal_test.go holds such a toy, SQLite with [bracketed]
// identifiers, which fifth_test.go runs through the real orm and lookups
// code on a SQLite database.
//
// # Identifiers
//
// Every identifier sqlorm puts into SQL (table, column, index, alias,
// savepoint) passes [CheckIdent], one strict function shared by every
// package, and is then quoted by [Dialect.Quote]. Nothing else is accepted.
//
// # Schema values
//
// [Table], [Column], [Index] and [ForeignKey] are the neutral description of
// a table. Package orm produces them from a model, package introspect reads
// them from a live database, and package migrations compares two of them.
//
// # DDL
//
// Column types follow Django's per-backend data_types, with one deliberate
// difference: UUIDs are stored in their canonical 36-character form
// (char(36), VARCHAR2(36)) where the backend has no uuid type. One shared
// algorithm builds CREATE TABLE, CREATE INDEX and ALTER TABLE ... ADD for
// every dialect; each dialect file supplies only its decisions (types,
// literal syntax, the idempotent form of CREATE). Generated statements are
// idempotent: IF NOT EXISTS where the backend has it, a PL/SQL block that
// ignores "already exists" on Oracle.
//
// # Errors
//
// [Dialect.ClassifyError] turns a driver's integrity error into a
// [*ConstraintError], recognised by error code only, that satisfies
// errors.Is with [ErrUniqueViolation], [ErrForeignKeyViolation],
// [ErrNotNullViolation] or [ErrCheckViolation] and still unwraps to the
// driver's error. This package imports pgconn, go-sql-driver/mysql and
// go-ora's network package for their error types, but not go-sqlite3 (cgo):
// its error is recognised by reflection.
//
// # Which dialect
//
// [Get] returns a dialect by [Name], [Parse] reads a name from
// configuration, and [Detect] finds the dialect of a *sql.DB from its driver
// without a query.
package dialect

// Name identifies one SQL dialect. The zero value is not a valid dialect.
type Name string

// The dialects sqlorm supports.
const (
	SQLite   Name = "sqlite"
	Postgres Name = "postgres"
	MySQL    Name = "mysql" // MySQL and MariaDB
	Oracle   Name = "oracle"
)

// String returns the name as written in the constants above.
func (n Name) String() string { return string(n) }

// Feature is a set of capabilities a dialect has. Test membership with
// [Dialect.Has]; combine with |.
type Feature uint64

// Capabilities. Each bit says the dialect supports the named SQL feature.
const (
	// Returning: INSERT/UPDATE/DELETE ... RETURNING (PostgreSQL, SQLite >= 3.35, MariaDB >= 10.5 for INSERT/DELETE).
	Returning Feature = 1 << iota
	// LastInsertID: sql.Result.LastInsertId reports the generated key.
	LastInsertID
	// Savepoints: SAVEPOINT / ROLLBACK TO SAVEPOINT.
	Savepoints
	// ReleaseSavepoint: RELEASE SAVEPOINT exists (Oracle has none).
	ReleaseSavepoint
	// TransactionalDDL: CREATE/ALTER/DROP roll back with the transaction.
	TransactionalDDL
	// SelectForUpdate: SELECT ... FOR UPDATE.
	SelectForUpdate
	// SelectForUpdateNowait: FOR UPDATE NOWAIT.
	SelectForUpdateNowait
	// SelectForUpdateSkipLocked: FOR UPDATE SKIP LOCKED.
	SelectForUpdateSkipLocked
	// OffsetFetch: OFFSET n ROWS FETCH FIRST m ROWS ONLY instead of LIMIT/OFFSET.
	OffsetFetch
	// NullsOrdering: ORDER BY ... NULLS FIRST / NULLS LAST.
	NullsOrdering
	// OnConflict: INSERT ... ON CONFLICT (upsert, ignore).
	OnConflict
	// OnDuplicateKey: INSERT ... ON DUPLICATE KEY UPDATE / INSERT IGNORE.
	OnDuplicateKey
	// NativeBool: a real boolean column type.
	NativeBool
	// NativeUUID: a real uuid column type.
	NativeUUID
	// NativeJSON: a JSON column type.
	NativeJSON
	// NativeDecimal: exact NUMERIC/DECIMAL storage (SQLite has none).
	NativeDecimal
	// CreateIfNotExists: CREATE TABLE / CREATE INDEX ... IF NOT EXISTS.
	CreateIfNotExists
	// DistinctOn: SELECT DISTINCT ON (...).
	DistinctOn
	// RegexpOperator: a native regular-expression match operator or function.
	RegexpOperator
	// CheckConstraints: CHECK constraints are enforced.
	CheckConstraints
	// MatchedRowCounts: an UPDATE's RowsAffected counts the rows it
	// matched, as Django's update() returns. MySQL and MariaDB count the
	// rows whose values changed unless the client sets CLIENT_FOUND_ROWS
	// (go-sql-driver's clientFoundRows=true), which a connection of any
	// driver may or may not do.
	MatchedRowCounts
)

// Kind is the neutral type of a column. Each dialect maps a Kind (plus
// length, precision and scale) onto its own column type.
type Kind int

// Column kinds. Each corresponds to a Django field class.
const (
	KindInvalid          Kind = iota
	KindAuto                  // AutoField: 32-bit auto-increment primary key
	KindBigAuto               // BigAutoField: 64-bit auto-increment primary key
	KindBool                  // BooleanField
	KindSmallInt              // SmallIntegerField (16-bit)
	KindInt                   // IntegerField (32-bit)
	KindBigInt                // BigIntegerField (64-bit)
	KindPositiveSmallInt      // PositiveSmallIntegerField (CHECK >= 0)
	KindPositiveInt           // PositiveIntegerField (CHECK >= 0)
	KindPositiveBigInt        // PositiveBigIntegerField (CHECK >= 0)
	KindFloat                 // FloatField (double precision)
	KindDecimal               // DecimalField(max_digits=Precision, decimal_places=Scale)
	KindChar                  // CharField(max_length=Length); also Email/URL/Slug
	KindText                  // TextField
	KindDate                  // DateField
	KindTime                  // TimeField
	KindDateTime              // DateTimeField (stored as UTC)
	KindDuration              // DurationField (stored as microseconds on backends without an interval type)
	KindUUID                  // UUIDField
	KindJSON                  // JSONField
	KindBinary                // BinaryField
)

var kindNames = [...]string{
	KindInvalid: "invalid", KindAuto: "AutoField", KindBigAuto: "BigAutoField",
	KindBool: "BooleanField", KindSmallInt: "SmallIntegerField", KindInt: "IntegerField",
	KindBigInt: "BigIntegerField", KindPositiveSmallInt: "PositiveSmallIntegerField",
	KindPositiveInt: "PositiveIntegerField", KindPositiveBigInt: "PositiveBigIntegerField",
	KindFloat: "FloatField", KindDecimal: "DecimalField", KindChar: "CharField",
	KindText: "TextField", KindDate: "DateField", KindTime: "TimeField",
	KindDateTime: "DateTimeField", KindDuration: "DurationField", KindUUID: "UUIDField",
	KindJSON: "JSONField", KindBinary: "BinaryField",
}

// Integer reports whether k stores integers: the auto keys and Django's
// IntegerField family.
func (k Kind) Integer() bool {
	switch k {
	case KindAuto, KindBigAuto, KindSmallInt, KindInt, KindBigInt,
		KindPositiveSmallInt, KindPositiveInt, KindPositiveBigInt:
		return true
	}
	return false
}

// String returns the Django field class name of the kind.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "invalid"
	}
	return kindNames[k]
}

// Column is the neutral description of one table column.
type Column struct {
	Name      string // column name, checked by CheckIdent
	Kind      Kind
	Length    int  // max_length for KindChar
	Precision int  // max_digits for KindDecimal
	Scale     int  // decimal_places for KindDecimal
	Null      bool // NULL allowed
	Primary   bool // part of the primary key
	Unique    bool // UNIQUE constraint on this column alone
	// Default is the column's DEFAULT as a Go value (nil: no default). It is
	// rendered as a SQL literal by the dialect: strings (valid UTF-8, no NUL
	// bytes), bools, every integer and float type (finite), named types of
	// those, and fmt.Stringer values whose String is a plain decimal number
	// (decimal.Decimal) are accepted; anything else (time.Time,
	// time.Duration, []byte, ...) is an ErrInvalidSchema error.
	Default any
	// HasDefault reports whether Default is set (a nil Default with
	// HasDefault means DEFAULT NULL).
	HasDefault bool
	// Choices, when not empty, become a CHECK (col IN (...)) constraint.
	Choices []string
	// DBType, when set, is the column type as read from a live database
	// (introspection); it is informational and never pasted into DDL.
	DBType string
	// CheckClause, when set, is the condition of the column's CHECK
	// constraint (named <table>_<column>_check, as CreateTable names it)
	// as read from a live database (introspection, which also fills
	// Choices from its string literals); informational, never pasted into
	// DDL: CreateTable derives the check from Kind and Choices.
	CheckClause string
}

// Index is the neutral description of an index.
type Index struct {
	Name    string   // index name; DeriveName(table, Columns, "idx" or "uniq") when empty
	Columns []string // column names in order
	Unique  bool
}

// ForeignKey is the neutral description of a foreign-key constraint.
type ForeignKey struct {
	Name       string // constraint name; DeriveName(table, Columns, "fk") when empty
	Columns    []string
	RefTable   string
	RefColumns []string
	// OnDelete is "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT",
	// "NO ACTION" or "" (the backend's default); case and Django's
	// underscores ("set_null") do not matter. SET NULL needs nullable
	// columns. Oracle writes RESTRICT and NO ACTION as its default (no
	// clause); MySQL and Oracle reject SET DEFAULT (ErrUnsupported).
	OnDelete string
}

// Table is the neutral description of a table: the value orm produces from a
// model and introspect reads from a database.
type Table struct {
	Name        string
	Columns     []Column
	Indexes     []Index
	Uniques     [][]string // multi-column UNIQUE constraints (unique_together)
	ForeignKeys []ForeignKey
	// Checks are CHECK constraints beyond the ones derived from the
	// columns (read from a live table made elsewhere, or Django's
	// Meta.constraints CheckConstraint); each is written as CONSTRAINT
	// name CHECK (clause), the clause as SQL for the backend, unchecked.
	Checks []Check
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}
