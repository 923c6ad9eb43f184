// Package archtest holds tests of the repository's architecture: rules
// about which package may know what, checked on the source itself.
package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// dialectNames are the backend names a comparison must not spell out.
var dialectNames = map[string]bool{"SQLite": true, "Postgres": true, "MySQL": true, "Oracle": true}

var nameLiterals = map[string]bool{"sqlite": true, "sqlite3": true, "postgres": true, "postgresql": true, "pgx": true, "mysql": true, "mariadb": true, "oracle": true}

// pending are the files still allowed to name a backend, each with the
// reason; the list may only shrink, and is empty: every backend fact lives
// in dialect/ (lookups asks Dialect.LookupSQL for its spellings). A file
// added here needs a reason and a plan to take it out again.
var pending = map[string]string{}

// TestNoDialectNamesOutsideDialect: outside dialect/ and driver/ (and the
// test harness internal/testenv), no
// non-test file compares a dialect's name or refers to a dialect name
// constant; it asks dialect for a Feature or a Trait instead. A fifth
// backend must not have to touch orm, lookups, migrations or the command.
func TestNoDialectNamesOutsideDialect(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var found []string
	seenPending := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			switch {
			case rel == ".":
				return nil
			// dialect and driver are where backends are told apart;
			// internal/testenv starts each backend's test database.
			case rel == "dialect", rel == "driver", rel == "internal/testenv", strings.HasPrefix(rel, "."), rel == "testdata", strings.HasSuffix(rel, "/testdata"):
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && rel != "otel" {
				return filepath.SkipDir // another module: bench/compare sets up each library's backends
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		hits := namesIn(fset, f)
		if _, ok := pending[rel]; ok {
			seenPending[rel] = len(hits) > 0
			return nil
		}
		for _, h := range hits {
			found = append(found, rel+":"+h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(found)
	for _, h := range found {
		t.Errorf("%s: ask dialect for a Feature or a Traits field instead of naming the backend", h)
	}
	for file := range pending {
		if !seenPending[file] {
			t.Errorf("%s no longer names a backend: remove it from pending", file)
		}
	}
}

// namesIn returns "line: what" for each use of a dialect name constant and
// each comparison or switch case with a backend name as a string.
func namesIn(fset *token.FileSet, f *ast.File) []string {
	var out []string
	at := func(n ast.Node, what string) {
		out = append(out, strconv.Itoa(fset.Position(n.Pos()).Line)+": "+what)
	}
	isNameLit := func(e ast.Expr) bool {
		bl, ok := e.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			return false
		}
		s, err := strconv.Unquote(bl.Value)
		return err == nil && nameLiterals[strings.ToLower(s)]
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && id.Name == "dialect" && dialectNames[x.Sel.Name] {
				at(x, "dialect."+x.Sel.Name)
			}
		case *ast.BinaryExpr:
			if (x.Op == token.EQL || x.Op == token.NEQ) && (isNameLit(x.X) || isNameLit(x.Y)) {
				at(x, "a comparison with a backend name")
			}
		case *ast.CaseClause:
			for _, e := range x.List {
				if isNameLit(e) {
					at(e, "a case on a backend name")
				}
			}
		}
		return true
	})
	return out
}
