package dialect

import "strings"

// base holds the methods every dialect answers the same way from its own
// facts, as bun's BaseDialect does: a dialect type embeds base of itself
// (type sqlite struct{ base[sqlite] }) and writes only what differs — its
// name, features, traits, quoting, placeholders, limits, the DDL
// statements whose syntax is its own, error classification and lookup
// SQL. A dialect overrides a base method by declaring it (MySQL's
// RenameTable, Oracle's ReleaseSavepoint).
//
// base is a zero-size type: a dialect value stays an empty struct, so
// [Get] does not allocate, and D's methods are reached through the zero
// value of D.
type base[D ddlDialect] struct{}

// Has reports whether the dialect has every capability in f.
func (base[D]) Has(f Feature) bool {
	var d D
	return d.Features()&f == f
}

// Quote checks name with CheckIdent and returns it as AppendQuote writes it.
func (base[D]) Quote(name string) (string, error) {
	if err := CheckIdent(name); err != nil {
		return "", err
	}
	var d D
	var buf [66]byte
	return string(d.AppendQuote(buf[:0], name)), nil
}

// Placeholder returns the placeholder AppendPlaceholder writes for n.
func (base[D]) Placeholder(n int) string {
	var d D
	var buf [24]byte
	return string(d.AppendPlaceholder(buf[:0], n))
}

// ColumnType returns the column type for c (see [Dialect.ColumnType]).
func (base[D]) ColumnType(c Column) (string, error) {
	var d D
	return d.columnType("", c)
}

// CreateTable returns the statements creating t (see [Dialect.CreateTable]).
func (base[D]) CreateTable(t Table) ([]string, error) {
	var d D
	return createTable(d, t)
}

// CreateIndex returns the statement creating idx on table.
func (base[D]) CreateIndex(table string, idx Index) (string, error) {
	var d D
	stmt, _, err := createIndex(d, table, idx)
	return stmt, err
}

// DropColumn returns ALTER TABLE ... DROP COLUMN.
func (base[D]) DropColumn(table, column string) (string, error) {
	var d D
	return dropColumn(d, table, column)
}

// RenameColumn returns ALTER TABLE ... RENAME COLUMN.
func (base[D]) RenameColumn(table, from, to string) (string, error) {
	var d D
	return renameColumn(d, table, from, to)
}

// RenameTable returns ALTER TABLE ... RENAME TO.
func (base[D]) RenameTable(from, to string) (string, error) {
	var d D
	return renameTableAlter(d, from, to)
}

// StrictSession returns "": the backend always refuses values that do not
// fit a column.
func (base[D]) StrictSession() string { return "" }

// Savepoint returns SAVEPOINT name.
func (base[D]) Savepoint(name string) (string, error) {
	var d D
	return savepointStmt(d, "SAVEPOINT ", name)
}

// RollbackToSavepoint returns ROLLBACK TO SAVEPOINT name.
func (base[D]) RollbackToSavepoint(name string) (string, error) {
	var d D
	return savepointStmt(d, "ROLLBACK TO SAVEPOINT ", name)
}

// ReleaseSavepoint returns RELEASE SAVEPOINT name.
func (base[D]) ReleaseSavepoint(name string) (string, error) {
	var d D
	return savepointStmt(d, "RELEASE SAVEPOINT ", name)
}

// DropTable returns DROP TABLE IF EXISTS name. It does not CASCADE (Django
// does on PostgreSQL): dropping a table that another table's foreign key or
// a view still needs fails instead of silently removing those.
func (base[D]) DropTable(name string) (string, error) {
	var d D
	q, err := d.Quote(name)
	if err != nil {
		return "", identErr(d.Name(), "", "table name", err)
	}
	return "DROP TABLE IF EXISTS " + q, nil
}

// DropIndex returns DROP INDEX IF EXISTS name (an index name is unique in
// its schema, so table is only checked).
func (base[D]) DropIndex(table, name string) (string, error) {
	var d D
	_, qi, err := quotePair(d, table, "index name", name)
	if err != nil {
		return "", err
	}
	return "DROP INDEX IF EXISTS " + qi, nil
}

// AddColumn returns ALTER TABLE ... ADD COLUMN with c's constraints.
func (base[D]) AddColumn(table string, c Column) (string, error) {
	var d D
	def, cons, err := addColumnParts(d, table, c)
	if err != nil {
		return "", err
	}
	return addColumnSQL(d, table, def, cons), nil
}

// addColumnSQL is the standard ALTER TABLE table ADD COLUMN def CONSTRAINT
// name body ...
func addColumnSQL(d Dialect, table, def string, cons []constraint) string {
	var b strings.Builder
	b.WriteString("ALTER TABLE ")
	b.WriteString(quoted(d, table))
	b.WriteString(" ADD COLUMN ")
	b.WriteString(def)
	for _, k := range cons {
		b.WriteString(" CONSTRAINT ")
		b.WriteString(quoted(d, k.name))
		b.WriteByte(' ')
		b.WriteString(k.body)
	}
	return b.String()
}
