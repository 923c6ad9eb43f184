package orm_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/DATA-DOG/go-sqlmock"
	"github.com/sijms/go-ora/v2/network"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

func oracleCtx(t *testing.T) context.Context {
	t.Helper()
	d, err := dialect.Get(dialect.Oracle)
	if err != nil {
		t.Fatal(err)
	}
	return orm.WithDialect(context.Background(), d)
}

// TestOracleSQLMock drives the ORM through go-sqlmock with the Oracle
// dialect: the exact statements and arguments, RETURNING ... INTO for the
// generated key, Oracle's value shapes on the way back (numbers as text,
// empty strings as NULL, TIMESTAMP for times of day), and ORA- error
// classification.
func TestOracleSQLMock(t *testing.T) {
	db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := oracleCtx(t)

	mock.ExpectExec(`INSERT INTO "CATEGORY" ("NAME") VALUES (:1) RETURNING "ID" INTO :2`).
		WithArgs("Books", sqlmock.AnyArg()).WillReturnResult(sqlmock.NewResult(0, 1))
	c := &Category{Name: "Books"}
	if err := orm.Objects[Category](db).Create(ctx, c); err != nil {
		t.Fatalf("Create: %v", err)
	}

	mock.ExpectQuery(`SELECT "ID", "NAME" FROM "CATEGORY" WHERE "ID" = :1`).
		WithArgs(int64(7)).
		WillReturnRows(sqlmock.NewRows([]string{"ID", "NAME"}).AddRow("7", nil))
	got, err := orm.Objects[Category](db).Get(ctx, orm.Q{"pk": 7})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.ID != 7 || got.Name != "" {
		t.Fatalf("Get = %+v; want ID 7 from the text \"7\" and \"\" from Oracle's NULL", got)
	}

	mock.ExpectExec(`UPDATE "CATEGORY" SET "NAME" = :1 WHERE "ID" = :2`).
		WithArgs("Novels", int64(7)).WillReturnResult(sqlmock.NewResult(0, 1))
	got.Name = "Novels"
	if err := orm.Save(ctx, db, got); err != nil {
		t.Fatalf("Save: %v", err)
	}

	mock.ExpectExec(`UPDATE "CATEGORY" SET "NAME" = :1 WHERE "ID" = :2`).
		WithArgs("Dup", int64(7)).
		WillReturnError(&network.OracleError{ErrCode: 1, ErrMsg: "ORA-00001: unique constraint (APP.CATEGORY_NAME_UNIQ) violated"})
	got.Name = "Dup"
	err = orm.Save(ctx, db, got)
	var ce *orm.ConstraintError
	if !errors.Is(err, orm.ErrUniqueViolation) || !errors.As(err, &ce) || ce.Constraint == "" {
		t.Fatalf("unique violation not classified: %v (%+v)", err, ce)
	}
	var oe *network.OracleError
	if !errors.As(err, &oe) || oe.ErrCode != 1 {
		t.Fatalf("driver error not wrapped: %v", err)
	}

	// Product's foreign key cascades: the collector deletes its rows
	// first, in a transaction with the category.
	must(t, orm.Register[Product]())
	mock.ExpectBegin()
	mock.ExpectExec(`DELETE FROM "PRODUCT" WHERE "CATEGORY_ID" IN (:1)`).
		WithArgs(int64(7)).WillReturnResult(sqlmock.NewResult(0, 2))
	mock.ExpectExec(`DELETE FROM "CATEGORY" WHERE "ID" IN (:1)`).
		WithArgs(int64(7)).WillReturnResult(sqlmock.NewResult(0, 1))
	mock.ExpectCommit()
	if err := orm.Delete(ctx, db, got); err != nil {
		t.Fatalf("Delete: %v", err)
	}

	// Every kind read back from Oracle's shapes.
	cols := orm.Fields[Everything]()
	var sel []string
	for _, c := range cols {
		sel = append(sel, `"`+strings.ToUpper(c)+`"`)
	}
	mock.ExpectQuery("SELECT " + strings.Join(sel, ", ") + ` FROM "EVERYTHING" WHERE "ID" = :1`).WillReturnRows(sqlmock.NewRows(cols).AddRow(
		int64(1), "héllo", "long text", "-3", "70000", "1099511627776", "7", "4000000000", "4611686018427387904", 0.1,
		"12345678.1234", int64(1), time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC),
		time.Date(1900, 1, 1, 14, 5, 6, 123456000, time.UTC), time.Date(2024, 3, 9, 13, 5, 6, 123456000, time.UTC),
		"+1 12:00:00.000005", "a@example.com", "https://example.com/x", "a-slug",
		"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
		`{"a":1,"b":["x"]}`, `["t1","t2"]`, []byte{0, 1, 2}, "s", "5",
		time.Date(2024, 3, 9, 13, 5, 6, 123456000, time.UTC), "1.5", "1", 2.5,
		"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "+0 01:30:00.000000",
	))
	mock.MatchExpectationsInOrder(true)
	e, err := orm.Objects[Everything](db).Get(ctx, orm.Q{"pk": 1})
	if err != nil {
		t.Fatalf("Get Everything: %v", err)
	}
	want := wantEverything(everything())
	want.ID = 1
	compareEverything(t, e, want)

	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}
}

// TestScanShapes feeds the scanners the other shapes drivers use for the
// same values (text for numbers and booleans, []byte for text, float64 for
// decimals), through the recording driver.
func TestScanShapes(t *testing.T) {
	db, r := openRecorder(t)
	d, _ := dialect.Get(dialect.MySQL)
	ctx := orm.WithDialect(context.Background(), d)
	row := []driver.Value{
		[]byte("1"), []byte("héllo"), []byte("long text"), []byte("-3"), int64(70000), []byte("1099511627776"), int64(7), []byte("4000000000"), int64(4611686018427387904), []byte("0.1"),
		[]byte("12345678.1234"), []byte("1"), []byte("2024-03-09"),
		[]byte("14:05:06.123456"), []byte("2024-03-09 13:05:06.123456"),
		[]byte("129600000005"), "a@example.com", "https://example.com/x", "a-slug",
		[]byte("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "6ba7b8109dad11d180b400c04fd430c8",
		[]byte(`{"a":1,"b":["x"]}`), `["t1","t2"]`, "\x00\x01\x02", []byte("s"), 5.0,
		"2024-03-09T13:05:06.123456Z", 1.5, []byte("true"), "2.5",
		"6ba7b810-9dad-11d1-80b4-00c04fd430c8", int64(5400000000),
	}
	r.queue(row)
	e, err := orm.Objects[Everything](db).Get(ctx, orm.Q{"pk": 1})
	if err != nil {
		t.Fatal(err)
	}
	want := wantEverything(everything())
	want.ID = 1
	compareEverything(t, e, want)

	// A value that does not fit is an error naming model and field.
	bad := append([]driver.Value(nil), row...)
	bad[3] = int64(40000) // Small is int16
	r.queue(bad)
	_, err = orm.Objects[Everything](db).Get(ctx, orm.Q{"pk": 1})
	if err == nil || !containsAll(err.Error(), "Everything.Small", "out of range") {
		t.Fatalf("overflow: %v", err)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
