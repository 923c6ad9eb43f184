package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"github.com/sqlorm/sqlorm/orm"
)

// m2mCases are the golden cases of ManyToMany and OneToOne: lookups both
// ways, Exclude, prefetching, the manager's statements and mistakes.
func m2mCases() []qsCase {
	must0(orm.Register[Article]())
	must0(orm.Register[Person]())
	must0(orm.Register[Profile]())
	Art := orm.Objects[Article]
	Lab := orm.Objects[Label]
	arts := func(b func(db *sql.DB) *orm.QuerySet[Article]) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			_, err := b(db).All(ctx)
			return err
		}
	}
	labs := func(b func(db *sql.DB) *orm.QuerySet[Label]) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			_, err := b(db).All(ctx)
			return err
		}
	}
	accounts := func(b func(db *sql.DB) *orm.QuerySet[Account]) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			_, err := b(db).All(ctx)
			return err
		}
	}
	article := &Article{Model: orm.Model{ID: 1}, Title: "a"}
	labels := func(ctx context.Context) *orm.ManyRelated[Label] {
		m, err := orm.M2M[Label](article, "labels")
		must0(err)
		return m
	}
	l2, l3 := &Label{Model: orm.Model{ID: 2}}, &Label{Model: orm.Model{ID: 3}}
	return []qsCase{
		{"m2m: filter joins the join table and the related table", arts(func(db *sql.DB) *orm.QuerySet[Article] {
			return Art(db).Filter(orm.Q{"labels__name": "go"})
		})},
		{"m2m: a path ending at the relation compares the join table's key", arts(func(db *sql.DB) *orm.QuerySet[Article] {
			return Art(db).Filter(orm.Q{"labels__in": []int{1, 2}}).Filter(orm.Q{"labels__id": 3})
		})},
		{"m2m: reverse side through related_name", labs(func(db *sql.DB) *orm.QuerySet[Label] {
			return Lab(db).Filter(orm.Q{"articles__title__startswith": "x"})
		})},
		{"m2m: Exclude is NOT EXISTS over the join table", arts(func(db *sql.DB) *orm.QuerySet[Article] {
			return Art(db).Exclude(orm.Q{"labels__name": "go"})
		})},
		{"m2m: Exclude isnull on the reverse side", labs(func(db *sql.DB) *orm.QuerySet[Label] {
			return Lab(db).Exclude(orm.Q{"articles__isnull": true})
		})},
		{"m2m: relation to self", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Person](db).Filter(orm.Q{"friends__name": "ann", "person__name": "bob"}).All(ctx)
			return err
		}},
		{"m2m: Annotate Count", noRows(func(ctx context.Context, db *sql.DB) error {
			_, err := Art(db).Annotate(orm.Count("labels").As("n")).Filter(orm.Q{"n__gt": 1}).AllAnnotated(ctx)
			return err
		})},
		{"m2m: PrefetchRelated joins the join table", withRows([][]driver.Value{{int64(1), "a"}, {int64(2), "b"}}, func(ctx context.Context, db *sql.DB) error {
			ctx.Value(recKey{}).(*recorder).queue([]driver.Value{int64(7), int64(1), int64(3), int64(3), "go"})
			_, err := Art(db).PrefetchRelated("labels").All(ctx)
			return err
		})},
		{"m2m: PrefetchRelated of the reverse side", withRows([][]driver.Value{{int64(3), "go"}}, func(ctx context.Context, db *sql.DB) error {
			ctx.Value(recKey{}).(*recorder).queue()
			_, err := Lab(db).PrefetchRelated("articles").All(ctx)
			return err
		})},
		{"m2m: Add inserts the new pairs (Oracle reads the present ones first)", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			return labels(ctx).Add(ctx, db, l2, l3, l2)
		})},
		{"m2m: Remove", func(ctx context.Context, db *sql.DB) error {
			return labels(ctx).Remove(ctx, db, l2, l3)
		}},
		{"m2m: Clear", func(ctx context.Context, db *sql.DB) error {
			return labels(ctx).Clear(ctx, db)
		}},
		{"m2m: Set reads the pairs, deletes the gone, adds the new", withRows([][]driver.Value{{int64(2)}, {int64(5)}}, func(ctx context.Context, db *sql.DB) error {
			ctx.Value(recKey{}).(*recorder).queue() // Oracle's Add reads the present pairs again
			return labels(ctx).Set(ctx, db, l2, l3)
		})},
		{"m2m: Query is an IN subquery on the join table", func(ctx context.Context, db *sql.DB) error {
			_, err := labels(ctx).Query(db).Filter(orm.Q{"name__startswith": "g"}).All(ctx)
			return err
		}},
		{"m2m: SelectRelated of a many-to-many is an error", arts(func(db *sql.DB) *orm.QuerySet[Article] {
			return Art(db).SelectRelated("labels")
		})},
		{"m2m: unknown field after the relation", arts(func(db *sql.DB) *orm.QuerySet[Article] {
			return Art(db).Filter(orm.Q{"labels__nope": 1})
		})},
		{"m2m: unknown relation name", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.M2M[Label](article, "tags")
			return err
		}},
		{"m2m: unsaved object", func(ctx context.Context, db *sql.DB) error {
			return labels(ctx).Add(ctx, db, &Label{Name: "new"})
		}},

		{"one-to-one: reverse lookup is a join", accounts(func(db *sql.DB) *orm.QuerySet[Account] {
			return orm.Objects[Account](db).Filter(orm.Q{"profile__bio__icontains": "go"}).Filter(orm.Q{"profile__id__gt": 1})
		})},
		{"one-to-one: Exclude on the reverse side is a LEFT OUTER JOIN, not NOT EXISTS", accounts(func(db *sql.DB) *orm.QuerySet[Account] {
			return orm.Objects[Account](db).Exclude(orm.Q{"profile__bio": "x"})
		})},
		{"one-to-one: forward lookup and SelectRelated", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Profile](db).SelectRelated("account").Filter(orm.Q{"account__login": "ann"}).All(ctx)
			return err
		}},
		{"one-to-one: ReverseOne", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.ReverseOne[Profile](ctx, db, &Account{Model: orm.Model{ID: 4}})
			return ignoreNotFound(err)
		}},
	}
}
