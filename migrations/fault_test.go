package migrations

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
)

// errInjected is the fault: not driver.ErrBadConn, so database/sql does
// not retry it.
var errInjected = errors.New("injected fault")

// faulty is a connector whose connections fail the n-th Exec (counting
// from 1 across all of them) once; 0 never fails.
type faulty struct {
	inner driver.Connector
	n     int64
	execs atomic.Int64
}

func (f *faulty) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := f.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &faultyConn{Conn: c, f: f}, nil
}

func (f *faulty) Driver() driver.Driver { return f.inner.Driver() }

type faultyConn struct {
	driver.Conn
	f *faulty
}

var (
	_ driver.ExecerContext      = (*faultyConn)(nil)
	_ driver.QueryerContext     = (*faultyConn)(nil)
	_ driver.ConnBeginTx        = (*faultyConn)(nil)
	_ driver.ConnPrepareContext = (*faultyConn)(nil)
)

func (c *faultyConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if n := c.f.execs.Add(1); n == c.f.n {
		return nil, fmt.Errorf("%w at exec %d: %s", errInjected, n, q)
	}
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *faultyConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *faultyConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *faultyConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

func connector(t *testing.T, d *testenv.Database) driver.Connector {
	t.Helper()
	plain, err := sql.Open(d.DriverName, d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	dc, ok := plain.Driver().(driver.DriverContext)
	if !ok {
		return dsnConnector{plain.Driver(), d.DSN}
	}
	c, err := dc.OpenConnector(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var stateQueries atomic.Int64

// dsnConnector is a connector for a driver without one (go-sqlite3).
type dsnConnector struct {
	d   driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

type tableState struct {
	schema dialect.Table
	rows   string
}

func stateOf(t *testing.T, ctx context.Context, db *sql.DB, d dialect.Dialect, table string) tableState {
	t.Helper()
	s, err := introspect.Table(ctx, db, table)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range s.Columns {
		b.WriteString(c.Name + ",")
	}
	// A new text each time: pgx caches statements by text, and a cached
	// SELECT fails once its column types change.
	rows, err := db.QueryContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s ORDER BY 1 /* %d */", quote(d, "id"), quote(d, "name"), quote(d, table), stateQueries.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name sql.NullString
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d=%v:%s;", id, name.Valid, name.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return tableState{s, b.String()}
}

// TestRecreateTableFaultInjection is MIG-03: for N = 1, 2, ... the N-th
// Exec of RecreateTable fails. After each N the table is either wholly
// rewritten or exactly as before (schema and rows), Recover leaves no
// scratch table, and the rewrite then succeeds without faults. The loop
// ends at the first N past the last Exec.
func TestRecreateTableFaultInjection(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		old := dialect.Table{Name: "fi", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "name", Kind: dialect.KindChar, Length: 50, Null: true},
		}, Indexes: []dialect.Index{{Columns: []string{"name"}}}}
		ref := dialect.Table{Name: "ref", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "fi_id", Kind: dialect.KindBigInt},
		}, ForeignKeys: []dialect.ForeignKey{{Columns: []string{"fi_id"}, RefTable: "fi", RefColumns: []string{"id"}}}}
		nt := old
		nt.Columns = []dialect.Column{old.Columns[0], {Name: "name", Kind: dialect.KindChar, Length: 80}}
		nt.Indexes = []dialect.Index{{Columns: []string{"name"}, Unique: true}}

		var wantNew tableState
		for n := int64(1); ; n++ {
			if n > 60 {
				t.Fatal("the rewrite never got past its faults")
			}
			database := b.Fresh(t)
			f := &faulty{inner: connector(t, database)}
			db := sql.OpenDB(f)
			d, err := dialect.Detect(database.OpenDirect(t))
			if err != nil {
				t.Fatal(err)
			}
			ctx := introspect.WithDialect(context.Background(), d)
			for _, tb := range []dialect.Table{old, ref} {
				stmts, err := d.CreateTable(tb)
				if err != nil {
					t.Fatal(err)
				}
				if err := exec(ctx, db, stmts...); err != nil {
					t.Fatal(err)
				}
			}
			for i := 1; i <= 50; i++ {
				if err := exec(ctx, db, fmt.Sprintf("INSERT INTO fi (id, name) VALUES (%d, 'n%d')", i, i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := exec(ctx, db, "INSERT INTO ref (id, fi_id) VALUES (1, 7)"); err != nil {
				t.Fatal(err)
			}
			before := stateOf(t, ctx, db, d, "fi")

			f.n = f.execs.Load() + n
			err = RecreateTable(ctx, db, nt, []string{"id", "name"})
			injected := f.execs.Load() >= f.n
			f.n = 0
			if _, rerr := Recover(ctx, db); rerr != nil {
				t.Fatalf("N=%d: Recover: %v", n, rerr)
			}
			after := stateOf(t, ctx, db, d, "fi")
			switch {
			case !injected:
				if err != nil {
					t.Fatalf("N=%d: no fault was injected, yet: %v", n, err)
				}
				if !reflect.DeepEqual(after, wantNew) {
					t.Errorf("N=%d: the fault-free rewrite differs from the recovered ones:\n%+v\n%+v", n, after, wantNew)
				}
				t.Logf("%s: %d Execs, every one failed once: the table was always whole", b.Name, n-1)
				_ = db.Close()
				return
			case err == nil:
				// A fault the rewrite recovered from: on MySQL a failed
				// UNLOCK after the swap has queued is retried and the swap
				// completes (which Exec the fault hits depends on whether
				// the second session's swap or the unlock is counted first).
				// Then the new table must be whole.
				if after.schema.Column("name").Length != 80 || after.rows[strings.Index(after.rows, "1="):] != before.rows[strings.Index(before.rows, "1="):] {
					t.Fatalf("N=%d: the fault was swallowed and the table is not the new one whole:\nbefore %+v\nafter  %+v", n, before, after)
				}
				t.Logf("N=%d: the rewrite recovered from its fault", n)
			case !reflect.DeepEqual(after, before):
				// Past the point of no return (the swap on MySQL): the
				// new table must be complete, rows included.
				if after.schema.Column("name").Length != 80 || after.rows[strings.Index(after.rows, "1="):] != before.rows[strings.Index(before.rows, "1="):] {
					t.Errorf("N=%d: neither the old table nor the new one: %v\nbefore %+v\nafter  %+v", n, err, before, after)
				}
			}
			if !errors.Is(err, errInjected) {
				t.Errorf("N=%d: the error does not wrap the fault: %v", n, err)
			}
			// The next run without faults succeeds.
			if err := RecreateTable(ctx, db, nt, []string{"id", "name"}); err != nil {
				t.Fatalf("N=%d: the rewrite after the fault: %v", n, err)
			}
			wantNew = stateOf(t, ctx, db, d, "fi")
			if fks, err := introspect.ForeignKeys(ctx, db, "ref"); err != nil || len(fks) != 1 {
				t.Errorf("N=%d: ref's foreign keys afterwards: %+v %v", n, fks, err)
			}
			_ = db.Close()
		}
	})
}
