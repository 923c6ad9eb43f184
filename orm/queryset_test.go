package orm_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// TestQuerySetImmutable: refining a QuerySet never changes the receiver,
// and changing a Q map after Filter does not change the QuerySet (the gorm
// issues 5182 and 5615 class of bug).
func TestQuerySetImmutable(t *testing.T) {
	db, r := openRecorder(t)
	d, _ := dialect.Get(dialect.Postgres)
	ctx := orm.WithDialect(context.Background(), d)

	base := orm.Objects[Category](db)
	q := orm.Q{"name": "a"}
	a := base.Filter(q)
	q["name"] = "changed"
	q["id"] = 5
	b := a.Filter(orm.Q{"id": 1})
	_ = base.OrderBy("name")

	run := func(qs *orm.QuerySet[Category]) recStmt {
		t.Helper()
		if _, err := qs.Count(ctx); err != nil {
			t.Fatal(err)
		}
		s := r.take()
		if len(s) != 1 {
			t.Fatalf("%d statements", len(s))
		}
		return s[0]
	}
	cases := []struct {
		name  string
		qs    *orm.QuerySet[Category]
		query string
		args  []any
	}{
		{"base", base, `SELECT COUNT(*) FROM "category"`, nil},
		{"a", a, `SELECT COUNT(*) FROM "category" WHERE "category"."name" = $1`, []any{"a"}},
		{"b", b, `SELECT COUNT(*) FROM "category" WHERE "category"."name" = $1 AND "category"."id" = $2`, []any{"a", int64(1)}},
		{"a again", a, `SELECT COUNT(*) FROM "category" WHERE "category"."name" = $1`, []any{"a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := run(c.qs)
			if s.query != c.query || !reflect.DeepEqual(s.args, c.args) {
				t.Fatalf("got %s %v\nwant %s %v", s.query, s.args, c.query, c.args)
			}
		})
	}
}

// TestQueryValues: values in a Q are converted as the field stores them.
func TestQueryValues(t *testing.T) {
	db, r := openRecorder(t)
	d, _ := dialect.Get(dialect.MySQL)
	ctx := orm.WithDialect(context.Background(), d)
	cases := []struct {
		name string
		get  func() error
		args []any
	}{
		{"number compared with a text key", func() error {
			_, err := orm.Objects[OrderItem](db).Get(ctx, orm.Q{"code": 12})
			return err
		}, []any{"12"}},
		{"bool without a native type", func() error {
			_, err := orm.Objects[Everything](db).Get(ctx, orm.Q{"flag": false, "id": uint8(3)})
			return err
		}, []any{int64(0), int64(3)}},
		{"FK by object", func() error {
			c := &Category{}
			c.ID = 9
			_, err := orm.Objects[Product](db).Get(ctx, orm.Q{"category": c})
			return err
		}, []any{int64(9)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_ = c.get() // the recorder has no rows: DoesNotExist
			s := r.take()
			if len(s) != 1 || !reflect.DeepEqual(s[0].args, c.args) {
				t.Fatalf("statements %+v, want args %v", s, c.args)
			}
		})
	}
}
