package dialect_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestMain(m *testing.M) { testenv.Main(m) }

// ownerTable and categoryTable are the tables itemTable's foreign keys
// point at.
func ownerTable() dialect.Table {
	return dialect.Table{
		Name: "owner",
		Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
			{Name: "name", Kind: dialect.KindChar, Length: 50},
		},
	}
}

func categoryTable() dialect.Table {
	return dialect.Table{
		Name: "category",
		Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
			{Name: "title", Kind: dialect.KindChar, Length: 100, Unique: true},
		},
	}
}

// itemTable exercises every Kind, every shape of default, choices,
// single- and multi-column uniques, both foreign-key actions, named,
// derived and over-long index names.
func itemTable() dialect.Table {
	return dialect.Table{
		Name: "catalog_item",
		Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
			{Name: "flag", Kind: dialect.KindBool, Default: true},
			{Name: "small", Kind: dialect.KindSmallInt, Default: int16(-3)},
			{Name: "qty", Kind: dialect.KindInt, Null: true},
			{Name: "big", Kind: dialect.KindBigInt, Default: int64(9007199254740993)},
			{Name: "psmall", Kind: dialect.KindPositiveSmallInt, Default: 0},
			{Name: "pint", Kind: dialect.KindPositiveInt},
			{Name: "pbig", Kind: dialect.KindPositiveBigInt, Null: true},
			{Name: "ratio", Kind: dialect.KindFloat, Default: 0.5},
			{Name: "price", Kind: dialect.KindDecimal, Precision: 10, Scale: 2, Default: decimal.RequireFromString("9.99")},
			{Name: "status", Kind: dialect.KindChar, Length: 20, Choices: []string{"draft", "published", "o'brien"}, Default: "draft"},
			{Name: "name", Kind: dialect.KindChar, Length: 200, Unique: true},
			{Name: "note", Kind: dialect.KindText, Null: true, Default: `it's a \ test`},
			{Name: "born", Kind: dialect.KindDate, Null: true},
			{Name: "opens", Kind: dialect.KindTime, Null: true},
			{Name: "created", Kind: dialect.KindDateTime},
			{Name: "ttl", Kind: dialect.KindDuration, Null: true, HasDefault: true},
			{Name: "uid", Kind: dialect.KindUUID, Unique: true},
			{Name: "meta", Kind: dialect.KindJSON, Null: true, Default: "{}"},
			{Name: "blob", Kind: dialect.KindBinary, Null: true},
			{Name: "category_id", Kind: dialect.KindBigInt, Null: true},
			{Name: "owner_id", Kind: dialect.KindBigInt},
		},
		Uniques: [][]string{{"name", "status"}, {"owner_id", "born"}},
		ForeignKeys: []dialect.ForeignKey{
			{Columns: []string{"category_id"}, RefTable: "category", RefColumns: []string{"id"}, OnDelete: "set_null"},
			{Name: "item_owner_fk", Columns: []string{"owner_id"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "CASCADE"},
		},
		Indexes: []dialect.Index{
			{Columns: []string{"name", "created"}},
			{Name: "item_status_ix", Columns: []string{"status"}},
			{Columns: []string{"uid", "owner_id"}, Unique: true},
			{Columns: []string{"ratio", "price", "created", "born", "opens", "small", "big", "psmall", "pint"}},
		},
	}
}

// golden compares got with testdata/name, or rewrites the file under
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dialect -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the generated DDL (rerun with -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
