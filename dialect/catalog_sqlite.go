package dialect

import "strings"

// SQLite's catalog: sqlite_master and the pragma table-valued functions
// (pragma_table_info, pragma_index_list, pragma_index_info,
// pragma_foreign_key_list). The functions take the table name as a bound
// argument, so unlike the PRAGMA statements nothing is ever quoted into the
// query text.
//
// What the catalog cannot tell apart, and so comes back as:
//   - the type names are the declared ones, so KindAuto and KindBigAuto
//     ("integer PRIMARY KEY AUTOINCREMENT") both come back as KindBigAuto,
//     the 64-bit rowid, as does any single INTEGER PRIMARY KEY (a rowid
//     alias, which SQLite assigns whether or not AUTOINCREMENT is given);
//   - KindDuration (bigint microseconds) comes back as KindBigInt and
//     KindJSON (text) as KindText;
//   - a decimal has no precision or scale ("decimal"), so both come back 0;
//   - foreign keys have no names (Name is "").
const (
	sqliteCatalogTables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"

	// A single INTEGER PRIMARY KEY column is an alias of the rowid, which
	// SQLite assigns itself, with or without AUTOINCREMENT (which only stops
	// the reuse of deleted keys); Django's SQLite introspection also calls
	// every integer primary key an AutoField. A WITHOUT ROWID table has no
	// rowid, so its key is an ordinary column.
	// The rowid can never be NULL, so its alias is NOT NULL whatever the
	// declaration says (another primary-key column can hold NULL in SQLite).
	sqliteCatalogColumns = `SELECT name, type, "notnull" = 0 AND NOT rowid_alias, dflt_value, pk > 0, rowid_alias
FROM (SELECT p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk,
    p.pk = 1 AND lower(p.type) = 'integer'
        AND (SELECT COUNT(*) FROM pragma_table_info(?) WHERE pk > 0) = 1
        AND (SELECT upper(sql) FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE) NOT LIKE '%WITHOUT ROWID%' AS rowid_alias
    FROM pragma_table_info(?) AS p)
ORDER BY cid`

	sqliteCatalogIndexes = `SELECT il.name, il."unique", CASE il.origin WHEN 'u' THEN 'u' ELSE 'c' END, COALESCE(ii.name, '')
FROM pragma_index_list(?) AS il
JOIN pragma_index_info(il.name) AS ii
WHERE il.origin <> 'pk'
ORDER BY il.name, ii.seqno`

	sqliteCatalogForeignKeys = `SELECT CAST(f.id AS TEXT), '', f."from", f."table", COALESCE(f."to", ''), f.on_delete
FROM pragma_foreign_key_list(?) AS f
ORDER BY f.id, f.seq`
)

func (sqlite) TablesQuery() (string, []any) { return sqliteCatalogTables, nil }

func (sqlite) ColumnsQuery(table string) (string, []any) {
	return sqliteCatalogColumns, []any{table, table, table}
}

func (sqlite) IndexesQuery(table string) (string, []any) {
	return sqliteCatalogIndexes, []any{table}
}

func (sqlite) ForeignKeysQuery(table string) (string, []any) {
	return sqliteCatalogForeignKeys, []any{table}
}

func (sqlite) CatalogName(name string) string { return name }

func (sqlite) SameIdent(a, b string) bool { return strings.EqualFold(a, b) }

// ColumnFromCatalog reads the declared type: sqlorm's own names first, then
// the common spellings of other schemas (INTEGER, NVARCHAR(n), NUMERIC(p,s),
// DATETIME, ...).
func (sqlite) ColumnFromCatalog(c CatalogColumn) Column {
	t := parseSQLType(c.Type)
	kind, length, prec, scale := KindInvalid, 0, 0, 0
	if t.ok {
		switch t.base + "|" + t.suffix {
		case "integer|", "int|":
			kind = KindInt
			if c.Auto {
				kind = KindBigAuto
			}
		case "bool|", "boolean|":
			kind = KindBool
		case "smallint|":
			kind = KindSmallInt
		case "bigint|":
			kind = KindBigInt
		case "smallint|unsigned":
			kind = KindPositiveSmallInt
		case "integer|unsigned", "int|unsigned":
			kind = KindPositiveInt
		case "bigint|unsigned":
			kind = KindPositiveBigInt
		case "real|", "double|", "double precision|", "float|":
			kind = KindFloat
		case "decimal|", "numeric|":
			kind, prec, scale = KindDecimal, t.arg(0), t.arg(1)
		case "varchar|", "nvarchar|", "character varying|", "nchar|":
			if len(t.args) == 1 {
				kind, length = KindChar, t.arg(0)
			}
		case "char|", "character|":
			switch {
			case len(t.args) == 1 && t.arg(0) == 36:
				kind = KindUUID
			case len(t.args) == 1:
				kind, length = KindChar, t.arg(0)
			}
		case "text|", "clob|":
			kind = KindText
		case "date|":
			kind = KindDate
		case "time|":
			kind = KindTime
		case "datetime|", "timestamp|":
			kind = KindDateTime
		case "blob|":
			kind = KindBinary
		}
	}
	return fromCatalog(SQLite, c, kind, length, prec, scale)
}
