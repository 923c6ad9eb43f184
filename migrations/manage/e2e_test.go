package manage_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
)

func TestMain(m *testing.M) { testenv.Main(m) }

const modelsV1 = `package blog

import "github.com/sqlorm/sqlorm/orm"

type Author struct {
	orm.Model
	Name string ` + "`orm:\"max_length=100\"`" + `
}

type Tag struct {
	orm.Model
	Name string ` + "`orm:\"max_length=50,unique\"`" + `
}

type Post struct {
	orm.Model
	Title  string               ` + "`orm:\"max_length=200\"`" + `
	Body   *string              ` + "`orm:\"null\"`" + `
	Status string               ` + "`orm:\"max_length=20,choices=draft|published,default=draft\"`" + `
	Author orm.FK[Author]       ` + "`orm:\"on_delete=cascade\"`" + `
	Tags   orm.ManyToMany[Tag]  ` + "`orm:\"related_name=posts\"`" + `
}
`

// v2: a field added with a default, Title renamed (and indexed), a choice
// added, Body dropped, and a new model with a foreign key.
const modelsV2 = `package blog

import "github.com/sqlorm/sqlorm/orm"

type Author struct {
	orm.Model
	Name string ` + "`orm:\"max_length=100\"`" + `
}

type Tag struct {
	orm.Model
	Name string ` + "`orm:\"max_length=50,unique\"`" + `
}

type Post struct {
	orm.Model
	Headline string              ` + "`orm:\"max_length=200,db_index\"`" + `
	Status   string              ` + "`orm:\"max_length=20,choices=draft|published|archived,default=draft\"`" + `
	Author   orm.FK[Author]      ` + "`orm:\"on_delete=cascade\"`" + `
	Tags     orm.ManyToMany[Tag] ` + "`orm:\"related_name=posts\"`" + `
	Views    int64               ` + "`orm:\"default=0\"`" + `
}

type Comment struct {
	orm.Model
	Post orm.FK[Post] ` + "`orm:\"on_delete=cascade\"`" + `
	Text string
}
`

func mainGo(models string) string {
	var list []string
	for _, m := range []string{"Author", "Tag", "Post", "Comment"} {
		if strings.Contains(models, "type "+m+" struct") {
			list = append(list, "migrations.Model[blog."+m+"]()")
		}
	}
	return `package main

import (
	"context"
	"os"

	"blogapp/blog"
	blogmigrations "blogapp/blog/migrations"
	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/migrations/manage"
)

func main() {
	os.Exit(manage.Main(context.Background(), manage.Config{
		Models:     []migrations.ModelSource{` + strings.Join(list, ", ") + `},
		Migrations: blogmigrations.All,
		Dir:        "blog/migrations",
	}, os.Args[1:]))
}
`
}

// project is a throw-away module using sqlorm as a user's would.
type project struct {
	t   *testing.T
	dir string
	url string
}

func newProject(t *testing.T, url string) *project {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	p := &project{t: t, dir: t.TempDir(), url: url}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	p.write("go.sum", string(sum))
	p.write("go.mod", "module blogapp\n\ngo 1.26\n\nrequire github.com/sqlorm/sqlorm v0.0.0-00010101000000-000000000000\n\nreplace github.com/sqlorm/sqlorm => "+root+"\n")
	pkg, err := migrations.PackageFile("migrations")
	if err != nil {
		t.Fatal(err)
	}
	p.write("blog/migrations/migrations.go", string(pkg))
	return p
}

func (p *project) write(name, body string) {
	p.t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *project) models(src string) {
	p.write("blog/models.go", src)
	p.write("cmd/manage/main.go", mainGo(src))
}

// manage runs `go run ./cmd/manage args...` and returns its output and
// exit code.
func (p *project) manage(args ...string) (string, int) {
	p.t.Helper()
	cmd := exec.Command("go", append([]string{"run", "./cmd/manage"}, args...)...)
	cmd.Dir = p.dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "DATABASE_URL="+p.url)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		p.t.Fatalf("go run: %v\n%s", err, out.String())
	}
	return out.String(), code
}

func (p *project) mustManage(args ...string) string {
	p.t.Helper()
	out, code := p.manage(args...)
	if code != 0 {
		p.t.Fatalf("manage %v: exit %d\n%s", args, code, out)
	}
	return out
}

func (p *project) file(name string) string {
	p.t.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, "blog/migrations", name))
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

// checksum reads the rows of a query as one string.
func checksum(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func columns(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	names, err := introspect.ColumnNames(context.Background(), db, table)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, ",")
}

// TestWorkflow is Django's daily loop in a user's module: models v1 →
// makemigrations → migrate → rows → models v2 → makemigrations (a rename
// by hint, a removal allowed with -yes) → migrate keeps the rows →
// showmigrations / sqlmigrate → migrate 0001 unapplies → migrate again.
func TestWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with go run (about a minute per backend)")
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		fresh := b.Fresh(t)
		p := newProject(t, fresh.URL)
		db, err := sql.Open("sqlorm", fresh.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()

		p.models(modelsV1)
		out := p.mustManage("makemigrations")
		if !strings.Contains(out, "0001_initial.go") {
			t.Fatalf("makemigrations: %s", out)
		}
		initial := p.file("0001_initial.go")
		if strings.Contains(initial, "CreateModel") || !strings.Contains(initial, `Choices: []string{"draft", "published"}`) {
			t.Fatalf("0001 is not frozen:\n%s", initial)
		}
		if out := p.mustManage("makemigrations", "-check"); !strings.Contains(out, "No changes detected") {
			t.Fatalf("makemigrations -check right after makemigrations: %s", out)
		}
		if out := p.mustManage("showmigrations"); out != " [ ] 0001_initial\n" {
			t.Fatalf("showmigrations before migrate: %q", out)
		}
		p.mustManage("migrate")

		for _, s := range []string{
			"INSERT INTO author (name) VALUES ('ann'), ('bob')",
			"INSERT INTO tag (name) VALUES ('go'), ('sql')",
			"INSERT INTO post (title, body, status, author_id) VALUES ('first', 'b1', 'draft', 1), ('second', NULL, 'published', 2), ('third', 'b3', 'published', 1)",
			"INSERT INTO post_tags (post_id, tag_id) VALUES (1, 1), (1, 2), (3, 2)",
		} {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		if _, err := db.Exec("INSERT INTO post (title, status, author_id) VALUES ('x', 'archived', 1)"); err == nil {
			t.Fatal("v1's CHECK accepted a status that is not a choice")
		}
		const keptV1 = "SELECT id, title, status, author_id FROM post ORDER BY id"
		const joins = "SELECT post_id, tag_id FROM post_tags ORDER BY post_id, tag_id"
		before, beforeJoins := checksum(t, db, keptV1), checksum(t, db, joins)

		p.models(modelsV2)
		if out, code := p.manage("makemigrations"); code == 0 || !strings.Contains(out, "-rename") {
			t.Fatalf("a removal without a hint or -yes must be refused: exit %d\n%s", code, out)
		}
		if out, code := p.manage("makemigrations", "-check"); code != 1 {
			t.Fatalf("makemigrations -check with changes: exit %d\n%s", code, out)
		}
		args := []string{"makemigrations", "-rename", "post.title=headline", "-yes", "-name", "v2"}
		dry := p.mustManage(append(args, "-dry-run")...)
		p.mustManage(args...)
		second := p.file("0002_v2.go")
		if dry != second {
			t.Fatalf("two runs of makemigrations differ:\n--- dry run\n%s\n--- written\n%s", dry, second)
		}
		for _, want := range []string{`mig.RenameField("post", "title", "headline")`, `mig.RemoveField("post", "body")`, `Drops: []string{"post.body"}`, `"archived"`, `mig.CreateTable(dialect.Table{`, `Name: "views"`} {
			if !strings.Contains(second, want) {
				t.Errorf("0002 lacks %s:\n%s", want, second)
			}
		}
		if out := p.mustManage("makemigrations", "-check"); !strings.Contains(out, "No changes detected") {
			t.Fatalf("makemigrations -check after 0002: %s", out)
		}
		sqlOut := p.mustManage("sqlmigrate", "0002_v2")
		if !strings.Contains(sqlOut, "-- migration 0002_v2") || !strings.Contains(sqlOut, "RENAME COLUMN") {
			t.Fatalf("sqlmigrate 0002_v2:\n%s", sqlOut)
		}
		p.mustManage("migrate")
		if got := columns(t, db, "post"); !strings.Contains(got, "headline") || strings.Contains(got, "body") || !strings.Contains(got, "views") {
			t.Fatalf("post after 0002: %s", got)
		}
		after := checksum(t, db, "SELECT id, headline, status, author_id FROM post ORDER BY id")
		if after != before || checksum(t, db, joins) != beforeJoins {
			t.Fatalf("migrate lost data:\nbefore %s\nafter  %s", before, after)
		}
		if _, err := db.Exec("INSERT INTO post (headline, status, author_id) VALUES ('new', 'archived', 1)"); err != nil {
			t.Fatalf("the new choice is refused after migrate: %v", err)
		}
		if _, err := db.Exec("INSERT INTO comment (post_id, text) VALUES (1, 'hi')"); err != nil {
			t.Fatal(err)
		}
		if out := p.mustManage("showmigrations"); out != " [X] 0001_initial\n [X] 0002_v2\n" {
			t.Fatalf("showmigrations: %q", out)
		}
		// The new choice's row must go before its CHECK can be put back.
		if _, err := db.Exec("DELETE FROM post WHERE status = 'archived'"); err != nil {
			t.Fatal(err)
		}
		if out, code := p.manage("migrate", "0001_initial"); code == 0 {
			t.Fatalf("unapplying drops comment and post.views: it needs -yes\n%s", out)
		}
		back := p.mustManage("sqlmigrate", "-backwards", "0002_v2")
		if !strings.Contains(back, "comment") {
			t.Fatalf("sqlmigrate -backwards:\n%s", back)
		}
		p.mustManage("migrate", "-yes", "0001_initial")
		if got := columns(t, db, "post"); got != "id,title,body,status,author_id" && got != "id,title,status,author_id,body" {
			t.Fatalf("post after unapplying 0002: %s", got)
		}
		if got := checksum(t, db, keptV1); got != before {
			t.Fatalf("unapplying lost data:\nbefore %s\nafter  %s", before, got)
		}
		if ok, _ := introspect.TableExists(context.Background(), db, "comment"); ok {
			t.Fatal("comment is still there after unapplying 0002")
		}
		if out := p.mustManage("showmigrations"); out != " [X] 0001_initial\n [ ] 0002_v2\n" {
			t.Fatalf("showmigrations after unapply: %q", out)
		}
		p.mustManage("migrate")
		if got := checksum(t, db, "SELECT id, headline, status, author_id FROM post ORDER BY id"); got != before {
			t.Fatalf("migrating again lost data:\nbefore %s\nafter  %s", before, got)
		}
	})
}
