package migrations

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// ErrIrreversible: a migration being unapplied has an operation with no
// reverse (RawSQL, RunGo without one, a table the migrations never
// created). Nothing is unapplied.
var ErrIrreversible = errors.New("sqlorm/migrations: the operation cannot be reversed")

// ---- SQLite's table rebuild ----

// rebuildStmts returns the statements that turn table before into after on
// a backend that cannot alter in place (SQLite): create after beside it,
// copy the columns both have (converted as dialect.ConvertExpr says), drop
// before, rename, create after's indexes. The Runner runs a migration on
// SQLite with foreign keys off around its transaction and checks them
// (PRAGMA foreign_key_check) before committing, as SQLite's documentation
// prescribes, so dropping the old table touches no other table's rows.
func rebuildStmts(d dialect.Dialect, before, after dialect.Table) ([]string, error) {
	plan, cp, err := rebuildPlan(d, before, after)
	if err != nil {
		return nil, err
	}
	stmts := append([]string(nil), plan.Create...)
	if len(cp.cols) > 0 {
		stmts = append(stmts, cp.stmt())
	}
	drop, err := d.DropTable(before.Name)
	if err != nil {
		return nil, err
	}
	ren, err := d.RenameTable(cp.into, after.Name)
	if err != nil {
		return nil, err
	}
	stmts = append(stmts, drop, ren)
	stmts = append(stmts, plan.Renames...)
	stmts = append(stmts, plan.Indexes...)
	return append(stmts, plan.ForeignKeys...), nil
}

// rebuildPlan returns the scratch table's plan and the copy of a rebuild
// of before into after.
func rebuildPlan(d dialect.Dialect, before, after dialect.Table) (dialect.TableRewrite, *tableCopy, error) {
	scratch := after.Name + suffixNew
	plan, err := dialect.RewriteTable(d, after, scratch)
	if err != nil {
		return plan, nil, err
	}
	cp := &tableCopy{d: d, into: scratch, from: before.Name, table: after.Name}
	cp.key = batchKey(before)
	if cp.key != "" && after.Column(cp.key) == nil {
		cp.key = "" // no longer a column: copied in one statement
	}
	for _, c := range after.Columns {
		old := before.Column(c.Name)
		if old == nil {
			continue
		}
		e, err := dialect.ConvertExpr(d, quote(d, c.Name), *old, c)
		if err != nil {
			return plan, nil, err
		}
		cp.cols, cp.exprs = append(cp.cols, c.Name), append(cp.exprs, e)
	}
	return plan, cp, nil
}

// rebuildCopyFor returns the copy of the rebuild of table for op (what
// rebuildFor's statements hold as one INSERT ... SELECT), nil when there
// is none.
func rebuildCopyFor(d dialect.Dialect, s *State, table string, op Operation) *tableCopy {
	before, ok := s.Table(table)
	if !ok {
		return nil
	}
	after := s.Clone()
	if err := op.mutate(after); err != nil {
		return nil
	}
	t, _ := after.Table(table)
	_, cp, err := rebuildPlan(d, before, t)
	if err != nil || len(cp.cols) == 0 {
		return nil
	}
	return cp
}

// rebuildFor returns the rebuild of table for op, from the state before it
// to the state op leaves.
func rebuildFor(d dialect.Dialect, s *State, table string, op Operation) ([]string, error) {
	before, ok := s.Table(table)
	if !ok {
		return nil, fmt.Errorf("%s on %s rebuilds table %q, which the migrations before it do not create (write its CreateTable first)", op, d.Name(), table)
	}
	after := s.Clone()
	if err := op.mutate(after); err != nil {
		return nil, err
	}
	t, _ := after.Table(table)
	return rebuildStmts(d, before, t)
}

// ---- AlterField ----

type alterColumn struct {
	base
	table    string
	from, to dialect.Column
}

// AlterField changes column from.Name of table from its definition from to
// to (Django's AlterField): type, NULL, default, max_length, choices (the
// CHECK constraint), UNIQUE. Both definitions are frozen in the migration,
// so it can be reversed and compared without the model. PostgreSQL,
// MySQL/MariaDB and Oracle alter the column in place (dialect.AlterColumn);
// SQLite rebuilds the table. Before anything changes, a row whose value
// the new definition would not keep exactly (too long, a fraction into an
// integer, text that is not a number, NULL into NOT NULL; see
// dialect.MisfitCondition) fails the migration with ErrLossyConversion
// naming the row. Where the column is altered in place and its type
// changes, the foreign keys over it (its own, and those of other tables
// that reference it) are dropped before and added back after, which
// checks every row again, as Django's schema editor does (MySQL/MariaDB
// refuse to change a column a foreign key uses); if the migration fails
// they are put back with the old type. Renames are RenameField.
func AlterField(table string, from, to dialect.Column) Operation {
	return &alterColumn{table: table, from: from, to: to}
}

func (o *alterColumn) String() string { return fmt.Sprintf("AlterField(%q, %q)", o.table, o.to.Name) }
func (o *alterColumn) describe() (string, error) {
	return describeJSON("AlterField", o.table, o.from, o.to)
}

func (o *alterColumn) sql(d dialect.Dialect, s *State) ([]string, error) {
	if o.from.Name != o.to.Name {
		return nil, fmt.Errorf("AlterField keeps the column's name (%q, then %q); rename it with RenameField", o.from.Name, o.to.Name)
	}
	if !dialect.AltersInPlace(d) {
		return rebuildFor(d, s, o.table, o)
	}
	stmts, err := dialect.AlterColumn(d, o.table, o.from, o.to)
	if err != nil || len(stmts) == 0 {
		return stmts, err
	}
	fromType, err1 := d.ColumnType(o.from)
	toType, err2 := d.ColumnType(o.to)
	if err := errors.Join(err1, err2); err != nil || fromType == toType {
		return stmts, err
	}
	// A type change of a column in a foreign key, its own or one of
	// another table to it: the key is dropped around the change and added
	// back (which checks every row again), as Django's schema editor does;
	// MySQL/MariaDB refuse to change the type of a column a foreign key
	// uses.
	drop, add, err := fksAround(d, s, o.table, o.from.Name)
	if err != nil {
		return nil, err
	}
	return append(append(drop, stmts...), add...), nil
}

// fksAround returns the statements that drop, and then add back, the
// foreign keys of s over column of table: the table's own foreign keys
// that include it, and those of other tables that reference it.
func fksAround(d dialect.Dialect, s *State, table, column string) (drop, add []string, err error) {
	if s == nil {
		return nil, nil, nil
	}
	for _, t := range s.Tables() {
		for _, fk := range t.ForeignKeys {
			own := t.Name == table && slices.Contains(fk.Columns, column)
			in := fk.RefTable == table && slices.Contains(fk.RefColumns, column)
			if !own && !in {
				continue
			}
			name := fk.Name
			if name == "" {
				name = dialect.DeriveName(t.Name, fk.Columns, dialect.SuffixForeignKey)
			}
			dr, err := dialect.DropForeignKey(d, t.Name, name)
			if err != nil {
				return nil, nil, err
			}
			ad, err := dialect.AddForeignKey(d, t.Name, fk)
			if err != nil {
				return nil, nil, err
			}
			drop, add = append(drop, dr), append(add, ad)
		}
	}
	return drop, add, nil
}

func (o *alterColumn) undo(d dialect.Dialect) ([]string, bool) {
	if !dialect.AltersInPlace(d) {
		return nil, false
	}
	stmts, err := dialect.AlterColumn(d, o.table, o.to, o.from)
	return stmts, err == nil
}

func (o *alterColumn) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	c := t.Column(o.from.Name)
	if c == nil {
		return fmt.Errorf("table %q has no column %q", o.table, o.from.Name)
	}
	*c = o.to
	c.Choices = slices.Clone(o.to.Choices)
	s.put(t)
	return nil
}

func (o *alterColumn) reverse(*State) ([]Operation, error) {
	return []Operation{AlterField(o.table, o.to, o.from)}, nil
}

// precheck refuses, before any statement, a change that would not keep
// every value exactly.
func (o *alterColumn) precheck(ctx context.Context, d dialect.Dialect, ex Executor, s *State) error {
	var conds []string
	if c := dialect.MisfitCondition(d, quote(d, o.from.Name), o.from, o.to); c != "" {
		conds = append(conds, c)
	}
	// A value the new CHECK (choices, Positive*) refuses: found here, the
	// row is named, and nothing has changed yet on any backend.
	_, oldCheck, err := dialect.ColumnCheck(d, o.table, o.from)
	if err != nil {
		return err
	}
	_, newCheck, err := dialect.ColumnCheck(d, o.table, o.to)
	if err != nil {
		return err
	}
	if newCheck != "" && newCheck != oldCheck {
		conds = append(conds, "NOT ("+newCheck+")")
	}
	if len(conds) == 0 {
		return nil
	}
	cond := "(" + strings.Join(conds, ") OR (") + ")"
	key := []string{o.from.Name}
	if t, ok := s.Table(o.table); ok {
		var pk []string
		for _, c := range t.Columns {
			if c.Primary {
				pk = append(pk, c.Name)
			}
		}
		if len(pk) > 0 {
			key = pk
		}
	}
	q := "SELECT " + quotedList(d, key) + " FROM " + quote(d, o.table) + " WHERE " + cond + " ORDER BY " + quotedList(d, key)
	row, found, err := firstRow(ctx, ex, q, len(key))
	if err != nil {
		return fmt.Errorf("checking the values of %q.%q: %w", o.table, o.from.Name, err)
	}
	if found {
		return fmt.Errorf("%w: table %q: column %q: the row with %s holds a value the new definition would not keep exactly or its CHECK (choices) refuses; fix that row first", ErrLossyConversion, o.table, o.from.Name, describeKey(key, row))
	}
	return nil
}

// prechecker is an operation that inspects the data before it runs.
type prechecker interface {
	precheck(ctx context.Context, d dialect.Dialect, ex Executor, s *State) error
}

// ---- AddForeignKey, RemoveForeignKey ----

type addForeignKey struct {
	base
	table string
	fk    dialect.ForeignKey
}

// AddForeignKey adds the foreign key fk to table (its columns must exist):
// what Django's AddField does for a ForeignKey beside adding the column,
// and how makemigrations breaks a cycle of foreign keys between new
// models. The backend checks every existing row. SQLite rebuilds the table.
func AddForeignKey(table string, fk dialect.ForeignKey) Operation {
	return &addForeignKey{table: table, fk: fk}
}

func (o *addForeignKey) name() string {
	if o.fk.Name != "" {
		return o.fk.Name
	}
	return dialect.DeriveName(o.table, o.fk.Columns, dialect.SuffixForeignKey)
}

func (o *addForeignKey) String() string {
	return fmt.Sprintf("AddForeignKey(%q, %v -> %q)", o.table, o.fk.Columns, o.fk.RefTable)
}
func (o *addForeignKey) describe() (string, error) {
	return describeJSON("AddForeignKey", o.table, o.fk)
}
func (o *addForeignKey) sql(d dialect.Dialect, s *State) ([]string, error) {
	if !dialect.AltersInPlace(d) {
		return rebuildFor(d, s, o.table, o)
	}
	st, err := dialect.AddForeignKey(d, o.table, o.fk)
	return []string{st}, err
}
func (o *addForeignKey) undo(d dialect.Dialect) ([]string, bool) {
	st, err := dialect.DropForeignKey(d, o.table, o.name())
	return []string{st}, err == nil
}
func (o *addForeignKey) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	for _, c := range o.fk.Columns {
		if t.Column(c) == nil {
			return fmt.Errorf("table %q has no column %q for the foreign key", o.table, c)
		}
	}
	if slices.ContainsFunc(t.ForeignKeys, func(f dialect.ForeignKey) bool { return fkKey(f) == fkKey(o.fk) }) {
		return fmt.Errorf("table %q has a foreign key on %v already", o.table, o.fk.Columns)
	}
	fk := o.fk
	fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
	t.ForeignKeys = append(t.ForeignKeys, fk)
	s.put(t)
	return nil
}
func (o *addForeignKey) reverse(*State) ([]Operation, error) {
	return []Operation{RemoveForeignKey(o.table, o.fk.Columns...)}, nil
}

type dropForeignKey struct {
	base
	table   string
	columns []string
}

// RemoveForeignKey drops the foreign key of table over columns (its name
// is the one the state gives it: explicit, or <table>_<cols>_fk). No data
// is lost. SQLite rebuilds the table.
func RemoveForeignKey(table string, columns ...string) Operation {
	return &dropForeignKey{table: table, columns: slices.Clone(columns)}
}

func (o *dropForeignKey) String() string {
	return fmt.Sprintf("RemoveForeignKey(%q, %v)", o.table, o.columns)
}
func (o *dropForeignKey) describe() (string, error) {
	return describeJSON("RemoveForeignKey", o.table, o.columns)
}
func (o *dropForeignKey) find(s *State) (dialect.ForeignKey, error) {
	t, err := s.table(o.table)
	if err != nil {
		return dialect.ForeignKey{}, err
	}
	for _, fk := range t.ForeignKeys {
		if uniqueKey(fk.Columns) == uniqueKey(o.columns) {
			return fk, nil
		}
	}
	return dialect.ForeignKey{}, fmt.Errorf("table %q has no foreign key on %v", o.table, o.columns)
}
func (o *dropForeignKey) sql(d dialect.Dialect, s *State) ([]string, error) {
	if !dialect.AltersInPlace(d) {
		return rebuildFor(d, s, o.table, o)
	}
	fk, err := o.find(s)
	if err != nil {
		return nil, err
	}
	name := fk.Name
	if name == "" {
		name = dialect.DeriveName(o.table, fk.Columns, dialect.SuffixForeignKey)
	}
	st, err := dialect.DropForeignKey(d, o.table, name)
	return []string{st}, err
}
func (o *dropForeignKey) mutate(s *State) error {
	if _, err := o.find(s); err != nil {
		return err
	}
	t, _ := s.table(o.table)
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(f dialect.ForeignKey) bool { return uniqueKey(f.Columns) == uniqueKey(o.columns) })
	s.put(t)
	return nil
}
func (o *dropForeignKey) reverse(before *State) ([]Operation, error) {
	fk, err := o.find(before)
	if err != nil {
		return nil, err
	}
	return []Operation{AddForeignKey(o.table, fk)}, nil
}

// ---- AddUnique, RemoveUnique (unique_together) ----

type addUnique struct {
	base
	table   string
	columns []string
}

// AddUnique adds a UNIQUE constraint over columns of table, named
// <table>_<cols>_uniq: an entry of Django's unique_together. SQLite
// rebuilds the table. Existing duplicate rows make it fail.
func AddUnique(table string, columns ...string) Operation {
	return &addUnique{table: table, columns: slices.Clone(columns)}
}

func (o *addUnique) String() string { return fmt.Sprintf("AddUnique(%q, %v)", o.table, o.columns) }
func (o *addUnique) describe() (string, error) {
	return describeJSON("AddUnique", o.table, o.columns)
}
func (o *addUnique) sql(d dialect.Dialect, s *State) ([]string, error) {
	if !dialect.AltersInPlace(d) {
		return rebuildFor(d, s, o.table, o)
	}
	st, err := dialect.AddUnique(d, o.table, o.columns)
	return []string{st}, err
}
func (o *addUnique) undo(d dialect.Dialect) ([]string, bool) {
	st, err := dialect.DropUnique(d, o.table, o.columns)
	return []string{st}, err == nil
}
func (o *addUnique) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(t.Uniques, func(u []string) bool { return uniqueKey(u) == uniqueKey(o.columns) }) {
		return fmt.Errorf("table %q is unique on %v already", o.table, o.columns)
	}
	t.Uniques = append(t.Uniques, slices.Clone(o.columns))
	s.put(t)
	return nil
}
func (o *addUnique) reverse(*State) ([]Operation, error) {
	return []Operation{RemoveUnique(o.table, o.columns...)}, nil
}

type dropUnique struct {
	base
	table   string
	columns []string
}

// RemoveUnique drops the UNIQUE constraint AddUnique (or CreateTable's
// Uniques) put over columns of table. SQLite rebuilds the table.
func RemoveUnique(table string, columns ...string) Operation {
	return &dropUnique{table: table, columns: slices.Clone(columns)}
}

func (o *dropUnique) String() string { return fmt.Sprintf("RemoveUnique(%q, %v)", o.table, o.columns) }
func (o *dropUnique) describe() (string, error) {
	return describeJSON("RemoveUnique", o.table, o.columns)
}
func (o *dropUnique) sql(d dialect.Dialect, s *State) ([]string, error) {
	if !dialect.AltersInPlace(d) {
		return rebuildFor(d, s, o.table, o)
	}
	st, err := dialect.DropUnique(d, o.table, o.columns)
	return []string{st}, err
}
func (o *dropUnique) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	n := len(t.Uniques)
	t.Uniques = slices.DeleteFunc(t.Uniques, func(u []string) bool { return uniqueKey(u) == uniqueKey(o.columns) })
	if len(t.Uniques) == n {
		return fmt.Errorf("table %q has no unique constraint on %v", o.table, o.columns)
	}
	s.put(t)
	return nil
}
func (o *dropUnique) reverse(*State) ([]Operation, error) {
	return []Operation{AddUnique(o.table, o.columns...)}, nil
}

// ---- RunSQL, RunGoReversible ----

// RunSQL is RawSQL with the statements that reverse it, so that a
// migration holding it can be unapplied (Django's RunSQL with
// reverse_sql). An empty reverse says there is nothing to undo (Django's
// RunSQL.noop); RawSQL, which has no reverse, makes unapplying an error.
func RunSQL(forward, reverse []string) Operation {
	return &rawSQL{stmts: slices.Clone(forward), back: slices.Clone(reverse), reversible: true}
}

// RunGoReversible is RunGo with the function that reverses it (Django's
// RunPython with reverse_code), so a migration holding it can be
// unapplied.
func RunGoReversible(name string, fn, reverse func(ctx context.Context, ex Executor) error) Operation {
	return &runGo{name: name, fn: fn, back: reverse}
}

// ---- reverses of the original operations ----

func (o *createTable) reverse(*State) ([]Operation, error) {
	t, err := o.table()
	if err != nil {
		return nil, err
	}
	joins, err := o.joinTables()
	if err != nil {
		return nil, err
	}
	var out []Operation
	for i := len(joins) - 1; i >= 0; i-- {
		out = append(out, DropTable(joins[i].Name))
	}
	return append(out, DropTable(t.Name)), nil
}

func (o *addColumn) reverse(*State) ([]Operation, error) {
	return []Operation{RemoveField(o.table, o.c.Name)}, nil
}

func (o *dropColumn) reverse(before *State) ([]Operation, error) {
	t, ok := before.Table(o.table)
	c := t.Column(o.column)
	if !ok || c == nil {
		return nil, fmt.Errorf("%w: RemoveField(%q, %q): the migrations before it do not declare the column, so it cannot be put back", ErrIrreversible, o.table, o.column)
	}
	out := []Operation{AddField(o.table, *c)}
	for _, ix := range t.Indexes {
		if slices.Contains(ix.Columns, o.column) {
			out = append(out, AddIndex(o.table, ix))
		}
	}
	for _, u := range t.Uniques {
		if slices.Contains(u, o.column) {
			out = append(out, AddUnique(o.table, u...))
		}
	}
	for _, fk := range t.ForeignKeys {
		if slices.Contains(fk.Columns, o.column) {
			out = append(out, AddForeignKey(o.table, fk))
		}
	}
	return out, nil
}

func (o *renameColumn) reverse(*State) ([]Operation, error) {
	return []Operation{RenameField(o.table, o.to, o.from)}, nil
}

func (o *renameTable) reverse(*State) ([]Operation, error) {
	return []Operation{RenameTable(o.to, o.from)}, nil
}

func (o *dropTable) reverse(before *State) ([]Operation, error) {
	t, ok := before.Table(o.name)
	if !ok {
		return nil, fmt.Errorf("%w: DropTable(%q): the migrations before it do not create the table, so it cannot be put back", ErrIrreversible, o.name)
	}
	return []Operation{CreateTable(t)}, nil
}

func (o *createIndex) reverse(*State) ([]Operation, error) {
	return []Operation{RemoveIndex(o.table, o.name())}, nil
}

func (o *dropIndex) reverse(before *State) ([]Operation, error) {
	t, ok := before.Table(o.table)
	if ok {
		for _, ix := range t.Indexes {
			if dialect.IndexName(t.Name, ix) == o.name {
				return []Operation{AddIndex(o.table, ix)}, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: RemoveIndex(%q, %q): the migrations before it do not declare the index", ErrIrreversible, o.table, o.name)
}

func (o *rawSQL) reverse(*State) ([]Operation, error) {
	if !o.reversible {
		return nil, fmt.Errorf("%w: %s has no reverse; write it as RunSQL(forward, reverse)", ErrIrreversible, o)
	}
	if len(o.back) == 0 {
		return nil, nil
	}
	return []Operation{RawSQL(o.back...)}, nil
}

func (o *runGo) reverse(*State) ([]Operation, error) {
	if o.back == nil {
		return nil, fmt.Errorf("%w: %s has no reverse; write it as RunGoReversible(name, fn, reverse)", ErrIrreversible, o)
	}
	return []Operation{RunGo(o.name+" (reverse)", o.back)}, nil
}

// rebuiltTable returns the table op rebuilds on d (a backend that cannot
// alter in place), or "" when it alters nothing that way.
func rebuiltTable(d dialect.Dialect, op Operation, s *State) string {
	if dialect.AltersInPlace(d) {
		return ""
	}
	switch o := op.(type) {
	case *mergedRebuild:
		return o.table
	case *alterColumn:
		return o.table
	case *addForeignKey:
		return o.table
	case *dropForeignKey:
		return o.table
	case *addUnique:
		return o.table
	case *dropUnique:
		return o.table
	case *addColumn:
		if _, err := d.AddColumn(o.table, o.c); errors.Is(err, dialect.ErrUnsupported) {
			return o.table
		}
	case *dropColumn:
		if t, ok := s.Table(o.table); ok && constrained(d, t, o.column) {
			return o.table
		}
	}
	return ""
}

// keepDependents returns the statements to run around a rebuild of table
// on SQLite so that nothing built on it is lost: the views of the schema
// are dropped before (SQLite will not rename a table a view names while
// it is missing) and, with the table's triggers (which its DROP drops),
// created again after from their SQL. A view or trigger that no longer
// applies fails the migration, which then rolls back.
func keepDependents(ctx context.Context, d dialect.Dialect, ex Executor, table string) (pre, post []string, err error) {
	q, args := dialect.DependentsQuery(d, table)
	if q == "" {
		return nil, nil, nil
	}
	deps, err := readDependents(ctx, ex, q, args)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the views and triggers of %q: %w", table, err)
	}
	var triggers []string
	for _, dep := range deps {
		if dep.typ == "view" {
			drop, err := dialect.DropView(d, dep.name)
			if err != nil {
				return nil, nil, err
			}
			pre = append(pre, drop)
			post = append(post, dep.sql)
		} else {
			triggers = append(triggers, dep.sql)
		}
	}
	return pre, append(post, triggers...), nil
}
