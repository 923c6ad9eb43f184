package migrations

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/DATA-DOG/go-sqlmock"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/introspect"
)

var updateRewrite = flag.Bool("update-rewrite", false, "rewrite testdata/recreate_oracle.sql")

// recorder is a go-sqlmock query matcher that accepts every statement in
// the order the expectations were set and records it.
type recorder struct {
	mu    sync.Mutex
	stmts []string
}

func (r *recorder) Match(_, actual string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stmts = append(r.stmts, actual)
	return nil
}

// TestRecreateTableOracleGolden: there is no Oracle server, so the
// copy-and-swap sequence of RecreateTable on Oracle is pinned as a golden
// statement list, run through go-sqlmock standing in for the database:
// catalog reads, no strict session (Oracle always refuses), the scratch
// table under its own constraint names, the copy, the two counts, the
// orphan check of the referencing table, dropping its foreign key, the
// swap as two renames, the referencing foreign key put back (while the old
// table could still be swapped back), dropping the old table, renaming the
// constraints to their final names, then the indexes and foreign keys,
// whose names are schema-wide on Oracle.
func TestRecreateTableOracleGolden(t *testing.T) {
	rec := &recorder{}
	db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherFunc(rec.Match)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, err := dialect.Get(dialect.Oracle)
	if err != nil {
		t.Fatal(err)
	}
	ctx := introspect.WithDialect(context.Background(), d)

	cols := []string{"name", "type", "nullable", "default", "primary", "auto"}
	// introspect.Table("fi"): columns, indexes, foreign keys, checks.
	mock.ExpectQuery("columns").WillReturnRows(sqlmock.NewRows(cols).
		AddRow("ID", "NUMBER(19)", 0, nil, 1, 0).
		AddRow("NAME", "NVARCHAR2(50)", 1, nil, 0, 0))
	mock.ExpectQuery("indexes").WillReturnRows(sqlmock.NewRows([]string{"name", "unique", "origin", "column"}).
		AddRow("FI_NAME_IDX", 0, "c", "NAME"))
	mock.ExpectQuery("fks").WillReturnRows(sqlmock.NewRows([]string{"g", "n", "c", "rt", "rc", "od"}))
	mock.ExpectQuery("checks").WillReturnRows(sqlmock.NewRows([]string{"name", "clause"}))
	// children: the tables, then ref's foreign keys.
	mock.ExpectQuery("tables").WillReturnRows(sqlmock.NewRows([]string{"name"}).AddRow("FI").AddRow("REF"))
	mock.ExpectQuery("ref exists").WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(1))
	mock.ExpectQuery("ref fks").WillReturnRows(sqlmock.NewRows([]string{"g", "n", "c", "rt", "rc", "od"}).
		AddRow("REF_FI_ID_FK", "REF_FI_ID_FK", "FI_ID", "FI", "ID", "NO ACTION"))
	// runSwap.
	mock.ExpectQuery("bak exists").WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(0))
	mock.ExpectExec("drop leftover new").WillReturnResult(sqlmock.NewResult(0, 0))
	mock.ExpectQuery("misfit name").WillReturnRows(sqlmock.NewRows([]string{"id"}))
	mock.ExpectExec("create new").WillReturnResult(sqlmock.NewResult(0, 0))
	mock.ExpectExec("copy").WillReturnResult(sqlmock.NewResult(0, 1000))
	mock.ExpectQuery("count fi").WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(1000))
	mock.ExpectQuery("count new").WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(1000))
	mock.ExpectQuery("orphans of ref").WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(0))
	for _, what := range []string{"drop ref fk", "rename fi to bak", "rename new to fi", "add ref fk", "drop bak", "rename check", "create index"} {
		mock.ExpectExec(what).WillReturnResult(sqlmock.NewResult(0, 0))
	}

	nt := dialect.Table{Name: "fi", Columns: []dialect.Column{
		{Name: "id", Kind: dialect.KindBigInt, Primary: true},
		{Name: "name", Kind: dialect.KindChar, Length: 40, Null: true, Choices: []string{"a", "b"}},
	}, Indexes: []dialect.Index{{Columns: []string{"name"}}}}
	if err := RecreateTable(ctx, db, nt, []string{"id", "name"}); err != nil {
		t.Fatalf("RecreateTable: %v", err)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}
	// The catalog queries are introspect's golden files; only what this
	// package writes is pinned here.
	got := strings.Join(rec.stmts[7:], ";\n") + ";"
	path := filepath.Join("testdata", "recreate_oracle.sql")
	if *updateRewrite {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./migrations -run %s -update-rewrite)", err, t.Name())
	}
	if got != strings.TrimSuffix(string(want), "\n") {
		t.Errorf("Oracle statements differ from %s (rerun with -update-rewrite if intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
