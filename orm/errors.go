package orm

import (
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// proxyError is an error with its own message whose Unwrap returns another
// sentinel, so that errors.Is matches both (pgx's ErrNoRows does the same).
type proxyError struct {
	msg        string
	background error
}

func (e *proxyError) Error() string { return e.msg }
func (e *proxyError) Unwrap() error { return e.background }

// ErrDoesNotExist is Django's Model.DoesNotExist: Get or Refresh found no
// row. The errors they return wrap it and name the model; errors.Is(err,
// ErrDoesNotExist) and errors.Is(err, sql.ErrNoRows) both hold, so code
// written for database/sql keeps working. Not finding a row is an expected
// outcome, not a failure: sqlorm never logs it.
var ErrDoesNotExist error = &proxyError{msg: "sqlorm: object does not exist", background: sql.ErrNoRows}

// ErrMultipleObjectsReturned is Django's MultipleObjectsReturned: Get
// matched more than one row. The error returned wraps it and names the
// model and how many rows matched.
var ErrMultipleObjectsReturned = errors.New("sqlorm: get() returned more than one object")

// ErrInvalidModel is wrapped by every *ModelError: a model's declaration (its
// struct fields, tags or Meta) is wrong. Fix the declaration; retrying
// cannot help.
var ErrInvalidModel = errors.New("sqlorm: invalid model")

// ErrInvalidQuery is wrapped by errors about a query the ORM cannot build:
// an unknown field or lookup, a value of the wrong type, a primary key that
// is not set. The message names the model and the offending name.
var ErrInvalidQuery = errors.New("sqlorm: invalid query")

// Constraint violations, re-exported from package dialect so callers need
// only import orm: a database error returned by any ORM call that broke an
// integrity constraint is a *ConstraintError matching one of these with
// errors.Is, and wraps the driver's own error (*pgconn.PgError,
// *mysql.MySQLError, sqlite3.Error) for errors.As.
var (
	ErrUniqueViolation     = dialect.ErrUniqueViolation
	ErrForeignKeyViolation = dialect.ErrForeignKeyViolation
	ErrNotNullViolation    = dialect.ErrNotNullViolation
	ErrCheckViolation      = dialect.ErrCheckViolation
)

// ConstraintError is a classified integrity-constraint violation; see
// [dialect.ConstraintError]. Use errors.As(err, &ce) with ce of type
// *orm.ConstraintError to read the violation kind and constraint name.
type ConstraintError = dialect.ConstraintError

// Violation names the kind of constraint a statement broke; see
// [dialect.Violation].
type Violation = dialect.Violation

// The violation kinds, re-exported from package dialect.
const (
	UniqueViolation     = dialect.UniqueViolation
	ForeignKeyViolation = dialect.ForeignKeyViolation
	NotNullViolation    = dialect.NotNullViolation
	CheckViolation      = dialect.CheckViolation
)

// ModelError reports a mistake in a model declaration, found when the
// model's metadata is built (by Register or on first use). It names the
// model, the Go field and the tag option concerned, and says how to fix it.
// It wraps ErrInvalidModel.
type ModelError struct {
	Model  string // Go type name of the model
	Field  string // Go field name, or "" for a model-level problem
	Option string // tag option or Meta entry concerned, or ""
	Msg    string // what is wrong and how to fix it
}

// Error returns "sqlorm: model Product, field Price, option max_length: ...".
func (e *ModelError) Error() string {
	var b strings.Builder
	b.WriteString("sqlorm: model ")
	b.WriteString(e.Model)
	if e.Field != "" {
		b.WriteString(", field ")
		b.WriteString(e.Field)
	}
	if e.Option != "" {
		b.WriteString(", option ")
		b.WriteString(e.Option)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns ErrInvalidModel.
func (e *ModelError) Unwrap() error { return ErrInvalidModel }

// NonFieldErrors is the key of ValidationError.Fields for errors that do not
// belong to one field (Django's NON_FIELD_ERRORS), such as an error returned
// by a model's Clean method.
const NonFieldErrors = "__all__"

// ValidationError is what FullClean returns when a model value is invalid:
// Django's ValidationError.message_dict. Fields maps a field name (the
// snake_case name Fields returns, or NonFieldErrors) to its messages, in the
// order the checks ran.
//
// A model's Clean method or a field validator may return a *ValidationError
// of its own; its messages are merged into the result.
type ValidationError struct {
	Model  string              // Go type name of the model
	Fields map[string][]string // field name → messages
}

// Error lists every message, fields in name order: "sqlorm: Product is
// invalid: name: This field cannot be blank.; price: ...".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("sqlorm: ")
	if e.Model != "" {
		b.WriteString(e.Model)
		b.WriteString(" is invalid")
	} else {
		b.WriteString("validation failed")
	}
	sep := ": "
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		for _, m := range e.Fields[k] {
			b.WriteString(sep)
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(m)
			sep = "; "
		}
	}
	return b.String()
}

// Add appends msg to the messages of field (NonFieldErrors for the model as
// a whole). It is meant for Clean methods building their own error.
func (e *ValidationError) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = make(map[string][]string)
	}
	e.Fields[field] = append(e.Fields[field], msg)
}

// NewValidationError returns a *ValidationError holding msg for field
// (NonFieldErrors for the model as a whole): the usual return value of a
// Clean method, Django's raise ValidationError({'price': '...'}).
func NewValidationError(field, msg string) *ValidationError {
	e := &ValidationError{}
	e.Add(field, msg)
	return e
}

func (e *ValidationError) merge(o *ValidationError) {
	for k, ms := range o.Fields {
		for _, m := range ms {
			e.Add(k, m)
		}
	}
}

// queryError builds an error wrapping ErrInvalidQuery.
func queryError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidQuery}, args...)...)
}
