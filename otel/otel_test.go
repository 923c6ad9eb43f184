package sqlormotel_test

import (
	"context"
	"database/sql"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	sqlormotel "github.com/sqlorm/sqlorm/otel"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// rig is one traced database with an in-memory span recorder and a manual
// metric reader.
type rig struct {
	db     *sql.DB
	cfg    driver.Config
	fresh  *testenv.Database
	spans  *tracetest.SpanRecorder
	tp     *sdktrace.TracerProvider
	reader *sdkmetric.ManualReader
	mp     *sdkmetric.MeterProvider
}

func newRig(t *testing.T, b *testenv.Backend, opts ...sqlormotel.Option) *rig {
	t.Helper()
	fresh := b.Fresh(t)
	cfg, err := driver.ParseURL(fresh.URL)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{cfg: cfg, fresh: fresh, spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	r.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	r.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	opts = append([]sqlormotel.Option{sqlormotel.WithTracerProvider(r.tp), sqlormotel.WithMeterProvider(r.mp)}, opts...)
	r.db, err = sqlormotel.OpenDB(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.db.Close() })
	return r
}

// byName returns the ended spans called name.
func (r *rig) byName(name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range r.spans.Ended() {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

func (r *rig) names() string {
	var n []string
	for _, s := range r.spans.Ended() {
		n = append(n, s.Name())
	}
	return strings.Join(n, ", ")
}

// one returns the only ended span called name, failing otherwise.
func (r *rig) one(t *testing.T, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	s := r.byName(name)
	if len(s) != 1 {
		t.Fatalf("want 1 span %q, got %d; spans: %s", name, len(s), r.names())
	}
	return s[0]
}

func attr(s sdktrace.ReadOnlySpan, key string) (attribute.Value, bool) {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func wantAttr(t *testing.T, s sdktrace.ReadOnlySpan, key string, want any) {
	t.Helper()
	v, ok := attr(s, key)
	if !ok {
		t.Errorf("span %q: no attribute %s (has %v)", s.Name(), key, s.Attributes())
		return
	}
	if got := v.AsInterface(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("span %q: %s = %v, want %v", s.Name(), key, got, want)
	}
}

var wantSystem = map[string]string{testenv.SQLite: "sqlite", testenv.Postgres: "postgresql", testenv.MySQL: "mysql"}

func TestStatementSpans(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		r := newRig(t, b)
		ctx := context.Background()
		d := mustDialect(t, r.cfg)
		ph := func(i int) string { return d.Placeholder(i) }
		mustExec(t, r.db, "CREATE TABLE otel_item (id INTEGER PRIMARY KEY, name VARCHAR(50))")
		insert := "INSERT INTO otel_item (id, name) VALUES (" + ph(1) + ", " + ph(2) + ")"
		mustExec(t, r.db, insert, 1, "secret-name")
		mustExec(t, r.db, insert, 2, "other")
		update := "UPDATE otel_item SET name = " + ph(1)
		mustExec(t, r.db, update, "x")
		var n int
		if err := r.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM otel_item").Scan(&n); err != nil || n != 2 {
			t.Fatalf("count: %d, %v", n, err)
		}
		if _, err := r.db.ExecContext(ctx, "SELECT * FROM otel_missing"); err == nil {
			t.Fatal("select from a missing table succeeded")
		}

		create := r.one(t, "CREATE TABLE otel_item")
		wantAttr(t, create, "db.operation.name", "CREATE")

		ins := r.byName("INSERT otel_item")
		if len(ins) != 2 {
			// MySQL answers a statement with arguments with driver.ErrSkip
			// first: that attempt must not become a span.
			t.Fatalf("want 2 INSERT spans, got %d; spans: %s", len(ins), r.names())
		}
		s := ins[0]
		if s.SpanKind() != trace.SpanKindClient {
			t.Errorf("kind %v, want client", s.SpanKind())
		}
		wantAttr(t, s, "db.system.name", wantSystem[b.Name])
		wantAttr(t, s, "db.query.text", insert)
		wantAttr(t, s, "db.query.summary", "INSERT otel_item")
		wantAttr(t, s, "db.operation.name", "INSERT")
		wantAttr(t, s, "sqlorm.rows_affected", 1)
		if b.Name != testenv.SQLite {
			wantAttr(t, s, "server.address", "127.0.0.1")
			// PostgreSQL tests get a schema in database test, MySQL
			// tests a database of their own.
			ns := "test"
			if b.Name == testenv.MySQL {
				ns = r.fresh.Name
			}
			wantAttr(t, s, "db.namespace", ns)
			if _, ok := attr(s, "server.port"); !ok {
				t.Errorf("no server.port on %v", s.Attributes())
			}
		} else if _, ok := attr(s, "server.address"); ok {
			t.Errorf("SQLite span has server.address: %v", s.Attributes())
		}
		for _, kv := range s.Attributes() {
			if strings.HasPrefix(string(kv.Key), "db.query.parameter") || strings.Contains(kv.Value.String(), "secret-name") {
				t.Errorf("argument recorded without WithQueryParameters: %s=%s", kv.Key, kv.Value.String())
			}
		}
		if s.Status().Code != codes.Unset || s.EndTime().Before(s.StartTime()) {
			t.Errorf("status %v, start %v end %v", s.Status(), s.StartTime(), s.EndTime())
		}
		wantAttr(t, r.one(t, "UPDATE otel_item"), "sqlorm.rows_affected", 2)
		sel := r.one(t, "SELECT otel_item")
		if _, ok := attr(sel, "sqlorm.rows_affected"); ok {
			t.Errorf("query span has rows affected")
		}

		bad := r.one(t, "SELECT otel_missing")
		if bad.Status().Code != codes.Error || bad.Status().Description == "" {
			t.Errorf("failed statement status %+v, want Error with message", bad.Status())
		}
		if _, ok := attr(bad, "error.type"); !ok {
			t.Errorf("failed statement has no error.type: %v", bad.Attributes())
		}
		wantAttr(t, bad, "db.response.status_code", map[string]string{testenv.SQLite: "1", testenv.Postgres: "42P01", testenv.MySQL: "1146"}[b.Name])
		if !slices.ContainsFunc(bad.Events(), func(e sdktrace.Event) bool { return e.Name == "exception" }) {
			t.Errorf("failed statement has no exception event: %v", bad.Events())
		}

		// The stable duration histogram saw every statement.
		var rm metricdata.ResourceMetrics
		if err := r.reader.Collect(ctx, &rm); err != nil {
			t.Fatal(err)
		}
		h := findMetric(rm, "db.client.operation.duration")
		if h == nil {
			t.Fatal("no db.client.operation.duration")
		}
		var total uint64
		for _, p := range h.Data.(metricdata.Histogram[float64]).DataPoints {
			total += p.Count
		}
		if total != 6 {
			t.Errorf("db.client.operation.duration counted %d statements, want 6", total)
		}
	})
}

func TestQueryParameters(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		r := newRig(t, b, sqlormotel.WithQueryParameters(4))
		d := mustDialect(t, r.cfg)
		mustExec(t, r.db, "CREATE TABLE otel_p (id INTEGER, name VARCHAR(50))")
		mustExec(t, r.db, "INSERT INTO otel_p (id, name) VALUES ("+d.Placeholder(1)+", "+d.Placeholder(2)+")", 7, "abcdefgh")
		s := r.one(t, "INSERT otel_p")
		wantAttr(t, s, "db.query.parameter.0", "7")
		wantAttr(t, s, "db.query.parameter.1", "abcd…")
	})
}

func TestTransactionSpans(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		r := newRig(t, b)
		mustExec(t, r.db, "CREATE TABLE otel_tx (id INTEGER)")
		ctx, req := r.tp.Tracer("test").Start(context.Background(), "request")

		tx, err := r.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO otel_tx (id) VALUES (1)"); err != nil {
			t.Fatal(err)
		}
		// A statement under a span of its own keeps that parent.
		inner, own := r.tp.Tracer("test").Start(ctx, "own")
		if _, err := tx.ExecContext(inner, "DELETE FROM otel_tx WHERE id = 2"); err != nil {
			t.Fatal(err)
		}
		own.End()
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		tx, err = r.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE otel_tx SET id = 3"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		req.End()

		txs := r.byName(sqlormotel.TxSpanName)
		if len(txs) != 2 {
			t.Fatalf("want 2 transaction spans, got %d; spans: %s", len(txs), r.names())
		}
		for i, want := range []string{"commit", "rollback"} {
			s := txs[i]
			wantAttr(t, s, "sqlorm.transaction.outcome", want)
			wantAttr(t, s, "db.system.name", wantSystem[b.Name])
			if s.Parent().SpanID() != req.SpanContext().SpanID() {
				t.Errorf("transaction %d: parent %v, want the request span", i, s.Parent().SpanID())
			}
		}
		for name, want := range map[string]trace.SpanContext{
			"INSERT otel_tx": txs[0].SpanContext(),
			"DELETE otel_tx": own.SpanContext(),
			"UPDATE otel_tx": txs[1].SpanContext(),
		} {
			s := r.one(t, name)
			if s.Parent().SpanID() != want.SpanID() {
				t.Errorf("%s: parent %v, want %v", name, s.Parent().SpanID(), want.SpanID())
			}
			if s.StartTime().Before(txsFor(txs, s).StartTime()) && name != "DELETE otel_tx" {
				t.Errorf("%s starts before its transaction", name)
			}
		}
		// Statements outside any transaction have the context's parent.
		if p := r.one(t, "CREATE TABLE otel_tx").Parent(); p.IsValid() {
			t.Errorf("CREATE outside a transaction has parent %v", p.SpanID())
		}
	})
}

func txsFor(txs []sdktrace.ReadOnlySpan, s sdktrace.ReadOnlySpan) sdktrace.ReadOnlySpan {
	for _, tx := range txs {
		if tx.SpanContext().SpanID() == s.Parent().SpanID() {
			return tx
		}
	}
	return txs[0]
}

func TestPoolMetrics(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		r := newRig(t, b, sqlormotel.WithPoolName("main"))
		r.db.SetMaxOpenConns(3)
		reg, err := sqlormotel.RegisterMetrics(r.db, r.cfg, sqlormotel.WithMeterProvider(r.mp), sqlormotel.WithPoolName("main"))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = reg.Unregister() }()
		ctx := context.Background()
		conn, err := r.db.Conn(ctx) // one connection in use
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := conn.PingContext(ctx); err != nil {
			t.Fatal(err)
		}

		var rm metricdata.ResourceMetrics
		if err := r.reader.Collect(ctx, &rm); err != nil {
			t.Fatal(err)
		}
		count := findMetric(rm, sqlormotel.MetricConnectionCount)
		if count == nil {
			t.Fatalf("no %s", sqlormotel.MetricConnectionCount)
		}
		states := map[string]int64{}
		for _, p := range count.Data.(metricdata.Sum[int64]).DataPoints {
			st, _ := p.Attributes.Value("db.client.connection.state")
			pool, _ := p.Attributes.Value("db.client.connection.pool.name")
			if pool.AsString() != "main" {
				t.Errorf("pool name %q, want main", pool.AsString())
			}
			states[st.AsString()] = p.Value
		}
		if states["used"] != 1 {
			t.Errorf("connections in use %d, want 1 (%v)", states["used"], states)
		}
		if _, ok := states["idle"]; !ok {
			t.Errorf("no idle point: %v", states)
		}
		if v := sumValue(t, rm, sqlormotel.MetricConnectionMax); v != 3 {
			t.Errorf("%s = %d, want 3", sqlormotel.MetricConnectionMax, v)
		}
		if v := sumValue(t, rm, sqlormotel.MetricOpened); v < 1 {
			t.Errorf("%s = %d, want >= 1", sqlormotel.MetricOpened, v)
		}
		if m := findMetric(rm, sqlormotel.MetricFailedHealthChecks); m == nil {
			t.Errorf("no %s", sqlormotel.MetricFailedHealthChecks)
		}
	})
}

func TestRegisterMetricsNotSqlorm(t *testing.T) {
	db, err := sql.Open(testenv.DriverSQLite, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg, err := driver.ParseURL("sqlite::memory:")
	if err != nil {
		t.Fatal(err)
	}
	_, err = sqlormotel.RegisterMetrics(db, cfg, sqlormotel.WithMeterProvider(sdkmetric.NewMeterProvider()))
	if !errors.Is(err, driver.ErrNotSqlorm) {
		t.Fatalf("err = %v, want driver.ErrNotSqlorm", err)
	}
}

func TestNewHookBadConfig(t *testing.T) {
	_, err := sqlormotel.NewHook(driver.Config{URL: "postgres://h/db"})
	if err == nil || !strings.Contains(err.Error(), "driver.ParseURL") {
		t.Fatalf("err = %v, want one naming driver.ParseURL", err)
	}
}

func TestMariaDBScheme(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		opts      []sqlormotel.Option
		want      string
	}{
		{"mysql", "mysql://u@db:3307/shop", nil, "mysql"},
		{"mariadb scheme", "mariadb://u@db:3307/shop", nil, "mariadb"},
		{"mysql with WithMariaDB", "mysql://u@db/shop", []sqlormotel.Option{sqlormotel.WithMariaDB()}, "mariadb"},
		{"postgres ignores WithMariaDB", "postgres://u@db/shop", []sqlormotel.Option{sqlormotel.WithMariaDB()}, "postgresql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := driver.ParseURL(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			rec := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
			h, err := sqlormotel.NewHook(cfg, append(tc.opts, sqlormotel.WithTracerProvider(tp), sqlormotel.WithMeterProvider(sdkmetric.NewMeterProvider()))...)
			if err != nil {
				t.Fatal(err)
			}
			fire(h, "SELECT 1")
			s := rec.Ended()
			if len(s) != 1 {
				t.Fatalf("%d spans", len(s))
			}
			wantAttr(t, s[0], "db.system.name", tc.want)
		})
	}
}

func findMetric(rm metricdata.ResourceMetrics, name string) *metricdata.Metrics {
	for _, sm := range rm.ScopeMetrics {
		for i := range sm.Metrics {
			if sm.Metrics[i].Name == name {
				return &sm.Metrics[i]
			}
		}
	}
	return nil
}

func sumValue(t *testing.T, rm metricdata.ResourceMetrics, name string) int64 {
	t.Helper()
	m := findMetric(rm, name)
	if m == nil {
		t.Fatalf("no %s", name)
	}
	var v int64
	for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
		v += p.Value
	}
	return v
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func mustDialect(t *testing.T, cfg driver.Config) dialect.Dialect {
	t.Helper()
	d, err := dialect.Get(cfg.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fire runs one statement event through h as the driver would.
func fire(h hooks.Hook, query string) {
	e := &hooks.Event{Op: hooks.OpQuery, SQL: query, Start: time.Now(), RowsAffected: -1}
	ctx := h.Before(context.Background(), e)
	e.Duration = time.Millisecond
	h.After(ctx, e)
}

// A statement the backend answered with driver.ErrSkip is reported again
// when database/sql runs it prepared: only that second report is traced.
func TestErrSkipNotTraced(t *testing.T) {
	cfg, err := driver.ParseURL("postgres://u@db/shop")
	if err != nil {
		t.Fatal(err)
	}
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	h, err := sqlormotel.NewHook(cfg, sqlormotel.WithTracerProvider(tp), sqlormotel.WithMeterProvider(sdkmetric.NewMeterProvider()))
	if err != nil {
		t.Fatal(err)
	}
	e := &hooks.Event{Op: hooks.OpExec, SQL: "DELETE FROM t", Start: time.Now(), RowsAffected: -1, Err: sqldriver.ErrSkip}
	h.After(h.Before(context.Background(), e), e)
	if n := len(rec.Ended()); n != 0 {
		t.Fatalf("ErrSkip made %d spans", n)
	}
	fire(h, "DELETE FROM t")
	if n := len(rec.Ended()); n != 1 {
		t.Fatalf("the statement made %d spans, want 1", n)
	}
}
