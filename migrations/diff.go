package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/orm"
)

// Diff is how a table in the database differs from the table a model
// declares: Python SQLORM's get_schema_diff (MissingInDB, ExtraInDB,
// ModelColumns, DBColumns) and, beyond it, columns whose type or
// nullability differ and indexes present on one side only.
type Diff struct {
	// Table is the table compared.
	Table string
	// TableMissing is true when the database has no such table; every
	// model column is then in MissingInDB.
	TableMissing bool
	// MissingInDB are the model's columns the table lacks, in model order.
	MissingInDB []string
	// ExtraInDB are the table's columns the model does not declare, in
	// table order.
	ExtraInDB []string
	// ModelColumns and DBColumns are the columns of each side, in order.
	ModelColumns, DBColumns []string
	// Changed are the columns on both sides whose stored type,
	// nullability or CHECK constraint (choices) differ.
	Changed []ColumnChange
	// MissingJoinTables are the join tables of the model's ManyToMany
	// fields that the database lacks.
	MissingJoinTables []string
	// MissingIndexes are the model's indexes the table lacks; ExtraIndexes
	// the table's indexes the model does not declare. An index matches one
	// of the same name, else one over the same columns with the same
	// uniqueness.
	MissingIndexes, ExtraIndexes []string
}

// ColumnChange is one column whose definition differs.
type ColumnChange struct {
	Column string
	// Model is the column as the model declares it, Stored as it would be
	// stored on this backend (dialect.StoredColumn), DB as the database
	// holds it.
	Model, Stored, DB dialect.Column
	// Differences says what differs, one phrase each: "type varchar(100)
	// in the model, text in the database", "NOT NULL in the model, NULL in
	// the database".
	Differences []string
}

// Empty reports whether the table matches the model.
func (d Diff) Empty() bool {
	return !d.TableMissing && len(d.MissingInDB) == 0 && len(d.ExtraInDB) == 0 &&
		len(d.Changed) == 0 && len(d.MissingIndexes) == 0 && len(d.ExtraIndexes) == 0 &&
		len(d.MissingJoinTables) == 0
}

// SchemaDiff compares model T with its table in db: Python SQLORM's
// get_schema_diff, with type, nullability and index differences beyond
// it. Kinds a backend stores alike (see package introspect) are compared
// as stored, so a table created by orm.Migrate[T] or CreateModel[T] has an
// empty Diff on every backend. The CHECK constraint of each column
// (choices, Positive*) is compared too: a choice added to the model is a
// ColumnChange ("choices [...] in the model, [...] in the database") until
// a migration (makemigrations' AlterField) changes the constraint.
// Defaults and foreign keys are not compared.
func SchemaDiff[T any](ctx context.Context, db *sql.DB) (Diff, error) {
	model, err := orm.Schema[T]()
	if err != nil {
		return Diff{}, err
	}
	cat, err := catalog(ctx, db)
	if err != nil {
		return Diff{}, err
	}
	joins, err := orm.ManyToManyTables[T]()
	if err != nil {
		return Diff{}, err
	}
	var missingJoins []string
	for _, jt := range joins {
		ok, err := introspect.TableExists(ctx, db, jt.Name)
		if err != nil {
			return Diff{}, err
		}
		if !ok {
			missingJoins = append(missingJoins, jt.Name)
		}
	}
	live, err := introspect.Table(ctx, db, model.Name)
	if errors.Is(err, introspect.ErrNoTable) {
		diff, err := Compare(cat, model, dialect.Table{Name: model.Name})
		diff.TableMissing, diff.MissingJoinTables = true, missingJoins
		return diff, err
	}
	if err != nil {
		return Diff{}, err
	}
	diff, err := Compare(cat, model, live)
	diff.MissingJoinTables = missingJoins
	return diff, err
}

// Compare returns how live (a table read by introspect.Table) differs
// from model (a table as the program declares it) on dialect d, as
// SchemaDiff describes. It sends nothing.
func Compare(d dialect.Dialect, model, live dialect.Table) (Diff, error) {
	cat, err := dialect.CatalogOf(d)
	if err != nil {
		return Diff{}, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	diff := Diff{Table: model.Name}
	for _, c := range model.Columns {
		diff.ModelColumns = append(diff.ModelColumns, c.Name)
	}
	for _, c := range live.Columns {
		diff.DBColumns = append(diff.DBColumns, c.Name)
	}
	find := func(cols []dialect.Column, name string) *dialect.Column {
		for i := range cols {
			if cat.SameIdent(cols[i].Name, name) {
				return &cols[i]
			}
		}
		return nil
	}
	for _, mc := range model.Columns {
		lc := find(live.Columns, mc.Name)
		if lc == nil {
			diff.MissingInDB = append(diff.MissingInDB, mc.Name)
			continue
		}
		stored, err := dialect.StoredColumn(d, mc)
		if err != nil {
			return Diff{}, fmt.Errorf("sqlorm/migrations: table %q: %w", model.Name, err)
		}
		ds := columnDifferences(d, stored, *lc)
		ds = append(ds, checkDifferences(d, model.Name, mc, *lc)...)
		if len(ds) > 0 {
			diff.Changed = append(diff.Changed, ColumnChange{Column: mc.Name, Model: mc, Stored: stored, DB: *lc, Differences: ds})
		}
	}
	for _, lc := range live.Columns {
		if find(model.Columns, lc.Name) == nil {
			diff.ExtraInDB = append(diff.ExtraInDB, lc.Name)
		}
	}
	// An index matches one of the same name, or failing that one over the
	// same columns with the same uniqueness (a schema made elsewhere names
	// its indexes its own way).
	modelIdx, liveIdx := named(model), named(live)
	matched := make([]bool, len(liveIdx))
	same := func(m, l dialect.Index) bool {
		return m.Unique == l.Unique && slices.EqualFunc(m.Columns, l.Columns, cat.SameIdent)
	}
	var unmatched []dialect.Index
	for _, m := range modelIdx {
		i := slices.IndexFunc(liveIdx, func(l dialect.Index) bool { return cat.SameIdent(l.Name, m.Name) })
		if i < 0 || matched[i] {
			unmatched = append(unmatched, m)
			continue
		}
		matched[i] = true
	}
	for _, m := range unmatched {
		i := slices.IndexFunc(liveIdx, func(l dialect.Index) bool { return same(m, l) })
		for i >= 0 && matched[i] {
			j := slices.IndexFunc(liveIdx[i+1:], func(l dialect.Index) bool { return same(m, l) })
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			diff.MissingIndexes = append(diff.MissingIndexes, m.Name)
			continue
		}
		matched[i] = true
	}
	for i, l := range liveIdx {
		if !matched[i] {
			diff.ExtraIndexes = append(diff.ExtraIndexes, l.Name)
		}
	}
	return diff, nil
}

// named returns t's indexes with derived names filled in.
func named(t dialect.Table) []dialect.Index {
	out := make([]dialect.Index, len(t.Indexes))
	for i, ix := range t.Indexes {
		ix.Name = dialect.IndexName(t.Name, ix)
		out[i] = ix
	}
	return out
}

// columnDifferences compares a stored model column with a live one.
func columnDifferences(d dialect.Dialect, stored, live dialect.Column) []string {
	var out []string
	if !dialect.SameStorage(d, stored, live) {
		out = append(out, fmt.Sprintf("type %s in the model, %s in the database", describeType(stored), describeType(live)))
	}
	if stored.Null != live.Null {
		out = append(out, fmt.Sprintf("%s in the model, %s in the database", nullWord(stored.Null), nullWord(live.Null)))
	}
	return out
}

// checkDifferences compares the CHECK constraint the model's column gets
// (dialect.ColumnCheck: choices, Positive*, the dialect's type checks)
// with the one the live column has (introspect fills CheckClause and the
// choices from it). Choices compare as sets: their order is not part of
// the constraint.
func checkDifferences(d dialect.Dialect, table string, model, live dialect.Column) []string {
	_, cond, err := dialect.ColumnCheck(d, table, model)
	if err != nil {
		return []string{err.Error()}
	}
	switch {
	case cond != "" && live.CheckClause == "":
		return []string{fmt.Sprintf("CHECK (%s) in the model, no CHECK in the database", cond)}
	case cond == "" && live.CheckClause != "":
		return []string{fmt.Sprintf("no CHECK in the model, CHECK (%s) in the database", live.CheckClause)}
	}
	a, b := slices.Clone(model.Choices), slices.Clone(live.Choices)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(slices.Compact(a), slices.Compact(b)) {
		return []string{fmt.Sprintf("choices %q in the model, %q in the database", model.Choices, live.Choices)}
	}
	return nil
}

// syncChecks replaces the CHECK of each column whose only differences
// are its CHECK's.
func syncChecks(ctx context.Context, db *sql.DB, d dialect.Catalog, model dialect.Table, res *SyncResult) error {
	live, err := introspect.Table(ctx, db, model.Name)
	if err != nil {
		return err
	}
	rebuild := false
	for _, ch := range res.Diff.Changed {
		if len(columnDifferences(d, ch.Stored, ch.DB)) > 0 {
			continue // the type or NULL differs too: a migration's business
		}
		name, cond, err := dialect.ColumnCheck(d, model.Name, ch.Model)
		if err != nil {
			return err
		}
		if cond != "" {
			q := "SELECT " + quote(d, ch.Column) + " FROM " + quote(d, model.Name) + " WHERE NOT (" + cond + ")"
			row, found, err := firstRow(ctx, db, q, 1)
			if err != nil {
				return fmt.Errorf("sqlorm/migrations: checking %q.%q against its new CHECK: %w", model.Name, ch.Column, err)
			}
			if found {
				res.Skipped = append(res.Skipped, SkippedColumn{ch.Column, fmt.Sprintf("a row holds %s, which the model's CHECK (%s) refuses; change those rows first", row[0], cond)})
				continue
			}
		}
		if !dialect.AltersInPlace(d) {
			lc := live.Column(ch.Column)
			lc.Choices, lc.CheckClause = slices.Clone(ch.Model.Choices), ""
			rebuild = true
			res.ChangedChecks = append(res.ChangedChecks, ch.Column)
			continue
		}
		var stmts []string
		if ch.DB.CheckClause != "" {
			s, err := dialect.DropConstraint(d, model.Name, name, false)
			if err != nil {
				return err
			}
			stmts = append(stmts, s)
		}
		if cond != "" {
			s, err := dialect.AddCheck(d, model.Name, name, cond)
			if err != nil {
				return err
			}
			stmts = append(stmts, s)
		}
		if err := inTxOrUndo(ctx, d, db, func(ex Executor) error { return exec(ctx, ex, stmts...) }); err != nil {
			return fmt.Errorf("sqlorm/migrations: replacing the CHECK of %q.%q: %w", model.Name, ch.Column, err)
		}
		res.ChangedChecks = append(res.ChangedChecks, ch.Column)
	}
	if rebuild {
		cols := make([]string, len(live.Columns))
		for i, c := range live.Columns {
			cols[i] = c.Name
		}
		if err := RecreateTable(ctx, db, live, cols); err != nil {
			return err
		}
	}
	return nil
}

func describeType(c dialect.Column) string {
	var b strings.Builder
	b.WriteString(c.Kind.String())
	switch {
	case c.Kind == dialect.KindChar:
		fmt.Fprintf(&b, "(%d)", c.Length)
	case c.Kind == dialect.KindDecimal && (c.Precision != 0 || c.Scale != 0):
		fmt.Fprintf(&b, "(%d,%d)", c.Precision, c.Scale)
	}
	if c.DBType != "" {
		fmt.Fprintf(&b, " [%s]", c.DBType)
	}
	return b.String()
}

func nullWord(null bool) string {
	if null {
		return "NULL"
	}
	return "NOT NULL"
}

// SyncResult is what SyncSchema did: Python SQLORM's {'added': ..., 'skipped':
// ...}, with the reason for each skipped column.
type SyncResult struct {
	// Added are the columns added, in model order.
	Added []string
	// Skipped are the missing columns SyncSchema could not add, each with
	// the reason (and what to do instead).
	Skipped []SkippedColumn
	// CreatedTables are the tables SyncSchema created: the model's own
	// when it was missing, and ManyToMany join tables.
	CreatedTables []string
	// ChangedChecks are the columns whose CHECK constraint (choices,
	// Positive*) SyncSchema replaced by the model's; a column with a row
	// the new CHECK refuses is in Skipped instead, the row named.
	ChangedChecks []string
	// Diff is the comparison SyncSchema started from.
	Diff Diff
}

// SkippedColumn is a column SyncSchema did not add, and why.
type SkippedColumn struct {
	Column string
	Reason string
}

// SyncSchema adds the columns model T declares and its table lacks: the
// seed's sync_schema. It also replaces a column's CHECK constraint
// (choices, Positive*) that differs from the model's, when nothing else of
// the column differs and every row passes the new one (ALTER TABLE where
// the backend can, a table rebuild on SQLite). It creates the table (orm.Migrate) when it is
// missing, and the join tables of T's ManyToMany fields that are missing
// (their targets' tables must exist). It never drops, renames or changes the type or NULL of a column: extra columns and
// changed ones stay as they are and are reported in the result's Diff. A
// column that cannot be added to a table with rows (SQLite: UNIQUE, or
// NOT NULL without a default; a NOT NULL column without a default
// anywhere, since existing rows would have no value) is skipped with the
// reason. Running it again adds nothing.
func SyncSchema[T any](ctx context.Context, db *sql.DB) (SyncResult, error) {
	diff, err := SchemaDiff[T](ctx, db)
	if err != nil {
		return SyncResult{}, err
	}
	res := SyncResult{Diff: diff}
	if diff.TableMissing {
		if err := orm.Migrate[T](ctx, db); err != nil {
			return res, err
		}
		res.Added = append(res.Added, diff.MissingInDB...)
		res.CreatedTables = append(append(res.CreatedTables, diff.Table), diff.MissingJoinTables...)
		return res, nil
	}
	model, err := orm.Schema[T]()
	if err != nil {
		return res, err
	}
	cat, err := catalog(ctx, db)
	if err != nil {
		return res, err
	}
	for _, name := range diff.MissingInDB {
		c := *model.Column(name)
		if !c.Null && !c.HasDefault {
			res.Skipped = append(res.Skipped, SkippedColumn{name, "NOT NULL without a default: the existing rows would have no value; give the field a default or null, or add it with AddColumn and a default, then fill it"})
			continue
		}
		if _, err := cat.AddColumn(model.Name, c); err != nil {
			res.Skipped = append(res.Skipped, SkippedColumn{name, err.Error()})
			continue
		}
		added, err := SafeAddColumn(ctx, db, model.Name, c)
		if err != nil {
			return res, err
		}
		if added {
			res.Added = append(res.Added, name)
		}
	}
	if err := syncChecks(ctx, db, cat, model, &res); err != nil {
		return res, err
	}
	if len(diff.MissingJoinTables) > 0 {
		joins, err := orm.ManyToManyTables[T]()
		if err != nil {
			return res, err
		}
		for _, jt := range joins {
			if !slices.Contains(diff.MissingJoinTables, jt.Name) {
				continue
			}
			stmts, err := cat.CreateTable(jt)
			if err != nil {
				return res, fmt.Errorf("sqlorm/migrations: join table %q: %w", jt.Name, err)
			}
			for _, st := range stmts {
				if _, err := db.ExecContext(ctx, st); err != nil {
					return res, fmt.Errorf("sqlorm/migrations: creating join table %q: %w", jt.Name, err)
				}
			}
			res.CreatedTables = append(res.CreatedTables, jt.Name)
		}
	}
	return res, nil
}
