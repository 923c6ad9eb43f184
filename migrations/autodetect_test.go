package migrations_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/DATA-DOG/go-sqlmock"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/migrations"
)

func pk() dialect.Column { return dialect.Column{Name: "id", Kind: dialect.KindBigAuto, Primary: true} }

func fkTo(table, col string, null bool) (dialect.Column, dialect.ForeignKey) {
	return dialect.Column{Name: col, Kind: dialect.KindBigInt, Null: null},
		dialect.ForeignKey{Columns: []string{col}, RefTable: table, RefColumns: []string{"id"}, OnDelete: "CASCADE"}
}

func tbl(name string, cols ...dialect.Column) dialect.Table {
	return dialect.Table{Name: name, Columns: append([]dialect.Column{pk()}, cols...)}
}

func withFK(t dialect.Table, target, col string) dialect.Table {
	c, fk := fkTo(target, col, false)
	t.Columns = append(t.Columns, c)
	t.ForeignKeys = append(t.ForeignKeys, fk)
	return t
}

var (
	title   = dialect.Column{Name: "title", Kind: dialect.KindChar, Length: 200}
	status1 = dialect.Column{Name: "status", Kind: dialect.KindChar, Length: 20, Default: "draft", Choices: []string{"draft", "published"}}
	status2 = dialect.Column{Name: "status", Kind: dialect.KindChar, Length: 20, Default: "draft", Choices: []string{"draft", "published", "archived"}}
	views   = dialect.Column{Name: "views", Kind: dialect.KindBigInt, Default: 0}
)

func joinTable() dialect.Table {
	j := withFK(withFK(tbl("post_tags"), "post", "post_id"), "tag", "tag_id")
	j.Uniques = [][]string{{"post_id", "tag_id"}}
	return j
}

// TestDetect pins the autodetector: a pair of states and the operations,
// in order, that turn one into the other.
func TestDetect(t *testing.T) {
	author := tbl("author", dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 100})
	tag := tbl("tag", dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 50, Unique: true})
	post1 := withFK(tbl("post", title, status1), "author", "author_id")
	headline := title
	headline.Name = "headline"
	post2 := withFK(tbl("post", headline, status2, views), "author", "author_id")
	post2.Indexes = []dialect.Index{{Columns: []string{"headline"}}}
	headlineD := headline
	headlineD.Default = ""
	post2d := withFK(tbl("post", headlineD, status2, views), "author", "author_id")
	post2d.Indexes = post2.Indexes
	a := withFK(tbl("a"), "b", "b_id")
	b := withFK(tbl("b"), "a", "a_id")
	ageAuthor := tbl("author", dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 100}, dialect.Column{Name: "age", Kind: dialect.KindInt})

	cases := []struct {
		name     string
		from     []dialect.Table
		want     []dialect.Table
		opts     migrations.DetectOptions
		ops      []string
		drops    []string
		errIs    error
		errMatch string
	}{
		{name: "nothing", from: []dialect.Table{author}, want: []dialect.Table{author}},
		{
			name: "initial, targets first, M2M join table last",
			want: []dialect.Table{post1, joinTable(), tag, author},
			ops:  []string{`CreateTable("author")`, `CreateTable("post")`, `CreateTable("tag")`, `CreateTable("post_tags")`},
		},
		{
			name: "cycle broken by a later AddForeignKey",
			want: []dialect.Table{a, b},
			ops:  []string{`CreateTable("a")`, `CreateTable("b")`, `AddForeignKey("a", [b_id] -> "b")`},
		},
		{
			name: "rename by hint, added field, changed choices, index, new model",
			from: []dialect.Table{author, post1},
			want: []dialect.Table{author, post2, withFK(tbl("comment"), "post", "post_id")},
			opts: migrations.DetectOptions{Renames: map[string]string{"post.title": "headline"}},
			ops: []string{`RenameField("post", "title", "headline")`, `CreateTable("comment")`, `AddField("post", "views")`,
				`AlterField("post", "status")`, `AddIndex("post", "post_headline_idx")`},
		},
		{
			name:     "a rename of a NOT NULL column without a hint is refused, naming the hint",
			from:     []dialect.Table{author, post1},
			want:     []dialect.Table{author, post2},
			errMatch: "-rename post.title=headline",
		},
		{
			name: "a likely rename asked about, answered yes",
			from: []dialect.Table{author, post1},
			want: []dialect.Table{author, post2},
			opts: migrations.DetectOptions{Ask: func(q string) bool { return q == "Was post.title renamed to post.headline (a CharField)? [y/N]" }},
			ops: []string{`RenameField("post", "title", "headline")`, `AddField("post", "views")`,
				`AlterField("post", "status")`, `AddIndex("post", "post_headline_idx")`},
		},
		{
			name: "a likely model rename asked about, answered yes",
			from: []dialect.Table{author},
			want: []dialect.Table{func() dialect.Table { x := author; x.Name = "writer"; return x }()},
			opts: migrations.DetectOptions{Ask: func(string) bool { return true }},
			ops:  []string{`RenameTable("author", "writer")`},
		},
		{
			name:  "a likely model rename without Ask is suggested",
			from:  []dialect.Table{author},
			want:  []dialect.Table{func() dialect.Table { x := author; x.Name = "writer"; return x }()},
			errIs: migrations.ErrDataLoss, errMatch: "-rename author=writer",
		},
		{
			name:  "a removal without -yes is refused",
			from:  []dialect.Table{author, post1},
			want:  []dialect.Table{author, post2d},
			errIs: migrations.ErrDataLoss, errMatch: "post.title",
		},
		{
			name: "a rename without a hint, allowed, is a removal and an addition",
			from: []dialect.Table{author, post1},
			want: []dialect.Table{author, post2d},
			opts: migrations.DetectOptions{AllowDataLoss: true},
			ops: []string{`RemoveField("post", "title")`, `AddField("post", "headline")`, `AddField("post", "views")`,
				`AlterField("post", "status")`, `AddIndex("post", "post_headline_idx")`},
			drops: []string{"post.title"},
		},
		{
			name: "renamed model",
			from: []dialect.Table{author},
			want: []dialect.Table{func() dialect.Table { x := author; x.Name = "writer"; return x }()},
			opts: migrations.DetectOptions{Renames: map[string]string{"author": "writer"}},
			ops:  []string{`RenameTable("author", "writer")`},
		},
		{
			name:  "removed models: the referencing one first, its foreign keys with it",
			from:  []dialect.Table{author, post1, tag},
			want:  []dialect.Table{tag},
			opts:  migrations.DetectOptions{AllowDataLoss: true},
			ops:   []string{`DropTable("post")`, `DropTable("author")`},
			drops: []string{"post", "author"},
		},
		{
			name: "unique_together and a changed foreign key",
			from: []dialect.Table{author, post1},
			want: []dialect.Table{author, func() dialect.Table {
				p := withFK(tbl("post", title, status1), "author", "author_id")
				p.ForeignKeys[0].OnDelete = "RESTRICT"
				p.Uniques = [][]string{{"title", "author_id"}}
				return p
			}()},
			ops: []string{`RemoveForeignKey("post", [author_id])`, `AddUnique("post", [title author_id])`, `AddForeignKey("post", [author_id] -> "author")`},
		},
		{
			name:     "NOT NULL without a default on an existing table",
			from:     []dialect.Table{author},
			want:     []dialect.Table{ageAuthor},
			errIs:    migrations.ErrNeedsDefault,
			errMatch: `the new column "age" is NOT NULL without a default, so the existing rows would have no value; give a one-off default (-default author.age=VALUE`,
		},
		{
			name: "a one-off default by flag: AddField with it, AlterField without it",
			from: []dialect.Table{author},
			want: []dialect.Table{ageAuthor},
			opts: migrations.DetectOptions{Defaults: map[string]string{"author.age": "18"}},
			ops:  []string{`AddField("author", "age")`, `AlterField("author", "age")`},
		},
		{
			name: "a one-off default asked for",
			from: []dialect.Table{author},
			want: []dialect.Table{ageAuthor},
			opts: migrations.DetectOptions{AskDefault: func(table string, c dialect.Column) string {
				if table == "author" && c.Name == "age" {
					return "18"
				}
				return ""
			}},
			ops: []string{`AddField("author", "age")`, `AlterField("author", "age")`},
		},
		{
			name:  "no answer is refused",
			from:  []dialect.Table{author},
			want:  []dialect.Table{ageAuthor},
			opts:  migrations.DetectOptions{AskDefault: func(string, dialect.Column) string { return "" }},
			errIs: migrations.ErrNeedsDefault, errMatch: "-default author.age=VALUE",
		},
		{
			name:  "a one-off default that is not of the column's kind",
			from:  []dialect.Table{author},
			want:  []dialect.Table{ageAuthor},
			opts:  migrations.DetectOptions{Defaults: map[string]string{"author.age": "eighteen"}},
			errIs: migrations.ErrNeedsDefault, errMatch: `column "age": the one-off default: "eighteen" is not an integer`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ops, drops, err := migrations.Detect(migrations.NewState(tc.from...), tc.want, tc.opts)
			if tc.errIs != nil || tc.errMatch != "" {
				if err == nil || (tc.errIs != nil && !errors.Is(err, tc.errIs)) || !strings.Contains(err.Error(), tc.errMatch) {
					t.Fatalf("err = %v, want %v containing %q", err, tc.errIs, tc.errMatch)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, op := range ops {
				got = append(got, op.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.ops, "\n") {
				t.Errorf("ops:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.ops, "\n"))
			}
			if strings.Join(drops, ",") != strings.Join(tc.drops, ",") {
				t.Errorf("drops = %v, want %v", drops, tc.drops)
			}
			// The operations replay to the wanted state, and detecting
			// again finds nothing.
			m := migrations.Migration{ID: "0002", Ops: ops}
			next, err := migrations.StateOf(append(stateMigrations(tc.from), m))
			if err != nil {
				t.Fatal(err)
			}
			if d := migrations.StateDiff(next, migrations.NewState(tc.want...)); d != "" {
				t.Fatalf("replayed: %s", d)
			}
			again, _, err := migrations.Detect(next, tc.want, migrations.DetectOptions{})
			if err != nil || len(again) != 0 {
				t.Fatalf("detect after the migration: %v %v", again, err)
			}
		})
	}
}

// stateMigrations is a migration creating the tables, for replaying.
func stateMigrations(ts []dialect.Table) []migrations.Migration {
	if len(ts) == 0 {
		return nil
	}
	var ops []migrations.Operation
	for _, t := range ts {
		ops = append(ops, migrations.CreateTable(t))
	}
	return []migrations.Migration{{ID: "0001", Ops: ops}}
}

// TestWriteMigrationDeterministic writes the same migration twice and
// checks the bytes, that the file is gofmt'd Go naming only frozen values,
// and that RunGo cannot be written.
func TestWriteMigrationDeterministic(t *testing.T) {
	post := withFK(tbl("post", title, status1, dialect.Column{Name: "price", Kind: dialect.KindDecimal, Precision: 10, Scale: 2, Default: dialect.DecimalLiteral("9.99")}), "author", "author_id")
	post.Indexes = []dialect.Index{{Columns: []string{"title"}}}
	ops := []migrations.Operation{migrations.CreateTable(post), migrations.AlterField("post", status1, status2), migrations.RemoveField("post", "title")}
	one, err := migrations.WriteMigration("migrations", migrations.Migration{ID: "0002_x", Ops: ops, Drops: []string{"post.title"}})
	if err != nil {
		t.Fatal(err)
	}
	two, _ := migrations.WriteMigration("migrations", migrations.Migration{ID: "0002_x", Ops: ops, Drops: []string{"post.title"}})
	if string(one) != string(two) {
		t.Fatal("two writes differ")
	}
	for _, want := range []string{
		`Default: dialect.DecimalLiteral("9.99")`,
		`Choices: []string{"draft", "published", "archived"}`,
		`mig.RemoveField("post", "title")`,
		`Drops: []string{"post.title"}`,
		`{Columns: []string{"author_id"}, RefTable: "author", RefColumns: []string{"id"}, OnDelete: "CASCADE"}`,
	} {
		if !strings.Contains(string(one), want) {
			t.Errorf("missing %s in\n%s", want, one)
		}
	}
	_, err = migrations.WriteMigration("migrations", migrations.Migration{ID: "0003", Ops: []migrations.Operation{migrations.RunGo("fill", func(context.Context, migrations.Executor) error { return nil })}})
	if err == nil {
		t.Fatal("RunGo was written")
	}
}

// TestGeneratedSQLGolden pins, per dialect, the SQL of a migration
// makemigrations would write for models v1 -> v2 (a rename, an added
// field, changed choices, an index, a new model with a foreign key, a
// removal, unique_together) forwards and backwards, as sqlmigrate prints
// it: SQLite rebuilds where the others ALTER.
func TestGeneratedSQLGolden(t *testing.T) {
	author := tbl("author", dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 100})
	post1 := withFK(tbl("post", title, status1, dialect.Column{Name: "body", Kind: dialect.KindText, Null: true}), "author", "author_id")
	headline := title
	headline.Name = "headline"
	post2 := withFK(tbl("post", headline, status2, views), "author", "author_id")
	post2.Indexes = []dialect.Index{{Columns: []string{"headline"}}}
	post2.Uniques = [][]string{{"headline", "author_id"}}
	comment := withFK(tbl("comment", dialect.Column{Name: "text", Kind: dialect.KindText}), "post", "post_id")
	initial, _, err := migrations.Detect(&migrations.State{}, []dialect.Table{author, post1}, migrations.DetectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := migrations.StateOf([]migrations.Migration{{ID: "0001_initial", Ops: initial}})
	ops, drops, err := migrations.Detect(st, []dialect.Table{author, post2, comment}, migrations.DetectOptions{Renames: map[string]string{"post.title": "headline"}, AllowDataLoss: true})
	if err != nil {
		t.Fatal(err)
	}
	ms := []migrations.Migration{{ID: "0001_initial", Ops: initial}, {ID: "0002_v2", Ops: ops, Drops: drops}}
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			db, _, err := sqlmock.New()
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r := &migrations.Runner{DB: db, Dialect: d, Migrations: ms}
			fwd, err := r.SQL("0002_v2", false)
			if err != nil {
				t.Fatal(err)
			}
			back, err := r.SQL("0002_v2", true)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "generated_"+string(d.Name())+".sql"),
				migrations.Plan{fwd}.String()+"-- backwards\n"+migrations.Plan{back}.String())
		})
	}
}

// TestOneOffDefaultKinds: a one-off default is read as its column's kind,
// and text that is not one is refused naming the column.
func TestOneOffDefaultKinds(t *testing.T) {
	for _, tc := range []struct {
		name string
		col  dialect.Column
		text string
		want any    // the AddField's default
		err  string // or the error
	}{
		{"integer", dialect.Column{Kind: dialect.KindBigInt}, " -7 ", int64(-7), ""},
		{"integer from a fraction", dialect.Column{Kind: dialect.KindInt}, "1.5", nil, `"1.5" is not an integer`},
		{"bool", dialect.Column{Kind: dialect.KindBool}, "true", true, ""},
		{"bool from yes", dialect.Column{Kind: dialect.KindBool}, "yes", nil, "is not true or false"},
		{"float", dialect.Column{Kind: dialect.KindFloat}, "2.5", 2.5, ""},
		{"decimal", dialect.Column{Kind: dialect.KindDecimal, Precision: 10, Scale: 2}, "9.99", dialect.DecimalLiteral("9.99"), ""},
		{"decimal in exponent form", dialect.Column{Kind: dialect.KindDecimal, Precision: 10, Scale: 2}, "1e3", nil, "is not a decimal number"},
		{"date", dialect.Column{Kind: dialect.KindDate}, "2024-02-29", "2024-02-29", ""},
		{"date that is none", dialect.Column{Kind: dialect.KindDate}, "2023-02-29", nil, "is not a 2006-01-02"},
		{"text within max_length", dialect.Column{Kind: dialect.KindChar, Length: 5}, "héllo", "héllo", ""},
		{"text over max_length", dialect.Column{Kind: dialect.KindChar, Length: 5}, "héllo!", nil, "at most 5 characters"},
		{"uuid", dialect.Column{Kind: dialect.KindUUID}, "123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000", ""},
		{"json", dialect.Column{Kind: dialect.KindJSON}, "{}", nil, "not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.col
			c.Name = "v"
			ops, _, err := migrations.Detect(migrations.NewState(tbl("x")), []dialect.Table{tbl("x", c)},
				migrations.DetectOptions{Defaults: map[string]string{"x.v": tc.text}})
			if tc.err != "" {
				if !errors.Is(err, migrations.ErrNeedsDefault) || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `column "v"`) {
					t.Fatalf("err = %v, want ErrNeedsDefault naming column v and %q", err, tc.err)
				}
				return
			}
			if err != nil || len(ops) != 2 {
				t.Fatalf("ops %v, err %v", ops, err)
			}
			src, err := migrations.WriteMigration("migrations", migrations.Migration{ID: "0002", Ops: ops[:1]})
			if err != nil {
				t.Fatal(err)
			}
			lit := fmt.Sprintf("%#v", tc.want)
			switch v := tc.want.(type) {
			case dialect.DecimalLiteral:
				lit = fmt.Sprintf("dialect.DecimalLiteral(%q)", string(v))
			case string:
				lit = fmt.Sprintf("%q", v)
			case int64:
				lit = fmt.Sprintf("int64(%d)", v)
			case float64:
				lit = fmt.Sprintf("float64(%v)", v)
			}
			if !strings.Contains(string(src), "Default: "+lit) {
				t.Fatalf("the AddField lacks Default: %s:\n%s", lit, src)
			}
		})
	}
}
