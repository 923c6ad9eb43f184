package dialect

// Dialect answers every question sqlorm has about one SQL dialect. The four
// implementations are values returned by [Get] and [Detect]; they hold no
// mutable state and are safe for concurrent use.
type Dialect interface {
	// Name returns the dialect's name.
	Name() Name
	// Features returns the dialect's capability set.
	Features() Feature
	// Has reports whether the dialect has every capability in f.
	Has(f Feature) bool

	// Quote checks name with CheckIdent and returns it quoted for this
	// dialect ("name" or `name`). Oracle folds it to upper case first, as
	// Django does, so quoted and unquoted references agree.
	Quote(name string) (string, error)
	// AppendQuote appends the quoted form of name to dst. name must already
	// have passed CheckIdent (it is the fast path for metadata that was
	// validated once); it never fails.
	AppendQuote(dst []byte, name string) []byte
	// Placeholder returns the bind placeholder for the n-th argument,
	// counting from 1: "?" (SQLite, MySQL), "$n" (PostgreSQL), ":n" (Oracle).
	Placeholder(n int) string
	// AppendPlaceholder appends Placeholder(n) to dst.
	AppendPlaceholder(dst []byte, n int) []byte
	// MaxParams is the most bind parameters one statement may carry.
	MaxParams() int
	// MaxIdentLen is the longest identifier the dialect accepts, in bytes.
	MaxIdentLen() int

	// ColumnType returns the column type for c ("varchar(100)", "bigint",
	// ...), without NULL/DEFAULT clauses. An impossible column (a Char with
	// no length, a Decimal whose scale exceeds its precision) is an error
	// naming the column.
	ColumnType(c Column) (string, error)
	// CreateTable returns the statements that create t with its columns,
	// primary key, NOT NULL, defaults, unique and check constraints, foreign
	// keys and indexes. Running them on a database where the table and its
	// indexes already exist changes nothing and does not fail.
	CreateTable(t Table) ([]string, error)
	// CreateIndex returns the statement creating idx on table, if it does
	// not exist yet.
	CreateIndex(table string, idx Index) (string, error)
	// DropTable returns DROP TABLE for name (IF EXISTS where supported).
	DropTable(name string) (string, error)
	// AddColumn returns ALTER TABLE ... ADD COLUMN for c.
	AddColumn(table string, c Column) (string, error)
	// TableExists returns a query, and its arguments, that yields exactly one
	// row with one integer column: the number of tables named table in the
	// current schema (0 or 1).
	TableExists(table string) (query string, args []any)

	// Savepoint, RollbackToSavepoint and ReleaseSavepoint return the
	// statements for the savepoint name. ReleaseSavepoint returns "" where the
	// dialect has no RELEASE SAVEPOINT (Oracle): the caller then sends nothing.
	Savepoint(name string) (string, error)
	RollbackToSavepoint(name string) (string, error)
	ReleaseSavepoint(name string) (string, error)

	// ClassifyError inspects a driver error by its code (never by message
	// text). For a constraint violation it returns a *ConstraintError that
	// wraps err; any other error, and nil, is returned unchanged.
	ClassifyError(err error) error
}
