package gentest

import (
	"reflect"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

var when = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Each typed lookup is the string-keyed orm.Q Django's spelling gives.
func TestTypedFieldsAreStringKeys(t *testing.T) {
	for _, tc := range []struct {
		name  string
		typed orm.Q
		keyed orm.Q
	}{
		{"eq", PostFields.Views.Eq(3), orm.Q{"views": 3}},
		{"gt", PostFields.Views.Gt(10), orm.Q{"views__gt": 10}},
		{"gte", PostFields.Views.Gte(10), orm.Q{"views__gte": 10}},
		{"lt", PostFields.PublishedAt.Lt(when), orm.Q{"published_at__lt": when}},
		{"lte", PostFields.Views.Lte(1), orm.Q{"views__lte": 1}},
		{"in", PostFields.Status.In("draft", "live"), orm.Q{"status__in": []Status{"draft", "live"}}},
		{"range", PostFields.Views.Range(1, 5), orm.Q{"views__range": []int{1, 5}}},
		{"isnull", PostFields.PublishedAt.IsNull(true), orm.Q{"published_at__isnull": true}},
		{"icontains", PostFields.Title.IContains("go"), orm.Q{"title__icontains": "go"}},
		{"istartswith", AuthorFields.Email.IStartsWith("ada@"), orm.Q{"email__istartswith": "ada@"}},
		{"fk by key", PostFields.Author.Eq(7), orm.Q{"author": int64(7)}},
		{"string pk", TagFields.PK.Eq("go"), orm.Q{"pk": "go"}},
		{"inherited", PostFields.CreatedAt.Gte(when), orm.Q{"created_at__gte": when}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.typed, tc.keyed) {
				t.Fatalf("typed %#v, want %#v", tc.typed, tc.keyed)
			}
		})
	}
	if PostFields.Views.Desc() != "-views" || PostFields.Title.Name() != "title" {
		t.Fatalf("Desc %q, Name %q", PostFields.Views.Desc(), PostFields.Title.Name())
	}
}

// The ORM compiles typed and string-keyed filters to the same SQL.
func TestTypedFieldsCompile(t *testing.T) {
	d, err := dialect.Get(dialect.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	typed := orm.Objects[Post](nil).Filter(PostFields.Views.Gt(10), PostFields.Author.Eq(7), PostFields.Title.IContains("go")).OrderBy(PostFields.Views.Desc())
	keyed := orm.Objects[Post](nil).Filter(orm.Q{"views__gt": 10}, orm.Q{"author": 7}, orm.Q{"title__icontains": "go"}).OrderBy("-views")
	q1, a1, err := typed.SQLFor(d)
	if err != nil {
		t.Fatal(err)
	}
	q2, a2, err := keyed.SQLFor(d)
	if err != nil {
		t.Fatal(err)
	}
	if q1 != q2 || len(a1) != len(a2) {
		t.Fatalf("typed:\n%s %v\nkeyed:\n%s %v", q1, a1, q2, a2)
	}
}

func benchFilter(b *testing.B, d dialect.Dialect, q func() []orm.Condition) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := orm.Objects[Post](nil).Filter(q()...).SQLFor(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilter compares a filter written with typed field names and the
// same with string keys: the generated methods build the same orm.Q.
func BenchmarkFilter(b *testing.B) {
	d, err := dialect.Get(dialect.Postgres)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("string-keys", func(b *testing.B) {
		benchFilter(b, d, func() []orm.Condition {
			return []orm.Condition{orm.Q{"views__gt": 10}, orm.Q{"title__icontains": "go"}}
		})
	})
	b.Run("typed-fields", func(b *testing.B) {
		benchFilter(b, d, func() []orm.Condition {
			return []orm.Condition{PostFields.Views.Gt(10), PostFields.Title.IContains("go")}
		})
	})
}

// Typed field names allocate no more than string keys: each lookup key is
// built once, at package initialisation.
func TestTypedFieldsAllocateAsStringKeys(t *testing.T) {
	d, err := dialect.Get(dialect.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	run := func(conds ...orm.Condition) float64 {
		return testing.AllocsPerRun(200, func() {
			if _, _, err := orm.Objects[Post](nil).Filter(conds...).SQLFor(d); err != nil {
				t.Fatal(err)
			}
		})
	}
	keyed := testing.AllocsPerRun(200, func() { _ = orm.Q{"views__gt": 10} })
	typed := testing.AllocsPerRun(200, func() { _ = PostFields.Views.Gt(10) })
	if typed > keyed {
		t.Errorf("building a Q: typed %v allocations, string key %v", typed, keyed)
	}
	if s, ty := run(orm.Q{"views__gt": 10}), run(PostFields.Views.Gt(10)); ty > s {
		t.Errorf("compiling a filter: typed %v allocations, string key %v", ty, s)
	}
}
