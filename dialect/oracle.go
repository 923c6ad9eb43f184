package dialect

import (
	"errors"
	"strings"

	"github.com/sijms/go-ora/v2/network"
)

// oracle is the Oracle Database dialect (12.2 and later, through
// github.com/sijms/go-ora/v2).
//
// Identifiers are folded to upper case before quoting, as Django's
// oracle/operations.py quote_name does, so "product" and an unquoted
// PRODUCT name the same table. Oracle returns generated keys only through
// RETURNING ... INTO an out bind, not as rows, so Returning is off; it has
// no RELEASE SAVEPOINT (ReleaseSavepoint returns "") and DDL commits
// implicitly (TransactionalDDL off). CREATE TABLE, CREATE INDEX and DROP
// TABLE have no IF [NOT] EXISTS before 23ai, so they are PL/SQL blocks that
// ignore "name already used" (ORA-00955), "column list already indexed"
// (ORA-01408) and "table does not exist" (ORA-00942) respectively.
//
// Column types follow Django's django/db/backends/oracle/base.py
// data_types and data_type_check_constraints (NUMBER(1) with CHECK IN
// (0,1) for booleans, NCLOB with IS JSON for JSON, TIMESTAMP for times of
// day), except KindUUID: Django uses VARCHAR2(32), sqlorm stores the
// canonical 36-character form in VARCHAR2(36). As in Django, Oracle stores
// an empty string as NULL, so text and binary columns (CharField,
// TextField, BinaryField) are never declared NOT NULL unless they are the
// primary key.
type oracle struct{ base[oracle] }

const oracleFeatures = Savepoints | SelectForUpdate | SelectForUpdateNowait |
	SelectForUpdateSkipLocked | OffsetFetch | NullsOrdering | NativeDecimal |
	RegexpOperator | CheckConstraints | MatchedRowCounts

// oracleMaxParams is Django's oracle/features.py max_query_params,
// 2**16 - 1.
const oracleMaxParams = 65535

// oracleMaxIdentLen: 128 bytes since Oracle 12.2 (30 before; Django still
// truncates to 30). sqlorm's own names stay within MaxIdentLen (63) anyway.
const oracleMaxIdentLen = 128

// Limits checked by ColumnType.
const (
	oracleMaxNVarchar  = 2000 // NVARCHAR2(n) with MAX_STRING_SIZE=STANDARD
	oracleMaxPrecision = 38   // NUMBER(p, s): p <= 38
)

// ORA- error numbers the PL/SQL wrappers ignore, as SQLCODE gives them.
const (
	oraNameInUse      = "-955"  // ORA-00955: name is already used by an existing object
	oraAlreadyIndexed = "-1408" // ORA-01408: such column list already indexed
	oraNoSuchTable    = "-942"  // ORA-00942: table or view does not exist
	oraNoSuchIndex    = "-1418" // ORA-01418: specified index does not exist
)

var _ ddlDialect = oracle{}

func (oracle) Name() Name                                 { return Oracle }
func (oracle) Features() Feature                          { return oracleFeatures }
func (oracle) AppendQuote(dst []byte, name string) []byte { return appendQuoted(dst, '"', true, name) }
func (oracle) AppendPlaceholder(dst []byte, n int) []byte { return appendNumbered(dst, ':', n) }
func (oracle) MaxParams() int                             { return oracleMaxParams }
func (oracle) MaxIdentLen() int                           { return oracleMaxIdentLen }

// DropTable ignores a missing table, like IF EXISTS elsewhere, and does not
// CASCADE CONSTRAINTS (Django does): a table another table's foreign key
// still needs is not dropped.
func (d oracle) DropTable(name string) (string, error) {
	q, err := d.Quote(name)
	if err != nil {
		return "", identErr(Oracle, "", "table name", err)
	}
	return plsqlIgnore("DROP TABLE "+q, oraNoSuchTable), nil
}

// DropIndex ignores a missing index, like IF EXISTS elsewhere.
func (d oracle) DropIndex(table, name string) (string, error) {
	_, qi, err := quotePair(d, table, "index name", name)
	if err != nil {
		return "", err
	}
	return plsqlIgnore("DROP INDEX "+qi, oraNoSuchIndex), nil
}

func (d oracle) AddColumn(table string, c Column) (string, error) {
	def, cons, err := addColumnParts(d, table, c)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("ALTER TABLE ")
	b.WriteString(quoted(d, table))
	b.WriteString(" ADD (")
	b.WriteString(def)
	for _, k := range cons {
		b.WriteString(" CONSTRAINT ")
		b.WriteString(quoted(d, k.name))
		b.WriteByte(' ')
		b.WriteString(k.body)
	}
	b.WriteByte(')')
	return b.String(), nil
}

// oracleTableExists counts the current user's tables with the (upper-cased)
// name.
const oracleTableExists = "SELECT COUNT(*) FROM user_tables WHERE table_name = :1"

// TableExists upper-cases table, as Quote does.
func (oracle) TableExists(table string) (string, []any) {
	return oracleTableExists, []any{strings.ToUpper(table)}
}

// ReleaseSavepoint checks name and returns "": Oracle has no RELEASE
// SAVEPOINT; a savepoint ends with its transaction.
func (d oracle) ReleaseSavepoint(name string) (string, error) {
	if _, err := savepointStmt(d, "", name); err != nil {
		return "", err
	}
	return "", nil
}

// Oracle error numbers (ORA-nnnnn).
const (
	oraUniqueViolated   = 1    // ORA-00001: unique constraint violated
	oraCannotInsertNull = 1400 // ORA-01400: cannot insert NULL into
	oraCannotUpdateNull = 1407 // ORA-01407: cannot update to NULL
	oraCheckViolated    = 2290 // ORA-02290: check constraint violated
	oraParentNotFound   = 2291 // ORA-02291: integrity constraint violated - parent key not found
	oraChildFound       = 2292 // ORA-02292: integrity constraint violated - child record found
)

// ClassifyError recognises go-ora's *network.OracleError by ErrCode. The
// constraint name ("(SCHEMA.NAME)") and, for NULL errors, the table and
// column ("SCHEMA"."TABLE"."COLUMN") are read from the message for those
// fields only.
func (oracle) ClassifyError(err error) error {
	if err == nil || classified(err) {
		return err
	}
	var oe *network.OracleError
	if !errors.As(err, &oe) || oe == nil {
		return err
	}
	ce := &ConstraintError{Err: err}
	switch oe.ErrCode {
	case oraUniqueViolated:
		ce.Violation = UniqueViolation
	case oraParentNotFound, oraChildFound:
		ce.Violation = ForeignKeyViolation
	case oraCannotInsertNull, oraCannotUpdateNull:
		ce.Violation = NotNullViolation
		parts := strings.Split(between(oe.ErrMsg, "(\"", "\")"), "\".\"")
		if len(parts) >= 2 {
			ce.Table, ce.Column = parts[len(parts)-2], parts[len(parts)-1]
		}
		return ce
	case oraCheckViolated:
		ce.Violation = CheckViolation
	default:
		return err
	}
	name := between(oe.ErrMsg, "(", ")")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	ce.Constraint = name
	return ce
}

// Decisions for the shared DDL algorithm.

func (oracle) columnType(table string, c Column) (string, error) {
	if err := checkKind(Oracle, table, c); err != nil {
		return "", err
	}
	switch c.Kind {
	case KindAuto:
		return "NUMBER(11) GENERATED BY DEFAULT ON NULL AS IDENTITY", nil
	case KindBigAuto:
		return "NUMBER(19) GENERATED BY DEFAULT ON NULL AS IDENTITY", nil
	case KindBool:
		return "NUMBER(1)", nil
	case KindSmallInt, KindInt, KindPositiveSmallInt, KindPositiveInt:
		return "NUMBER(11)", nil
	case KindBigInt, KindPositiveBigInt:
		return "NUMBER(19)", nil
	case KindFloat:
		return "DOUBLE PRECISION", nil
	case KindDecimal:
		unset, err := decimalSpec(Oracle, table, c, oracleMaxPrecision, 0, true)
		if err != nil {
			return "", err
		}
		if unset {
			return "NUMBER", nil
		}
		return "NUMBER(" + itoa(c.Precision) + ", " + itoa(c.Scale) + ")", nil
	case KindChar:
		if err := charLength(Oracle, table, c, oracleMaxNVarchar); err != nil {
			return "", err
		}
		return "NVARCHAR2(" + itoa(c.Length) + ")", nil
	case KindText:
		return "NCLOB", nil
	case KindDate:
		return "DATE", nil
	case KindTime, KindDateTime:
		return "TIMESTAMP", nil
	case KindDuration:
		return "INTERVAL DAY(9) TO SECOND(6)", nil
	case KindUUID:
		return "VARCHAR2(36)", nil
	case KindJSON:
		return "NCLOB", nil
	case KindBinary:
		return "BLOB", nil
	}
	return "", schemaErr(Oracle, table, c.Name, "%s has no Oracle column type", c.Kind)
}

func (oracle) stringLit(s string) string { return quoteSingle(s) }

func (oracle) boolLit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func (oracle) typeChecks(qcol string, c Column) []string {
	switch c.Kind {
	case KindBool:
		return []string{qcol + " IN (0,1)"}
	case KindJSON:
		return []string{qcol + " IS JSON"}
	}
	return nil
}

func (oracle) autoSuffix() string { return "" }

// writesNotNull: Oracle stores the empty string as NULL, so (as Django does) a column
// that may hold an empty string is left nullable.
func (oracle) writesNotNull(c Column) bool {
	switch c.Kind {
	case KindChar, KindText, KindBinary:
		return c.Primary
	}
	return true
}

func (oracle) defaultExpr(_ Column, lit string) string { return lit }

// onDelete: Oracle has only ON DELETE CASCADE and ON DELETE SET NULL; its
// default, written as no clause, is what RESTRICT and NO ACTION ask for.
func (oracle) onDelete(action string) (string, error) {
	switch action {
	case "", "RESTRICT", "NO ACTION":
		return "", nil
	case "SET DEFAULT":
		return "", errors.New("oracle has no ON DELETE SET DEFAULT; use SET NULL, RESTRICT or CASCADE")
	}
	return "ON DELETE " + action, nil
}

func (oracle) indexable(c Column) bool {
	return c.Kind != KindText && c.Kind != KindJSON && c.Kind != KindBinary
}

func (oracle) createTableStmt(qtable, body string) string {
	return plsqlIgnore("CREATE TABLE "+qtable+" "+body, oraNameInUse)
}

func (oracle) createIndexStmt(unique bool, qname, qtable, qcols string) string {
	s := "CREATE INDEX "
	if unique {
		s = "CREATE UNIQUE INDEX "
	}
	return plsqlIgnore(s+qname+" ON "+qtable+" ("+qcols+")", oraNameInUse, oraAlreadyIndexed)
}

// Traits: see [Traits].
func (oracle) Traits() Traits { return oracleTraits }

var oracleTraits = Traits{
	InsertSelectRows:  true,
	MaxInList:         1000,
	StdDevPop:         true,
	ClockAsTimestamp:  true,
	IntegerRanges:     RangesNumber,
	Duration:          DurationDayToSecond,
	EmptyStringIsNull: true,
	Random:            "DBMS_RANDOM.VALUE",
	CharLength:        "LENGTH",
	Now:               "SYS_EXTRACT_UTC(SYSTIMESTAMP)",
	Concat:            ConcatPairs,
	Greatest:          "GREATEST",
	Least:             "LEAST",
	StrIndex:          "INSTR",
	RightBySubstr:     true,
	SystemName:        "oracle.db",
}
