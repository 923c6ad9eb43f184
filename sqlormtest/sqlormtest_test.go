package sqlormtest_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
	"github.com/sqlorm/sqlorm/sqlormtest"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// Post is the model the fixtures fill (table post).
type Post struct {
	orm.Model
	Title     string `orm:"max_length=100"`
	Views     int
	Published bool
}

// serverURL is the backend's URL from the environment ("" for SQLite), as
// a user's test would read DATABASE_URL.
func serverURL(b *testenv.Backend) string {
	if b.EnvVar == "" {
		return ""
	}
	return os.Getenv(b.EnvVar)
}

func migrate(t *testing.T, db *sql.DB) {
	t.Helper()
	if err := orm.Migrate[Post](context.Background(), db); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, ctx context.Context, db *sql.DB) int64 {
	t.Helper()
	n, err := orm.Objects[Post](db).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenIsolates(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		a := sqlormtest.Open(t, serverURL(b))
		migrate(t, a)
		if err := orm.Objects[Post](a).Create(ctx, &Post{Title: "a"}); err != nil {
			t.Fatal(err)
		}
		other := sqlormtest.Open(t, serverURL(b), "health_checks=true")
		if _, err := orm.Objects[Post](other).Count(ctx); err == nil {
			t.Fatal("a second Open sees the first database's table")
		}
		migrate(t, other)
		if n := count(t, ctx, other); n != 0 {
			t.Fatalf("second database has %d rows, want 0", n)
		}
		if n := count(t, ctx, a); n != 1 {
			t.Fatalf("first database has %d rows, want 1", n)
		}
	})
}

func TestOpenBadURL(t *testing.T) {
	ft := &fakeT{TB: t}
	func() {
		defer func() { _ = recover() }() // fakeT.Fatalf stops the call with a panic
		sqlormtest.Open(ft, "redis://localhost/0")
	}()
	if !strings.Contains(ft.msg, `"redis" is not supported`) || !strings.Contains(ft.msg, "postgres://") {
		t.Fatalf("message %q, want one naming the scheme and the supported ones", ft.msg)
	}
}

func TestTxRollsBackWithSavepoints(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		db := sqlormtest.Open(t, serverURL(b))
		migrate(t, db)
		bg := context.Background()
		t.Run("test", func(t *testing.T) {
			ctx := sqlormtest.Tx(t, bg, db)
			if err := orm.Objects[Post](db).Create(ctx, &Post{Title: "kept until the test ends"}); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("boom")
			err := orm.Atomic(ctx, db, func(ctx context.Context) error {
				if err := orm.Objects[Post](db).Create(ctx, &Post{Title: "rolled back to the savepoint"}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("Atomic: %v", err)
			}
			if n := count(t, ctx, db); n != 1 {
				t.Fatalf("in the test's transaction: %d rows, want 1 (the savepoint undone, the outer row kept)", n)
			}
		})
		if n := count(t, bg, db); n != 0 {
			t.Fatalf("after the test: %d rows, want 0 (rolled back)", n)
		}
	})
}

// fakeT records failures instead of failing the real test.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.msg += fmt.Sprintf(format, args...)
}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.msg += fmt.Sprintf(format, args...)
	panic("fatal")
}

func TestAssertNumQueries(t *testing.T) {
	db := sqlormtest.Open(t, "")
	migrate(t, db)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		n    int
		fail bool
	}{
		{"right count passes", 2, false},
		{"wrong count fails", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ft := &fakeT{TB: t}
			sqlormtest.AssertNumQueries(ft, ctx, tc.n, func(ctx context.Context) {
				_ = orm.Objects[Post](db).Create(ctx, &Post{Title: "x"})
				_, _ = orm.Objects[Post](db).Count(ctx)
			})
			if tc.fail != (ft.msg != "") {
				t.Fatalf("failed=%v (%q), want failed=%v", ft.msg != "", ft.msg, tc.fail)
			}
			if tc.fail && (!strings.Contains(ft.msg, "2 statements run, want 1") || !strings.Contains(ft.msg, "INSERT")) {
				t.Fatalf("message %q does not give the count and list the statements", ft.msg)
			}
		})
	}
}

func TestLoadFixtures(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		db := sqlormtest.Open(t, serverURL(b))
		migrate(t, db)
		ctx := context.Background()
		sqlormtest.LoadFixtures(t, ctx, db, "testdata/posts.yaml", "testdata/posts.json")
		posts, err := orm.Objects[Post](db).OrderBy("id").All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range posts {
			got = append(got, fmt.Sprintf("%d %s %d %v", p.ID, p.Title, p.Views, p.Published))
		}
		want := []string{"1 Hello 10 true", "2 It's 'quoted' 0 false", "3 From JSON 7 true", "4 No key 1 false"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// The key generator moved past the loaded keys (PostgreSQL's
		// sequence does not follow explicit values by itself).
		p := &Post{Title: "after"}
		if err := orm.Objects[Post](db).Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		if p.ID != 5 {
			t.Fatalf("next key %d, want 5", p.ID)
		}
	})
}

func TestLoadFixturesInTx(t *testing.T) {
	db := sqlormtest.Open(t, "")
	migrate(t, db)
	t.Run("test", func(t *testing.T) {
		ctx := sqlormtest.Tx(t, context.Background(), db)
		sqlormtest.LoadFixtures(t, ctx, db, "testdata/posts.yaml")
		if n := count(t, ctx, db); n != 2 {
			t.Fatalf("%d rows in the test, want 2", n)
		}
	})
	if n := count(t, context.Background(), db); n != 0 {
		t.Fatalf("%d rows after the test, want 0", n)
	}
}

func TestFixtureErrors(t *testing.T) {
	db := sqlormtest.Open(t, "")
	migrate(t, db)
	for _, tc := range []struct {
		name, path string
		want       []string
	}{
		{"nested value", "testdata/nested.yaml", []string{"row 1", `model "post"`, `field "title"`, "not a scalar"}},
		{"unknown key", "testdata/unknown.json", []string{"unknown.json", "feilds"}},
		{"bad extension", "testdata/posts.txt", []string{"no such file"}},
		{"missing table", "testdata/missing_table.yaml", []string{`model "nope"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sqlormtest.LoadFixtureFile(context.Background(), db, tc.path)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if n := count(t, context.Background(), db); n != 0 {
		t.Fatalf("%d rows after failed loads", n)
	}
}

// TestOutsideModule builds a throw-away module that imports sqlormtest as a
// user's would (offline: every module it needs is in the module cache
// already) and runs its tests on SQLite and PostgreSQL; then once with a
// wrong expected count, which must fail with AssertNumQueries' message.
func TestOutsideModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: not with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go not on PATH: %v", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyFile := func(from, to string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("testdata/outside/blog_test.go.txt", "blog_test.go")
	copyFile("testdata/outside/posts.yaml", "posts.yaml")
	copyFile(filepath.Join(root, "go.sum"), "go.sum")
	gomod := "module example.com/blog\n\ngo 1.26\n\nrequire github.com/sqlorm/sqlorm v0.0.0-00010101000000-000000000000\n\nreplace github.com/sqlorm/sqlorm => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(env ...string) (string, error) {
		cmd := exec.Command(goBin, "test", "-count=1", "-v", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"}, env...)...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	testenv.RunOn(t, []string{testenv.SQLite, testenv.Postgres}, func(t *testing.T, b *testenv.Backend) {
		out, err := run("DATABASE_URL=" + serverURL(b))
		if err != nil {
			t.Fatalf("the outside module's tests failed: %v\n%s", err, out)
		}
		for _, w := range []string{"--- PASS: TestPublished", "--- PASS: TestRolledBack", "ok  \texample.com/blog"} {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q:\n%s", w, out)
			}
		}
	})
	t.Run("wrong count fails", func(t *testing.T) {
		out, err := run("DATABASE_URL=", "BREAK_COUNT=1")
		if err == nil || !strings.Contains(out, "1 statements run, want 2") || !strings.Contains(out, "--- FAIL: TestPublished") {
			t.Fatalf("want TestPublished to fail with AssertNumQueries' message; err %v:\n%s", err, out)
		}
	})
}
