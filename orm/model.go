package orm

import (
	"context"
	"reflect"
)

// Model is the base most models embed: it gives the model Django's automatic
// primary key, a 64-bit auto-increment column named "id" (BigAutoField).
// After Create or an inserting Save, ID holds the key the database
// generated; zero means "not saved yet".
//
//	type Category struct {
//		orm.Model
//		Name string `orm:"max_length=100"`
//	}
type Model struct {
	ID int64 `orm:"primary_key"`
	ModelState
}

// Meta is Django's class Meta, returned by an optional method
//
//	func (Product) Meta() orm.Meta
//
// on the model (value or pointer receiver). It is called once, on a zero
// value, when the model's metadata is built; it must not depend on the
// value's fields.
type Meta struct {
	// Table is the table name. Default: the snake_case of the Go type name
	// (Product → product, OrderItem → order_item).
	Table string
	// Ordering is the default ordering of All: field names, "-" prefixed for
	// descending (Django's ordering = ['-created_at']).
	Ordering []string
	// Indexes are extra indexes over one or more fields.
	Indexes []Index
	// UniqueTogether lists sets of field names whose combined values must be
	// unique (Django's unique_together); each becomes a UNIQUE constraint.
	UniqueTogether [][]string
}

// Index is one entry of Meta.Indexes: Django's models.Index.
type Index struct {
	Fields []string // field names, in index order
	Name   string   // index name; empty lets the dialect derive one
	Unique bool     // a UNIQUE index
}

// Optional methods a model may implement (on the value or pointer receiver).
// The ORM looks for them once per type, when it builds the metadata.
type (
	// BeforeSaver is called by Save and Create before anything is written
	// and before auto_now/auto_now_add are applied; an error aborts the save
	// and is returned as is. Python SQLORM's AuditModel sets created_by and
	// updated_by here. ctx is the context passed to Save or Create.
	BeforeSaver interface {
		BeforeSave(ctx context.Context) error
	}
	// AfterSaver is called by Save and Create after the row was written (the
	// primary key is set). Its error is returned, but the row stays written
	// unless the caller's transaction rolls back.
	AfterSaver interface {
		AfterSave(ctx context.Context) error
	}
	// BeforeDeleter is called by Delete before the row is deleted; an error
	// aborts the delete.
	BeforeDeleter interface {
		BeforeDelete(ctx context.Context) error
	}
	// Cleaner is Django's Model.clean(): model-wide validation run by
	// FullClean after the field checks. Return a *ValidationError to attach
	// messages to fields; any other error is reported under NonFieldErrors.
	Cleaner interface{ Clean() error }
	// Validating is implemented by a model that attaches validators to its
	// fields (Django's validators=[...]). Validators is called once, on a
	// zero value, when the metadata is built; the validators it returns are
	// kept with the model's metadata, so there is no package-level registry
	// to mutate.
	//
	//	func (Product) Validators() []orm.FieldValidator {
	//		return []orm.FieldValidator{
	//			orm.Validator("price", func(p decimal.Decimal) error {
	//				if p.IsNegative() {
	//					return fmt.Errorf("%s is not a positive number", p)
	//				}
	//				return nil
	//			}),
	//		}
	//	}
	Validating interface{ Validators() []FieldValidator }
)

// FieldValidator is a validator bound to one field, made by [Validator].
type FieldValidator struct {
	field string
	typ   reflect.Type // the value type the validator takes
	fn    func(any) error
}

// Validator returns a validator for the field named field (its snake_case
// name, as Fields reports it). fn receives the field's value: V must be the
// field's Go type (for a nullable field, the pointer or sql.Null type
// itself), else building the metadata fails naming the field and both types.
// A non-nil error from fn becomes a message for that field in FullClean's
// *ValidationError (a *ValidationError from fn is merged as is).
func Validator[V any](field string, fn func(V) error) FieldValidator {
	return FieldValidator{
		field: field,
		typ:   reflect.TypeFor[V](),
		fn:    func(v any) error { return fn(v.(V)) },
	}
}

// Register builds and checks the metadata of model type T up front, so that
// a mistake in its declaration (an unknown tag option, max_length on an
// integer, null on a type that cannot hold NULL, a duplicate column, no
// primary key, a default that does not parse, a foreign key to a type that
// is not a model) is reported at start-up rather than on first use. The
// error is a *ModelError naming model, field, option and fix. Register may
// be called any number of times, from any goroutine; the metadata is built
// once per type either way.
func Register[T any]() error {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	return m.checkRelations()
}

// TableName returns T's table name (Meta.Table, or the snake_case of the type
// name), or "" if T is not a valid model (Register says why).
func TableName[T any]() string {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return ""
	}
	return m.table
}

// Fields returns the names of T's fields in declaration order, embedded
// (abstract base) fields in place: Django's Model._meta.get_fields() for
// concrete fields. The names are what Q, Meta.Ordering and validators use:
// the snake_case of the Go field name ("created_at"; a foreign key
// "category", whose column is "category_id"). It returns nil if T is not a
// valid model.
func Fields[T any]() []string {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return nil
	}
	out := make([]string, len(m.fields))
	for i, f := range m.fields {
		out[i] = f.name
	}
	return out
}
