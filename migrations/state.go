package migrations

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// State is a project's schema as its migrations describe it, built by
// replaying their operations in order without a database: Django's
// ProjectState. makemigrations compares it with the models to write the
// next migration, and operations that need the whole table (a rebuild on
// SQLite, a reverse that puts back a dropped column) read it. The zero
// State is empty and ready to use.
type State struct {
	tables map[string]dialect.Table
}

// NewState returns a State holding copies of tables.
func NewState(tables ...dialect.Table) *State {
	s := &State{}
	for _, t := range tables {
		s.put(t)
	}
	return s
}

// StateOf replays ms in order and returns the schema they leave. An
// operation that does not fit the state (a field added to a table no
// earlier migration created, a column removed twice) is an error wrapping
// ErrInvalidMigration naming the migration and operation. RawSQL and RunGo
// change nothing in the state. A squashed migration counts only once the
// migrations it replaces are gone from ms.
func StateOf(ms []Migration) (*State, error) {
	s := &State{}
	inCode := map[string]bool{}
	for _, m := range ms {
		inCode[m.ID] = true
	}
	for _, m := range ms {
		if shadowed(m, inCode) {
			continue // the migrations it replaces are here and replayed
		}
		if err := s.applyMigration(m); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *State) applyMigration(m Migration) error {
	for j, op := range m.Ops {
		if op == nil {
			return fmt.Errorf("%w: migration %q, operation %d is nil", ErrInvalidMigration, m.ID, j+1)
		}
		if err := op.mutate(s); err != nil {
			return fmt.Errorf("%w: migration %q, operation %d (%s): %w", ErrInvalidMigration, m.ID, j+1, op, err)
		}
	}
	return nil
}

// Table returns a copy of the table name and whether the state has it.
func (s *State) Table(name string) (dialect.Table, bool) {
	t, ok := s.tables[name]
	if !ok {
		return dialect.Table{}, false
	}
	return cloneTable(t), true
}

// Tables returns copies of every table, sorted by name.
func (s *State) Tables() []dialect.Table {
	names := s.Names()
	out := make([]dialect.Table, len(names))
	for i, n := range names {
		out[i] = cloneTable(s.tables[n])
	}
	return out
}

// Names returns the table names, sorted.
func (s *State) Names() []string {
	out := make([]string, 0, len(s.tables))
	for n := range s.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Clone returns an independent copy of s.
func (s *State) Clone() *State {
	c := &State{}
	for _, t := range s.tables {
		c.put(t)
	}
	return c
}

func (s *State) put(t dialect.Table) {
	if s.tables == nil {
		s.tables = map[string]dialect.Table{}
	}
	s.tables[t.Name] = cloneTable(t)
}

// table returns the table for changing it in place: put it back with put.
func (s *State) table(name string) (dialect.Table, error) {
	t, ok := s.tables[name]
	if !ok {
		return dialect.Table{}, fmt.Errorf("the migrations before it create no table %q", name)
	}
	return cloneTable(t), nil
}

func cloneTable(t dialect.Table) dialect.Table {
	out := dialect.Table{Name: t.Name}
	for _, c := range t.Columns {
		c.Choices = slices.Clone(c.Choices)
		out.Columns = append(out.Columns, c)
	}
	for _, ix := range t.Indexes {
		ix.Columns = slices.Clone(ix.Columns)
		out.Indexes = append(out.Indexes, ix)
	}
	for _, u := range t.Uniques {
		out.Uniques = append(out.Uniques, slices.Clone(u))
	}
	for _, fk := range t.ForeignKeys {
		fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
		out.ForeignKeys = append(out.ForeignKeys, fk)
	}
	return out
}

// ---- state changes of each operation ----

func (o *createTable) mutate(s *State) error {
	t, err := o.table()
	if err != nil {
		return err
	}
	joins, err := o.joinTables()
	if err != nil {
		return err
	}
	for _, x := range append([]dialect.Table{t}, joins...) {
		if _, ok := s.tables[x.Name]; ok {
			return fmt.Errorf("table %q exists already", x.Name)
		}
		s.put(x)
	}
	return nil
}

func (o *addColumn) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	if t.Column(o.c.Name) != nil {
		return fmt.Errorf("table %q has a column %q already", o.table, o.c.Name)
	}
	c := o.c
	c.Choices = slices.Clone(c.Choices)
	t.Columns = append(t.Columns, c)
	s.put(t)
	return nil
}

func (o *dropColumn) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	if t.Column(o.column) == nil {
		return fmt.Errorf("table %q has no column %q", o.table, o.column)
	}
	s.put(withoutColumn(t, o.column))
	return nil
}

// withoutColumn removes a column and every index, unique constraint and
// foreign key over it, as dropping it does on PostgreSQL (and as
// makemigrations orders the removals before it everywhere else).
func withoutColumn(t dialect.Table, col string) dialect.Table {
	t.Columns = slices.DeleteFunc(t.Columns, func(c dialect.Column) bool { return c.Name == col })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix dialect.Index) bool { return slices.Contains(ix.Columns, col) })
	t.Uniques = slices.DeleteFunc(t.Uniques, func(u []string) bool { return slices.Contains(u, col) })
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk dialect.ForeignKey) bool { return slices.Contains(fk.Columns, col) })
	return t
}

func (o *renameColumn) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	c := t.Column(o.from)
	if c == nil {
		return fmt.Errorf("table %q has no column %q", o.table, o.from)
	}
	if t.Column(o.to) != nil {
		return fmt.Errorf("table %q has a column %q already", o.table, o.to)
	}
	// Index and foreign-key names derived from the old column name keep
	// it in the database: make them explicit (see renameTable.mutate).
	for i, ix := range t.Indexes {
		if slices.Contains(ix.Columns, o.from) {
			t.Indexes[i].Name = dialect.IndexName(t.Name, ix)
		}
	}
	for i, fk := range t.ForeignKeys {
		if fk.Name == "" && slices.Contains(fk.Columns, o.from) {
			t.ForeignKeys[i].Name = dialect.DeriveName(t.Name, fk.Columns, dialect.SuffixForeignKey)
		}
	}
	c = t.Column(o.from)
	c.Name = o.to
	ren := func(cols []string) {
		for i := range cols {
			if cols[i] == o.from {
				cols[i] = o.to
			}
		}
	}
	for _, ix := range t.Indexes {
		ren(ix.Columns)
	}
	for _, u := range t.Uniques {
		ren(u)
	}
	for _, fk := range t.ForeignKeys {
		ren(fk.Columns)
	}
	s.put(t)
	// Foreign keys of other tables (and of t itself) to the column.
	for _, n := range s.Names() {
		x := s.tables[n]
		changed := false
		for _, fk := range x.ForeignKeys {
			if fk.RefTable == o.table {
				for i := range fk.RefColumns {
					if fk.RefColumns[i] == o.from {
						fk.RefColumns[i], changed = o.to, true
					}
				}
			}
		}
		if changed {
			s.put(x)
		}
	}
	return nil
}

func (o *renameTable) mutate(s *State) error {
	t, err := s.table(o.from)
	if err != nil {
		return err
	}
	if _, ok := s.tables[o.to]; ok {
		return fmt.Errorf("table %q exists already", o.to)
	}
	delete(s.tables, o.from)
	// Index and foreign-key names were derived from the old name and keep
	// it in the database: make them explicit, so later operations name
	// them as they are (makemigrations then renames them by dropping and
	// adding). The names of CHECK and UNIQUE constraints are renamed with
	// the table (renameTable.sql).
	for i, ix := range t.Indexes {
		t.Indexes[i].Name = dialect.IndexName(o.from, ix)
	}
	for i, fk := range t.ForeignKeys {
		if fk.Name == "" {
			t.ForeignKeys[i].Name = dialect.DeriveName(o.from, fk.Columns, dialect.SuffixForeignKey)
		}
	}
	t.Name = o.to
	s.put(t)
	for _, n := range s.Names() {
		x := s.tables[n]
		changed := false
		for i := range x.ForeignKeys {
			if x.ForeignKeys[i].RefTable == o.from {
				x.ForeignKeys[i].RefTable, changed = o.to, true
			}
		}
		if changed {
			s.put(x)
		}
	}
	return nil
}

func (o *dropTable) mutate(s *State) error {
	if _, err := s.table(o.name); err != nil {
		return err
	}
	delete(s.tables, o.name)
	return nil
}

func (o *createIndex) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	name := o.name()
	for _, ix := range t.Indexes {
		if dialect.IndexName(t.Name, ix) == name {
			return fmt.Errorf("table %q has an index %q already", o.table, name)
		}
	}
	idx := o.idx
	idx.Columns = slices.Clone(idx.Columns)
	t.Indexes = append(t.Indexes, idx)
	s.put(t)
	return nil
}

func (o *dropIndex) mutate(s *State) error {
	t, err := s.table(o.table)
	if err != nil {
		return err
	}
	n := len(t.Indexes)
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix dialect.Index) bool { return dialect.IndexName(t.Name, ix) == o.name })
	if len(t.Indexes) == n {
		return fmt.Errorf("table %q has no index %q", o.table, o.name)
	}
	s.put(t)
	return nil
}

func (o *rawSQL) mutate(*State) error { return nil }
func (o *runGo) mutate(*State) error  { return nil }

// columnJSON is the canonical text of a column, for comparing two.
func columnText(c dialect.Column) string {
	c.DBType = ""
	s, err := describeJSON("", c)
	if err != nil {
		return fmt.Sprintf("%#v", c)
	}
	return s
}

// sameColumn reports whether two columns are declared alike (DBType, which
// only introspection fills, is ignored; defaults compare as JSON).
func sameColumn(a, b dialect.Column) bool { return columnText(a) == columnText(b) }

// uniqueKey names a unique_together entry.
func uniqueKey(cols []string) string { return strings.Join(cols, ",") }

// fkKey names a foreign key by its columns.
func fkKey(fk dialect.ForeignKey) string { return uniqueKey(fk.Columns) }

func fkJSON(fk dialect.ForeignKey) string {
	b, _ := json.Marshal(fk)
	return string(b)
}
