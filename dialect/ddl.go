package dialect

import (
	"fmt"
	"strconv"
	"strings"
)

// ddlDialect is what the shared DDL algorithm in this file asks of a dialect:
// only the decisions that differ between backends. Each dialect file
// implements every method, in the same order.
type ddlDialect interface {
	Dialect
	// columnType is ColumnType with the table name for error messages.
	columnType(table string, c Column) (string, error)
	// stringLit renders s (valid UTF-8, no NUL) as a string literal.
	stringLit(s string) string
	// boolLit renders b as a literal a boolean column accepts.
	boolLit(b bool) string
	// typeChecks returns the CHECK conditions c's type needs on this
	// dialect besides Positive* and Choices (Oracle's NUMBER(1) booleans,
	// JSON kept in text). qcol is the quoted column name.
	typeChecks(qcol string, c Column) []string
	// autoSuffix follows PRIMARY KEY on an auto column ("AUTOINCREMENT").
	autoSuffix() string
	// writesNotNull reports whether NOT NULL is written for a non-null c
	// (Oracle stores '' as NULL, so text columns never get it).
	writesNotNull(c Column) bool
	// defaultExpr wraps a rendered literal for c's DEFAULT clause.
	defaultExpr(c Column, lit string) string
	// onDelete maps a normalised ON DELETE action to its clause ("" for
	// none) or an error when the dialect lacks it.
	onDelete(action string) (string, error)
	// indexable reports whether a plain index may be built on c.
	indexable(c Column) bool
	// createTableStmt returns the idempotent CREATE TABLE for body.
	createTableStmt(qtable, body string) string
	// createIndexStmt returns the idempotent CREATE INDEX.
	createIndexStmt(unique bool, qname, qtable, qcols string) string
}

// schemaError is the error of this package's DDL builders: it matches
// ErrInvalidSchema, and ErrUnsupported too when the schema is sound but the
// dialect cannot do it.
type schemaError struct {
	msg         string
	unsupported bool
}

func (e *schemaError) Error() string { return e.msg }

func (e *schemaError) Is(target error) bool {
	return target == ErrInvalidSchema || (e.unsupported && target == ErrUnsupported)
}

// schemaErr builds an ErrInvalidSchema error naming dialect, table and
// column (either may be empty).
func schemaErr(d Name, table, column, format string, args ...any) error {
	var b strings.Builder
	b.WriteString(ErrInvalidSchema.Error())
	b.WriteString(": ")
	b.WriteString(string(d))
	if table != "" {
		fmt.Fprintf(&b, ": table %q", table)
	}
	if column != "" {
		fmt.Fprintf(&b, ": column %q", column)
	}
	b.WriteString(": ")
	fmt.Fprintf(&b, format, args...)
	return &schemaError{msg: b.String()}
}

// unsupportedErr is schemaErr for what the dialect cannot do; the result
// also matches ErrUnsupported.
func unsupportedErr(d Name, table, column, format string, args ...any) error {
	err := schemaErr(d, table, column, format, args...).(*schemaError)
	err.unsupported = true
	return err
}

// identErr wraps a CheckIdent error with the place the name was found; the
// result matches both ErrInvalidSchema and ErrInvalidIdentifier.
func identErr(d Name, table, what string, err error) error {
	if table != "" {
		return fmt.Errorf("%w: %s: table %q: %s: %w", ErrInvalidSchema, d, table, what, err)
	}
	return fmt.Errorf("%w: %s: %s: %w", ErrInvalidSchema, d, what, err)
}

func isAuto(k Kind) bool { return k == KindAuto || k == KindBigAuto }

func isPositive(k Kind) bool {
	return k == KindPositiveSmallInt || k == KindPositiveInt || k == KindPositiveBigInt
}

// quoted quotes a name that has already passed CheckIdent.
func quoted(d Dialect, name string) string {
	return string(d.AppendQuote(make([]byte, 0, len(name)+2), name))
}

// quotedList quotes names and joins them with ", ".
func quotedList(d Dialect, names []string) string {
	var b []byte
	for i, n := range names {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = d.AppendQuote(b, n)
	}
	return string(b)
}

// checkKind rejects kinds outside the enumeration.
func checkKind(d Name, table string, c Column) error {
	if c.Kind <= KindInvalid || int(c.Kind) >= len(kindNames) {
		return schemaErr(d, table, c.Name, "kind %d is not a column kind; use one of the Kind constants (KindBigAuto ... KindBinary)", int(c.Kind))
	}
	return nil
}

// charLength validates a CharField's max_length against the dialect's limit
// (0: no limit).
func charLength(d Name, table string, c Column, limit int) error {
	if c.Length < 1 {
		return schemaErr(d, table, c.Name, "CharField needs max_length >= 1 (Column.Length is %d); set max_length or use a TextField", c.Length)
	}
	if limit > 0 && c.Length > limit {
		return schemaErr(d, table, c.Name, "max_length %d exceeds the %s limit of %d for a varchar; lower it or use a TextField", c.Length, d, limit)
	}
	return nil
}

// decimalSpec validates a DecimalField's digits and places and reports
// whether both are unset (allowed only where allowUnset).
func decimalSpec(d Name, table string, c Column, maxPrecision, maxScale int, allowUnset bool) (unset bool, err error) {
	if c.Precision == 0 && c.Scale == 0 && allowUnset {
		return true, nil
	}
	switch {
	case c.Precision < 1:
		return false, schemaErr(d, table, c.Name, "DecimalField needs max_digits >= 1 (Column.Precision is %d); set max_digits and decimal_places", c.Precision)
	case c.Scale < 0:
		return false, schemaErr(d, table, c.Name, "decimal_places is %d; it must be >= 0", c.Scale)
	case c.Scale > c.Precision:
		return false, schemaErr(d, table, c.Name, "decimal_places (%d) exceeds max_digits (%d); max_digits counts every digit, so raise it to at least %d", c.Scale, c.Precision, c.Scale)
	case maxPrecision > 0 && c.Precision > maxPrecision:
		return false, schemaErr(d, table, c.Name, "max_digits %d exceeds the %s limit of %d", c.Precision, d, maxPrecision)
	case maxScale > 0 && c.Scale > maxScale:
		return false, schemaErr(d, table, c.Name, "decimal_places %d exceeds the %s limit of %d", c.Scale, d, maxScale)
	}
	return false, nil
}

// columnDef renders one column definition: name, type, DEFAULT, NOT NULL
// and, when inlinePK, PRIMARY KEY (plus the dialect's auto suffix).
func columnDef(d ddlDialect, table string, c Column, inlinePK bool) (string, error) {
	n := d.Name()
	typ, err := d.columnType(table, c)
	if err != nil {
		return "", err
	}
	if c.Null && c.Primary {
		return "", schemaErr(n, table, c.Name, "a primary key column cannot allow NULL; drop the null option")
	}
	if isAuto(c.Kind) {
		if c.Null {
			return "", schemaErr(n, table, c.Name, "an %s cannot allow NULL; drop the null option", c.Kind)
		}
		if c.Default != nil || c.HasDefault {
			return "", schemaErr(n, table, c.Name, "an %s gets its values from the database and cannot have a default; drop the default", c.Kind)
		}
	}
	var b strings.Builder
	b.WriteString(quoted(d, c.Name))
	b.WriteByte(' ')
	b.WriteString(typ)
	if c.Default != nil || c.HasDefault {
		lit, err := literal(d, c.Default)
		if err != nil {
			return "", schemaErr(n, table, c.Name, "default %v", err)
		}
		b.WriteString(" DEFAULT ")
		b.WriteString(d.defaultExpr(c, lit))
	}
	if !c.Null && d.writesNotNull(c) {
		b.WriteString(" NOT NULL")
	}
	if inlinePK {
		b.WriteString(" PRIMARY KEY")
		if isAuto(c.Kind) {
			if s := d.autoSuffix(); s != "" {
				b.WriteByte(' ')
				b.WriteString(s)
			}
		}
	}
	return b.String(), nil
}

// columnCheck returns the CHECK condition for c (its type's checks,
// Positive* >= 0, Choices) joined with AND, or "" when it needs none.
func columnCheck(d ddlDialect, table string, c Column) (string, error) {
	if !d.Has(CheckConstraints) {
		return "", nil
	}
	qcol := quoted(d, c.Name)
	conds := d.typeChecks(qcol, c)
	if isPositive(c.Kind) {
		conds = append(conds, qcol+" >= 0")
	}
	if len(c.Choices) > 0 {
		var b strings.Builder
		b.WriteString(qcol)
		b.WriteString(" IN (")
		for i, ch := range c.Choices {
			lit, err := stringLiteral(d, ch)
			if err != nil {
				return "", schemaErr(d.Name(), table, c.Name, "choice %d %v", i, err)
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(lit)
		}
		b.WriteByte(')')
		conds = append(conds, b.String())
	}
	return strings.Join(conds, " AND "), nil
}

// nameSet detects two indexes or constraints of one table with the same
// name (case-insensitively: Oracle folds names, MySQL and SQLite compare
// without case).
type nameSet map[string]string

func (s nameSet) add(d Name, table, name, what string) error {
	key := strings.ToLower(name)
	if prev, ok := s[key]; ok {
		return schemaErr(d, table, "", "%s and %s are both named %q; give one of them an explicit Name", prev, what, name)
	}
	s[key] = what
	return nil
}

// tableColumns validates t's name and columns and returns the primary key
// column names.
func tableColumns(d Name, t Table) (pk []string, err error) {
	if err := CheckIdent(t.Name); err != nil {
		return nil, identErr(d, "", "table name", err)
	}
	if len(t.Columns) == 0 {
		return nil, schemaErr(d, t.Name, "", "the table has no columns; give it at least one")
	}
	seen := make(map[string]bool, len(t.Columns))
	autos := 0
	for i, c := range t.Columns {
		if err := CheckIdent(c.Name); err != nil {
			return nil, identErr(d, t.Name, fmt.Sprintf("column %d name", i), err)
		}
		key := strings.ToLower(c.Name)
		if seen[key] {
			return nil, schemaErr(d, t.Name, c.Name, "the column appears twice; rename one (names are compared without case)")
		}
		seen[key] = true
		if c.Primary {
			pk = append(pk, c.Name)
		}
		if isAuto(c.Kind) {
			autos++
			if !c.Primary {
				return nil, schemaErr(d, t.Name, c.Name, "an %s must be the primary key; mark it primary_key or use a BigIntegerField", c.Kind)
			}
		}
	}
	if autos > 1 {
		return nil, schemaErr(d, t.Name, "", "the table has %d auto columns; a table can have only one", autos)
	}
	if autos == 1 && len(pk) > 1 {
		return nil, schemaErr(d, t.Name, "", "an auto column cannot be part of a composite primary key %v; use a BigIntegerField in the key", pk)
	}
	return pk, nil
}

// columnList validates a list of column names that must exist in t.
func columnList(d Name, t Table, what string, cols []string) error {
	if len(cols) == 0 {
		return schemaErr(d, t.Name, "", "%s has no columns; list at least one", what)
	}
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if t.Column(c) == nil {
			return schemaErr(d, t.Name, c, "%s names a column the table does not have", what)
		}
		if seen[c] {
			return schemaErr(d, t.Name, c, "%s lists the column twice", what)
		}
		seen[c] = true
	}
	return nil
}

// normalizeAction upper-cases an ON DELETE action and accepts Django's
// spelling ("set_null") as well as SQL's ("SET NULL").
func normalizeAction(a string) string {
	return strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(a)), "_", " ")
}

// createTable is the one CREATE TABLE algorithm every dialect shares.
func createTable(d ddlDialect, t Table) ([]string, error) {
	n := d.Name()
	pk, err := tableColumns(n, t)
	if err != nil {
		return nil, err
	}
	inlinePK := len(pk) == 1
	names := nameSet{}
	parts := make([]string, 0, len(t.Columns)+len(t.Uniques)+len(t.ForeignKeys)+1)
	var uniques, checks []string

	for _, c := range t.Columns {
		def, err := columnDef(d, t.Name, c, inlinePK && c.Primary)
		if err != nil {
			return nil, err
		}
		parts = append(parts, def)
		cond, err := columnCheck(d, t.Name, c)
		if err != nil {
			return nil, err
		}
		if cond != "" {
			name := DeriveName(t.Name, []string{c.Name}, SuffixCheck)
			if err := names.add(n, t.Name, name, fmt.Sprintf("the check of column %q", c.Name)); err != nil {
				return nil, err
			}
			checks = append(checks, "CONSTRAINT "+quoted(d, name)+" CHECK ("+cond+")")
		}
		if c.Unique && !(inlinePK && c.Primary) {
			name := DeriveName(t.Name, []string{c.Name}, SuffixUnique)
			if err := names.add(n, t.Name, name, fmt.Sprintf("the unique constraint of column %q", c.Name)); err != nil {
				return nil, err
			}
			uniques = append(uniques, "CONSTRAINT "+quoted(d, name)+" UNIQUE ("+quoted(d, c.Name)+")")
		}
	}
	if len(pk) > 1 {
		parts = append(parts, "PRIMARY KEY ("+quotedList(d, pk)+")")
	}
	for i, u := range t.Uniques {
		what := fmt.Sprintf("unique constraint %d %v", i, u)
		if err := columnList(n, t, what, u); err != nil {
			return nil, err
		}
		name := DeriveName(t.Name, u, SuffixUnique)
		if err := names.add(n, t.Name, name, what); err != nil {
			return nil, err
		}
		uniques = append(uniques, "CONSTRAINT "+quoted(d, name)+" UNIQUE ("+quotedList(d, u)+")")
	}
	for i, ck := range t.Checks {
		what := fmt.Sprintf("check %d", i)
		if err := CheckIdent(ck.Name); err != nil {
			return nil, identErr(n, t.Name, what+" name", err)
		}
		if strings.TrimSpace(ck.Clause) == "" {
			return nil, schemaErr(n, t.Name, "", "check %q has no condition; give it a Clause", ck.Name)
		}
		if err := names.add(n, t.Name, ck.Name, fmt.Sprintf("check %q", ck.Name)); err != nil {
			return nil, err
		}
		if d.Has(CheckConstraints) {
			checks = append(checks, "CONSTRAINT "+quoted(d, ck.Name)+" CHECK ("+ck.Clause+")")
		}
	}
	parts = append(parts, uniques...)
	parts = append(parts, checks...)
	for i, fk := range t.ForeignKeys {
		clause, err := foreignKey(d, t, i, fk, names)
		if err != nil {
			return nil, err
		}
		parts = append(parts, clause)
	}

	stmts := make([]string, 0, 1+len(t.Indexes))
	stmts = append(stmts, d.createTableStmt(quoted(d, t.Name), "(\n    "+strings.Join(parts, ",\n    ")+"\n)"))
	for i, idx := range t.Indexes {
		what := fmt.Sprintf("index %d %v", i, idx.Columns)
		if err := columnList(n, t, what, idx.Columns); err != nil {
			return nil, err
		}
		for _, col := range idx.Columns {
			if c := t.Column(col); !d.indexable(*c) {
				return nil, unsupportedErr(n, t.Name, col, "%s cannot index a %s without a prefix length; index a CharField with max_length instead", n, c.Kind)
			}
		}
		stmt, name, err := createIndex(d, t.Name, idx)
		if err != nil {
			return nil, err
		}
		if err := names.add(n, t.Name, name, what); err != nil {
			return nil, err
		}
		stmts = append(stmts, stmt)
	}
	return stmts, nil
}

// foreignKey validates fk and renders its table constraint.
func foreignKey(d ddlDialect, t Table, i int, fk ForeignKey, names nameSet) (string, error) {
	n := d.Name()
	what := fmt.Sprintf("foreign key %d %v", i, fk.Columns)
	if err := columnList(n, t, what, fk.Columns); err != nil {
		return "", err
	}
	if err := CheckIdent(fk.RefTable); err != nil {
		return "", identErr(n, t.Name, what+" referenced table", err)
	}
	if len(fk.RefColumns) != len(fk.Columns) {
		return "", schemaErr(n, t.Name, "", "%s has %d columns but references %d columns of %q; list one referenced column per column", what, len(fk.Columns), len(fk.RefColumns), fk.RefTable)
	}
	for _, rc := range fk.RefColumns {
		if err := CheckIdent(rc); err != nil {
			return "", identErr(n, t.Name, what+" referenced column", err)
		}
	}
	action := normalizeAction(fk.OnDelete)
	switch action {
	case "", "CASCADE", "RESTRICT", "NO ACTION", "SET DEFAULT":
	case "SET NULL":
		for _, col := range fk.Columns {
			if !t.Column(col).Null {
				return "", schemaErr(n, t.Name, col, "%s is ON DELETE SET NULL but the column does not allow NULL; add the null option or choose another on_delete", what)
			}
		}
	default:
		return "", schemaErr(n, t.Name, "", "%s: unknown ON DELETE action %q; use CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION or leave it empty", what, fk.OnDelete)
	}
	onDelete, err := d.onDelete(action)
	if err != nil {
		return "", unsupportedErr(n, t.Name, "", "%s: %v", what, err)
	}
	name := fk.Name
	if name == "" {
		name = DeriveName(t.Name, fk.Columns, SuffixForeignKey)
	} else if err := CheckIdent(name); err != nil {
		return "", identErr(n, t.Name, what+" name", err)
	}
	if err := names.add(n, t.Name, name, what); err != nil {
		return "", err
	}
	clause := "CONSTRAINT " + quoted(d, name) + " FOREIGN KEY (" + quotedList(d, fk.Columns) +
		") REFERENCES " + quoted(d, fk.RefTable) + " (" + quotedList(d, fk.RefColumns) + ")"
	if onDelete != "" {
		clause += " " + onDelete
	}
	return clause, nil
}

// createIndex validates idx and returns its statement and its name.
func createIndex(d ddlDialect, table string, idx Index) (stmt, name string, err error) {
	n := d.Name()
	if err := CheckIdent(table); err != nil {
		return "", "", identErr(n, "", "table name", err)
	}
	if len(idx.Columns) == 0 {
		return "", "", schemaErr(n, table, "", "index %q has no columns; list at least one", idx.Name)
	}
	seen := make(map[string]bool, len(idx.Columns))
	for _, c := range idx.Columns {
		if err := CheckIdent(c); err != nil {
			return "", "", identErr(n, table, "index column", err)
		}
		if seen[c] {
			return "", "", schemaErr(n, table, c, "index %v lists the column twice", idx.Columns)
		}
		seen[c] = true
	}
	name = IndexName(table, idx)
	if idx.Name != "" {
		if err := CheckIdent(name); err != nil {
			return "", "", identErr(n, table, "index name", err)
		}
	}
	return d.createIndexStmt(idx.Unique, quoted(d, name), quoted(d, table), quotedList(d, idx.Columns)), name, nil
}

// addColumnParts validates c for ALTER TABLE ... ADD and returns its
// definition and its named CHECK and UNIQUE constraints as
// (name, body) pairs, for each dialect to place.
func addColumnParts(d ddlDialect, table string, c Column) (def string, cons []constraint, err error) {
	n := d.Name()
	if err := CheckIdent(table); err != nil {
		return "", nil, identErr(n, "", "table name", err)
	}
	if err := CheckIdent(c.Name); err != nil {
		return "", nil, identErr(n, table, "column name", err)
	}
	if c.Primary || isAuto(c.Kind) {
		return "", nil, schemaErr(n, table, c.Name, "AddColumn cannot add a primary key or auto column to an existing table; create the table with it, or recreate the table")
	}
	def, err = columnDef(d, table, c, false)
	if err != nil {
		return "", nil, err
	}
	if c.Unique {
		name := DeriveName(table, []string{c.Name}, SuffixUnique)
		cons = append(cons, constraint{name: name, body: "UNIQUE"})
	}
	cond, err := columnCheck(d, table, c)
	if err != nil {
		return "", nil, err
	}
	if cond != "" {
		cons = append(cons, constraint{name: DeriveName(table, []string{c.Name}, SuffixCheck), body: "CHECK (" + cond + ")"})
	}
	return def, cons, nil
}

// constraint is a named column constraint: body is "UNIQUE" or
// "CHECK (...)".
type constraint struct{ name, body string }

// savepointStmt validates name and returns prefix followed by it quoted.
func savepointStmt(d Dialect, prefix, name string) (string, error) {
	q, err := d.Quote(name)
	if err != nil {
		return "", fmt.Errorf("sqlorm/dialect: %s: savepoint name: %w", d.Name(), err)
	}
	return prefix + q, nil
}

// plsqlIgnore wraps a DDL statement in an Oracle PL/SQL block that runs it
// with EXECUTE IMMEDIATE and ignores the listed ORA- error numbers (given
// negative, as SQLCODE reports them), so the statement is idempotent.
func plsqlIgnore(stmt string, codes ...string) string {
	cond := "SQLCODE != " + codes[0]
	if len(codes) > 1 {
		cond = "SQLCODE NOT IN (" + strings.Join(codes, ", ") + ")"
	}
	return "BEGIN\n    EXECUTE IMMEDIATE " + quoteSingle(stmt) + ";\nEXCEPTION\n    WHEN OTHERS THEN\n        IF " + cond + " THEN\n            RAISE;\n        END IF;\nEND;"
}

// createIndexIfNotExists is the CREATE INDEX IF NOT EXISTS statement of
// SQLite, PostgreSQL and MariaDB.
func createIndexIfNotExists(unique bool, qname, qtable, qcols string) string {
	s := "CREATE INDEX IF NOT EXISTS "
	if unique {
		s = "CREATE UNIQUE INDEX IF NOT EXISTS "
	}
	return s + qname + " ON " + qtable + " (" + qcols + ")"
}

func itoa(n int) string { return strconv.Itoa(n) }
