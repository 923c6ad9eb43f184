package introspect_test

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/DATA-DOG/go-sqlmock"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
)

// TestTablesAndColumns checks Python SQLORM's table_exists, get_table_columns
// and column_exists on a small schema with a view and an AUTOINCREMENT
// table (whose sqlite_sequence must not be listed).
func TestTablesAndColumns(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		create(t, db, ownerTable(), categoryTable())
		if _, err := db.ExecContext(ctx, "CREATE VIEW owner_names AS SELECT name FROM owner"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO owner (name) VALUES ('x')"); err != nil {
			t.Fatal(err) // fills sqlite_sequence on SQLite
		}

		tables, err := introspect.Tables(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"category", "owner"}; !reflect.DeepEqual(tables, want) {
			t.Errorf("Tables = %q, want %q", tables, want)
		}

		tests := []struct {
			name   string
			table  string
			exists bool
			cols   []string
		}{
			{"owner", "owner", true, []string{"id", "name"}},
			{"category", "category", true, []string{"id", "title"}},
			{"view is not a table", "owner_names", false, nil},
			{"missing", "no_such_table", false, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ok, err := introspect.TableExists(ctx, db, tt.table)
				if err != nil || ok != tt.exists {
					t.Fatalf("TableExists(%s) = %v, %v; want %v", tt.table, ok, err, tt.exists)
				}
				if !tt.exists {
					return
				}
				names, err := introspect.ColumnNames(ctx, db, tt.table)
				if err != nil || !reflect.DeepEqual(names, tt.cols) {
					t.Fatalf("ColumnNames(%s) = %q, %v; want %q", tt.table, names, err, tt.cols)
				}
				for _, c := range tt.cols {
					if ok, err := introspect.ColumnExists(ctx, db, tt.table, c); !ok || err != nil {
						t.Errorf("ColumnExists(%s, %s) = %v, %v", tt.table, c, ok, err)
					}
				}
				if ok, err := introspect.ColumnExists(ctx, db, tt.table, "discount"); ok || err != nil {
					t.Errorf("ColumnExists(%s, discount) = %v, %v; want false, nil", tt.table, ok, err)
				}
			})
		}

		cols, err := introspect.Columns(ctx, db, "owner")
		if err != nil {
			t.Fatal(err)
		}
		id, name := cols[0], cols[1]
		if !id.Primary || !id.Auto || id.Nullable || id.Default != nil || id.DBType == "" {
			t.Errorf("owner.id = %+v; want a primary, auto, NOT NULL column without default", id)
		}
		if name.Primary || name.Auto || !name.Nullable || name.Neutral.Kind != dialect.KindChar || name.Neutral.Length != 50 {
			t.Errorf("owner.name = %+v; want a nullable CharField(50)", name)
		}
	})
}

// TestDefaultsAsText checks that Column.Default is the server's text and
// Neutral.Default the Go value CreateTable was given.
func TestDefaultsAsText(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		create(t, db, ownerTable(), categoryTable(), itemTable())
		cols, err := introspect.Columns(ctx, db, "catalog_item")
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]introspect.Column{}
		for _, c := range cols {
			byName[c.Name] = c
		}
		tests := []struct {
			column   string
			contains string // in the server's text
			want     any    // Neutral.Default
		}{
			{"status", "draft", "draft"},
			{"note", "it", `it's a \ test`},
			{"small", "-3", int64(-3)},
			{"big", "9007199254740993", int64(9007199254740993)},
			{"price", "9.99", dialect.DecimalLiteral("9.99")},
			{"ratio", "0.5", dialect.DecimalLiteral("0.5")},
			{"flag", "", true},
		}
		for _, tt := range tests {
			t.Run(tt.column, func(t *testing.T) {
				c := byName[tt.column]
				if c.Default == nil || !strings.Contains(*c.Default, tt.contains) {
					t.Fatalf("Default = %v, want text containing %q", c.Default, tt.contains)
				}
				if !c.Neutral.HasDefault || !reflect.DeepEqual(c.Neutral.Default, tt.want) {
					t.Errorf("Neutral.Default = %#v (%v), want %#v", c.Neutral.Default, c.Neutral.HasDefault, tt.want)
				}
			})
		}
		if c := byName["qty"]; c.Neutral.HasDefault {
			t.Errorf("qty has no default but reads %+v", c.Neutral)
		}
	})
}

// TestMissingTable: every function given a table that does not exist
// returns an error wrapping ErrNoTable that names it.
func TestMissingTable(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		for name, call := range calls("no_such_table", "x") {
			t.Run(name, func(t *testing.T) {
				err := call(ctx, db)
				if !errors.Is(err, introspect.ErrNoTable) || !strings.Contains(err.Error(), `"no_such_table"`) {
					t.Fatalf("err = %v; want ErrNoTable naming the table", err)
				}
			})
		}
	})
}

// calls returns every function of the package that takes a table, as
// closures for table-driven tests.
func calls(table, column string) map[string]func(context.Context, *sql.DB) error {
	return map[string]func(context.Context, *sql.DB) error{
		"Columns": func(ctx context.Context, db *sql.DB) error { _, err := introspect.Columns(ctx, db, table); return err },
		"ColumnNames": func(ctx context.Context, db *sql.DB) error {
			_, err := introspect.ColumnNames(ctx, db, table)
			return err
		},
		"ColumnExists": func(ctx context.Context, db *sql.DB) error {
			_, err := introspect.ColumnExists(ctx, db, table, column)
			return err
		},
		"Indexes": func(ctx context.Context, db *sql.DB) error { _, err := introspect.Indexes(ctx, db, table); return err },
		"ForeignKeys": func(ctx context.Context, db *sql.DB) error {
			_, err := introspect.ForeignKeys(ctx, db, table)
			return err
		},
		"Table": func(ctx context.Context, db *sql.DB) error { _, err := introspect.Table(ctx, db, table); return err },
	}
}

// TestBadIdentifiers: a table or column name that fails CheckIdent is an
// error wrapping dialect.ErrInvalidIdentifier, and no statement reaches the
// database (go-sqlmock with no expectations fails any statement).
func TestBadIdentifiers(t *testing.T) {
	bad := []struct{ name, ident string }{
		{"empty", ""},
		{"injection", "x; DROP TABLE owner"},
		{"quote", `x" OR "1"="1`},
		{"leading digit", "1abc"},
		{"non-ASCII", "tablé"},
		{"too long", strings.Repeat("a", dialect.MaxIdentLen+1)},
	}
	for _, d := range dialect.All() {
		for _, tt := range bad {
			for _, which := range []string{"table", "column"} {
				table, column := tt.ident, "ok"
				if which == "column" {
					table, column = "ok", tt.ident
				}
				for name, call := range calls(table, column) {
					if which == "column" && name != "ColumnExists" {
						continue
					}
					if which == "table" && name == "TableExists" {
						continue
					}
					t.Run(string(d.Name())+"/"+tt.name+"/"+which+"/"+name, func(t *testing.T) {
						db, mock, err := sqlmock.New()
						if err != nil {
							t.Fatal(err)
						}
						defer db.Close()
						ctx := introspect.WithDialect(context.Background(), d)
						if err := call(ctx, db); !errors.Is(err, dialect.ErrInvalidIdentifier) {
							t.Fatalf("err = %v; want ErrInvalidIdentifier", err)
						}
						if err := mock.ExpectationsWereMet(); err != nil {
							t.Fatal(err)
						}
					})
				}
			}
			t.Run(string(d.Name())+"/"+tt.name+"/TableExists", func(t *testing.T) {
				db, mock, err := sqlmock.New()
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				ctx := introspect.WithDialect(context.Background(), d)
				if _, err := introspect.TableExists(ctx, db, tt.ident); !errors.Is(err, dialect.ErrInvalidIdentifier) {
					t.Fatalf("err = %v; want ErrInvalidIdentifier", err)
				}
				if err := mock.ExpectationsWereMet(); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestUnknownDriver: a *sql.DB whose driver sqlorm does not know, without
// WithDialect, is an error wrapping ErrUnknownDialect, and nothing is sent.
func TestUnknownDriver(t *testing.T) {
	db, mock, err := sqlmock.New()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := introspect.Tables(context.Background(), db); !errors.Is(err, dialect.ErrUnknownDialect) {
		t.Fatalf("err = %v; want ErrUnknownDialect", err)
	}
	if _, err := introspect.Tables(context.Background(), nil); err == nil {
		t.Fatal("Tables(nil) did not fail")
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}
}
