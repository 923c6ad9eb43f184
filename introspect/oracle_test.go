package introspect_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/DATA-DOG/go-sqlmock"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/introspect"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden returns testdata/name, or writes got there under -update.
func golden(t *testing.T, name, got string) string {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./introspect -run %s -update to create it)", err, t.Name())
	}
	return strings.TrimSuffix(string(want), "\n")
}

// goldenQuery checks an Oracle catalog query against testdata/name and
// returns it.
func goldenQuery(t *testing.T, name, q string) string {
	t.Helper()
	if want := golden(t, name, q); q != want {
		t.Fatalf("Oracle query differs from testdata/%s (rerun with -update if intended)\n--- got\n%s\n--- want\n%s", name, q, want)
	}
	return q
}

func args(a []any) []driver.Value {
	out := make([]driver.Value, len(a))
	for i, v := range a {
		out[i] = v
	}
	return out
}

// TestOracle runs the package against go-sqlmock standing in for Oracle:
// the statements must be the golden ones, the table name bound upper-cased,
// and the catalog's upper-case rows must come back as the lower-case
// neutral table sqlorm's Oracle DDL describes.
func TestOracle(t *testing.T) {
	d, err := dialect.Get(dialect.Oracle)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := dialect.CatalogOf(d)
	if err != nil {
		t.Fatal(err)
	}
	db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := introspect.WithDialect(context.Background(), d)

	tq, targs := cat.TablesQuery()
	mock.ExpectQuery(goldenQuery(t, "oracle_tables.sql", tq)).WithArgs(args(targs)...).
		WillReturnRows(sqlmock.NewRows([]string{"TABLE_NAME"}).AddRow("OWNER").AddRow("CATALOG_ITEM"))
	tables, err := introspect.Tables(ctx, db)
	if err != nil || !reflect.DeepEqual(tables, []string{"catalog_item", "owner"}) {
		t.Fatalf("Tables = %q, %v", tables, err)
	}

	cq, cargs := cat.ColumnsQuery("catalog_item")
	iq, iargs := cat.IndexesQuery("catalog_item")
	fq, fargs := cat.ForeignKeysQuery("catalog_item")
	if !reflect.DeepEqual(cargs, []any{"CATALOG_ITEM"}) || !reflect.DeepEqual(iargs, cargs) || !reflect.DeepEqual(fargs, cargs) {
		t.Fatalf("arguments %v %v %v; want the upper-cased table name", cargs, iargs, fargs)
	}
	colRows := sqlmock.NewRows([]string{"COLUMN_NAME", "TYPE", "NULLABLE", "DATA_DEFAULT", "PK", "IDENTITY"}).
		AddRow("ID", "NUMBER(19,0)", 0, `"ADMIN"."ISEQ$$_73512".nextval`, 1, 1).
		AddRow("FLAG", "NUMBER(1,0)", 0, "1 ", 0, 0).
		AddRow("QTY", "NUMBER(11,0)", 1, nil, 0, 0).
		AddRow("RATIO", "FLOAT(126)", 0, "0.5", 0, 0).
		AddRow("PRICE", "NUMBER(10,2)", 0, "9.99\n", 0, 0).
		AddRow("STATUS", "NVARCHAR2(20)", 1, "'draft'", 0, 0).
		AddRow("NOTE", "NCLOB", 1, `'it''s a \ test'`, 0, 0).
		AddRow("BORN", "DATE", 1, nil, 0, 0).
		AddRow("CREATED", "TIMESTAMP(6)", 0, nil, 0, 0).
		AddRow("TTL", "INTERVAL DAY(9) TO SECOND(6)", 1, "NULL", 0, 0).
		AddRow("UID", "VARCHAR2(36)", 0, nil, 0, 0).
		AddRow("BLOB", "BLOB", 1, nil, 0, 0).
		AddRow("OWNER_ID", "NUMBER(19,0)", 0, nil, 0, 0).
		AddRow("GEOM", "SDO_GEOMETRY", 1, nil, 0, 0)
	idxRows := sqlmock.NewRows([]string{"INDEX_NAME", "UNIQUE", "ORIGIN", "COLUMN_NAME"}).
		AddRow("CATALOG_ITEM_NAME_CREATED_IDX", 0, "c", "STATUS").
		AddRow("CATALOG_ITEM_NAME_CREATED_IDX", 0, "c", "CREATED").
		AddRow("CATALOG_ITEM_OWNER_ID_BORN_UNIQ", 1, "u", "OWNER_ID").
		AddRow("CATALOG_ITEM_OWNER_ID_BORN_UNIQ", 1, "u", "BORN").
		AddRow("CATALOG_ITEM_UID_UNIQ", 1, "u", "UID")
	fkRows := sqlmock.NewRows([]string{"GROUP", "NAME", "COLUMN_NAME", "R_TABLE", "R_COLUMN", "DELETE_RULE"}).
		AddRow("ITEM_OWNER_FK", "ITEM_OWNER_FK", "OWNER_ID", "OWNER", "ID", "CASCADE")
	mock.ExpectQuery(goldenQuery(t, "oracle_columns.sql", cq)).WithArgs(args(cargs)...).WillReturnRows(colRows)
	mock.ExpectQuery(goldenQuery(t, "oracle_indexes.sql", iq)).WithArgs(args(iargs)...).WillReturnRows(idxRows)
	mock.ExpectQuery(goldenQuery(t, "oracle_foreign_keys.sql", fq)).WithArgs(args(fargs)...).WillReturnRows(fkRows)
	kq, kargs := cat.ChecksQuery("catalog_item")
	checkRows := sqlmock.NewRows([]string{"CONSTRAINT_NAME", "SEARCH_CONDITION_VC"}).
		AddRow("CATALOG_ITEM_STATUS_CHECK", `"STATUS" IN ('draft', 'it''s')`).
		AddRow("ITEM_QTY_POSITIVE", `"QTY" >= 0`)
	mock.ExpectQuery(goldenQuery(t, "oracle_checks.sql", kq)).WithArgs(args(kargs)...).WillReturnRows(checkRows)

	got, err := introspect.Table(ctx, db, "catalog_item")
	if err != nil {
		t.Fatal(err)
	}
	want := dialect.Table{
		Name: "catalog_item",
		Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigAuto, Primary: true, DBType: "NUMBER(19,0)"},
			{Name: "flag", Kind: dialect.KindBool, Default: true, HasDefault: true, DBType: "NUMBER(1,0)"},
			{Name: "qty", Kind: dialect.KindInt, Null: true, DBType: "NUMBER(11,0)"},
			{Name: "ratio", Kind: dialect.KindFloat, Default: dialect.DecimalLiteral("0.5"), HasDefault: true, DBType: "FLOAT(126)"},
			{Name: "price", Kind: dialect.KindDecimal, Precision: 10, Scale: 2, Default: dialect.DecimalLiteral("9.99"), HasDefault: true, DBType: "NUMBER(10,2)"},
			{Name: "status", Kind: dialect.KindChar, Length: 20, Null: true, Default: "draft", HasDefault: true, DBType: "NVARCHAR2(20)",
				Choices: []string{"draft", "it's"}, CheckClause: `"STATUS" IN ('draft', 'it''s')`},
			{Name: "note", Kind: dialect.KindText, Null: true, Default: `it's a \ test`, HasDefault: true, DBType: "NCLOB"},
			{Name: "born", Kind: dialect.KindDate, Null: true, DBType: "DATE"},
			{Name: "created", Kind: dialect.KindDateTime, DBType: "TIMESTAMP(6)"},
			{Name: "ttl", Kind: dialect.KindDuration, Null: true, DBType: "INTERVAL DAY(9) TO SECOND(6)"},
			{Name: "uid", Kind: dialect.KindUUID, Unique: true, DBType: "VARCHAR2(36)"},
			{Name: "blob", Kind: dialect.KindBinary, Null: true, DBType: "BLOB"},
			{Name: "owner_id", Kind: dialect.KindBigInt, DBType: "NUMBER(19,0)"},
			{Name: "geom", Kind: dialect.KindInvalid, Null: true, DBType: "SDO_GEOMETRY"},
		},
		Uniques: [][]string{{"owner_id", "born"}},
		Checks:  []dialect.Check{{Name: "item_qty_positive", Clause: `"QTY" >= 0`}},
		Indexes: []dialect.Index{{Name: "catalog_item_name_created_idx", Columns: []string{"status", "created"}}},
		ForeignKeys: []dialect.ForeignKey{
			{Name: "item_owner_fk", Columns: []string{"owner_id"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "CASCADE"},
		},
	}
	if d := diffTables(got, want); d != "" || !reflect.DeepEqual(got.Columns, want.Columns) {
		t.Errorf("Table differs:\n%s\ngot  %+v\nwant %+v", d, got.Columns, want.Columns)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}

	// A missing table: no columns, then the existence check says 0.
	eq, eargs := cat.TableExists("nope")
	mock.ExpectQuery(cq).WithArgs("NOPE").WillReturnRows(sqlmock.NewRows([]string{"COLUMN_NAME", "TYPE", "NULLABLE", "DATA_DEFAULT", "PK", "IDENTITY"}))
	mock.ExpectQuery(goldenQuery(t, "oracle_table_exists.sql", eq)).WithArgs(args(eargs)...).WillReturnRows(sqlmock.NewRows([]string{"COUNT"}).AddRow(0))
	if _, err := introspect.ColumnNames(ctx, db, "nope"); !errors.Is(err, introspect.ErrNoTable) {
		t.Fatalf("ColumnNames(nope) = %v; want ErrNoTable", err)
	}
	// ColumnExists compares without case, as Oracle does.
	mock.ExpectQuery(cq).WithArgs("OWNER").WillReturnRows(sqlmock.NewRows([]string{"COLUMN_NAME", "TYPE", "NULLABLE", "DATA_DEFAULT", "PK", "IDENTITY"}).
		AddRow("ID", "NUMBER(19,0)", 0, nil, 1, 1))
	if ok, err := introspect.ColumnExists(ctx, db, "owner", "Id"); !ok || err != nil {
		t.Fatalf("ColumnExists(owner, Id) = %v, %v", ok, err)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}
}
