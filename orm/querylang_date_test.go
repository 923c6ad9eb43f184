package orm_test

import (
	"context"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// QLDay is a model with a DateField and a DateTimeField, written by
// sqlorm, for the Trunc tests.
type QLDay struct {
	orm.Model
	Day time.Time `orm:"type=date"`
	At  time.Time
}

// TestTruncStored: every Trunc kind of a DateField and of a
// DateTimeField that sqlorm stored (fractions of a second included) on
// SQLite, PostgreSQL and MariaDB equals Go's truncation, and a Filter
// compares the truncated value with a time.Time.
func TestTruncStored(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		db := b.Fresh(t).OpenDirect(t)
		ctx := context.Background()
		must(t, orm.Migrate[QLDay](ctx, db))
		days := orm.Objects[QLDay](db)
		var want []time.Time
		for i, at := range []time.Time{
			time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),             // a Monday
			time.Date(2024, 3, 31, 23, 59, 59, 999999000, time.UTC), // a Sunday, last instant of Q1
			time.Date(2023, 12, 31, 12, 30, 15, 250000000, time.UTC),
			time.Date(2024, 8, 14, 7, 5, 9, 0, time.FixedZone("X", 5*3600)), // stored in UTC
		} {
			must(t, days.Create(ctx, &QLDay{Day: time.Date(at.Year(), at.Month(), at.Day()+i, 0, 0, 0, 0, time.UTC), At: at}))
			want = append(want, at)
		}
		trunc := func(t0 time.Time, k string) time.Time {
			y, mo, dd := t0.Date()
			wd := (int(t0.Weekday()) + 6) % 7
			return map[string]time.Time{
				"year": time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), "quarter": time.Date(y, (mo-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC),
				"month": time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC), "week": time.Date(y, mo, dd-wd, 0, 0, 0, 0, time.UTC),
				"day": time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC), "date": time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC),
				"hour": t0.Truncate(time.Hour), "minute": t0.Truncate(time.Minute), "second": t0.Truncate(time.Second),
			}[k]
		}
		kinds := []string{"year", "quarter", "month", "week", "day", "hour", "minute", "second", "date"}
		var anns []orm.Annotation
		for _, k := range kinds {
			anns = append(anns, orm.Trunc("at", k).As("at_"+k))
			if k != "hour" && k != "minute" && k != "second" {
				anns = append(anns, orm.Trunc("day", k).As("day_"+k))
			}
		}
		rows, err := days.OrderBy("id").Annotate(anns...).AllAnnotated(ctx)
		must(t, err)
		if len(rows) != len(want) {
			t.Fatalf("%d rows", len(rows))
		}
		for i, r := range rows {
			at := want[i].UTC()
			for _, k := range kinds {
				if got, ok := r.Annotations["at_"+k].(time.Time); !ok || !got.Equal(trunc(at, k)) {
					t.Errorf("row %d (%v): Trunc(at, %s) = %v (%T), want %v", i, at, k, r.Annotations["at_"+k], r.Annotations["at_"+k], trunc(at, k))
				}
				if v, has := r.Annotations["day_"+k]; has {
					if got, ok := v.(time.Time); !ok || !got.Equal(trunc(r.Object.Day, k)) {
						t.Errorf("row %d (%v): Trunc(day, %s) = %v (%T), want %v", i, r.Object.Day, k, v, v, trunc(r.Object.Day, k))
					}
				}
			}
		}
		for _, c := range []struct {
			kind string
			at   time.Time
			n    int64
		}{
			{"quarter", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 2},
			{"week", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 1},
			{"year", time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), 1},
			{"second", time.Date(2024, 3, 31, 23, 59, 59, 0, time.UTC), 1},
		} {
			n, err := days.Annotate(orm.Trunc("at", c.kind).As("t")).Filter(orm.Q{"t": c.at}).Count(ctx)
			must(t, err)
			if n != c.n {
				t.Errorf("Trunc(at, %s) = %v: %d rows, want %d", c.kind, c.at, n, c.n)
			}
		}
	})
}
