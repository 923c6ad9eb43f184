package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"github.com/sqlorm/sqlorm/orm"
)

// Tag and Post: a second reverse relation without related_name (query
// name "post") and a self reference through a nullable key.
type (
	Author struct {
		orm.Model
		Name  string            `orm:"max_length=50"`
		Posts orm.Reverse[Post] `orm:"related=post"`
	}
	Post struct {
		orm.Model
		Title  string         `orm:"max_length=100"`
		Author orm.FK[Author] `orm:"on_delete=cascade"`
		Editor orm.FK[Author] `orm:"on_delete=set_null,null,related_name=edited"`
		Reply  orm.FK[Post]   `orm:"on_delete=set_null,null,related_name=replies"`
		Score  int64
	}
)

// relationCases are the golden cases of reverse relations, Annotate,
// SelectRelated and PrefetchRelated.
func relationCases() []qsCase {
	must0(orm.Register[Product]())
	must0(orm.Register[Post]())
	C := orm.Objects[Category]
	A := orm.Objects[Author]
	cats := func(b func(db *sql.DB) *orm.QuerySet[Category]) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			_, err := b(db).All(ctx)
			return err
		}
	}
	authors := func(b func(db *sql.DB) *orm.QuerySet[Author]) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			_, err := b(db).All(ctx)
			return err
		}
	}
	return []qsCase{
		// Reverse relations in lookups.
		{"reverse: filter across related_name is an INNER JOIN", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Q{"products__price__gt": 10})
		})},
		{"reverse: one Filter shares the join, a second Filter gets its own", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Q{"products__price__gt": 10, "products__status": "draft"}).Filter(orm.Q{"products__name__startswith": "W"})
		})},
		{"reverse: default query name is the lowercased model", authors(func(db *sql.DB) *orm.QuerySet[Author] {
			return A(db).Filter(orm.Q{"post__title__icontains": "go", "edited__score__gte": 3})
		})},
		{"reverse: path ending at the relation compares its key", authors(func(db *sql.DB) *orm.QuerySet[Author] {
			return A(db).Filter(orm.Q{"post__in": []int{1, 2}})
		})},
		{"reverse: isnull true is a LEFT OUTER JOIN", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Q{"products__isnull": true})
		})},
		{"reverse: Or promotes to LEFT OUTER", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Or(orm.Q{"name": "Books"}, orm.Q{"products__price__lt": 5}))
		})},
		{"reverse then forward, and self reference", authors(func(db *sql.DB) *orm.QuerySet[Author] {
			return A(db).Filter(orm.Q{"post__replies__author__name": "ann"})
		})},
		{"forward then reverse", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Product](db).OrderBy().Filter(orm.Q{"category__products__name": "Widget"}).All(ctx)
			return err
		}},
		{"reverse: Exclude is NOT EXISTS, not a join", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Exclude(orm.Q{"products__price__gt": 10})
		})},
		{"reverse: Exclude of two lookups gets two subqueries", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Exclude(orm.Q{"products__price__gt": 10, "name": "x", "products__status": "draft"})
		})},
		{"reverse: Not in Filter is NOT EXISTS too; isnull false", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Not(orm.Q{"products__isnull": false}))
		})},
		{"reverse: Exclude after a forward key refers to its column", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Product](db).OrderBy().Exclude(orm.Q{"category__products__status": "draft"}).All(ctx)
			return err
		}},
		{"reverse: Exclude two levels deep", authors(func(db *sql.DB) *orm.QuerySet[Author] {
			return A(db).Exclude(orm.Q{"post__replies__score__lt": 0})
		})},
		{"reverse: unknown name lists the known ones", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Q{"product__price": 1})
		})},
		{"reverse: unknown field after a reverse relation", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Q{"products__nope": 1})
		})},

		// Annotate.
		{"annotate: Count of a reverse relation, HAVING, ordered by it", noRows(func(ctx context.Context, db *sql.DB) error {
			_, err := C(db).Annotate(orm.Count("products").As("n")).Filter(orm.Q{"n__gt": 10, "name__startswith": "B"}).OrderBy("-n").AllAnnotated(ctx)
			return err
		})},
		{"annotate: a filter before reuses the join, one after gets its own", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Q{"products__status": "published"}).Annotate(orm.Sum("products__price").As("total")).
				Filter(orm.Q{"products__price__gt": 1})
		})},
		{"annotate: expression, Or on an aggregate in HAVING", noRows(cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Annotate(orm.Count("products").Distinct().As("n"), orm.Upper("name").As("upper")).
				Filter(orm.Or(orm.Q{"n": 0}, orm.Q{"n__gte": 5})).Filter(orm.Q{"upper": "BOOKS"})
		}))},
		{"annotate: Count after Annotate is a subquery", func(ctx context.Context, db *sql.DB) error {
			_, err := C(db).Annotate(orm.Count("products").As("n")).Filter(orm.Q{"n__gt": 1}).Count(ctx)
			return err
		}},
		{"annotate: Values Annotate groups by the values", noRows(func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Product](db).Values("category__name").Annotate(orm.Sum("price").As("total"), orm.Count("*").As("n")).
				Filter(orm.Q{"total__gt": 100}).OrderBy("-total").All(ctx)
			return err
		})},
		{"annotate: Annotate then Values groups by the model", noRows(func(ctx context.Context, db *sql.DB) error {
			_, err := C(db).Annotate(orm.Count("products").As("n")).Values("name", "n").All(ctx)
			return err
		})},
		{"annotate: a Filter before the Annotate cannot name it", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Filter(orm.Q{"n__gt": 1}).Annotate(orm.Count("products").As("n"))
		})},
		{"annotate: name clashing with a field is an error", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).Annotate(orm.Count("products").As("name"))
		})},
		{"annotate: a lookup on an expression annotation is in WHERE, on an aggregate in HAVING", noRows(authors(func(db *sql.DB) *orm.QuerySet[Author] {
			return A(db).Annotate(orm.Lower("name").As("lname"), orm.Count("post").As("n")).Filter(orm.Q{"lname": "ada", "n__gt": 1})
		}))},
		{"annotate: Exclude on an expression annotation", noRows(authors(func(db *sql.DB) *orm.QuerySet[Author] {
			return A(db).Annotate(orm.Lower("name").As("lname")).Exclude(orm.Q{"lname__startswith": "a"}).OrderBy("lname")
		}))},
		{"annotate: Aggregate after Annotate reads a subquery", withRows([][]driver.Value{{2.5, int64(4), int64(3), int64(6)}}, func(ctx context.Context, db *sql.DB) error {
			_, err := C(db).Annotate(orm.Count("products").As("n")).Filter(orm.Q{"n__gt": 1}).
				Aggregate(ctx, orm.Avg("n").As("avg_n"), orm.Max("n").As("max_n"), orm.Count("*").As("groups"), orm.Sum("id").Default(0).As("ids"))
			return err
		})},
		{"annotate: Aggregate after a sliced Annotate with an expression", withRows([][]driver.Value{{int64(4)}}, func(ctx context.Context, db *sql.DB) error {
			_, err := C(db).Annotate(orm.Count("products").As("n"), orm.Upper("name").As("upper")).
				Filter(orm.Q{"upper__startswith": "B"}).OrderBy("-n").Limit(3).Aggregate(ctx, orm.Sum("n").Default(0).As("top"))
			return err
		})},
		{"annotate: Aggregate of a related field after Annotate is an error", func(ctx context.Context, db *sql.DB) error {
			_, err := C(db).Annotate(orm.Count("products").As("n")).Aggregate(ctx, orm.Sum("products__price"))
			return err
		}},

		// SelectRelated and PrefetchRelated.
		{"select_related: nullable key is LEFT OUTER, nested path", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Post](db).SelectRelated("author", "reply__editor").Filter(orm.Q{"score__gt": 1}).All(ctx)
			return err
		}},
		{"select_related: with Annotate groups by the related columns too", noRows(func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Post](db).SelectRelated("author").Annotate(orm.Count("replies").As("n")).All(ctx)
			return err
		})},
		{"select_related: a reverse relation is an error", authors(func(db *sql.DB) *orm.QuerySet[Author] {
			return A(db).SelectRelated("post")
		})},
		{"prefetch_related: reverse, then forward", withRows([][]driver.Value{{int64(1), "ann"}, {int64(2), "bob"}}, func(ctx context.Context, db *sql.DB) error {
			r := ctx.Value(recKey{}).(*recorder)
			r.queue([]driver.Value{int64(10), "t", int64(1), int64(2), nil, int64(3)})
			_, err := A(db).PrefetchRelated("post__editor").All(ctx)
			return err
		})},
		{"prefetch_related: without a Reverse field is an error", cats(func(db *sql.DB) *orm.QuerySet[Category] {
			return C(db).PrefetchRelated("products")
		})},
	}
}

// noRows makes the first query of run return no rows (the recorder's
// default row would not fit the annotated columns).
func noRows(run func(context.Context, *sql.DB) error) func(context.Context, *sql.DB) error {
	return withRows([][]driver.Value{}, run)
}

func must0(err error) {
	if err != nil {
		panic(err)
	}
}
