package dialect

import "strings"

// MySQL's and MariaDB's catalog: information_schema in the current database
// (DATABASE()). Types are COLUMN_TYPE, with the display widths MariaDB and
// MySQL before 8.0.19 add ("int(11)", "bigint(20) unsigned").
//
// What the catalog cannot tell apart, and so comes back as:
//   - KindBool is tinyint(1): any tinyint(1) comes back as KindBool;
//   - KindDuration (bigint microseconds) comes back as KindBigInt;
//   - on MariaDB, json is an alias of longtext, so KindJSON comes back as
//     KindText (MySQL reports json);
//   - a UNIQUE constraint and a unique index are one thing to InnoDB: every
//     unique index comes back with origin "u", so an Index{Unique: true}
//     reads back as a unique constraint;
//   - InnoDB makes an index for a foreign key that has none; it has the
//     constraint's name and origin "f".
const (
	mysqlCatalogTables = `SELECT table_name FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')
ORDER BY table_name`

	mysqlCatalogColumns = `SELECT column_name, column_type, is_nullable = 'YES', column_default, column_key = 'PRI',
    extra LIKE '%auto_increment%'
FROM information_schema.columns
WHERE table_schema = DATABASE() AND table_name = ?
ORDER BY ordinal_position`

	mysqlCatalogIndexes = `SELECT s.index_name, s.non_unique = 0,
    CASE WHEN s.non_unique = 0 THEN 'u'
        WHEN EXISTS (SELECT 1 FROM information_schema.referential_constraints AS r
            WHERE r.constraint_schema = s.table_schema AND r.table_name = s.table_name
                AND r.constraint_name = s.index_name) THEN 'f'
        ELSE 'c' END,
    s.column_name
FROM information_schema.statistics AS s
WHERE s.table_schema = DATABASE() AND s.table_name = ? AND s.index_name <> 'PRIMARY'
ORDER BY s.index_name, s.seq_in_index`

	mysqlCatalogForeignKeys = `SELECT k.constraint_name, k.constraint_name, k.column_name, k.referenced_table_name,
    k.referenced_column_name, r.delete_rule
FROM information_schema.key_column_usage AS k
JOIN information_schema.referential_constraints AS r
    ON r.constraint_schema = k.constraint_schema AND r.table_name = k.table_name
        AND r.constraint_name = k.constraint_name
WHERE k.table_schema = DATABASE() AND k.table_name = ? AND k.referenced_table_name IS NOT NULL
ORDER BY k.constraint_name, k.ordinal_position`
)

func (mysql) TablesQuery() (string, []any) { return mysqlCatalogTables, nil }

func (mysql) ColumnsQuery(table string) (string, []any) {
	return mysqlCatalogColumns, []any{table}
}

func (mysql) IndexesQuery(table string) (string, []any) {
	return mysqlCatalogIndexes, []any{table}
}

func (mysql) ForeignKeysQuery(table string) (string, []any) {
	return mysqlCatalogForeignKeys, []any{table}
}

func (mysql) CatalogName(name string) string { return name }

func (mysql) SameIdent(a, b string) bool { return strings.EqualFold(a, b) }

func (mysql) ColumnFromCatalog(c CatalogColumn) Column {
	t := parseSQLType(c.Type)
	kind, length, prec, scale := KindInvalid, 0, 0, 0
	if t.ok {
		switch t.base + "|" + t.suffix {
		case "tinyint|":
			if len(t.args) == 1 && t.arg(0) == 1 {
				kind = KindBool
			}
		case "bool|", "boolean|":
			kind = KindBool
		case "smallint|":
			kind = KindSmallInt
		case "int|", "integer|":
			kind = KindInt
			if c.Auto {
				kind = KindAuto
			}
		case "bigint|":
			kind = KindBigInt
			if c.Auto {
				kind = KindBigAuto
			}
		case "smallint|unsigned":
			kind = KindPositiveSmallInt
		case "int|unsigned", "integer|unsigned":
			kind = KindPositiveInt
		case "bigint|unsigned":
			kind = KindPositiveBigInt
		case "double|", "double precision|":
			kind = KindFloat
		case "decimal|", "numeric|":
			kind, prec, scale = KindDecimal, t.arg(0), t.arg(1)
		case "varchar|":
			kind, length = KindChar, t.arg(0)
		case "char|":
			if t.arg(0) == 36 {
				kind = KindUUID
			} else {
				kind, length = KindChar, t.arg(0)
			}
		case "longtext|", "text|", "mediumtext|":
			kind = KindText
		case "date|":
			kind = KindDate
		case "time|":
			kind = KindTime
		case "datetime|", "timestamp|":
			kind = KindDateTime
		case "json|":
			kind = KindJSON
		case "longblob|", "blob|", "mediumblob|":
			kind = KindBinary
		}
	}
	return fromCatalog(MySQL, c, kind, length, prec, scale)
}
