package dialect

import (
	"errors"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"
)

// mysql is the MySQL/MariaDB dialect, through
// github.com/go-sql-driver/mysql. sqlorm's target is MariaDB 10.11; the
// differences from MySQL 8 that matter here:
//
//   - Returning is on: MariaDB >= 10.5 has INSERT ... RETURNING and
//     DELETE ... RETURNING, but no UPDATE ... RETURNING (and MySQL has none):
//     callers use it for inserts and deletes only.
//   - NativeJSON is on, but MariaDB's JSON is an alias of LONGTEXT with an
//     automatic json_valid CHECK, not a binary JSON type as in MySQL.
//   - CREATE INDEX IF NOT EXISTS, which CreateTable and CreateIndex use, is
//     MariaDB syntax; MySQL 8 rejects it.
//
// Column types follow Django's django/db/backends/mysql/base.py
// _data_types with microsecond precision (datetime(6), time(6)), except
// KindUUID: Django uses char(32) (hex without dashes; uuid on MariaDB >=
// 10.7), sqlorm stores the canonical 36-character form in char(36) on both
// servers. Tables are created with DEFAULT CHARSET=utf8mb4 so text is full
// Unicode whatever the server's default.
type mysql struct{ base[mysql] }

const mysqlFeatures = LastInsertID | Returning | Savepoints | ReleaseSavepoint |
	SelectForUpdate | SelectForUpdateNowait | SelectForUpdateSkipLocked | OnDuplicateKey |
	NativeJSON | NativeDecimal | CreateIfNotExists | RegexpOperator | CheckConstraints

// mysqlMaxParams: a prepared statement's parameter count is a 2-byte field
// of the client/server protocol (COM_STMT_PREPARE_OK), so 65535 at most.
// Django sets no max_query_params for MySQL because mysqlclient
// interpolates on the client; go-sql-driver/mysql prepares on the server
// unless interpolateParams=true.
const mysqlMaxParams = 65535

// mysqlMaxIdentLen: MySQL and MariaDB limit table, column, index and
// constraint names to 64 characters (Django's mysql/operations.py
// max_name_length).
const mysqlMaxIdentLen = 64

// Limits checked by ColumnType.
const (
	mysqlMaxVarchar   = 16383 // a row holds 65535 bytes: 16383 utf8mb4 characters
	mysqlMaxPrecision = 65    // DECIMAL(M, D): M <= 65
	mysqlMaxScale     = 30    // D <= 30
)

var _ ddlDialect = mysql{}

func (mysql) Name() Name                                 { return MySQL }
func (mysql) Features() Feature                          { return mysqlFeatures }
func (mysql) AppendQuote(dst []byte, name string) []byte { return appendQuoted(dst, '`', false, name) }
func (mysql) AppendPlaceholder(dst []byte, _ int) []byte { return append(dst, '?') }
func (mysql) MaxParams() int                             { return mysqlMaxParams }
func (mysql) MaxIdentLen() int                           { return mysqlMaxIdentLen }

// mysqlStrictSession adds STRICT_TRANS_TABLES to the session's sql_mode,
// keeping the modes already set (the TRIM drops the leading comma when the
// mode was empty).
const mysqlStrictSession = "SET SESSION sql_mode = TRIM(BOTH ',' FROM CONCAT(@@SESSION.sql_mode, ',STRICT_TRANS_TABLES'))"

// StrictSession: without STRICT_TRANS_TABLES, MySQL and MariaDB truncate a
// value that does not fit its column with only a warning.
func (mysql) StrictSession() string { return mysqlStrictSession }

// RenameTable uses RENAME TABLE, which MySQL and MariaDB apply atomically
// (several renames in one statement happen together).
func (d mysql) RenameTable(from, to string) (string, error) {
	qf, qto, err := quoteRename(d, from, to)
	if err != nil {
		return "", err
	}
	return "RENAME TABLE " + qf + " TO " + qto, nil
}

func (d mysql) DropIndex(table, name string) (string, error) {
	qt, qi, err := quotePair(d, table, "index name", name)
	if err != nil {
		return "", err
	}
	return "DROP INDEX " + qi + " ON " + qt, nil
}

// AddColumn adds the column's UNIQUE and CHECK constraints as further ADD
// CONSTRAINT clauses of the same ALTER TABLE: MariaDB does not accept a
// constraint name inside a column definition.
func (d mysql) AddColumn(table string, c Column) (string, error) {
	def, cons, err := addColumnParts(d, table, c)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("ALTER TABLE ")
	b.WriteString(quoted(d, table))
	b.WriteString(" ADD COLUMN ")
	b.WriteString(def)
	for _, k := range cons {
		b.WriteString(", ADD CONSTRAINT ")
		b.WriteString(quoted(d, k.name))
		b.WriteByte(' ')
		b.WriteString(k.body)
		if k.body == "UNIQUE" {
			b.WriteString(" (")
			b.WriteString(quoted(d, c.Name))
			b.WriteByte(')')
		}
	}
	return b.String(), nil
}

// mysqlTableExists counts the base tables (and MariaDB's system-versioned
// tables) of the connection's current database with the name.
const mysqlTableExists = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ? AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')"

func (mysql) TableExists(table string) (string, []any) {
	return mysqlTableExists, []any{table}
}

// MySQL and MariaDB server error numbers.
const (
	mysqlErDupEntry              = 1062 // ER_DUP_ENTRY
	mysqlErDupEntryWithKeyName   = 1586 // ER_DUP_ENTRY_WITH_KEY_NAME
	mysqlErRowIsReferenced       = 1217 // ER_ROW_IS_REFERENCED
	mysqlErNoReferencedRow       = 1216 // ER_NO_REFERENCED_ROW
	mysqlErRowIsReferenced2      = 1451 // ER_ROW_IS_REFERENCED_2
	mysqlErNoReferencedRow2      = 1452 // ER_NO_REFERENCED_ROW_2
	mysqlErBadNull               = 1048 // ER_BAD_NULL_ERROR
	mysqlErNoDefaultForField     = 1364 // ER_NO_DEFAULT_FOR_FIELD
	mysqlErCheckConstraintFailed = 3819 // ER_CHECK_CONSTRAINT_VIOLATED (MySQL)
	mariadbErConstraintFailed    = 4025 // ER_CONSTRAINT_FAILED (MariaDB)
)

// ClassifyError recognises *mysql.MySQLError by its error number. The
// constraint name, when the message carries one, is read from the message
// for the Constraint field only.
func (mysql) ClassifyError(err error) error {
	if err == nil || classified(err) {
		return err
	}
	var me *gomysql.MySQLError
	if !errors.As(err, &me) {
		return err
	}
	ce := &ConstraintError{Err: err}
	switch me.Number {
	case mysqlErDupEntry, mysqlErDupEntryWithKeyName:
		ce.Violation = UniqueViolation
		ce.Constraint = mysqlDupKey(me.Message)
	case mysqlErRowIsReferenced, mysqlErNoReferencedRow, mysqlErRowIsReferenced2, mysqlErNoReferencedRow2:
		ce.Violation = ForeignKeyViolation
		ce.Constraint = between(me.Message, "CONSTRAINT `", "`")
	case mysqlErBadNull, mysqlErNoDefaultForField:
		ce.Violation = NotNullViolation
	case mysqlErCheckConstraintFailed:
		ce.Violation = CheckViolation
		ce.Constraint = between(me.Message, "constraint '", "'")
	case mariadbErConstraintFailed:
		ce.Violation = CheckViolation
		ce.Constraint = between(me.Message, "CONSTRAINT `", "`")
	default:
		return err
	}
	return ce
}

// mysqlDupKey reads the key name from "Duplicate entry '...' for key
// 'name'" (MySQL 8 writes 'table.name'), from the end, since the entry may
// contain anything.
func mysqlDupKey(msg string) string {
	s, ok := strings.CutSuffix(msg, "'")
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(s, '\'')
	if i < 0 || !strings.HasSuffix(s[:i], "for key ") {
		return ""
	}
	name := s[i+1:]
	if j := strings.LastIndexByte(name, '.'); j >= 0 {
		name = name[j+1:]
	}
	return name
}

// Decisions for the shared DDL algorithm.

func (mysql) columnType(table string, c Column) (string, error) {
	if err := checkKind(MySQL, table, c); err != nil {
		return "", err
	}
	switch c.Kind {
	case KindAuto:
		return "integer AUTO_INCREMENT", nil
	case KindBigAuto:
		return "bigint AUTO_INCREMENT", nil
	case KindBool:
		return "bool", nil
	case KindSmallInt:
		return "smallint", nil
	case KindInt:
		return "integer", nil
	case KindBigInt:
		return "bigint", nil
	case KindPositiveSmallInt:
		return "smallint UNSIGNED", nil
	case KindPositiveInt:
		return "integer UNSIGNED", nil
	case KindPositiveBigInt:
		return "bigint UNSIGNED", nil
	case KindFloat:
		return "double precision", nil
	case KindDecimal:
		if _, err := decimalSpec(MySQL, table, c, mysqlMaxPrecision, mysqlMaxScale, false); err != nil {
			return "", err
		}
		return "numeric(" + itoa(c.Precision) + ", " + itoa(c.Scale) + ")", nil
	case KindChar:
		if err := charLength(MySQL, table, c, mysqlMaxVarchar); err != nil {
			return "", err
		}
		return "varchar(" + itoa(c.Length) + ")", nil
	case KindText:
		return "longtext", nil
	case KindDate:
		return "date", nil
	case KindTime:
		return "time(6)", nil
	case KindDateTime:
		return "datetime(6)", nil
	case KindDuration:
		return "bigint", nil // microseconds
	case KindUUID:
		return "char(36)", nil
	case KindJSON:
		return "json", nil
	case KindBinary:
		return "longblob", nil
	}
	return "", schemaErr(MySQL, table, c.Name, "%s has no MySQL column type", c.Kind)
}

// stringLit doubles backslashes as well as quotes: in MySQL's default
// sql_mode a backslash escapes inside a literal. Under NO_BACKSLASH_ESCAPES
// the statement stays just as safe (quotes are doubled either way); only a
// default containing a backslash would then keep both.
func (mysql) stringLit(s string) string { return quoteSingleBackslash("", s) }

func (mysql) boolLit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func (mysql) typeChecks(string, Column) []string { return nil }
func (mysql) autoSuffix() string                 { return "" }
func (mysql) writesNotNull(Column) bool          { return true }

// mysqlBlobLike are the kinds stored as BLOB/TEXT: MySQL accepts their
// DEFAULT only as an expression in parentheses (MariaDB either way) and
// cannot index them without a prefix length.
func mysqlBlobLike(k Kind) bool { return k == KindText || k == KindJSON || k == KindBinary }

func (mysql) defaultExpr(c Column, lit string) string {
	if mysqlBlobLike(c.Kind) && lit != "NULL" {
		return "(" + lit + ")"
	}
	return lit
}

func (mysql) indexable(c Column) bool { return !mysqlBlobLike(c.Kind) }

func (mysql) onDelete(action string) (string, error) {
	switch action {
	case "":
		return "", nil
	case "SET DEFAULT":
		return "", errors.New("InnoDB rejects ON DELETE SET DEFAULT; use SET NULL, RESTRICT or CASCADE")
	}
	return "ON DELETE " + action, nil
}

func (mysql) createTableStmt(qtable, body string) string {
	return "CREATE TABLE IF NOT EXISTS " + qtable + " " + body + " DEFAULT CHARSET=utf8mb4"
}

func (mysql) createIndexStmt(unique bool, qname, qtable, qcols string) string {
	return createIndexIfNotExists(unique, qname, qtable, qcols)
}

// Traits: see [Traits].
func (mysql) Traits() Traits { return mysqlTraits }

var mysqlTraits = Traits{
	InsertIgnore:        "INSERT IGNORE INTO",
	InsertDefaults:      " () VALUES ()",
	StdDevPop:           true,
	SelfSubqueryDerived: true,
	WallClockTimes:      true,
	IntegerRanges:       RangesUnsigned,
	Random:              "RAND()",
	CharLength:          "CHAR_LENGTH",
	Now:                 "UTC_TIMESTAMP(6)",
	Concat:              ConcatWS,
	NoLimit:             "18446744073709551615",
	Greatest:            "GREATEST",
	Least:               "LEAST",
	StrIndex:            "INSTR",
	SystemName:          "mysql",
}
