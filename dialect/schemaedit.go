package dialect

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The statements that change one column or constraint of an existing
// table in place, as Django's schema editor does (alter_field,
// add_constraint, remove_constraint). They are functions of a Dialect,
// like the rewrite helpers, so the Dialect interface does not grow. SQLite
// cannot alter a column or add or drop a constraint: there every one of
// these is ErrUnsupported and the table is rebuilt instead (see
// [AltersInPlace]).

// AltersInPlace reports whether d changes a column's definition and adds
// or drops UNIQUE, CHECK and FOREIGN KEY constraints with ALTER TABLE
// (PostgreSQL, MySQL/MariaDB, Oracle). Where it does not (SQLite), a
// migration rebuilds the table instead: a new table created beside it,
// the rows copied, the old one dropped and the new one renamed.
func AltersInPlace(d Dialect) bool { return d.Name() != SQLite }

// ColumnCheck returns the name and condition of the CHECK constraint sqlorm
// gives column c of table on d — Positive* kinds (col >= 0), Choices
// (col IN (...)) and the dialect's own type checks (Oracle's NUMBER(1)
// booleans, SQLite's JSON in text), joined with AND — or two empty strings
// when c needs none. The name is DeriveName(table, [c.Name], "check"), as
// CreateTable and AddColumn write it.
func ColumnCheck(d Dialect, table string, c Column) (name, cond string, err error) {
	dd, ok := d.(ddlDialect)
	if !ok {
		return "", "", fmt.Errorf("%w: dialect %T has no DDL rules", ErrUnsupported, d)
	}
	cond, err = columnCheck(dd, table, c)
	if err != nil || cond == "" {
		return "", "", err
	}
	return DeriveName(table, []string{c.Name}, SuffixCheck), cond, nil
}

// AddCheck returns ALTER TABLE table ADD CONSTRAINT name CHECK (cond). The
// backend checks every existing row; cond is SQL for d (ColumnCheck's).
func AddCheck(d Dialect, table, name, cond string) (string, error) {
	if !AltersInPlace(d) {
		return "", unsupportedErr(d.Name(), table, "", "SQLite cannot add the CHECK constraint %q to an existing table; rebuild the table", name)
	}
	qt, qn, err := quotePair(d, table, "constraint name", name)
	if err != nil {
		return "", err
	}
	return "ALTER TABLE " + qt + " ADD CONSTRAINT " + qn + " CHECK (" + cond + ")", nil
}

// DropConstraint returns the statement dropping the CHECK or UNIQUE
// constraint name of table (MySQL/MariaDB drop a unique constraint as its
// index). ErrUnsupported on SQLite.
func DropConstraint(d Dialect, table, name string, unique bool) (string, error) {
	if !AltersInPlace(d) {
		return "", unsupportedErr(d.Name(), table, "", "SQLite cannot drop the constraint %q of an existing table; rebuild the table", name)
	}
	qt, qn, err := quotePair(d, table, "constraint name", name)
	if err != nil {
		return "", err
	}
	if unique && d.Name() == MySQL {
		return "ALTER TABLE " + qt + " DROP INDEX " + qn, nil
	}
	return "ALTER TABLE " + qt + " DROP CONSTRAINT " + qn, nil
}

// AddUnique returns ALTER TABLE table ADD CONSTRAINT <table>_<cols>_uniq
// UNIQUE (cols), the constraint CreateTable writes for a Table.Uniques
// entry or a unique column. ErrUnsupported on SQLite.
func AddUnique(d Dialect, table string, cols []string) (string, error) {
	if !AltersInPlace(d) {
		return "", unsupportedErr(d.Name(), table, "", "SQLite cannot add a UNIQUE constraint on %v to an existing table; rebuild the table", cols)
	}
	qt, err := d.Quote(table)
	if err != nil {
		return "", identErr(d.Name(), "", "table name", err)
	}
	for _, c := range cols {
		if err := CheckIdent(c); err != nil {
			return "", identErr(d.Name(), table, "unique column", err)
		}
	}
	name := DeriveName(table, cols, SuffixUnique)
	return "ALTER TABLE " + qt + " ADD CONSTRAINT " + quoted(d, name) + " UNIQUE (" + quotedList(d, cols) + ")", nil
}

// DropUnique returns the statement dropping the UNIQUE constraint AddUnique
// (or CreateTable) gave cols. ErrUnsupported on SQLite.
func DropUnique(d Dialect, table string, cols []string) (string, error) {
	return DropConstraint(d, table, DeriveName(table, cols, SuffixUnique), true)
}

// AlterColumn returns the statements that change column from of table into
// to in place, keeping its rows: its type (PostgreSQL converts with USING),
// NULL, default, UNIQUE and CHECK constraint (choices, Positive*), each
// only when it differs. from must be the column as the table now has it.
// The names must be equal (a rename is RenameColumn) and neither may be a
// primary key or auto column (recreate the table for that). On SQLite it
// is ErrUnsupported: rebuild the table. The backend refuses a value the new
// type cannot hold (MySQL in a strict session, see StrictSession); callers
// that must never round or truncate check MisfitCondition first.
func AlterColumn(d Dialect, table string, from, to Column) ([]string, error) {
	dd, ok := d.(ddlDialect)
	if !ok {
		return nil, fmt.Errorf("%w: dialect %T has no DDL rules", ErrUnsupported, d)
	}
	n := d.Name()
	if !AltersInPlace(d) {
		return nil, unsupportedErr(n, table, to.Name, "SQLite cannot alter a column; rebuild the table")
	}
	qt, qc, err := quotePair(d, table, "column name", to.Name)
	if err != nil {
		return nil, err
	}
	if from.Name != to.Name {
		return nil, schemaErr(n, table, to.Name, "AlterColumn keeps the name (it was %q); rename the column first", from.Name)
	}
	if from.Primary || to.Primary || isAuto(from.Kind) || isAuto(to.Kind) {
		return nil, unsupportedErr(n, table, to.Name, "a primary key or auto column cannot be altered in place; recreate the table")
	}
	fromType, err := dd.columnType(table, from)
	if err != nil {
		return nil, err
	}
	toType, err := dd.columnType(table, to)
	if err != nil {
		return nil, err
	}
	def, err := columnDef(dd, table, to, false)
	if err != nil {
		return nil, err
	}
	checkName, oldCheck, err := ColumnCheck(d, table, from)
	if err != nil {
		return nil, err
	}
	_, newCheck, err := ColumnCheck(d, table, to)
	if err != nil {
		return nil, err
	}
	alter := "ALTER TABLE " + qt + " "
	var out []string
	if oldCheck != "" && oldCheck != newCheck {
		out = append(out, alter+"DROP CONSTRAINT "+quoted(d, checkName))
	}
	uniq := DeriveName(table, []string{to.Name}, SuffixUnique)
	if from.Unique && !to.Unique {
		s, err := DropConstraint(d, table, uniq, true)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	defaultChanged := !sameDefault(from, to)
	// What counts is the NOT NULL the backend really has (Oracle never
	// writes it on text).
	nullChanged := (!from.Null && dd.writesNotNull(from)) != (!to.Null && dd.writesNotNull(to))
	switch n {
	case MySQL:
		if fromType != toType || defaultChanged || nullChanged {
			out = append(out, alter+"MODIFY COLUMN "+def)
		}
	case Postgres:
		droppedDefault := false
		if fromType != toType {
			if from.HasDefault || from.Default != nil {
				// The old default may not convert; it is set again below.
				out = append(out, alter+"ALTER COLUMN "+qc+" DROP DEFAULT")
				droppedDefault, defaultChanged = true, true
			}
			out = append(out, alter+"ALTER COLUMN "+qc+" TYPE "+toType+" USING "+qc+"::"+toType)
		}
		if defaultChanged {
			if to.HasDefault || to.Default != nil {
				lit, err := literal(dd, to.Default)
				if err != nil {
					return nil, schemaErr(n, table, to.Name, "default %v", err)
				}
				out = append(out, alter+"ALTER COLUMN "+qc+" SET DEFAULT "+dd.defaultExpr(to, lit))
			} else if !droppedDefault {
				out = append(out, alter+"ALTER COLUMN "+qc+" DROP DEFAULT")
			}
		}
		if nullChanged {
			if to.Null {
				out = append(out, alter+"ALTER COLUMN "+qc+" DROP NOT NULL")
			} else {
				out = append(out, alter+"ALTER COLUMN "+qc+" SET NOT NULL")
			}
		}
	default: // Oracle
		var parts []string
		if fromType != toType {
			parts = append(parts, toType)
		}
		if defaultChanged {
			lit := "NULL"
			if to.HasDefault || to.Default != nil {
				if lit, err = literal(dd, to.Default); err != nil {
					return nil, schemaErr(n, table, to.Name, "default %v", err)
				}
				lit = dd.defaultExpr(to, lit)
			}
			parts = append(parts, "DEFAULT "+lit)
		}
		if nullChanged {
			if !to.Null && dd.writesNotNull(to) {
				parts = append(parts, "NOT NULL")
			} else {
				parts = append(parts, "NULL")
			}
		}
		if len(parts) > 0 {
			out = append(out, alter+"MODIFY ("+qc+" "+strings.Join(parts, " ")+")")
		}
	}
	if to.Unique && !from.Unique {
		s, err := AddUnique(d, table, []string{to.Name})
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if newCheck != "" && oldCheck != newCheck {
		out = append(out, alter+"ADD CONSTRAINT "+quoted(d, checkName)+" CHECK ("+newCheck+")")
	}
	return out, nil
}

// sameDefault reports whether two columns have the same default, compared
// as the JSON of their values (an int and an int64 of one value are the
// same default; so are a decimal.Decimal and a DecimalLiteral).
func sameDefault(a, b Column) bool {
	ha, hb := a.HasDefault || a.Default != nil, b.HasDefault || b.Default != nil
	if ha != hb {
		return false
	}
	if !ha {
		return true
	}
	ja, err1 := json.Marshal(a.Default)
	jb, err2 := json.Marshal(b.Default)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// SameDefault reports whether columns a and b declare the same default:
// both none, or values whose JSON is equal (so 0 and int64(0), or
// decimal.Decimal 9.99 and DecimalLiteral("9.99"), are the same).
func SameDefault(a, b Column) bool { return sameDefault(a, b) }

// ConstraintRename is a derived CHECK or UNIQUE constraint name to change
// after a column or table rename, for [RenameConstraints].
type ConstraintRename struct {
	Old, New string
	Unique   bool   // a UNIQUE constraint (else a CHECK)
	Check    string // a CHECK's condition, for backends that re-add it
}

// RenameConstraints returns the statements renaming constraints of table:
// RENAME CONSTRAINT on PostgreSQL and Oracle (which also renames the index
// behind a unique one), RENAME INDEX for a unique constraint on
// MySQL/MariaDB, whose CHECK constraints cannot be renamed and are dropped
// and added again (every row is checked). Pairs with equal names are
// skipped. ErrUnsupported on SQLite, where the names are part of the
// table's text (a rebuild writes them anew).
func RenameConstraints(d Dialect, table string, pairs []ConstraintRename) ([]string, error) {
	if !AltersInPlace(d) {
		return nil, unsupportedErr(d.Name(), table, "", "SQLite cannot rename a constraint; rebuild the table")
	}
	qt, err := d.Quote(table)
	if err != nil {
		return nil, identErr(d.Name(), "", "table name", err)
	}
	var out []string
	for _, p := range pairs {
		if p.Old == p.New {
			continue
		}
		if err := errorsJoinIdent(d, table, p.Old, p.New); err != nil {
			return nil, err
		}
		switch {
		case d.Name() == MySQL && p.Unique:
			out = append(out, "ALTER TABLE "+qt+" RENAME INDEX "+quoted(d, p.Old)+" TO "+quoted(d, p.New))
		case d.Name() == MySQL:
			out = append(out, "ALTER TABLE "+qt+" DROP CONSTRAINT "+quoted(d, p.Old),
				"ALTER TABLE "+qt+" ADD CONSTRAINT "+quoted(d, p.New)+" CHECK ("+p.Check+")")
		default:
			out = append(out, "ALTER TABLE "+qt+" RENAME CONSTRAINT "+quoted(d, p.Old)+" TO "+quoted(d, p.New))
			if p.Unique && d.Name() == Oracle {
				out = append(out, "ALTER INDEX "+quoted(d, p.Old)+" RENAME TO "+quoted(d, p.New))
			}
		}
	}
	return out, nil
}

func errorsJoinIdent(d Dialect, table string, names ...string) error {
	for _, n := range names {
		if err := CheckIdent(n); err != nil {
			return identErr(d.Name(), table, "constraint name", err)
		}
	}
	return nil
}

// RenameDerivedOnRename returns the statements that, once table t has
// been renamed from from to t.Name, give its CHECK and UNIQUE constraints
// (and PostgreSQL's primary key) the names CreateTable(t) would give them,
// so later changes find them: RenameDerivedNames on PostgreSQL and Oracle,
// RenameConstraints' MySQL/MariaDB forms there, nothing on SQLite.
func RenameDerivedOnRename(d Dialect, t Table, from string) ([]string, error) {
	switch d.Name() {
	case SQLite:
		return nil, nil
	case MySQL:
	default:
		return RenameDerivedNames(d, t, from)
	}
	var pairs []ConstraintRename
	for _, c := range t.Columns {
		if c.Unique && !c.Primary {
			pairs = append(pairs, ConstraintRename{Old: DeriveName(from, []string{c.Name}, SuffixUnique), New: DeriveName(t.Name, []string{c.Name}, SuffixUnique), Unique: true})
		}
		_, cond, err := ColumnCheck(d, t.Name, c)
		if err != nil {
			return nil, err
		}
		if cond != "" {
			pairs = append(pairs, ConstraintRename{Old: DeriveName(from, []string{c.Name}, SuffixCheck), New: DeriveName(t.Name, []string{c.Name}, SuffixCheck), Check: cond})
		}
	}
	for _, u := range t.Uniques {
		pairs = append(pairs, ConstraintRename{Old: DeriveName(from, u, SuffixUnique), New: DeriveName(t.Name, u, SuffixUnique), Unique: true})
	}
	return RenameConstraints(d, t.Name, pairs)
}
