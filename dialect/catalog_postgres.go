package dialect

// PostgreSQL's catalog: pg_catalog in the first schema of the search_path
// (current_schema()). Types are read with format_type, so they carry their
// modifiers ("character varying(100)", "numeric(10,2)").
//
// What the catalog cannot tell apart, and so comes back as: the Positive*
// kinds are plain smallint, integer and bigint with a CHECK constraint,
// which is not read, so they come back as KindSmallInt, KindInt and
// KindBigInt; Choices are not read either.
const (
	postgresCatalogTables = `SELECT c.relname
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname`

	postgresCatalogColumns = `SELECT a.attname,
    pg_catalog.format_type(a.atttypid, a.atttypmod),
    NOT a.attnotnull,
    pg_catalog.pg_get_expr(d.adbin, d.adrelid),
    COALESCE(a.attnum = ANY (pk.indkey::int2[]), false),
    a.attidentity <> '' OR COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_index AS pk ON pk.indrelid = c.oid AND pk.indisprimary
WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')
    AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`

	postgresCatalogIndexes = `SELECT ic.relname, ix.indisunique,
    CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_constraint AS con
        WHERE con.conrelid = t.oid AND con.conindid = ix.indexrelid AND con.contype = 'u') THEN 'u' ELSE 'c' END,
    COALESCE(a.attname, '')
FROM pg_catalog.pg_index AS ix
JOIN pg_catalog.pg_class AS t ON t.oid = ix.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_class AS ic ON ic.oid = ix.indexrelid
CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
WHERE n.nspname = current_schema() AND t.relname = $1 AND NOT ix.indisprimary AND k.ord <= ix.indnkeyatts
ORDER BY ic.relname, k.ord`

	postgresCatalogForeignKeys = `SELECT con.conname, con.conname, a.attname, rt.relname, ra.attname,
    CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
        WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' ELSE '' END
FROM pg_catalog.pg_constraint AS con
JOIN pg_catalog.pg_class AS t ON t.oid = con.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_class AS rt ON rt.oid = con.confrelid
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, refcol, ord)
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.col
JOIN pg_catalog.pg_attribute AS ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refcol
WHERE con.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1
ORDER BY con.conname, k.ord`
)

func (postgres) TablesQuery() (string, []any) { return postgresCatalogTables, nil }

func (postgres) ColumnsQuery(table string) (string, []any) {
	return postgresCatalogColumns, []any{table}
}

func (postgres) IndexesQuery(table string) (string, []any) {
	return postgresCatalogIndexes, []any{table}
}

func (postgres) ForeignKeysQuery(table string) (string, []any) {
	return postgresCatalogForeignKeys, []any{table}
}

func (postgres) CatalogName(name string) string { return name }

func (postgres) SameIdent(a, b string) bool { return a == b }

func (postgres) ColumnFromCatalog(c CatalogColumn) Column {
	t := parseSQLType(c.Type)
	kind, length, prec, scale := KindInvalid, 0, 0, 0
	if t.ok {
		switch t.base + "|" + t.suffix {
		case "integer|":
			kind = KindInt
			if c.Auto {
				kind = KindAuto
			}
		case "bigint|":
			kind = KindBigInt
			if c.Auto {
				kind = KindBigAuto
			}
		case "smallint|":
			kind = KindSmallInt
		case "boolean|":
			kind = KindBool
		case "double precision|", "real|":
			kind = KindFloat
		case "numeric|":
			kind, prec, scale = KindDecimal, t.arg(0), t.arg(1)
		case "character varying|", "varchar|", "character|":
			if len(t.args) == 1 {
				kind, length = KindChar, t.arg(0)
			}
		case "text|":
			kind = KindText
		case "date|":
			kind = KindDate
		case "time without time zone|", "time|":
			kind = KindTime
		case "timestamp with time zone|", "timestamp without time zone|":
			kind = KindDateTime
		case "interval|":
			kind = KindDuration
		case "uuid|":
			kind = KindUUID
		case "jsonb|", "json|":
			kind = KindJSON
		case "bytea|":
			kind = KindBinary
		}
	}
	return fromCatalog(Postgres, c, kind, length, prec, scale)
}
