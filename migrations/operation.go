package migrations

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// Executor runs statements: *sql.Tx, *sql.Conn and *sql.DB all satisfy it.
// A RunGo function receives the one its migration runs on.
type Executor interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Operation is one step of a Migration, made by the functions of this
// package (CreateTable, AddField, RawSQL, RunGo, ...). It is sealed: only
// this package implements it.
type Operation interface {
	// String describes the operation in one line, as a dry run shows it.
	String() string

	// describe returns the canonical text the migration's checksum is
	// computed from: it changes when the operation's meaning does.
	describe() (string, error)
	// sql returns the statements of the operation on d; s is the schema
	// the migrations before it leave (never changed by sql). A RunGo
	// operation has none.
	sql(d dialect.Dialect, s *State) ([]string, error)
	// mutate changes s as the operation changes the schema.
	mutate(s *State) error
	// reverse returns the operation that undoes this one when a migration
	// is unapplied; before is the schema before this operation ran.
	reverse(before *State) ([]Operation, error)
	// undo returns the statements that reverse the operation once it ran,
	// for backends whose DDL cannot roll back; ok is false when it cannot
	// be reversed.
	undo(d dialect.Dialect) (stmts []string, ok bool)
	// drops returns the names this operation destroys data of, "table" or
	// "table.column", which Runner.AllowDrop must list.
	drops() []string
	// run is the operation's Go function, for RunGo.
	run() func(ctx context.Context, ex Executor) error
}

// base gives operations the defaults: statements only, irreversible, no
// data destroyed, no Go function.
type base struct{}

func (base) undo(dialect.Dialect) ([]string, bool)             { return nil, false }
func (base) drops() []string                                   { return nil }
func (base) run() func(ctx context.Context, ex Executor) error { return nil }

// describeJSON is the canonical description of an operation: its name and
// its arguments as JSON with object keys sorted and every zero value left
// out (false, 0, "", null, empty lists and objects). Leaving zeros out
// keeps the checksums of applied migrations stable when a later sqlorm
// adds a field to dialect.Column or dialect.Table.
func describeJSON(name string, args ...any) (string, error) {
	b, err := json.Marshal(args)
	if err != nil {
		return "", fmt.Errorf("%s: cannot describe its arguments for the checksum: %w", name, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", fmt.Errorf("%s: cannot describe its arguments for the checksum: %w", name, err)
	}
	if b, err = json.Marshal(pruneZero(v)); err != nil {
		return "", fmt.Errorf("%s: cannot describe its arguments for the checksum: %w", name, err)
	}
	return name + string(b), nil
}

// pruneZero removes the zero-valued members of JSON objects, recursively.
// Array elements keep their positions (a zero there is meaningful).
func pruneZero(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			e = pruneZero(e)
			if isZeroJSON(e) {
				delete(x, k)
			} else {
				x[k] = e
			}
		}
	case []any:
		for i, e := range x {
			x[i] = pruneZero(e)
		}
	}
	return v
}

func isZeroJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case float64:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// ---- CreateTable, CreateModel ----

type createTable struct {
	base
	t     dialect.Table
	model func() (dialect.Table, error)   // CreateModel: built when planned
	joins func() ([]dialect.Table, error) // CreateModel: its ManyToMany join tables
	name  string                          // CreateModel: the model's name
}

// CreateTable creates t with its columns, constraints and indexes, as
// dialect.CreateTable describes; if the table exists already it changes
// nothing. Undone by dropping the table.
func CreateTable(t dialect.Table) Operation { return &createTable{t: t} }

// CreateModel creates the table of model T as orm.Schema[T] describes it,
// and the join tables of its ManyToMany fields (orm.ManyToManyTables[T])
// after it, as Django's CreateModel does; the schema is taken when the
// migration is planned. Prefer CreateTable with the schema written out for
// migrations that must not change when the model does: the checksum of a
// CreateModel migration follows the model.
func CreateModel[T any]() Operation {
	var zero T
	return &createTable{model: orm.Schema[T], joins: orm.ManyToManyTables[T], name: fmt.Sprintf("%T", zero)}
}

func (o *createTable) table() (dialect.Table, error) {
	if o.model != nil {
		t, err := o.model()
		if err != nil {
			return dialect.Table{}, fmt.Errorf("CreateModel[%s]: %w", o.name, err)
		}
		return t, nil
	}
	return o.t, nil
}

// joinTables returns the join tables CreateModel creates after the table.
func (o *createTable) joinTables() ([]dialect.Table, error) {
	if o.joins == nil {
		return nil, nil
	}
	ts, err := o.joins()
	if err != nil {
		return nil, fmt.Errorf("CreateModel[%s]: %w", o.name, err)
	}
	return ts, nil
}

func (o *createTable) String() string {
	if o.model != nil {
		return "CreateModel[" + o.name + "]"
	}
	return fmt.Sprintf("CreateTable(%q)", o.t.Name)
}

// describe is the table's description, then one per join table: a model
// without ManyToMany fields describes as it always did.
func (o *createTable) describe() (string, error) {
	t, err := o.table()
	if err != nil {
		return "", err
	}
	desc, err := describeJSON("CreateTable", t)
	if err != nil {
		return "", err
	}
	joins, err := o.joinTables()
	if err != nil {
		return "", err
	}
	for _, jt := range joins {
		jd, err := describeJSON("CreateTable", jt)
		if err != nil {
			return "", err
		}
		desc += "\n" + jd
	}
	return desc, nil
}

func (o *createTable) sql(d dialect.Dialect, _ *State) ([]string, error) {
	t, err := o.table()
	if err != nil {
		return nil, err
	}
	stmts, err := d.CreateTable(t)
	if err != nil {
		return nil, err
	}
	joins, err := o.joinTables()
	if err != nil {
		return nil, err
	}
	for _, jt := range joins {
		js, err := d.CreateTable(jt)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, js...)
	}
	return stmts, nil
}

// undo drops the join tables, then the table.
func (o *createTable) undo(d dialect.Dialect) ([]string, bool) {
	t, err := o.table()
	if err != nil {
		return nil, false
	}
	joins, err := o.joinTables()
	if err != nil {
		return nil, false
	}
	var stmts []string
	for i := len(joins) - 1; i >= 0; i-- {
		s, err := d.DropTable(joins[i].Name)
		if err != nil {
			return nil, false
		}
		stmts = append(stmts, s)
	}
	s, err := d.DropTable(t.Name)
	return append(stmts, s), err == nil
}

// ---- AddField, RemoveField, RenameField ----

type addColumn struct {
	base
	table string
	c     dialect.Column
}

// AddField adds column c to table (Django's AddField), with its default (which existing rows
// get), NOT NULL, UNIQUE and CHECK constraints. Undone by dropping it.
func AddField(table string, c dialect.Column) Operation { return &addColumn{table: table, c: c} }

func (o *addColumn) String() string { return fmt.Sprintf("AddField(%q, %q)", o.table, o.c.Name) }
func (o *addColumn) describe() (string, error) {
	return describeJSON("AddField", o.table, o.c)
}
func (o *addColumn) sql(d dialect.Dialect, st *State) ([]string, error) {
	s, err := d.AddColumn(o.table, o.c)
	if err != nil && errors.Is(err, dialect.ErrUnsupported) && !dialect.AltersInPlace(d) {
		// SQLite cannot add a UNIQUE column, or a NOT NULL one without
		// a default: rebuild the table with it.
		if _, ok := st.Table(o.table); ok {
			return rebuildFor(d, st, o.table, o)
		}
	}
	return []string{s}, err
}
func (o *addColumn) undo(d dialect.Dialect) ([]string, bool) {
	s, err := d.DropColumn(o.table, o.c.Name)
	return []string{s}, err == nil
}

type dropColumn struct {
	base
	table, column string
}

// RemoveField drops column from table and its data with it (Django's
// RemoveField). It runs only
// when Runner.AllowDrop names "table.column": a removal is never implied.
func RemoveField(table, column string) Operation { return &dropColumn{table: table, column: column} }

func (o *dropColumn) String() string {
	return fmt.Sprintf("RemoveField(%q, %q)", o.table, o.column)
}
func (o *dropColumn) describe() (string, error) {
	return describeJSON("RemoveField", o.table, o.column)
}
func (o *dropColumn) sql(d dialect.Dialect, st *State) ([]string, error) {
	if t, ok := st.Table(o.table); ok && !dialect.AltersInPlace(d) && constrained(d, t, o.column) {
		// SQLite refuses to drop a column an index, constraint or key
		// still needs: rebuild the table without it.
		return rebuildFor(d, st, o.table, o)
	}
	s, err := d.DropColumn(o.table, o.column)
	return []string{s}, err
}

// constrained reports whether col of t is part of the key, unique,
// checked, indexed or a foreign key on d.
func constrained(d dialect.Dialect, t dialect.Table, col string) bool {
	c := t.Column(col)
	if c == nil {
		return false
	}
	if _, cond, _ := dialect.ColumnCheck(d, t.Name, *c); cond != "" || c.Primary || c.Unique {
		return true
	}
	w := withoutColumn(cloneTable(t), col)
	return len(w.Indexes) != len(t.Indexes) || len(w.Uniques) != len(t.Uniques) || len(w.ForeignKeys) != len(t.ForeignKeys)
}
func (o *dropColumn) drops() []string { return []string{o.table + "." + o.column} }

type renameColumn struct {
	base
	table, from, to string
}

// RenameField renames a column of table, keeping its data (Django's
// RenameField). Undone by
// renaming it back.
func RenameField(table, from, to string) Operation {
	return &renameColumn{table: table, from: from, to: to}
}

func (o *renameColumn) String() string {
	return fmt.Sprintf("RenameField(%q, %q, %q)", o.table, o.from, o.to)
}
func (o *renameColumn) describe() (string, error) {
	return describeJSON("RenameField", o.table, o.from, o.to)
}
func (o *renameColumn) sql(d dialect.Dialect, st *State) ([]string, error) {
	s, err := d.RenameColumn(o.table, o.from, o.to)
	if err != nil {
		return nil, err
	}
	stmts := []string{s}
	t, ok := st.Table(o.table)
	if !ok || !dialect.AltersInPlace(d) {
		return stmts, nil // SQLite: names live in the table's text; rebuilds write them anew
	}
	c := t.Column(o.from)
	if c == nil {
		return stmts, nil
	}
	renamed := *c
	renamed.Name = o.to
	var pairs []dialect.ConstraintRename
	if _, cond, err := dialect.ColumnCheck(d, o.table, renamed); err != nil {
		return nil, err
	} else if cond != "" {
		pairs = append(pairs, dialect.ConstraintRename{Old: dialect.DeriveName(o.table, []string{o.from}, dialect.SuffixCheck), New: dialect.DeriveName(o.table, []string{o.to}, dialect.SuffixCheck), Check: cond})
	}
	if c.Unique && !c.Primary {
		pairs = append(pairs, dialect.ConstraintRename{Old: dialect.DeriveName(o.table, []string{o.from}, dialect.SuffixUnique), New: dialect.DeriveName(o.table, []string{o.to}, dialect.SuffixUnique), Unique: true})
	}
	for _, u := range t.Uniques {
		if slices.Contains(u, o.from) {
			nu := slices.Clone(u)
			for i := range nu {
				if nu[i] == o.from {
					nu[i] = o.to
				}
			}
			pairs = append(pairs, dialect.ConstraintRename{Old: dialect.DeriveName(o.table, u, dialect.SuffixUnique), New: dialect.DeriveName(o.table, nu, dialect.SuffixUnique), Unique: true})
		}
	}
	more, err := dialect.RenameConstraints(d, o.table, pairs)
	return append(stmts, more...), err
}

func (o *renameColumn) undo(d dialect.Dialect) ([]string, bool) {
	s, err := d.RenameColumn(o.table, o.to, o.from)
	return []string{s}, err == nil
}

// ---- RenameTable, DropTable ----

type renameTable struct {
	base
	from, to string
}

// RenameTable renames a table, keeping its rows, indexes and constraints.
// Undone by renaming it back.
func RenameTable(from, to string) Operation { return &renameTable{from: from, to: to} }

func (o *renameTable) String() string { return fmt.Sprintf("RenameTable(%q, %q)", o.from, o.to) }
func (o *renameTable) describe() (string, error) {
	return describeJSON("RenameTable", o.from, o.to)
}
func (o *renameTable) sql(d dialect.Dialect, st *State) ([]string, error) {
	s, err := d.RenameTable(o.from, o.to)
	if err != nil {
		return nil, err
	}
	stmts := []string{s}
	t, ok := st.Table(o.from)
	if !ok || !dialect.AltersInPlace(d) {
		// SQLite keeps constraint names in the table's text; its rebuilds
		// write them anew from the state.
		return stmts, nil
	}
	t.Name = o.to
	more, err := dialect.RenameDerivedOnRename(d, t, o.from)
	return append(stmts, more...), err
}

func (o *renameTable) undo(d dialect.Dialect) ([]string, bool) {
	s, err := d.RenameTable(o.to, o.from)
	return []string{s}, err == nil
}

type dropTable struct {
	base
	name string
}

// DropTable drops a table and every row in it. It runs only when
// Runner.AllowDrop names the table.
func DropTable(name string) Operation { return &dropTable{name: name} }

func (o *dropTable) String() string            { return fmt.Sprintf("DropTable(%q)", o.name) }
func (o *dropTable) describe() (string, error) { return describeJSON("DropTable", o.name) }
func (o *dropTable) sql(d dialect.Dialect, _ *State) ([]string, error) {
	s, err := d.DropTable(o.name)
	return []string{s}, err
}
func (o *dropTable) drops() []string { return []string{o.name} }

// ---- AddIndex, RemoveIndex ----

type createIndex struct {
	base
	table string
	idx   dialect.Index
}

// AddIndex creates idx on table (its name derived as dialect.DeriveName
// does when empty), unless it exists. Undone by dropping it.
func AddIndex(table string, idx dialect.Index) Operation {
	return &createIndex{table: table, idx: idx}
}

func (o *createIndex) name() string { return dialect.IndexName(o.table, o.idx) }

func (o *createIndex) String() string {
	return fmt.Sprintf("AddIndex(%q, %q)", o.table, o.name())
}
func (o *createIndex) describe() (string, error) {
	return describeJSON("AddIndex", o.table, o.idx)
}
func (o *createIndex) sql(d dialect.Dialect, _ *State) ([]string, error) {
	s, err := d.CreateIndex(o.table, o.idx)
	return []string{s}, err
}
func (o *createIndex) undo(d dialect.Dialect) ([]string, bool) {
	s, err := d.DropIndex(o.table, o.name())
	return []string{s}, err == nil
}

type dropIndex struct {
	base
	table, name string
}

// RemoveIndex drops the index name of table. An index holds no data of its
// own, so no AllowDrop entry is needed; on backends without transactional
// DDL it cannot be undone if a later operation of the migration fails.
func RemoveIndex(table, name string) Operation { return &dropIndex{table: table, name: name} }

func (o *dropIndex) String() string { return fmt.Sprintf("RemoveIndex(%q, %q)", o.table, o.name) }
func (o *dropIndex) describe() (string, error) {
	return describeJSON("RemoveIndex", o.table, o.name)
}
func (o *dropIndex) sql(d dialect.Dialect, _ *State) ([]string, error) {
	s, err := d.DropIndex(o.table, o.name)
	return []string{s}, err
}

// ---- RawSQL, RunGo ----

type rawSQL struct {
	base
	stmts      []string
	back       []string // RunSQL's reverse
	reversible bool     // made by RunSQL
}

// RawSQL runs the given statements as written, in order, without any
// check: Django's RunSQL. They are the caller's SQL for the backend the
// migration runs on; no value is bound. On backends without transactional
// DDL a failing migration cannot undo what RawSQL already did.
func RawSQL(statements ...string) Operation {
	return &rawSQL{stmts: append([]string(nil), statements...)}
}

func (o *rawSQL) String() string {
	s := strings.Join(o.stmts, "; ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	if o.reversible {
		return fmt.Sprintf("RunSQL(%q)", s)
	}
	return fmt.Sprintf("RawSQL(%q)", s)
}
func (o *rawSQL) describe() (string, error) {
	if o.reversible {
		return describeJSON("RunSQL", o.stmts, o.back)
	}
	return describeJSON("RawSQL", o.stmts)
}
func (o *rawSQL) sql(dialect.Dialect, *State) ([]string, error) { return o.stmts, nil }

type runGo struct {
	base
	name string
	fn   func(ctx context.Context, ex Executor) error
	back func(ctx context.Context, ex Executor) error // RunGoReversible's reverse
}

// RunGo runs fn as a step of the migration: Django's RunPython, for data
// migrations. fn receives the Executor the migration runs on (its
// transaction where DDL is transactional) and must use it for every
// statement. name identifies the function in dry runs and in the
// checksum; the checksum cannot see fn's code, so rename it when its
// meaning changes.
func RunGo(name string, fn func(ctx context.Context, ex Executor) error) Operation {
	return &runGo{name: name, fn: fn}
}

func (o *runGo) String() string                                { return fmt.Sprintf("RunGo(%q)", o.name) }
func (o *runGo) describe() (string, error)                     { return describeJSON("RunGo", o.name) }
func (o *runGo) sql(dialect.Dialect, *State) ([]string, error) { return nil, nil }
func (o *runGo) run() func(ctx context.Context, ex Executor) error {
	return o.fn
}
