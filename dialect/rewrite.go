package dialect

import (
	"fmt"
	"strconv"
	"strings"
)

// The statements and conditions that rewriting a table needs (package
// migrations' RecreateTable, ChangeColumnType and RestoreTable) beyond the
// Dialect interface: they are functions of a Dialect rather than methods so
// that the interface, which other packages implement in tests, does not
// grow. Each decision that differs between backends is made here, by name,
// so package migrations stays free of backend names.

// renamedDDL is a ddlDialect that writes the CREATE TABLE and CREATE INDEX
// statements for the physical table qas while every derived name is still
// computed from the Table's own Name.
type renamedDDL struct {
	ddlDialect
	qas string
}

func (r renamedDDL) createTableStmt(_, body string) string {
	return r.ddlDialect.createTableStmt(r.qas, body)
}

func (r renamedDDL) createIndexStmt(unique bool, qname, _, qcols string) string {
	return r.ddlDialect.createIndexStmt(unique, qname, r.qas, qcols)
}

// CreateTableAs returns the statements creating t under the name as
// instead of t.Name: the CREATE TABLE first, then one CREATE INDEX per
// index, exactly as [Dialect.CreateTable] would write them for t, so every
// derived index and constraint name (<table>_<cols>_uniq, _check, _fk,
// _idx) is derived from t.Name, not from as. A foreign key of t that
// references t itself references as. Errors are those of CreateTable, and
// an ErrInvalidSchema error for a bad as.
func CreateTableAs(d Dialect, t Table, as string) ([]string, error) {
	dd, ok := d.(ddlDialect)
	if !ok {
		return nil, fmt.Errorf("%w: dialect %T cannot create a table under another name", ErrUnsupported, d)
	}
	qas, err := d.Quote(as)
	if err != nil {
		return nil, identErr(d.Name(), t.Name, "physical table name", err)
	}
	if len(t.ForeignKeys) > 0 {
		fks := make([]ForeignKey, len(t.ForeignKeys))
		copy(fks, t.ForeignKeys)
		for i := range fks {
			if fks[i].RefTable == t.Name {
				fks[i].RefTable = as
			}
		}
		t.ForeignKeys = fks
	}
	return createTable(renamedDDL{ddlDialect: dd, qas: qas}, t)
}

// RenameTables returns the statements renaming each pair's first table to
// its second, in order. On MySQL/MariaDB it is one RENAME TABLE a TO b,
// c TO d statement, which the server applies atomically: no session ever
// sees the tables half renamed, which is what makes a copy-and-swap safe.
// Elsewhere it is one statement per pair (run them in a transaction where
// DDL is transactional).
func RenameTables(d Dialect, pairs ...[2]string) ([]string, error) {
	if len(pairs) == 0 {
		return nil, fmt.Errorf("%w: %s: RenameTables needs at least one pair of names", ErrInvalidSchema, d.Name())
	}
	if d.Name() == MySQL {
		parts := make([]string, len(pairs))
		for i, p := range pairs {
			qf, qto, err := quoteRename(d, p[0], p[1])
			if err != nil {
				return nil, err
			}
			parts[i] = qf + " TO " + qto
		}
		return []string{"RENAME TABLE " + strings.Join(parts, ", ")}, nil
	}
	out := make([]string, len(pairs))
	for i, p := range pairs {
		s, err := d.RenameTable(p[0], p[1])
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// AddForeignKey returns ALTER TABLE table ADD CONSTRAINT ... FOREIGN KEY
// for fk, written as CreateTable writes it inside a table (an empty
// fk.Name is derived from table). The columns are not checked against a
// live table; the backend does that, and checks every existing row.
func AddForeignKey(d Dialect, table string, fk ForeignKey) (string, error) {
	dd, ok := d.(ddlDialect)
	if !ok {
		return "", fmt.Errorf("%w: dialect %T cannot add a foreign key", ErrUnsupported, d)
	}
	qt, err := d.Quote(table)
	if err != nil {
		return "", identErr(d.Name(), "", "table name", err)
	}
	t := Table{Name: table}
	for _, c := range fk.Columns {
		if err := CheckIdent(c); err != nil {
			return "", identErr(d.Name(), table, "foreign key column", err)
		}
		// SET NULL is checked against nullability by the backend.
		t.Columns = append(t.Columns, Column{Name: c, Null: true})
	}
	clause, err := foreignKey(dd, t, 0, fk, nameSet{})
	if err != nil {
		return "", err
	}
	return "ALTER TABLE " + qt + " ADD " + clause, nil
}

// DropForeignKey returns the statement dropping the foreign key name of
// table: ALTER TABLE ... DROP FOREIGN KEY on MySQL/MariaDB, DROP
// CONSTRAINT elsewhere. SQLite cannot drop a constraint (it is
// ErrUnsupported there: recreate the table instead).
func DropForeignKey(d Dialect, table, name string) (string, error) {
	qt, qn, err := quotePair(d, table, "foreign key name", name)
	if err != nil {
		return "", err
	}
	switch d.Name() {
	case SQLite:
		return "", unsupportedErr(d.Name(), table, "", "SQLite cannot drop the foreign key %q; recreate the table without it", name)
	case MySQL:
		return "ALTER TABLE " + qt + " DROP FOREIGN KEY " + qn, nil
	}
	return "ALTER TABLE " + qt + " DROP CONSTRAINT " + qn, nil
}

// RenameDerivedNames returns the statements that rename the constraints a
// table created by CreateTable with t's columns under the name from got
// (the primary key's, unique and check constraints, whose names are
// derived from the table name), once that table has been renamed to
// t.Name, to the names CreateTable(t) would give them. It is for backends
// whose constraint names must be unique across a schema (PostgreSQL's
// primary-key and unique constraints are indexes; every Oracle constraint),
// where a rewritten table is first created under another name beside the
// old one. On SQLite and MySQL/MariaDB, where such names belong to their
// table, it returns nothing: create the table with [CreateTableAs] there.
func RenameDerivedNames(d Dialect, t Table, from string) ([]string, error) {
	dd, ok := d.(ddlDialect)
	if !ok {
		return nil, fmt.Errorf("%w: dialect %T cannot rename constraints", ErrUnsupported, d)
	}
	n := d.Name()
	if n != Postgres && n != Oracle {
		return nil, nil
	}
	pk, err := tableColumns(n, t)
	if err != nil {
		return nil, err
	}
	if err := CheckIdent(from); err != nil {
		return nil, identErr(n, t.Name, "former table name", err)
	}
	qt := quoted(d, t.Name)
	var out []string
	rename := func(old, new string, index bool) {
		if old == new {
			return
		}
		out = append(out, "ALTER TABLE "+qt+" RENAME CONSTRAINT "+quoted(d, old)+" TO "+quoted(d, new))
		if index && n == Oracle {
			// Oracle names the index behind a unique constraint after it
			// but does not rename it with the constraint.
			out = append(out, "ALTER INDEX "+quoted(d, old)+" RENAME TO "+quoted(d, new))
		}
	}
	if n == Postgres && len(pk) > 0 {
		// PostgreSQL names an unnamed primary key <table>_pkey.
		rename(from+"_pkey", t.Name+"_pkey", false)
	}
	inlinePK := len(pk) == 1
	for _, c := range t.Columns {
		cond, err := columnCheck(dd, t.Name, c)
		if err != nil {
			return nil, err
		}
		if cond != "" {
			rename(DeriveName(from, []string{c.Name}, SuffixCheck), DeriveName(t.Name, []string{c.Name}, SuffixCheck), false)
		}
		if c.Unique && !(inlinePK && c.Primary) {
			rename(DeriveName(from, []string{c.Name}, SuffixUnique), DeriveName(t.Name, []string{c.Name}, SuffixUnique), true)
		}
	}
	for _, u := range t.Uniques {
		rename(DeriveName(from, u, SuffixUnique), DeriveName(t.Name, u, SuffixUnique), true)
	}
	return out, nil
}

func isStringKind(k Kind) bool {
	return k == KindChar || k == KindText || k == KindUUID || k == KindJSON
}

func isIntKind(k Kind) bool {
	switch k {
	case KindAuto, KindBigAuto, KindSmallInt, KindInt, KindBigInt,
		KindPositiveSmallInt, KindPositiveInt, KindPositiveBigInt:
		return true
	}
	return false
}

// ConvertExpr returns the expression that reads column qcol (quoted), of
// column from, as a value for column to in INSERT ... SELECT: the column
// itself where the backend's assignment converts it as it should, an
// explicit conversion where it would not: PostgreSQL has no assignment
// cast from text to the other types (CAST(col AS integer)), and SQLite
// stores a datetime's text unchanged in a date column (date(col)).
func ConvertExpr(d Dialect, qcol string, from, to Column) (string, error) {
	if from.Kind == to.Kind || from.Kind == KindInvalid {
		return qcol, nil
	}
	switch d.Name() {
	case Postgres:
		if isStringKind(from.Kind) && !isStringKind(to.Kind) {
			c := to
			switch c.Kind { // the cast wants the type, not the identity clause
			case KindAuto:
				c.Kind = KindInt
			case KindBigAuto:
				c.Kind = KindBigInt
			}
			typ, err := d.ColumnType(c)
			if err != nil {
				return "", err
			}
			return "CAST(" + qcol + " AS " + typ + ")", nil
		}
	case SQLite:
		if to.Kind == KindDate && from.Kind == KindDateTime {
			return "date(" + qcol + ")", nil
		}
	}
	return qcol, nil
}

// MisfitCondition returns an SQL condition, true for the rows whose value
// of column qcol (quoted; a column of kind from) would not be kept exactly
// by a column defined as to, or "" when every value fits or the backend
// itself refuses the ones that do not. It is how a type change refuses a
// lossy conversion, and finds the row that holds the value, on every
// backend alike:
//
//   - a value longer than to's max_length (SQLite would keep it, the
//     others would refuse it without naming the row);
//   - a number with a fractional part going into an integer column
//     (PostgreSQL and MySQL would round it);
//   - text going into an integer column that is not an optional sign and
//     digits, surrounding blanks allowed (SQLite would keep 'x' as text
//     and read '1e3' as 1000; MySQL would read '1e3' as 1000);
//   - NULL going into a NOT NULL column.
func MisfitCondition(d Dialect, qcol string, from, to Column) string {
	var conds []string
	n := d.Name()
	if !to.Null && from.Null {
		conds = append(conds, qcol+" IS NULL")
	}
	if to.Kind == KindChar && to.Length > 0 && (from.Kind != KindChar || from.Length == 0 || from.Length > to.Length) {
		fn := "CHAR_LENGTH"
		if n == SQLite || n == Oracle {
			fn = "LENGTH"
		}
		conds = append(conds, fn+"("+qcol+") > "+strconv.Itoa(to.Length))
	}
	if isIntKind(to.Kind) {
		switch {
		case from.Kind == KindDecimal || from.Kind == KindFloat:
			if n == SQLite {
				conds = append(conds, "CAST("+qcol+" AS INTEGER) <> "+qcol)
			} else {
				conds = append(conds, "FLOOR("+qcol+") <> "+qcol)
			}
		case isStringKind(from.Kind):
			const digits = "'^[+-]?[0-9]+$'"
			switch n {
			case SQLite:
				t := "ltrim(trim(" + qcol + "), '+-')"
				conds = append(conds, "("+t+" = '' OR "+t+" GLOB '*[^0-9]*' OR length(trim("+qcol+")) - length("+t+") > 1)")
			case Postgres:
				conds = append(conds, "NOT (btrim("+qcol+") ~ "+digits+")")
			case MySQL:
				conds = append(conds, "NOT (TRIM("+qcol+") REGEXP "+digits+")")
			case Oracle:
				conds = append(conds, "NOT REGEXP_LIKE(TRIM("+qcol+"), "+digits+")")
			}
		}
	}
	return strings.Join(conds, " OR ")
}

// TableRewrite is how to build a table anew beside the one it replaces and
// put it in its place, as [RewriteTable] returns it for one backend.
type TableRewrite struct {
	// Create makes the scratch table: run it first, then copy the rows in.
	Create []string
	// Renames, Indexes and ForeignKeys are run, in this order, once the
	// old table is gone and the scratch table carries the table's name.
	// Renames give derived constraint names their final spelling,
	// Indexes create the indexes (whose names are schema-wide on SQLite,
	// PostgreSQL and Oracle, so they can only exist once the old table's
	// are gone) and ForeignKeys add the table's foreign keys where their
	// names are schema-wide too (MySQL/MariaDB, Oracle).
	Renames     []string
	Indexes     []string
	ForeignKeys []string
}

// RewriteTable returns the statements that build t under the scratch name
// as and, once the old t.Name is dropped and as renamed to t.Name, give it
// every index and constraint of t under the names CreateTable(t) would
// give them, without any name ever colliding with one of the old table's.
// Unnamed indexes and foreign keys get their derived names from t.Name.
func RewriteTable(d Dialect, t Table, as string) (TableRewrite, error) {
	var r TableRewrite
	t.Indexes = append([]Index(nil), t.Indexes...)
	for i, idx := range t.Indexes {
		t.Indexes[i].Name = IndexName(t.Name, idx)
	}
	t.ForeignKeys = append([]ForeignKey(nil), t.ForeignKeys...)
	for i, fk := range t.ForeignKeys {
		if fk.Name == "" {
			t.ForeignKeys[i].Name = DeriveName(t.Name, fk.Columns, SuffixForeignKey)
		}
	}
	// Validate the whole table once, as CreateTable would.
	if _, err := d.CreateTable(t); err != nil {
		return r, err
	}
	if err := CheckIdent(as); err != nil {
		return r, identErr(d.Name(), t.Name, "scratch table name", err)
	}
	bare := t
	bare.Indexes = nil
	laterIndexes := func() error {
		for _, idx := range t.Indexes {
			s, err := d.CreateIndex(t.Name, idx)
			if err != nil {
				return err
			}
			r.Indexes = append(r.Indexes, s)
		}
		return nil
	}
	laterFKs := func() error {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == t.Name {
				// A self-reference cannot be added before the rows are in
				// and stays valid through the rename: keep it inline.
				continue
			}
			s, err := AddForeignKey(d, t.Name, fk)
			if err != nil {
				return err
			}
			r.ForeignKeys = append(r.ForeignKeys, s)
		}
		var keep []ForeignKey
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == t.Name {
				keep = append(keep, fk)
			}
		}
		bare.ForeignKeys = keep
		return nil
	}
	var err error
	switch d.Name() {
	case SQLite:
		// Constraint names belong to their table; index names are
		// schema-wide.
		if err = laterIndexes(); err == nil {
			r.Create, err = CreateTableAs(d, bare, as)
		}
	case MySQL:
		// Index, unique and (MariaDB) check names belong to their table:
		// the indexes are built, and checked, before the swap. Foreign-key
		// names are schema-wide.
		bare.Indexes = t.Indexes
		if err = laterFKs(); err == nil {
			r.Create, err = CreateTableAs(d, bare, as)
		}
	default:
		// PostgreSQL and Oracle: index and (PostgreSQL: primary-key and
		// unique, Oracle: every) constraint names are schema-wide. The
		// scratch table gets names derived from as, renamed afterwards.
		if err = laterIndexes(); err != nil {
			break
		}
		if d.Name() == Oracle {
			if err = laterFKs(); err != nil {
				break
			}
		}
		scratch := bare
		scratch.Name = as
		scratch.ForeignKeys = append([]ForeignKey(nil), bare.ForeignKeys...)
		for i := range scratch.ForeignKeys {
			if scratch.ForeignKeys[i].RefTable == t.Name {
				scratch.ForeignKeys[i].RefTable = as
			}
		}
		if r.Create, err = d.CreateTable(scratch); err == nil {
			r.Renames, err = RenameDerivedNames(d, t, as)
		}
	}
	return r, err
}

// ForeignKeyPragmas returns, for SQLite, the query reading whether foreign
// keys are enforced and the statements turning enforcement off and on,
// which a table rewrite runs outside its transaction (SQLite ignores them
// inside one); and the statement listing violations, run before commit.
// Other backends return "" for all four: they check foreign keys at every
// statement and keep them by table identity.
func ForeignKeyPragmas(d Dialect) (state, off, on, check string) {
	if d.Name() != SQLite {
		return "", "", "", ""
	}
	return "PRAGMA foreign_keys", "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON", "PRAGMA foreign_key_check"
}

// DependentsQuery returns, for SQLite, the query listing the triggers of
// table and every view of the schema as (type, name, sql) rows: dropping a
// table drops its triggers, and SQLite refuses to rename a table while a
// view names a missing one, so a rewrite drops the views and recreates
// both from their SQL. Other backends return "": PostgreSQL refuses to
// drop a table a view depends on, and triggers are not carried over.
func DependentsQuery(d Dialect, table string) (query string, args []any) {
	if d.Name() != SQLite {
		return "", nil
	}
	return "SELECT type, name, sql FROM sqlite_master WHERE (type = 'trigger' AND tbl_name = ?) OR type = 'view' ORDER BY type, name", []any{table}
}

// DropView returns DROP VIEW for name.
func DropView(d Dialect, name string) (string, error) {
	q, err := d.Quote(name)
	if err != nil {
		return "", identErr(d.Name(), "", "view name", err)
	}
	return "DROP VIEW " + q, nil
}

// ResetIdentity returns the statement, and its arguments, that moves the
// generator of table's auto column col past the largest value in it, after
// rows were copied in with their keys: PostgreSQL's identity sequence
// does not follow explicit values (setval), nor does Oracle's (START WITH
// LIMIT VALUE). SQLite's AUTOINCREMENT and MySQL's AUTO_INCREMENT follow
// inserted keys by themselves: "" there.
func ResetIdentity(d Dialect, table, col string) (query string, args []any, err error) {
	qt, qc, err := quotePair(d, table, "column name", col)
	if err != nil {
		return "", nil, err
	}
	switch d.Name() {
	case Postgres:
		return "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(" + qc + "), 0) + 1, false) FROM " + qt, []any{qt, col}, nil
	case Oracle:
		return "ALTER TABLE " + qt + " MODIFY " + qc + " GENERATED BY DEFAULT AS IDENTITY (START WITH LIMIT VALUE)", nil, nil
	}
	return "", nil, nil
}

// BeginRewrite returns the statement that opens a table rewrite's
// transaction where it must differ from database/sql's BEGIN, or "":
// SQLite's BEGIN IMMEDIATE, which takes the write lock at once, so that a
// concurrent writer waits (busy_timeout) instead of making the rewrite's
// first write fail with "database is locked" (a deferred transaction that
// has read cannot wait for a writer). Commit and roll back with COMMIT and
// ROLLBACK statements on the same connection.
func BeginRewrite(d Dialect) string {
	if d.Name() == SQLite {
		return "BEGIN IMMEDIATE"
	}
	return ""
}

// LockForRewrite returns the statement that a table rewrite running in
// one transaction sends first, holding writers to table off until the
// transaction ends while readers go on, or "" where nothing is needed:
// PostgreSQL's LOCK TABLE ... IN SHARE MODE (without it, rows committed by
// another session after the copy's snapshot were left behind: the rows
// are copied under one snapshot and the old table dropped later). SQLite's
// BEGIN IMMEDIATE (BeginRewrite) does it for the whole database.
func LockForRewrite(d Dialect, table string) (string, error) {
	if d.Name() != Postgres {
		return "", nil
	}
	q, err := d.Quote(table)
	if err != nil {
		return "", identErr(d.Name(), table, "table name", err)
	}
	return "LOCK TABLE " + q + " IN SHARE MODE", nil
}

// TableLock is one entry of LOCK TABLES: a table, the alias statements
// will use for it ("" for none) and whether the session writes it.
type TableLock struct {
	Table, Alias string
	Write        bool
}

// SwapLock is how a copy-and-swap keeps writers off a table from the
// start of its copy to the swap, where DDL commits at once (see
// [SwapLocking]).
type SwapLock struct {
	// Lock and Unlock bracket the copy on the rewriting session: LOCK
	// TABLES with every table (and alias) the copy and its checks use,
	// and UNLOCK TABLES.
	Lock, Unlock string
	// SessionID reads the current session's id (no arguments).
	SessionID string
	// Waiting counts, given one session id, whether that session is
	// waiting for a metadata lock (1) or not (0).
	Waiting string
}

// KillQuery returns the statement interrupting the statement session id
// is running (MySQL/MariaDB's KILL QUERY).
func (SwapLock) KillQuery(id int64) string { return "KILL QUERY " + strconv.FormatInt(id, 10) }

// SwapLocking returns, for MySQL/MariaDB, the locking of a copy-and-swap
// over the tables locks names, and false elsewhere.
//
// MariaDB (10.11, checked) refuses RENAME TABLE under LOCK TABLES (error
// 1192), and two ALTER TABLE ... RENAME under it leave a moment without
// the table, in which a waiting INSERT fails with "doesn't exist". So the
// rewriting session holds LOCK TABLES (the table READ: readers go on,
// writers wait) for the copy and its checks, a second session sends the
// one atomic RENAME TABLE, which queues for the metadata lock, and once
// it is seen waiting (Waiting) the first session sends UNLOCK TABLES.
// A queued exclusive metadata lock is granted before the writes queued
// earlier (MDL priority; the technique of gh-ost's cut-over), so those
// writes then open the new table. Every statement of the locking session
// may only name locked tables, under the alias it was locked with.
//
// Oracle (not implemented, no server to test): DDL commits, ending a
// LOCK TABLE ... IN EXCLUSIVE MODE before the swap. What it needs is
// ALTER TABLE t READ ONLY before the copy (writers then fail with
// ORA-12081 instead of being lost), ALTER TABLE ... READ WRITE on the
// new table after the swap and on t on every failure path, and Recover
// making t READ WRITE again; or DBMS_REDEFINITION, which carries
// concurrent changes over by itself.
func SwapLocking(d Dialect, locks []TableLock) (SwapLock, bool, error) {
	if d.Name() != MySQL {
		return SwapLock{}, false, nil
	}
	if len(locks) == 0 {
		return SwapLock{}, false, fmt.Errorf("%w: %s: SwapLocking needs at least one table", ErrInvalidSchema, d.Name())
	}
	seen := map[TableLock]bool{}
	var parts []string
	for _, l := range locks {
		if seen[l] {
			continue
		}
		seen[l] = true
		q, err := d.Quote(l.Table)
		if err != nil {
			return SwapLock{}, false, identErr(d.Name(), l.Table, "table name", err)
		}
		if l.Alias != "" {
			qa, err := d.Quote(l.Alias)
			if err != nil {
				return SwapLock{}, false, identErr(d.Name(), l.Table, "alias", err)
			}
			q += " AS " + qa
		}
		mode := " READ"
		if l.Write {
			mode = " WRITE"
		}
		parts = append(parts, q+mode)
	}
	return SwapLock{
		Lock:      "LOCK TABLES " + strings.Join(parts, ", "),
		Unlock:    "UNLOCK TABLES",
		SessionID: "SELECT CONNECTION_ID()",
		Waiting:   "SELECT COUNT(*) FROM information_schema.processlist WHERE id = ? AND state LIKE '%metadata lock%'",
	}, true, nil
}
