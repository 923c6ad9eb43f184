package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// recDriver is a database/sql driver that records every statement and its
// arguments and answers with canned results: LastInsertId 1, RowsAffected
// 1, and for queries the rows the test queued (else: one row holding 1 for
// COUNT, RETURNING and catalog queries; no rows otherwise). It lets the
// golden tests capture the exact (query, args) the ORM sends for each
// dialect without a server.
type recDriver struct{}

type recorder struct {
	mu      sync.Mutex
	stmts   []recStmt
	results [][][]driver.Value // queued query results, FIFO
}

type recStmt struct {
	query string
	args  []any
}

var (
	recMu   sync.Mutex
	recByDS = map[string]*recorder{}
	recSeq  int
)

func init() { sql.Register("orm-recorder", recDriver{}) }

// openRecorder returns a *sql.DB whose statements land in the returned
// recorder.
func openRecorder(t testing.TB) (*sql.DB, *recorder) {
	recMu.Lock()
	recSeq++
	dsn := fmt.Sprintf("rec-%d", recSeq)
	r := &recorder{}
	recByDS[dsn] = r
	recMu.Unlock()
	db, err := sql.Open("orm-recorder", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db, r
}

func (r *recorder) take() []recStmt {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.stmts
	r.stmts = nil
	return s
}

// queue makes the next query return rows.
func (r *recorder) queue(rows ...[]driver.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.results = append(r.results, rows)
}

func (recDriver) Open(dsn string) (driver.Conn, error) {
	recMu.Lock()
	defer recMu.Unlock()
	return &recConn{r: recByDS[dsn]}, nil
}

type recConn struct{ r *recorder }

func (c *recConn) Prepare(string) (driver.Stmt, error) { return nil, driver.ErrSkip }
func (c *recConn) Close() error                        { return nil }
func (c *recConn) Begin() (driver.Tx, error)           { return recTx{}, nil }
func (c *recConn) CheckNamedValue(*driver.NamedValue) error {
	return nil // keep every argument exactly as the ORM passed it
}

type recTx struct{}

func (recTx) Commit() error   { return nil }
func (recTx) Rollback() error { return nil }

func (c *recConn) record(query string, args []driver.NamedValue) {
	s := recStmt{query: query}
	for _, a := range args {
		if o, ok := a.Value.(sql.Out); ok {
			if p, ok := o.Dest.(*int64); ok {
				*p = 1
			}
		}
		s.args = append(s.args, a.Value)
	}
	c.r.mu.Lock()
	c.r.stmts = append(c.r.stmts, s)
	c.r.mu.Unlock()
}

func (c *recConn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.record(query, args)
	return recResult{}, nil
}

type recResult struct{}

func (recResult) LastInsertId() (int64, error) { return 1, nil }
func (recResult) RowsAffected() (int64, error) { return 1, nil }

func (c *recConn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.record(query, args)
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	if len(c.r.results) > 0 {
		rows := c.r.results[0]
		c.r.results = c.r.results[1:]
		return &recRows{rows: rows}, nil
	}
	if strings.Contains(query, "COUNT(") || strings.Contains(query, " RETURNING ") || !strings.HasPrefix(strings.TrimPrefix(query, "SELECT DISTINCT "), "SELECT \"") && !strings.HasPrefix(strings.TrimPrefix(query, "SELECT DISTINCT "), "SELECT `") && !strings.HasPrefix(query, "SELECT DISTINCT ") {
		return &recRows{rows: [][]driver.Value{{int64(1)}}}, nil
	}
	return &recRows{}, nil
}

type recRows struct {
	rows [][]driver.Value
	i    int
}

func (r *recRows) Columns() []string {
	if len(r.rows) == 0 {
		return []string{"x"}
	}
	cols := make([]string, len(r.rows[0]))
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d", i)
	}
	return cols
}
func (r *recRows) Close() error { return nil }
func (r *recRows) Next(dest []driver.Value) error {
	if r.i >= len(r.rows) {
		return io.EOF
	}
	copy(dest, r.rows[r.i])
	r.i++
	return nil
}

var (
	_ driver.ExecerContext     = (*recConn)(nil)
	_ driver.QueryerContext    = (*recConn)(nil)
	_ driver.NamedValueChecker = (*recConn)(nil)
)
