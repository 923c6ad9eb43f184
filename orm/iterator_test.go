package orm_test

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// Event is a narrow model for streaming a large table.
type Event struct {
	orm.Model
	N     int64
	Label string `orm:"max_length=20"`
}

// TestIteratorConstantMemory streams one million rows from SQLite with
// Iterator and samples the heap while it does: HeapInuse must stay within
// a few megabytes of where it started, far below what the rows would take
// in a slice (tens of megabytes).
func TestIteratorConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("one million rows; skipped with -short")
	}
	const rows = 1_000_000
	b := testenv.Lookup(t, testenv.SQLite)
	fresh := b.Fresh(t)
	db, err := fresh.Open() // SQLORM_TEST_OPEN: sqlorm or bare
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	must(t, orm.Migrate[Event](ctx, db))
	_, err = orm.Exec(ctx, db, `INSERT INTO "event" ("n", "label")
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
		SELECT x, 'event ' || x FROM c`, rows)
	must(t, err)

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	peak := base
	var n, sum int64
	for e, err := range orm.Objects[Event](db).OrderBy("id").Iterator(ctx, 1000) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		sum += e.N
		if e.N != e.ID || len(e.Label) < 7 {
			t.Fatalf("row %d: %+v", n, e)
		}
		if n%50_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if n != rows || sum != rows*(rows+1)/2 {
		t.Fatalf("read %d rows, sum %d", n, sum)
	}
	growth := int64(peak) - int64(base)
	t.Logf("HeapInuse: %.1f MB before, peak %.1f MB while streaming %d rows (+%.1f MB)",
		float64(base)/1e6, float64(peak)/1e6, rows, float64(growth)/1e6)
	// A []Event of a million rows needs about 40 MB (32 bytes of struct
	// and a string of 12 bytes each); streaming must stay far below.
	if growth > 16<<20 {
		t.Fatalf("heap grew by %d bytes while streaming: not constant memory", growth)
	}
}

// TestIterator checks the Iterator's contract on every backend: ordering,
// early break, errors, and no statement for an empty result or a bad
// chunk size.
func TestIterator(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newQSFixture(t, b)
		P := orm.Objects[Product](f.db)
		var names []string
		for p, err := range P.OrderBy("-price").Iterator(f.ctx, 2) {
			must(t, err)
			names = append(names, p.Name)
		}
		if len(names) != 4 || names[0] != "Gadget" || names[3] != "Widget" {
			t.Fatalf("names %q", names)
		}
		n := 0
		for _, err := range P.Iterator(f.ctx, 10) {
			must(t, err)
			n++
			if n == 2 {
				break
			}
		}
		// The connection went back to the pool: a later query works.
		if c, err := P.Count(f.ctx); err != nil || c != 4 {
			t.Fatalf("after break: %d %v", c, err)
		}
		only := 0
		for p, err := range P.Only("name").Filter(orm.Q{"category__name": "Books"}).Iterator(f.ctx, 1) {
			must(t, err)
			if p.Name == "" || !p.Price.IsZero() {
				t.Fatalf("Only: %+v", p)
			}
			only++
		}
		if only != 2 {
			t.Fatalf("Only yielded %d", only)
		}
		for _, bad := range []struct {
			qs    *orm.QuerySet[Product]
			chunk int
		}{{P, 0}, {P, -5}, {P.Filter(orm.Q{"nope": 1}), 10}} {
			calls := 0
			for _, err := range bad.qs.Iterator(f.ctx, bad.chunk) {
				calls++
				if !errors.Is(err, orm.ErrInvalidQuery) {
					t.Fatalf("chunk %d: %v", bad.chunk, err)
				}
			}
			if calls != 1 {
				t.Fatalf("chunk %d: %d yields", bad.chunk, calls)
			}
		}
		for range P.Filter(orm.Q{"pk__in": []int{}}).Iterator(f.ctx, 5) {
			t.Fatal("yielded a row for an empty in")
		}
	})
}

// TestIteratorPrefetchBoundedMemory streams 200,000 authors with their
// posts prefetched per chunk of 1000 from SQLite and samples the heap:
// it must stay within a few megabytes of where it started, far below the
// tens of megabytes All would hold.
func TestIteratorPrefetchBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("200,000 rows; skipped with -short")
	}
	const rows = 200_000
	b := testenv.Lookup(t, testenv.SQLite)
	fresh := b.Fresh(t)
	db, err := fresh.Open() // SQLORM_TEST_OPEN: sqlorm or bare
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	must(t, orm.Migrate[Author](ctx, db))
	must(t, orm.Migrate[Post](ctx, db))
	_, err = orm.Exec(ctx, db, `INSERT INTO "author" ("name")
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
		SELECT 'author ' || x FROM c`, rows)
	must(t, err)
	_, err = orm.Exec(ctx, db, `INSERT INTO "post" ("title", "author_id", "score")
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
		SELECT 'post ' || x, x, x FROM c`, rows)
	must(t, err)

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	peak := base
	n := 0
	for a, err := range orm.Objects[Author](db).PrefetchRelated("post").OrderBy("id").Iterator(ctx, 1000) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		ps, ok := a.Posts.Loaded()
		if !ok || len(ps) != 1 || ps[0].Score != a.ID {
			t.Fatalf("author %d: posts %v %v", a.ID, ps, ok)
		}
		if n%20_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if n != rows {
		t.Fatalf("read %d authors", n)
	}
	growth := int64(peak) - int64(base)
	t.Logf("HeapInuse: %.1f MB before, peak %.1f MB while streaming %d authors with their posts (+%.1f MB)",
		float64(base)/1e6, float64(peak)/1e6, rows, float64(growth)/1e6)
	// All holds the 200,000 authors and their posts in about 55 MB.
	if growth > 16<<20 {
		t.Fatalf("heap grew by %d bytes while streaming: not bounded by the chunk", growth)
	}
}
