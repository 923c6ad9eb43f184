package dialect

import (
	"reflect"
	"strings"
)

// sqlite is the SQLite 3 dialect, as built into github.com/mattn/go-sqlite3
// (SQLite 3.54) or modernc.org/sqlite.
//
// Column types follow Django's django/db/backends/sqlite3/base.py
// data_types, except KindUUID: Django uses char(32) (hex without dashes),
// sqlorm stores the canonical 36-character form, so char(36). SQLite has no
// regular-expression operator of its own (REGEXP calls a user function that
// the driver must register), so RegexpOperator is off.
type sqlite struct{ base[sqlite] }

const sqliteFeatures = Returning | LastInsertID | Savepoints | ReleaseSavepoint |
	TransactionalDDL | NullsOrdering | OnConflict | CreateIfNotExists | CheckConstraints | MatchedRowCounts

// sqliteMaxParams is SQLITE_MAX_VARIABLE_NUMBER: 32766 since SQLite 3.32
// (999 before), the value Django's sqlite3/features.py max_query_params
// reads through getlimit(SQLITE_LIMIT_VARIABLE_NUMBER). go-sqlite3 does not
// change it.
const sqliteMaxParams = 32766

// sqliteMaxIdentLen: SQLite has no identifier limit of its own (Django's
// max_name_length is None for it); a name is bounded only by
// SQLITE_MAX_SQL_LENGTH, the longest statement, 1,000,000,000 bytes.
const sqliteMaxIdentLen = 1_000_000_000

var _ ddlDialect = sqlite{}

func (sqlite) Name() Name                                 { return SQLite }
func (sqlite) Features() Feature                          { return sqliteFeatures }
func (sqlite) AppendQuote(dst []byte, name string) []byte { return appendQuoted(dst, '"', false, name) }
func (sqlite) AppendPlaceholder(dst []byte, _ int) []byte { return append(dst, '?') }
func (sqlite) MaxParams() int                             { return sqliteMaxParams }
func (sqlite) MaxIdentLen() int                           { return sqliteMaxIdentLen }

// AddColumn: SQLite's ALTER TABLE ADD COLUMN cannot add a UNIQUE column, and
// a NOT NULL column needs a non-NULL default (existing rows get it).
func (d sqlite) AddColumn(table string, c Column) (string, error) {
	return sqliteAddColumn(d, table, c)
}

// sqliteAddColumn is SQLite's AddColumn for d, which writes names (a
// backend that is SQLite with other quoting reuses it).
func sqliteAddColumn(d ddlDialect, table string, c Column) (string, error) {
	def, cons, err := addColumnParts(d, table, c)
	if err != nil {
		return "", err
	}
	if c.Unique {
		return "", unsupportedErr(SQLite, table, c.Name, "SQLite cannot ADD COLUMN with UNIQUE; add the column without it, then CreateIndex a unique index on it")
	}
	if !c.Null && (c.Default == nil) {
		return "", unsupportedErr(SQLite, table, c.Name, "SQLite cannot ADD a NOT NULL column without a non-NULL default; give it a default or allow NULL")
	}
	return addColumnSQL(d, table, def, cons), nil
}

// sqliteTableExists counts the tables of the main schema with the name.
const sqliteTableExists = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"

func (sqlite) TableExists(table string) (string, []any) {
	return sqliteTableExists, []any{table}
}

// SQLite extended result codes (https://sqlite.org/rescode.html).
const (
	sqliteConstraintCheck      = 275  // SQLITE_CONSTRAINT_CHECK
	sqliteConstraintForeignKey = 787  // SQLITE_CONSTRAINT_FOREIGNKEY
	sqliteConstraintNotNull    = 1299 // SQLITE_CONSTRAINT_NOTNULL
	sqliteConstraintPrimaryKey = 1555 // SQLITE_CONSTRAINT_PRIMARYKEY
	sqliteConstraintUnique     = 2067 // SQLITE_CONSTRAINT_UNIQUE
)

// ClassifyError recognises github.com/mattn/go-sqlite3's Error by reflection
// (package path and type name), reading its ExtendedCode field, so that
// this package does not import go-sqlite3 and force cgo on every user.
func (sqlite) ClassifyError(err error) error {
	if err == nil || classified(err) {
		return err
	}
	var (
		code int64
		msg  string
	)
	if !walkChain(err, func(e error) bool {
		c, ok := sqlite3ExtendedCode(e)
		if ok {
			code, msg = c, e.Error()
		}
		return ok
	}) {
		return err
	}
	ce := &ConstraintError{Err: err}
	switch code {
	case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
		ce.Violation = UniqueViolation
		ce.Table, ce.Column = sqliteColumns(msg)
	case sqliteConstraintForeignKey:
		ce.Violation = ForeignKeyViolation
	case sqliteConstraintNotNull:
		ce.Violation = NotNullViolation
		ce.Table, ce.Column = sqliteColumns(msg)
	case sqliteConstraintCheck:
		ce.Violation = CheckViolation
		if i := strings.Index(msg, "constraint failed: "); i >= 0 {
			if name := msg[i+len("constraint failed: "):]; CheckIdent(name) == nil {
				ce.Constraint = name
			}
		}
	default:
		return err
	}
	return ce
}

// sqlite3ExtendedCode returns the ExtendedCode of e when e is a
// github.com/mattn/go-sqlite3 Error (or a pointer to one).
func sqlite3ExtendedCode(e error) (int64, bool) {
	v := reflect.ValueOf(e)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return 0, false
		}
		v = v.Elem()
	}
	t := v.Type()
	if v.Kind() != reflect.Struct || t.Name() != "Error" || t.PkgPath() != "github.com/mattn/go-sqlite3" {
		return 0, false
	}
	f := v.FieldByName("ExtendedCode")
	if !f.IsValid() || !f.CanInt() {
		return 0, false
	}
	return f.Int(), true
}

// sqliteColumns reads "table.column" from SQLite's "UNIQUE constraint
// failed: t.a, t.b" and "NOT NULL constraint failed: t.a"; the column is
// set only when there is exactly one.
func sqliteColumns(msg string) (table, column string) {
	i := strings.Index(msg, "constraint failed: ")
	if i < 0 {
		return "", ""
	}
	cols := strings.Split(msg[i+len("constraint failed: "):], ", ")
	t, c, ok := strings.Cut(cols[0], ".")
	if !ok {
		return "", ""
	}
	if len(cols) == 1 {
		return t, c
	}
	return t, ""
}

// Decisions for the shared DDL algorithm.

func (sqlite) columnType(table string, c Column) (string, error) {
	if err := checkKind(SQLite, table, c); err != nil {
		return "", err
	}
	switch c.Kind {
	case KindAuto, KindBigAuto:
		return "integer", nil // with PRIMARY KEY AUTOINCREMENT: the 64-bit rowid
	case KindBool:
		return "bool", nil
	case KindSmallInt:
		return "smallint", nil
	case KindInt:
		return "integer", nil
	case KindBigInt:
		return "bigint", nil
	case KindPositiveSmallInt:
		return "smallint unsigned", nil
	case KindPositiveInt:
		return "integer unsigned", nil
	case KindPositiveBigInt:
		return "bigint unsigned", nil
	case KindFloat:
		return "real", nil
	case KindDecimal:
		if _, err := decimalSpec(SQLite, table, c, 0, 0, true); err != nil {
			return "", err
		}
		return "decimal", nil
	case KindChar:
		if err := charLength(SQLite, table, c, 0); err != nil {
			return "", err
		}
		return "varchar(" + itoa(c.Length) + ")", nil
	case KindText:
		return "text", nil
	case KindDate:
		return "date", nil
	case KindTime:
		return "time", nil
	case KindDateTime:
		return "datetime", nil
	case KindDuration:
		return "bigint", nil // microseconds
	case KindUUID:
		return "char(36)", nil
	case KindJSON:
		return "text", nil
	case KindBinary:
		return "BLOB", nil
	}
	return "", schemaErr(SQLite, table, c.Name, "%s has no SQLite column type", c.Kind)
}

func (sqlite) stringLit(s string) string { return quoteSingle(s) }

func (sqlite) boolLit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// typeChecks: JSON is kept in text, so Django checks it is valid JSON.
func (sqlite) typeChecks(qcol string, c Column) []string {
	if c.Kind == KindJSON {
		return []string{"(JSON_VALID(" + qcol + ") OR " + qcol + " IS NULL)"}
	}
	return nil
}

func (sqlite) autoSuffix() string                      { return "AUTOINCREMENT" }
func (sqlite) writesNotNull(Column) bool               { return true }
func (sqlite) defaultExpr(_ Column, lit string) string { return lit }

func (sqlite) onDelete(action string) (string, error) {
	if action == "" {
		return "", nil
	}
	return "ON DELETE " + action, nil
}

func (sqlite) indexable(Column) bool { return true }

func (sqlite) createTableStmt(qtable, body string) string {
	return "CREATE TABLE IF NOT EXISTS " + qtable + " " + body
}

func (sqlite) createIndexStmt(unique bool, qname, qtable, qcols string) string {
	return createIndexIfNotExists(unique, qname, qtable, qcols)
}

// Traits: see [Traits].
func (sqlite) Traits() Traits { return sqliteTraits }

var sqliteTraits = Traits{
	InsertIgnore:   "INSERT OR IGNORE INTO",
	InsertDefaults: " DEFAULT VALUES",
	TimeAsText:     true,
	IntegerRanges:  Ranges64,
	Random:         "RANDOM()",
	CharLength:     "LENGTH",
	// sqlorm's stored form: fixed width, UTC, six fractional digits.
	Now:              "STRFTIME('%Y-%m-%d %H:%M:%f000+00:00', 'now')",
	Concat:           ConcatPipes,
	NoLimit:          "-1",
	Greatest:         "MAX",
	Least:            "MIN",
	StrIndex:         "INSTR",
	RightBySubstr:    true,
	ForeignKeysQuery: "PRAGMA foreign_keys",
	ForeignKeysHint:  "open the database with _fk=1 (sqlite:app.db?_fk=1, or go-sqlite3's DSN app.db?_fk=1)",
	SystemName:       "sqlite",
}
