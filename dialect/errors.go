package dialect

import (
	"errors"
	"fmt"
)

// ErrInvalidIdentifier is wrapped by every error about an identifier that
// [CheckIdent] rejects.
var ErrInvalidIdentifier = errors.New("sqlorm/dialect: invalid identifier")

// ErrUnknownDialect is wrapped by errors about a dialect name that is not one
// of SQLite, Postgres, MySQL or Oracle.
var ErrUnknownDialect = errors.New("sqlorm/dialect: unknown dialect")

// ErrUnsupported is wrapped when a dialect cannot do what was asked (for
// example a feature it does not have). The message names the dialect and the
// feature.
var ErrUnsupported = errors.New("sqlorm/dialect: not supported")

// ErrInvalidSchema is wrapped by every error about a table, column, index,
// constraint or default that cannot be turned into DDL. The message names the
// dialect, the table and the column, and says how to fix it.
var ErrInvalidSchema = errors.New("sqlorm/dialect: invalid schema")

// errLiteral is wrapped by literal's errors; callers add the table and
// column and wrap ErrInvalidSchema.
var errLiteral = errors.New("cannot be written as a SQL literal")

// BindError is the Writer's error when [Writer.Bind] cannot convert a value
// for its operand. Err is the conversion's error (an operand's Prep error
// unchanged, wrapped).
type BindError struct{ Err error }

// Error returns Err's message.
func (e *BindError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *BindError) Unwrap() error { return e.Err }

// Violation names the kind of integrity constraint a statement broke.
type Violation int

// The constraint violations sqlorm recognises by driver error code.
const (
	UniqueViolation Violation = iota + 1
	ForeignKeyViolation
	NotNullViolation
	CheckViolation
)

// Sentinels for errors.Is: a *ConstraintError of the matching Violation
// satisfies errors.Is(err, ErrUniqueViolation) and so on. Their messages
// say "sqlorm:", not "sqlorm/dialect:": they are the errors ORM calls
// return for a violated constraint, and package orm's messages carry that
// prefix once.
var (
	ErrUniqueViolation     = errors.New("sqlorm: unique constraint violated")
	ErrForeignKeyViolation = errors.New("sqlorm: foreign key constraint violated")
	ErrNotNullViolation    = errors.New("sqlorm: not-null constraint violated")
	ErrCheckViolation      = errors.New("sqlorm: check constraint violated")
)

// String returns a short name for the violation.
func (v Violation) String() string {
	switch v {
	case UniqueViolation:
		return "unique"
	case ForeignKeyViolation:
		return "foreign key"
	case NotNullViolation:
		return "not null"
	case CheckViolation:
		return "check"
	}
	return "unknown"
}

func (v Violation) sentinel() error {
	switch v {
	case UniqueViolation:
		return ErrUniqueViolation
	case ForeignKeyViolation:
		return ErrForeignKeyViolation
	case NotNullViolation:
		return ErrNotNullViolation
	case CheckViolation:
		return ErrCheckViolation
	}
	return nil
}

// ConstraintError is a driver error classified as an integrity-constraint
// violation. It wraps the original driver error (errors.As still finds
// *pgconn.PgError, *mysql.MySQLError, sqlite3.Error) and satisfies errors.Is
// with the sentinel for its Violation.
type ConstraintError struct {
	Violation  Violation
	Constraint string // constraint or index name when the backend reports it, else ""
	Table      string // table name when the backend reports it, else ""
	Column     string // column name when the backend reports it, else ""
	Err        error  // the original driver error
}

// Error describes the violation and includes the driver's message.
func (e *ConstraintError) Error() string {
	s := "sqlorm: " + e.Violation.String() + " constraint violated"
	if e.Constraint != "" {
		s += fmt.Sprintf(" (constraint %q)", e.Constraint)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the original driver error.
func (e *ConstraintError) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel for e's Violation.
func (e *ConstraintError) Is(target error) bool {
	return target != nil && target == e.Violation.sentinel()
}
