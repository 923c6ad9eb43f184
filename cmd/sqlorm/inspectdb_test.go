package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/internal/chinook"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/orm"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func openChinook(t *testing.T, b *testenv.Backend) (*sql.DB, string) {
	t.Helper()
	d := chinook.Load(t, b)
	db, err := sql.Open("sqlorm", d.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, d.URL
}

// TestInspectDBGolden pins the models written for Chinook on SQLite.
func TestInspectDBGolden(t *testing.T) {
	testenv.RunOn(t, []string{testenv.SQLite}, func(t *testing.T, b *testenv.Backend) {
		db, _ := openChinook(t, b)
		src, err := inspectDB(context.Background(), db, "models", nil)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "chinook_sqlite.go.golden")
		if *update {
			if err := os.WriteFile(path, src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(src, want) {
			t.Errorf("inspectdb output differs from %s (run with -update to accept):\n%s", path, src)
		}
	})
}

// diffLine is one model's SchemaDiff as the check program prints it.
type diffLine struct {
	Model, Register, Error string
	Missing, Extra         []string
	IndexesMissing         []string
	IndexesExtra           []string
	JoinTablesMissing      []string
	Changed                map[string][]string
}

// TestInspectDBRoundTrip writes the models of the whole Chinook schema,
// compiles them into a program with sqlorm, registers every model and
// compares it with its table through migrations.SchemaDiff, on every
// backend: no column or index may be missing or extra, and the only
// column differences allowed are integer primary keys the database does
// not generate (sqlorm's integer keys are always auto-increment) and the
// composite key sqlorm cannot declare.
func TestInspectDBRoundTrip(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db, url := openChinook(t, b)
		src, err := inspectDB(ctx, db, "main", nil)
		if err != nil {
			t.Fatal(err)
		}
		tables, err := introspect.Tables(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		lines := compileAndDiff(t, src, url)
		if len(lines) != len(tables) {
			t.Errorf("the check program reported %d models, want %d", len(lines), len(tables))
		}
		checkDiffs(t, ctx, db, lines)
	})
}

// Label and Article have a ManyToMany field: inspectdb must read their
// join table back as that field, not as a model.
type (
	Label struct {
		orm.Model
		Name string `orm:"max_length=30"`
	}
	Article struct {
		orm.Model
		Title  string                `orm:"max_length=100"`
		Labels orm.ManyToMany[Label] `orm:"related_name=articles"`
	}
)

// TestInspectDBManyToMany: tables made from models with a ManyToMany field
// read back as those models, the join table as the field, and diff clean.
func TestInspectDBManyToMany(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		d := b.Fresh(t)
		db, err := sql.Open("sqlorm", d.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := orm.Migrate[Label](ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := orm.Migrate[Article](ctx, db); err != nil {
			t.Fatal(err)
		}
		src, err := inspectDB(ctx, db, "main", nil)
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(src)), " ")
		if !strings.Contains(flat, "Labels orm.ManyToMany[Label] // join table article_labels") || strings.Contains(flat, "type ArticleLabels struct") {
			t.Fatalf("the join table is not read as a ManyToMany field:\n%s", src)
		}
		lines := compileAndDiff(t, src, d.URL)
		if len(lines) != 2 {
			t.Errorf("the check program reported %d models, want 2", len(lines))
		}
		checkDiffs(t, ctx, db, lines)
	})
}

// compileAndDiff compiles the generated models src into a program with
// sqlorm, which registers each model and prints its SchemaDiff against the
// database at url, one JSON line per model.
func compileAndDiff(t *testing.T, src []byte, url string) []diffLine {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to compile the generated models: %v", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	file, err := parser.ParseFile(token.NewFileSet(), "models.go", src, 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	var calls strings.Builder
	for _, decl := range file.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, spec := range gd.Specs {
				fmt.Fprintf(&calls, "\tcheck[%s](ctx, db)\n", spec.(*ast.TypeSpec).Name.Name)
			}
		}
	}
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("models.go", string(src))
	write("go.mod", "module inspectdbcheck\n\ngo 1.26\n\nrequire github.com/sqlorm/sqlorm v0.0.0-00010101000000-000000000000\n\nreplace github.com/sqlorm/sqlorm => "+root+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write("main.go", checkProgram+"\nfunc checkAll(ctx context.Context, db *sql.DB) {\n"+calls.String()+"}\n")

	cmd := exec.Command(goBin, "run", ".")
	cmd.Dir = dir
	// Offline: every module the program needs is in the module cache
	// already (the test itself was built from them).
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "CHECK_DB="+url)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the generated models do not build or run: %v\n%s\n--- models.go\n%s", err, stderr.String(), src)
	}
	var lines []diffLine
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var l diffLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		lines = append(lines, l)
	}
	return lines
}

// checkDiffs fails for every difference but integer primary keys the
// database does not generate (sqlorm's integer keys are always
// auto-increment) and the composite key sqlorm cannot declare.
func checkDiffs(t *testing.T, ctx context.Context, db *sql.DB, lines []diffLine) {
	t.Helper()
	for _, l := range lines {
		if l.Register != "" || l.Error != "" {
			t.Errorf("%s: register %q, diff error %q", l.Model, l.Register, l.Error)
			continue
		}
		if len(l.Missing)+len(l.Extra)+len(l.IndexesMissing)+len(l.IndexesExtra)+len(l.JoinTablesMissing) > 0 {
			t.Errorf("%s: missing %v, extra %v, indexes missing %v, extra %v, join tables missing %v", l.Model, l.Missing, l.Extra, l.IndexesMissing, l.IndexesExtra, l.JoinTablesMissing)
		}
		cols, err := introspect.Columns(ctx, db, l.Model)
		if err != nil {
			t.Fatal(err)
		}
		for col, why := range l.Changed {
			i := slices.IndexFunc(cols, func(c introspect.Column) bool { return c.Name == col })
			if i < 0 || !cols[i].Primary || cols[i].Auto {
				t.Errorf("%s.%s differs from its model: %v", l.Model, col, why)
			}
		}
	}
}

// checkProgram registers each generated model and prints its SchemaDiff
// as one JSON line.
const checkProgram = `package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"

	_ "github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/orm"
)

type line struct {
	Model, Register, Error string
	Missing, Extra         []string
	IndexesMissing         []string
	IndexesExtra           []string
	JoinTablesMissing      []string
	Changed                map[string][]string
}

func check[T any](ctx context.Context, db *sql.DB) {
	l := line{Model: orm.TableName[T](), Changed: map[string][]string{}}
	if err := orm.Register[T](); err != nil {
		l.Register = err.Error()
	} else if d, err := migrations.SchemaDiff[T](ctx, db); err != nil {
		l.Error = err.Error()
	} else {
		l.Missing, l.Extra, l.IndexesMissing, l.IndexesExtra = d.MissingInDB, d.ExtraInDB, d.MissingIndexes, d.ExtraIndexes
		l.JoinTablesMissing = d.MissingJoinTables
		for _, c := range d.Changed {
			l.Changed[c.Column] = c.Differences
		}
	}
	json.NewEncoder(os.Stdout).Encode(l)
}

func main() {
	db, err := sql.Open("sqlorm", os.Getenv("CHECK_DB"))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	checkAll(context.Background(), db)
}
`

func TestInspectDBParses(t *testing.T) {
	testenv.RunOn(t, []string{testenv.SQLite}, func(t *testing.T, b *testenv.Backend) {
		db := b.Fresh(t).OpenDirect(t)
		for _, ddl := range []string{
			"CREATE TABLE odd_names (id INTEGER PRIMARY KEY, \"HTTPCode\" INTEGER, _hidden TEXT, x2y REAL, \"select\" TEXT DEFAULT 'a, b', note TEXT DEFAULT 'it''s')",
			"CREATE TABLE parent (id INTEGER PRIMARY KEY)",
			"CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE, owner INTEGER NOT NULL REFERENCES parent(id), mystery BLOBBY)",
			"CREATE TABLE profile (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL UNIQUE REFERENCES parent(id) ON DELETE CASCADE)",
		} {
			if _, err := db.Exec(ddl); err != nil {
				t.Fatal(err)
			}
		}
		src, err := inspectDB(context.Background(), db, "models", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "models.go", src, 0); err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		for _, want := range []string{
			"HTTPCode *int32 `orm:\"db_column=HTTPCode,null\"`",
			"Hidden *string `orm:\"db_column=_hidden,null\"`",
			"Select *string `orm:\"null,default='a, b'\"`",
			"the database default it's is not copied",
			"Parent orm.FK[Parent] `orm:\"on_delete=cascade,null\"`",
			"Owner orm.FK[Parent] `orm:\"on_delete=do_nothing,db_column=owner\"`",
			"the database type BLOBBY is not one sqlorm knows",
			"Parent orm.OneToOne[Parent] `orm:\"on_delete=cascade\"`",
		} {
			if !strings.Contains(strings.Join(strings.Fields(string(src)), " "), strings.Join(strings.Fields(want), " ")) {
				t.Errorf("the models lack %s:\n%s", want, src)
			}
		}
	})
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command"},
		{"unknown command", []string{"-db", "sqlite:x.db", "drop"}, `unknown command "drop"`},
		{"columns without a table", []string{"-db", "sqlite:" + filepath.Join(t.TempDir(), "x.db"), "columns"}, "one table name"},
		{"bad flag", []string{"-nope"}, "not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, &out, &errOut)
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a usage error saying %q", err, tt.want)
			}
		})
	}
	// A bad URL is an error that does not print the password.
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-db", "nosuch://u:s3cret@h/db", "tables"}, &out, &errOut)
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("bad URL: %v", err)
	}
}

func TestRunCommands(t *testing.T) {
	testenv.RunOn(t, []string{testenv.SQLite}, func(t *testing.T, b *testenv.Backend) {
		d := chinook.Load(t, b)
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"-db", d.URL, "tables"}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		if got := strings.Fields(out.String()); !slices.Equal(got, []string{"album", "artist", "customer", "employee", "genre", "invoice", "invoice_line", "media_type", "playlist", "playlist_track", "track"}) {
			t.Errorf("tables: %v", got)
		}
		out.Reset()
		t.Setenv("DATABASE_URL", d.URL)
		if err := run(context.Background(), []string{"columns", "genre"}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		if s := out.String(); !strings.Contains(s, "genre_id") || !strings.Contains(s, "primary auto") || !strings.Contains(s, "NVARCHAR(120)") {
			t.Errorf("columns genre:\n%s", s)
		}
		out.Reset()
		if err := run(context.Background(), []string{"inspectdb", "-package", "shop", "genre"}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		if s := out.String(); !strings.Contains(s, "package shop") || !strings.Contains(s, "type Genre struct") || strings.Contains(s, "type Album") {
			t.Errorf("inspectdb genre:\n%s", s)
		}
		if err := run(context.Background(), []string{"columns", "nosuch"}, &out, &errOut); !errors.Is(err, introspect.ErrNoTable) {
			t.Errorf("columns of a missing table: %v", err)
		}
	})
}
