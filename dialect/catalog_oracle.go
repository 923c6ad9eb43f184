package dialect

import "strings"

// Oracle's catalog: the USER_* views of the connected schema. Oracle stores
// unquoted names, and the names sqlorm quotes, in upper case: the table
// name is bound upper-cased and every name read back is folded to lower
// case, as Django does. The type is rebuilt from DATA_TYPE, CHAR_LENGTH,
// DATA_PRECISION and DATA_SCALE ("NVARCHAR2(100)", "NUMBER(10,2)").
//
// What the catalog cannot tell apart, and so comes back as:
//   - NUMBER(1) is KindBool, NUMBER(11) KindInt and NUMBER(19) KindBigInt,
//     so KindSmallInt and every Positive* kind come back as KindInt or
//     KindBigInt (their CHECK constraints are not read);
//   - TIMESTAMP is KindDateTime, so KindTime comes back as KindDateTime;
//   - NCLOB is KindText, so KindJSON comes back as KindText;
//   - character and binary columns are nullable, because sqlorm (like
//     Django) never writes NOT NULL on them: Oracle stores the empty string as NULL.
const (
	oracleCatalogTables = `SELECT table_name FROM user_tables
WHERE NOT EXISTS (SELECT 1 FROM user_mviews WHERE user_mviews.mview_name = user_tables.table_name)
ORDER BY table_name`

	oracleCatalogColumns = `SELECT c.column_name,
    CASE
        WHEN c.data_type IN ('NVARCHAR2', 'VARCHAR2', 'NCHAR', 'CHAR') THEN c.data_type || '(' || c.char_length || ')'
        WHEN c.data_type = 'NUMBER' AND c.data_precision IS NOT NULL THEN 'NUMBER(' || c.data_precision || ',' || c.data_scale || ')'
        WHEN c.data_type = 'FLOAT' THEN 'FLOAT(' || c.data_precision || ')'
        ELSE c.data_type
    END,
    CASE WHEN c.nullable = 'Y' THEN 1 ELSE 0 END,
    c.data_default,
    CASE WHEN EXISTS (SELECT 1 FROM user_constraints k
        JOIN user_cons_columns kc ON kc.constraint_name = k.constraint_name
        WHERE k.table_name = c.table_name AND k.constraint_type = 'P' AND kc.column_name = c.column_name) THEN 1 ELSE 0 END,
    CASE WHEN c.identity_column = 'YES' THEN 1 ELSE 0 END
FROM user_tab_columns c
WHERE c.table_name = :1
ORDER BY c.column_id`

	oracleCatalogIndexes = `SELECT i.index_name, CASE WHEN i.uniqueness = 'UNIQUE' THEN 1 ELSE 0 END,
    CASE WHEN EXISTS (SELECT 1 FROM user_constraints k
        WHERE k.table_name = i.table_name AND k.index_name = i.index_name AND k.constraint_type = 'U') THEN 'u' ELSE 'c' END,
    ic.column_name
FROM user_indexes i
JOIN user_ind_columns ic ON ic.index_name = i.index_name
WHERE i.table_name = :1 AND i.index_type <> 'LOB'
    AND NOT EXISTS (SELECT 1 FROM user_constraints k
        WHERE k.table_name = i.table_name AND k.index_name = i.index_name AND k.constraint_type = 'P')
ORDER BY i.index_name, ic.column_position`

	oracleCatalogForeignKeys = `SELECT c.constraint_name, c.constraint_name, cc.column_name, r.table_name, rc.column_name, c.delete_rule
FROM user_constraints c
JOIN user_cons_columns cc ON cc.constraint_name = c.constraint_name
JOIN user_constraints r ON r.constraint_name = c.r_constraint_name
JOIN user_cons_columns rc ON rc.constraint_name = c.r_constraint_name AND rc.position = cc.position
WHERE c.table_name = :1 AND c.constraint_type = 'R'
ORDER BY c.constraint_name, cc.position`
)

func (oracle) TablesQuery() (string, []any) { return oracleCatalogTables, nil }

func (oracle) ColumnsQuery(table string) (string, []any) {
	return oracleCatalogColumns, []any{strings.ToUpper(table)}
}

func (oracle) IndexesQuery(table string) (string, []any) {
	return oracleCatalogIndexes, []any{strings.ToUpper(table)}
}

func (oracle) ForeignKeysQuery(table string) (string, []any) {
	return oracleCatalogForeignKeys, []any{strings.ToUpper(table)}
}

func (oracle) CatalogName(name string) string { return strings.ToLower(name) }

func (oracle) SameIdent(a, b string) bool { return strings.EqualFold(a, b) }

func (oracle) ColumnFromCatalog(c CatalogColumn) Column {
	t := parseSQLType(c.Type)
	kind, length, prec, scale := KindInvalid, 0, 0, 0
	if t.ok {
		switch t.base + "|" + t.suffix {
		case "number|":
			switch {
			case len(t.args) == 0:
				kind = KindDecimal
			case t.arg(1) == 0 && t.arg(0) == 1:
				kind = KindBool
			case t.arg(1) == 0 && t.arg(0) == 11:
				kind = KindInt
				if c.Auto {
					kind = KindAuto
				}
			case t.arg(1) == 0 && t.arg(0) == 19:
				kind = KindBigInt
				if c.Auto {
					kind = KindBigAuto
				}
			default:
				kind, prec, scale = KindDecimal, t.arg(0), t.arg(1)
			}
		case "float|":
			if t.arg(0) == 126 {
				kind = KindFloat // DOUBLE PRECISION
			}
		case "binary_double|":
			kind = KindFloat
		case "nvarchar2|", "varchar2|":
			switch {
			case t.base == "varchar2" && t.arg(0) == 36:
				kind = KindUUID
			case len(t.args) == 1:
				kind, length = KindChar, t.arg(0)
			}
		case "nclob|", "clob|":
			kind = KindText
		case "date|":
			kind = KindDate
		case "timestamp|":
			kind = KindDateTime
		case "blob|":
			kind = KindBinary
		}
	}
	if strings.HasPrefix(strings.ToLower(c.Type), "interval day") {
		kind = KindDuration
	}
	c.Name = strings.ToLower(c.Name)
	return fromCatalog(Oracle, c, kind, length, prec, scale)
}
