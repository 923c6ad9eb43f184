package introspect_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
)

// actionsTable has one foreign key per ON DELETE action the backend
// accepts (MySQL and Oracle reject SET DEFAULT), and one with none.
func actionsTable(backend string) dialect.Table {
	t := dialect.Table{
		Name: "link",
		Columns: []dialect.Column{
			{Name: "a", Kind: dialect.KindBigInt, Primary: true},
			{Name: "b", Kind: dialect.KindBigInt, Primary: true},
			{Name: "c_cascade", Kind: dialect.KindBigInt},
			{Name: "c_restrict", Kind: dialect.KindBigInt},
			{Name: "c_noaction", Kind: dialect.KindBigInt},
			{Name: "c_none", Kind: dialect.KindBigInt, Null: true},
			{Name: "c_setnull", Kind: dialect.KindBigInt, Null: true},
			{Name: "c_setdefault", Kind: dialect.KindBigInt, Null: true, Default: int64(1)},
		},
		ForeignKeys: []dialect.ForeignKey{
			{Columns: []string{"c_cascade"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "cascade"},
			{Columns: []string{"c_restrict"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "RESTRICT"},
			{Columns: []string{"c_noaction"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "no_action"},
			{Columns: []string{"c_none"}, RefTable: "owner", RefColumns: []string{"id"}},
			{Columns: []string{"c_setnull"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "SET NULL"},
			{Columns: []string{"c_setdefault"}, RefTable: "owner", RefColumns: []string{"id"}, OnDelete: "set_default"},
		},
		Indexes: []dialect.Index{{Columns: []string{"c_none", "c_setnull"}}},
	}
	if backend == testenv.MySQL {
		t.ForeignKeys = t.ForeignKeys[:len(t.ForeignKeys)-1]
	}
	return t
}

// childTable has a composite foreign key onto link's composite primary
// key and a single-column unique index.
func childTable() dialect.Table {
	return dialect.Table{
		Name: "child",
		Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindAuto, Primary: true},
			{Name: "la", Kind: dialect.KindBigInt},
			{Name: "lb", Kind: dialect.KindBigInt},
			{Name: "code", Kind: dialect.KindChar, Length: 8},
		},
		ForeignKeys: []dialect.ForeignKey{
			{Name: "child_link_fk", Columns: []string{"la", "lb"}, RefTable: "link", RefColumns: []string{"a", "b"}, OnDelete: "CASCADE"},
		},
		Indexes: []dialect.Index{{Name: "child_code_ux", Columns: []string{"code"}, Unique: true}},
	}
}

func fixtureTables(backend string) []dialect.Table {
	return []dialect.Table{ownerTable(), categoryTable(), itemTable(), actionsTable(backend), childTable()}
}

// create runs CreateTable for every table on db.
func create(t *testing.T, db *sql.DB, tables ...dialect.Table) {
	t.Helper()
	d, err := dialect.Detect(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		stmts, err := d.CreateTable(tb)
		if err != nil {
			t.Fatalf("CreateTable(%s): %v", tb.Name, err)
		}
		for _, s := range stmts {
			if _, err := db.ExecContext(context.Background(), s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
}

// isMariaDB reports whether db is a MariaDB server (json is longtext).
func isMariaDB(t *testing.T, db *sql.DB) bool {
	var v string
	if err := db.QueryRowContext(context.Background(), "SELECT VERSION()").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return strings.Contains(strings.ToLower(v), "mariadb")
}

// storedAs is t as the backend's catalog describes it: the package
// documentation's table of kinds that read back as another, derived names
// filled in, defaults in ParseDefault's types, ON DELETE as the backend
// reports it, and everything in the order introspect returns it.
func storedAs(backend string, mariadb bool, t dialect.Table) dialect.Table {
	out := dialect.Table{Name: t.Name}
	d, err := dialect.Get(dialect.Name(backend))
	if err != nil {
		panic(err)
	}
	for _, c := range t.Columns {
		// The column's own CHECK reads back (its clause as the backend
		// spells it, compared by presence in diffTables) with its choices.
		if _, cond, _ := dialect.ColumnCheck(d, t.Name, c); cond != "" {
			c.CheckClause = cond
		}
		c.Default, c.HasDefault = canonDefault(c.Default), c.Default != nil
		switch backend {
		case testenv.SQLite:
			switch c.Kind {
			case dialect.KindAuto:
				c.Kind = dialect.KindBigAuto
			case dialect.KindDuration:
				c.Kind = dialect.KindBigInt
			case dialect.KindJSON:
				c.Kind = dialect.KindText
			case dialect.KindDecimal:
				c.Precision, c.Scale = 0, 0
			}
		case testenv.Postgres:
			switch c.Kind {
			case dialect.KindPositiveSmallInt:
				c.Kind = dialect.KindSmallInt
			case dialect.KindPositiveInt:
				c.Kind = dialect.KindInt
			case dialect.KindPositiveBigInt:
				c.Kind = dialect.KindBigInt
			}
		case testenv.MySQL:
			switch {
			case c.Kind == dialect.KindDuration:
				c.Kind = dialect.KindBigInt
			case c.Kind == dialect.KindJSON && mariadb:
				c.Kind = dialect.KindText
			}
		}
		out.Columns = append(out.Columns, c)
	}
	out.Uniques = append(out.Uniques, t.Uniques...)
	for _, ix := range t.Indexes {
		if ix.Name == "" {
			suffix := dialect.SuffixIndex
			if ix.Unique {
				suffix = dialect.SuffixUnique
			}
			ix.Name = dialect.DeriveName(t.Name, ix.Columns, suffix)
		}
		if backend == testenv.MySQL && ix.Unique {
			if len(ix.Columns) == 1 {
				out.Column(ix.Columns[0]).Unique = true
			} else {
				out.Uniques = append(out.Uniques, ix.Columns)
			}
			continue
		}
		out.Indexes = append(out.Indexes, ix)
	}
	for _, fk := range t.ForeignKeys {
		switch {
		case backend == testenv.SQLite:
			fk.Name = ""
		case fk.Name == "":
			fk.Name = dialect.DeriveName(t.Name, fk.Columns, dialect.SuffixForeignKey)
		}
		fk.OnDelete = strings.ReplaceAll(strings.ToUpper(fk.OnDelete), "_", " ")
		if fk.OnDelete == "" {
			fk.OnDelete = "NO ACTION"
			if backend == testenv.MySQL {
				fk.OnDelete = "RESTRICT"
			}
		}
		out.ForeignKeys = append(out.ForeignKeys, fk)
	}
	sort.Slice(out.Uniques, func(i, j int) bool {
		return strings.Join(out.Uniques[i], ",") < strings.Join(out.Uniques[j], ",")
	})
	sort.Slice(out.Indexes, func(i, j int) bool { return out.Indexes[i].Name < out.Indexes[j].Name })
	sort.Slice(out.ForeignKeys, func(i, j int) bool {
		return strings.Join(out.ForeignKeys[i].Columns, ",") < strings.Join(out.ForeignKeys[j].Columns, ",")
	})
	if len(out.ForeignKeys) == 0 {
		out.ForeignKeys = []dialect.ForeignKey{}
	}
	return out
}

// canonDefault converts a Go default to the type ParseDefault reads it
// back as.
func canonDefault(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case float64:
		return dialect.DecimalLiteral(strconv.FormatFloat(x, 'g', -1, 64))
	}
	return v
}

// diffTables describes every difference between got and want, one line
// each, or returns "".
func diffTables(got, want dialect.Table) string {
	var b strings.Builder
	if len(got.Columns) != len(want.Columns) {
		fmt.Fprintf(&b, "%d columns, want %d\n", len(got.Columns), len(want.Columns))
	}
	for i := 0; i < min(len(got.Columns), len(want.Columns)); i++ {
		g, w := got.Columns[i], want.Columns[i]
		if g.DBType == "" {
			fmt.Fprintf(&b, "column %s: empty DBType\n", g.Name)
		}
		g.DBType, w.DBType = "", ""
		if (g.CheckClause == "") != (w.CheckClause == "") {
			fmt.Fprintf(&b, "column %s: check %q, want one like %q\n", g.Name, g.CheckClause, w.CheckClause)
		}
		g.CheckClause, w.CheckClause = "", ""
		if !reflect.DeepEqual(g, w) {
			fmt.Fprintf(&b, "column %d:\n  got  %+v\n  want %+v\n", i, g, w)
		}
	}
	if !reflect.DeepEqual(got.Uniques, want.Uniques) {
		fmt.Fprintf(&b, "uniques:\n  got  %v\n  want %v\n", got.Uniques, want.Uniques)
	}
	if !reflect.DeepEqual(got.Indexes, want.Indexes) {
		fmt.Fprintf(&b, "indexes:\n  got  %+v\n  want %+v\n", got.Indexes, want.Indexes)
	}
	if !reflect.DeepEqual(got.ForeignKeys, want.ForeignKeys) {
		fmt.Fprintf(&b, "foreign keys:\n  got  %+v\n  want %+v\n", got.ForeignKeys, want.ForeignKeys)
	}
	if !reflect.DeepEqual(got.Checks, want.Checks) {
		fmt.Fprintf(&b, "checks:\n  got  %+v\n  want %+v\n", got.Checks, want.Checks)
	}
	if got.Name != want.Name {
		fmt.Fprintf(&b, "name %q, want %q\n", got.Name, want.Name)
	}
	return b.String()
}

// TestRoundTrip creates every fixture table with dialect.CreateTable and
// reads it back: the same columns (kind, length, precision and scale,
// null, primary, unique, default), unique-together constraints, indexes
// and foreign keys, up to what the backend's catalog can tell apart.
func TestRoundTrip(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		mariadb := b.Name == testenv.MySQL && isMariaDB(t, db)
		tables := fixtureTables(b.Name)
		create(t, db, tables...)
		for _, tb := range tables {
			t.Run(tb.Name, func(t *testing.T) {
				got, err := introspect.Table(ctx, db, tb.Name)
				if err != nil {
					t.Fatal(err)
				}
				if d := diffTables(got, storedAs(b.Name, mariadb, tb)); d != "" {
					t.Errorf("Table(%s) differs from what CreateTable made:\n%s", tb.Name, d)
				}
			})
		}
	})
}
