package introspect_test

import (
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// The fixture tables are those of dialect's golden DDL tests: every Kind,
// every shape of default, single- and multi-column uniques, named and
// derived indexes, and foreign keys with every ON DELETE action.

func ownerTable() dialect.Table {
	return dialect.Table{
		Name: "owner",
		Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
			{Name: "name", Kind: dialect.KindChar, Length: 50, Null: true},
		},
	}
}

func categoryTable() dialect.Table {
	return dialect.Table{
		Name: "category",
		Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindAuto, Primary: true},
			{Name: "title", Kind: dialect.KindChar, Length: 100, Unique: true},
		},
	}
}

// itemTable has one column of every Kind.
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
			{Name: "price", Kind: dialect.KindDecimal, Precision: 10, Scale: 2, Default: dialect.DecimalLiteral("9.99")},
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
			{Name: "category_id", Kind: dialect.KindInt, Null: true},
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
		},
	}
}
