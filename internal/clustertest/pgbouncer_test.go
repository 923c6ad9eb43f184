package clustertest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// Account is the table of the PgBouncer workload.
type Account struct {
	orm.Model
	Owner   string
	Balance int64
}

// pgbouncerDB makes a database of its own behind PgBouncer (which forwards
// every database name) and returns its URL with the options of rawURL.
func pgbouncerDB(t *testing.T, rawURL string) string {
	t.Helper()
	admin := open(t, rawURL)
	name := testenv.NamePrefix + strings.ReplaceAll(strings.ToLower(t.Name()), "/", "_")
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestPgBouncerTransactionMode: 8 goroutines × 500 mixed ORM operations
// (create, get, filter and count, update, delete, an Atomic block with
// two statements, a statement_timeout in force, health checks and a max
// age recycling connections) through PgBouncer in transaction mode, with
// the URL the README gives: zero errors, and the balances add up.
func TestPgBouncerTransactionMode(t *testing.T) {
	base := testenv.Component(t, testenv.PgBouncer)[0]
	// Health checks and a short max age, so both run during the workload:
	// they apply to the client connections to PgBouncer.
	u := pgbouncerDB(t, base+"&statement_timeout=5s&health_checks=true&conn_max_age=500ms")
	db := open(t, u)
	db.SetMaxOpenConns(16)
	ctx := context.Background()
	if err := orm.Migrate[Account](ctx, db); err != nil {
		t.Fatal(err)
	}
	const workers, ops = 8, 500
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- workload(ctx, db, w, ops)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	st, err := driver.Stats(db)
	if err != nil {
		t.Fatal(err)
	}
	if st.HealthChecks == 0 || st.ClosedForAge == 0 || st.FailedHealthChecks != 0 {
		t.Errorf("pool stats %+v: want health checks run, connections closed for age, no failed check", st)
	}
	total, err := orm.Objects[Account](db).Aggregate(ctx, orm.Sum("balance"))
	if err != nil {
		t.Fatal(err)
	}
	// Each worker keeps one account whose balance ends at ops/5*10.
	if got, want := fmt.Sprint(total["balance__sum"]), fmt.Sprint(workers*ops/5*10); got != want {
		t.Fatalf("sum of balances = %s, want %s", got, want)
	}
}

// workload runs ops operations, five kinds in turn, for worker w.
func workload(ctx context.Context, db orm.DB, w, ops int) error {
	owner := fmt.Sprintf("w%d", w)
	keep := &Account{Owner: owner}
	if err := orm.Objects[Account](db).Create(ctx, keep); err != nil {
		return fmt.Errorf("worker %d: create: %w", w, err)
	}
	for i := 0; i < ops; i++ {
		var err error
		switch i % 5 {
		case 0: // an Atomic block: read, then update
			err = orm.Atomic(ctx, db, func(ctx context.Context) error {
				a, err := orm.Objects[Account](db).Get(ctx, orm.Q{"id": keep.ID})
				if err != nil {
					return err
				}
				_, err = orm.Objects[Account](db).Filter(orm.Q{"id": a.ID}).Update(ctx, orm.Set{"balance": a.Balance + 10})
				return err
			})
		case 1:
			tmp := &Account{Owner: owner + "-tmp", Balance: 0}
			if err = orm.Objects[Account](db).Create(ctx, tmp); err == nil {
				err = orm.Delete(ctx, db, tmp)
			}
		case 2:
			_, err = orm.Objects[Account](db).Filter(orm.Q{"owner": owner}).Count(ctx)
		case 3:
			_, err = orm.Objects[Account](db).Filter(orm.Q{"owner__startswith": "w"}).OrderBy("-id").Limit(5).All(ctx)
		case 4:
			_, err = orm.Objects[Account](db).Get(ctx, orm.Q{"id": keep.ID})
		}
		if err != nil {
			return fmt.Errorf("worker %d: op %d: %w", w, i, err)
		}
	}
	return nil
}

// TestPgBouncerSessionState: behind PgBouncer with pooler=transaction,
// statement_timeout holds inside every transaction (SET LOCAL) and does
// not leak into the pooled server sessions that other clients share; a
// search_path in the URL is refused rather than lost.
func TestPgBouncerSessionState(t *testing.T) {
	base := testenv.Component(t, testenv.PgBouncer)[0]
	u := pgbouncerDB(t, base)
	limited := open(t, u+"&statement_timeout=300ms")
	plain := open(t, u)
	ctx := context.Background()
	show := func(ctx context.Context, db orm.DB) string {
		t.Helper()
		rows, err := orm.ExecuteRawSQL(ctx, db, "SHOW statement_timeout")
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(rows[0][0])
	}
	err := orm.Atomic(ctx, limited, func(ctx context.Context) error {
		if got := show(ctx, limited); got != "300ms" {
			return fmt.Errorf("statement_timeout in a transaction = %s, want 300ms", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = orm.Atomic(ctx, limited, func(ctx context.Context) error {
		_, err := orm.ExecuteRawSQL(ctx, limited, "SELECT pg_sleep(2)")
		return err
	})
	if !dialect.IsStatementTimeout(err) {
		t.Fatalf("a 2s statement under a 300ms limit: %v, want a statement timeout", err)
	}
	for range 20 { // the server sessions the limited client used
		if got := show(ctx, plain); got != "0" {
			t.Fatalf("another client's session has statement_timeout = %s: it leaked", got)
		}
	}
	db, err := sql.Open("sqlorm", u+"&search_path=elsewhere")
	if err == nil {
		err = db.PingContext(ctx)
		db.Close()
	}
	if !errors.Is(err, driver.ErrConfig) {
		t.Fatalf("search_path with pooler=transaction: %v, want driver.ErrConfig", err)
	}
}
