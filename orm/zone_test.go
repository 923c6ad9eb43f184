package orm_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// ZonedEvent has the date/time kinds whose storage a session time zone
// could shift.
type ZonedEvent struct {
	orm.Model
	Name string    `orm:"max_length=20"`
	At   time.Time `orm:""`
	Day  time.Time `orm:"type=date"`
}

// TestTimesUTCWhateverTheSessionZone (issue 12): the ORM stores datetimes
// in UTC and reads them back in UTC, and its year lookups and Now() agree
// with UTC, on connections whose zone is far from UTC, opened bare and
// through sqlorm: go-sqlite3 converting to _loc=Asia/Kathmandu (+05:45),
// a PostgreSQL session in Pacific/Chatham (+13:45 in December), a MySQL
// session time_zone of -09:13.
func TestTimesUTCWhateverTheSessionZone(t *testing.T) {
	zone := map[string]string{
		testenv.SQLite:   "_loc=Asia%2FKathmandu",
		testenv.Postgres: "timezone=Pacific/Chatham",
		testenv.MySQL:    "time_zone=%27-09%3A13%27",
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		fresh := b.Fresh(t)
		ways := []struct{ name, driver, dsn string }{
			{"bare", fresh.DriverName, withParam(fresh.DSN, zone[b.Name])},
			{"sqlorm", "sqlorm", withParam(fresh.URL, zone[b.Name])},
		}
		for _, w := range ways {
			t.Run(w.name, func(t *testing.T) {
				ctx := context.Background()
				db, err := sql.Open(w.driver, w.dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				must(t, orm.Migrate[ZonedEvent](ctx, db))
				if got, want := sessionZone(t, db, b.Name), map[string]string{testenv.SQLite: "Asia/Kathmandu", testenv.Postgres: "Pacific/Chatham", testenv.MySQL: "-09:13"}[b.Name]; got != want {
					t.Fatalf("the connection's zone is %q, want %q: the test would prove nothing", got, want)
				}
				E := func() *orm.QuerySet[ZonedEvent] { return orm.Objects[ZonedEvent](db) }
				newYear := time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC) // 2026 in Chatham and Kathmandu
				recent := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Microsecond)
				e1 := &ZonedEvent{Name: w.name + "-ny", At: newYear, Day: newYear}
				e2 := &ZonedEvent{Name: w.name + "-recent", At: recent, Day: recent}
				must(t, E().Create(ctx, e1))
				must(t, E().Create(ctx, e2))
				for _, want := range []*ZonedEvent{e1, e2} {
					got, err := E().Get(ctx, orm.Q{"pk": want.ID})
					must(t, err)
					if !got.At.Equal(want.At) || got.At.Location() != time.UTC {
						t.Errorf("%s: At reads %v, want %v in UTC", want.Name, got.At, want.At)
					}
					if y, m, d := got.Day.Date(); y != want.At.Year() || m != want.At.Month() || d != want.At.Day() {
						t.Errorf("%s: Day reads %v, want the UTC date of %v", want.Name, got.Day, want.At)
					}
				}
				if n, err := E().Filter(orm.Q{"pk": e1.ID, "at__year": 2025}).Count(ctx); err != nil || n != 1 {
					t.Errorf("at__year=2025 (the UTC year): %d, %v", n, err)
				}
				if n, err := E().Filter(orm.Q{"pk": e2.ID, "at__lt": orm.Now()}).Count(ctx); err != nil || n != 1 {
					t.Errorf("a time 3 h ago is before Now(): %d, %v", n, err)
				}
			})
		}
	})
}

// sessionZone returns the zone the connection works in: the location
// go-sqlite3 gives the times it reads, PostgreSQL's TimeZone, MySQL's
// session time_zone.
func sessionZone(t *testing.T, db *sql.DB, backend string) string {
	t.Helper()
	var s string
	var err error
	switch backend {
	case testenv.SQLite:
		var at time.Time
		if _, err = db.Exec("CREATE TABLE IF NOT EXISTS zone_probe (t DATETIME)"); err == nil {
			_, err = db.Exec("INSERT INTO zone_probe VALUES ('2025-01-01 00:00:00+00:00')")
		}
		if err == nil {
			err = db.QueryRow("SELECT t FROM zone_probe LIMIT 1").Scan(&at)
		}
		s = at.Location().String()
	case testenv.Postgres:
		err = db.QueryRow("SELECT current_setting('TimeZone')").Scan(&s)
	case testenv.MySQL:
		err = db.QueryRow("SELECT @@session.time_zone").Scan(&s)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// withParam appends the query parameter p to a URL or DSN.
func withParam(s, p string) string {
	for i := range len(s) {
		if s[i] == '?' {
			return s + "&" + p
		}
	}
	return s + "?" + p
}

// TestTimesUTCWhateverTheDriverLoc (issue 12): go-sql-driver/mysql converts
// a time.Time parameter to its loc before sending it, and reads DATETIME
// and DATE values as wall clocks in loc. A connection opened with
// parseTime and a loc far from UTC (America/St_Johns, -03:30 in winter)
// must still store the UTC wall clock — what Django stores and what a
// connection with the default loc=UTC reads — and the calendar date given,
// not the day before, and read both back unchanged. Also with parseTime
// off, where the driver returns text.
func TestTimesUTCWhateverTheDriverLoc(t *testing.T) {
	testenv.RunOn(t, []string{testenv.MySQL}, func(t *testing.T, b *testenv.Backend) {
		fresh := b.Fresh(t)
		params := []struct{ name, p string }{
			{"loc", "parseTime=true&loc=America%2FSt_Johns"},
			{"text", "parseTime=false&loc=America%2FSt_Johns"},
		}
		for _, p := range params {
			ways := []struct{ name, driver, dsn string }{
				{"bare", fresh.DriverName, withParam(fresh.DSN, p.p)},
				{"sqlorm", "sqlorm", withParam(fresh.URL, p.p)},
			}
			for _, w := range ways {
				t.Run(p.name+"/"+w.name, func(t *testing.T) {
					ctx := context.Background()
					db, err := sql.Open(w.driver, w.dsn)
					if err != nil {
						t.Fatal(err)
					}
					defer db.Close()
					must(t, orm.Migrate[ZonedEvent](ctx, db))
					E := func() *orm.QuerySet[ZonedEvent] { return orm.Objects[ZonedEvent](db) }
					at := time.Date(2025, 1, 15, 1, 30, 0, 123456000, time.UTC) // Jan 14 in St. John's
					day := time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)
					e := &ZonedEvent{Name: p.name + w.name, At: at, Day: day}
					must(t, E().Create(ctx, e))

					var rawAt, rawDay string
					if err := fresh.OpenDirect(t).QueryRowContext(ctx,
						"SELECT CAST(at AS CHAR), CAST(day AS CHAR) FROM zoned_event WHERE id = ?", e.ID).Scan(&rawAt, &rawDay); err != nil {
						t.Fatal(err)
					}
					if rawAt != "2025-01-15 01:30:00.123456" || rawDay != "2025-03-10" {
						t.Errorf("stored at=%q day=%q, want the UTC wall clock 2025-01-15 01:30:00.123456 and the date 2025-03-10", rawAt, rawDay)
					}
					got, err := E().Get(ctx, orm.Q{"pk": e.ID})
					must(t, err)
					if !got.At.Equal(at) || got.At.Location() != time.UTC {
						t.Errorf("At reads %v, want %v", got.At, at)
					}
					if !got.Day.Equal(day) {
						t.Errorf("Day reads %v, want %v", got.Day, day)
					}
					for _, q := range []orm.Q{{"at": at}, {"day": day}, {"at__date": day.AddDate(0, 0, -54)}, {"at__gte": at, "at__lt": at.Add(time.Second)}} {
						if n, err := E().Filter(orm.Q{"pk": e.ID}, q).Count(ctx); err != nil || n != 1 {
							t.Errorf("Filter(%v): %d rows, %v; want 1", q, n, err)
						}
					}
					agg, err := E().Filter(orm.Q{"pk": e.ID}).Aggregate(ctx, orm.Max("at"), orm.Min("day"))
					must(t, err)
					if !agg["at__max"].(time.Time).Equal(at) || !agg["day__min"].(time.Time).Equal(day) {
						t.Errorf("Aggregate: %v, want at__max=%v day__min=%v", agg, at, day)
					}
					raw, err := orm.Raw[ZonedEvent](db, "SELECT * FROM zoned_event WHERE id = ?", e.ID).All(ctx)
					must(t, err)
					if len(raw) != 1 || !raw[0].At.Equal(at) {
						t.Errorf("Raw: %v, want At=%v", raw, at)
					}
					vals, err := E().Filter(orm.Q{"pk": e.ID}).Values("at", "day").All(ctx)
					must(t, err)
					if len(vals) != 1 || !vals[0]["at"].(time.Time).Equal(at) || !vals[0]["day"].(time.Time).Equal(day) {
						t.Errorf("Values: %v, want at=%v day=%v", vals, at, day)
					}
				})
			}
		}
	})
}
