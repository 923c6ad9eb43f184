package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// queryLangCases are the (query, args) of Django's query language beyond
// lookups — Trunc, Cast, Round, Mod, window functions, set operations,
// Explain — pinned per dialect in testdata/querylang/<dialect>.sql.
func queryLangCases() []qsCase {
	I := orm.Objects[ChInvoice]
	T := orm.Objects[ChTrack]
	ann := func(qs func(db *sql.DB) *orm.QuerySet[ChInvoice], anns ...orm.Annotation) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			_, err := qs(db).OrderBy("invoice_id").Annotate(anns...).AllAnnotated(ctx)
			return err
		}
	}
	inv := func(db *sql.DB) *orm.QuerySet[ChInvoice] { return I(db) }
	trk := func(anns ...orm.Annotation) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).OrderBy("track_id").Annotate(anns...).AllAnnotated(ctx)
			return err
		}
	}
	tracks := func(qs func(db *sql.DB) *orm.QuerySet[ChTrack]) func(context.Context, *sql.DB) error {
		return withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := qs(db).AllAnnotated(ctx)
			return err
		})
	}
	sel := func(qs func(db *sql.DB) *orm.QuerySet[ChTrack]) func(context.Context, *sql.DB) error {
		return withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := qs(db).All(ctx)
			return err
		})
	}
	explain := func(opts ...orm.ExplainOption) func(context.Context, *sql.DB) error {
		return func(ctx context.Context, db *sql.DB) error {
			// MySQL asks the server's version first (a MariaDB here).
			ctx.Value(recKey{}).(*recorder).queue([]driver.Value{"10.11.6-MariaDB"})
			ctx.Value(recKey{}).(*recorder).queue()
			_, err := T(db).Filter(orm.Q{"genre_id": 1}).OrderBy("name").Explain(ctx, opts...)
			return err
		}
	}
	d1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []qsCase{}
	for _, k := range []string{"year", "quarter", "month", "week", "day", "hour", "minute", "second", "date"} {
		cases = append(cases, qsCase{"Trunc " + k + " of a datetime", ann(inv, orm.Trunc("invoice_date", k).As("t"))})
	}
	for _, k := range []string{"year", "quarter", "month", "week", "day"} {
		cases = append(cases, qsCase{"Trunc " + k + " of a date", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Everything](db).OrderBy().Annotate(orm.Trunc("day", k).As("t")).AllAnnotated(ctx)
			return err
		}})
	}
	cases = append(cases, []qsCase{
		{"TruncMonth compared with a time", ann(func(db *sql.DB) *orm.QuerySet[ChInvoice] {
			return I(db).Annotate(orm.TruncMonth("invoice_date").As("m")).Filter(orm.Q{"m__gte": d1})
		})},
		{"TruncMonth in a filter value", func(ctx context.Context, db *sql.DB) error {
			_, err := I(db).OrderBy().Filter(orm.Q{"invoice_date": orm.TruncDay("invoice_date")}).All(ctx)
			return err
		}},
		{"monthly revenue", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := I(db).Annotate(orm.TruncMonth("invoice_date").As("month")).Values("month").
				Annotate(orm.Sum("total").As("revenue")).OrderBy("month").All(ctx)
			return err
		})},
		{"Trunc of an unknown kind", ann(inv, orm.Trunc("invoice_date", "decade'); DROP TABLE invoice; --").As("t"))},
		{"Trunc of a date to an hour", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Objects[Everything](db).Annotate(orm.TruncHour("day").As("t")).AllAnnotated(ctx)
			return err
		}},
		{"Trunc of a text", ann(inv, orm.TruncMonth("billing_city").As("t"))},
		{"Trunc of a value", ann(inv, orm.TruncMonth(orm.Value(d1)).As("t"))},
		{"Cast to int, float, text, date, datetime", ann(inv, orm.Cast("total", "int").As("i"), orm.Cast("customer_id", "FloatField").As("f"),
			orm.Cast("invoice_id", "text").As("s"), orm.Cast("invoice_date", "date").As("d"), orm.Cast("invoice_date", "datetime").As("dt"))},
		{"CastDecimal", ann(inv, orm.CastDecimal("customer_id", 10, 2).As("d"))},
		{"Cast to an unknown kind", ann(inv, orm.Cast("total", "integer) FROM invoice; --").As("i"))},
		{"CastDecimal with bad digits", ann(inv, orm.CastDecimal("total", 0, 2).As("d"))},
		{"Round, Mod", ann(inv, orm.Round("total").As("r0"), orm.Round("total", 1).As("r1"), orm.Mod("invoice_id", 7).As("m"),
			orm.Round(orm.F("total").Mul(1.5), 2).As("rf"))},
		{"Mod compared", func(ctx context.Context, db *sql.DB) error {
			_, err := I(db).OrderBy().Filter(orm.Q{"invoice_id": orm.Mod("customer_id", 3)}).All(ctx)
			return err
		}},
		{"Round of a text value", ann(inv, orm.Round(orm.Value("x"), 1).As("r"))},

		// Window functions.
		{"RowNumber over a partition", trk(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds", "track_id")).As("rn"))},
		{"ranks", trk(orm.Window(orm.Rank(), orm.OrderBy("unit_price")).As("r"), orm.Window(orm.DenseRank(), orm.OrderBy(orm.F("unit_price").Desc())).As("dr"),
			orm.Window(orm.PercentRank(), orm.OrderBy("milliseconds")).As("pr"), orm.Window(orm.CumeDist(), orm.OrderBy("milliseconds")).As("cd"),
			orm.Window(orm.Ntile(4), orm.OrderBy("milliseconds")).As("q"))},
		{"Lag, Lead, FirstValue, LastValue, NthValue", trk(
			orm.Window(orm.Lag("milliseconds", 1, nil), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("prev"),
			orm.Window(orm.Lead("name", 2, "none"), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("next"),
			orm.Window(orm.FirstValue("name"), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("first"),
			orm.Window(orm.LastValue("name"), orm.PartitionBy("album"), orm.OrderBy("track_id"), orm.RowRange(orm.UnboundedPreceding, orm.UnboundedFollowing)).As("last"),
			orm.Window(orm.NthValue("name", 2), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("second"))},
		{"aggregates over windows", withRows([][]driver.Value{}, trk(
			orm.Window(orm.Sum("milliseconds"), orm.PartitionBy("album")).As("album_ms"),
			orm.Window(orm.Avg("unit_price"), orm.PartitionBy("genre", "media_type")).As("avg_price"),
			orm.Window(orm.Count("*").As("n"), orm.PartitionBy(orm.F("album"))).As("n"),
			orm.Window(orm.Sum("milliseconds"), orm.OrderBy("track_id"), orm.RowRange(orm.Preceding(2), orm.CurrentRow)).As("moving"),
			orm.Window(orm.Max("bytes"), orm.OrderBy("milliseconds"), orm.ValueRange(orm.Preceding(1000), orm.Following(1000))).As("near")))},
		{"a window over a relation", trk(orm.Window(orm.RowNumber(), orm.PartitionBy("album__artist"), orm.OrderBy("name")).As("rn"))},
		{"filter on a window: top track per genre", tracks(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"milliseconds__gt": 1000}).
				Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds", "track_id")).As("rn")).
				Filter(orm.Q{"rn": 1, "unit_price__lt": 2}).OrderBy("genre_id", "-rn").Limit(30)
		})},
		{"filter on a window with Or", tracks(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).OrderBy().Annotate(orm.Window(orm.Rank(), orm.OrderBy("-bytes")).As("r")).
				Filter(orm.Or(orm.Q{"r__lte": 3}, orm.Q{"name__startswith": "A"}))
		})},
		{"filter on a window with a relation", tracks(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).OrderBy().Annotate(orm.Window(orm.Rank(), orm.OrderBy("-bytes")).As("r")).
				Filter(orm.Or(orm.Q{"r__lte": 3}, orm.Q{"genre__name": "Rock"}))
		})},
		{"count with a filter on a window", func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds")).As("rn")).
				Filter(orm.Q{"rn__lte": 3}).Count(ctx)
			return err
		}},
		{"ordered by a window", tracks(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Annotate(orm.Window(orm.Rank(), orm.OrderBy("-bytes")).As("r")).OrderBy("r", "track_id")
		})},
		{"a Window as a filter value", tracks(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"milliseconds__gt": orm.Window(orm.Avg("milliseconds"), orm.PartitionBy("genre"))})
		})},
		{"a window over groups", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).Values("genre_id").Annotate(orm.Sum("milliseconds").As("total"),
				orm.Window(orm.Rank(), orm.OrderBy("-total")).As("r")).OrderBy("genre_id").All(ctx)
			return err
		})},
		{"a window function without a Window", trk(orm.RowNumber().As("rn"))},
		{"Window of a plain Expr", trk(orm.Window(orm.F("milliseconds")).As("w"))},
		{"Ntile of zero", trk(orm.Window(orm.Ntile(0)).As("w"))},
		{"a frame ending before it starts", trk(orm.Window(orm.Sum("bytes"), orm.RowRange(orm.CurrentRow, orm.Preceding(1))).As("w"))},
		{"a frame with a negative offset", trk(orm.Window(orm.Sum("bytes"), orm.RowRange(orm.Preceding(-1), orm.CurrentRow)).As("w"))},

		// Set operations.
		{"Union", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"genre_id": 1}).Union(T(db).Filter(orm.Q{"milliseconds__gt": 600000}))
		})},
		{"UnionAll of three, ordered and sliced", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"genre_id": 1}).UnionAll(T(db).Filter(orm.Q{"genre_id": 2}), T(db).Filter(orm.Q{"name__startswith": "A"})).
				OrderBy("-milliseconds", "track_id").Offset(5).Limit(10)
		})},
		{"Intersection", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"genre__name": "Rock"}).Intersection(T(db).Filter(orm.Q{"composer__isnull": true})).OrderBy("name")
		})},
		{"Difference", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"genre_id": 1}).Difference(T(db).Filter(orm.Q{"unit_price": "0.99"}))
		})},
		{"Union of ordered and sliced QuerySets", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).OrderBy("-milliseconds").Limit(3).Union(T(db).OrderBy("bytes").Limit(3))
		})},
		{"Union with a part that matches nothing", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"track_id__in": []int{}}).Union(T(db).Filter(orm.Q{"genre_id": 3}))
		})},
		{"Intersection with a part that matches nothing", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Filter(orm.Q{"genre_id": 3}).Intersection(T(db).None())
		})},
		{"Count and Exists of a Union", func(ctx context.Context, db *sql.DB) error {
			qs := T(db).Filter(orm.Q{"genre_id": 1}).Union(T(db).Filter(orm.Q{"genre_id": 2}))
			if _, err := qs.Count(ctx); err != nil {
				return err
			}
			_, err := qs.Exists(ctx)
			return err
		}},
		{"First of a Union", func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).Filter(orm.Q{"genre_id": 1}).Union(T(db).Filter(orm.Q{"genre_id": 2})).First(ctx)
			if errors.Is(err, orm.ErrDoesNotExist) {
				err = nil
			}
			return err
		}},
		{"Filter after Union", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Union(T(db)).Filter(orm.Q{"genre_id": 1})
		})},
		{"Annotate after Union", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Union(T(db)).Annotate(orm.Count("*").As("n"))
		})},
		{"Delete after Union", func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).Filter(orm.Q{"genre_id": 1}).Union(T(db).Filter(orm.Q{"genre_id": 2})).Delete(ctx)
			return err
		}},
		{"Update after Difference", func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).Filter(orm.Q{"genre_id": 1}).Difference(T(db).Filter(orm.Q{"genre_id": 2})).Update(ctx, orm.Set{"name": "x"})
			return err
		}},
		{"Get, InBulk, Aggregate and Values after Union", func(ctx context.Context, db *sql.DB) error {
			u := T(db).Filter(orm.Q{"genre_id": 1}).Union(T(db).Filter(orm.Q{"genre_id": 2}))
			var errs []error
			_, err := u.Get(ctx, orm.Q{"pk": 1})
			errs = append(errs, err)
			_, err = u.InBulk(ctx, []any{1, 2})
			errs = append(errs, err)
			_, err = u.Aggregate(ctx, orm.Count("*").As("n"))
			errs = append(errs, err)
			_, err = u.Values("name").All(ctx)
			errs = append(errs, err)
			for i, err := range errs {
				if !errors.Is(err, orm.ErrInvalidQuery) {
					return fmt.Errorf("call %d: %v, want ErrInvalidQuery", i, err)
				}
			}
			return errs[0]
		}},
		{"Union ordered across a relation", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Union(T(db)).OrderBy("genre__name")
		})},
		{"Union of an annotated QuerySet", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] {
			return T(db).Annotate(orm.Length("name").As("n")).Union(T(db))
		})},
		{"Union of nothing", sel(func(db *sql.DB) *orm.QuerySet[ChTrack] { return T(db).Union() })},

		// ValuesQuerySet.
		{"Values sliced", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := I(db).Values("invoice_id", "total").OrderBy("-total").Offset(5).Limit(10).All(ctx)
			return err
		})},
		{"Values First", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := I(db).OrderBy().Values("invoice_id").First(ctx)
			if errors.Is(err, orm.ErrDoesNotExist) {
				err = nil
			}
			return err
		})},
		{"Values Count of groups", func(ctx context.Context, db *sql.DB) error {
			_, err := I(db).Values("billing_country").Annotate(orm.Count("*").As("n")).OrderBy("-n").Count(ctx)
			return err
		}},
		{"Values Exists", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := I(db).Values("invoice_id").Filter(orm.Q{"total__gt": 10}).Exists(ctx)
			return err
		})},
		{"Values filtered on a window", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds")).As("rn")).
				Values("track_id", "rn").Filter(orm.Q{"rn__lte": 2}).OrderBy("track_id").All(ctx)
			return err
		})},
		{"Values across a relation filtered on a window", withRows([][]driver.Value{}, func(ctx context.Context, db *sql.DB) error {
			_, err := T(db).Annotate(orm.Window(orm.RowNumber(), orm.OrderBy("-milliseconds")).As("rn")).
				Values("name", "genre__name", "rn").Filter(orm.Q{"rn__lte": 2}).All(ctx)
			return err
		})},
		{"Scalar", func(ctx context.Context, db *sql.DB) error {
			_, err := orm.Scalar[int64](ctx, I(db), orm.Count("*"))
			return err
		}},

		// Explain.
		{"Explain", explain()},
		{"Explain with a format", explain(orm.ExplainFormat("json"))},
		{"Explain analyze verbose", explain(orm.ExplainFlag("analyze", true), orm.ExplainFlag("VERBOSE", false))},
		{"Explain analyze", explain(orm.ExplainFlag("Analyze", true))},
		{"Explain with an unknown format", explain(orm.ExplainFormat("json) SELECT 1; --"))},
		{"Explain with an unknown option", explain(orm.ExplainFlag("analyze) DELETE FROM track; --", true))},
		{"Explain with two formats", explain(orm.ExplainFormat("json"), orm.ExplainFormat("text"))},
	}...)
	return cases
}

// TestGoldenQueryLanguage pins the SQL of queryLangCases per dialect.
func TestGoldenQueryLanguage(t *testing.T) {
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			db, r := openRecorder(t)
			ctx := orm.WithDialect(context.Background(), d)
			g := &goldenWriter{}
			fmt.Fprintf(&g.b, "-- Golden SQL of the query language for dialect %s. Regenerate: go test ./orm -run TestGoldenQueryLanguage -update\n", d.Name())
			for _, c := range queryLangCases() {
				g.section(c.name)
				err := c.run(context.WithValue(ctx, recKey{}, r), db)
				r.mu.Lock()
				r.results = nil
				r.mu.Unlock()
				if len(r.stmts) == 0 && err == nil {
					g.b.WriteString("(no statement)\n")
				}
				if err != nil && len(r.stmts) > 0 {
					t.Errorf("%s: error %v after a statement was sent", c.name, err)
				}
				g.do(r, err)
			}
			compareGolden(t, filepath.Join("testdata", "querylang", string(d.Name())+".sql"), g.b.String())
		})
	}
}
