package sqlormotel

import (
	"context"
	"database/sql"
	sqldriver "database/sql/driver"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/hooks"
)

// ScopeName is the instrumentation scope of the tracer and meter this
// package uses.
const ScopeName = "github.com/sqlorm/sqlorm/otel"

// Attribute keys this package adds beside the semantic conventions.
const (
	// RowsAffectedKey is the affected row count of an exec, when the
	// backend reports one.
	RowsAffectedKey = attribute.Key("sqlorm.rows_affected")
	// TxOutcomeKey says how a transaction span ended: "commit" or
	// "rollback".
	TxOutcomeKey = attribute.Key("sqlorm.transaction.outcome")
)

// TxSpanName is the name of the span that covers a transaction.
const TxSpanName = "transaction"

// Option configures [NewHook], [OpenDB] and [RegisterMetrics].
type Option func(*options)

type options struct {
	tp        trace.TracerProvider
	mp        metric.MeterProvider
	params    bool
	maxParam  int
	poolName  string
	system    attribute.KeyValue
	hasSystem bool
}

// WithTracerProvider sets the tracer provider (default: otel.GetTracerProvider()).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.tp = tp }
}

// WithMeterProvider sets the meter provider (default: otel.GetMeterProvider()).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *options) { o.mp = mp }
}

// WithQueryParameters records each argument value of a statement as
// db.query.parameter.<index> (0-based; a named argument uses its name),
// strings and bytes cut to maxLen bytes (64 when maxLen <= 0). Off by
// default: argument values are often personal data or secrets.
func WithQueryParameters(maxLen int) Option {
	return func(o *options) {
		o.params = true
		o.maxParam = maxLen
		if o.maxParam <= 0 {
			o.maxParam = 64
		}
	}
}

// WithPoolName sets db.client.connection.pool.name (default: the Config's
// Alias, else server.address:server.port/db.namespace, else the dialect).
func WithPoolName(name string) Option {
	return func(o *options) { o.poolName = name }
}

// WithMariaDB reports db.system.name "mariadb" instead of "mysql" for a
// mysql:// URL that reaches a MariaDB server (a mariadb:// URL says so by
// itself).
func WithMariaDB() Option {
	return func(o *options) { o.system, o.hasSystem = semconv.DBSystemNameMariaDB, true }
}

// target is what every span and metric point of one database carries.
type target struct {
	attrs    []attribute.KeyValue // db.system.name, db.namespace, server.*
	poolName string
}

// newTarget reads the backend, server and database from cfg.
func newTarget(cfg driver.Config, o *options) (target, error) {
	d, err := dialect.Get(cfg.Dialect)
	if err != nil {
		return target{}, fmt.Errorf("sqlormotel: driver.Config has dialect %q; build it with driver.ParseURL (dialects: sqlite, postgres, mysql, oracle)", cfg.Dialect)
	}
	sys := semconv.DBSystemNameKey.String(d.Traits().SystemName)
	addr, _, err := driver.Server(cfg)
	if err != nil {
		return target{}, fmt.Errorf("sqlormotel: cannot read the server from %s: %w", driver.Redact(cfg.URL), err)
	}
	if addr.MariaDB {
		sys = semconv.DBSystemNameMariaDB
	}
	host, port, ns := addr.Host, addr.Port, addr.Database
	if o.hasSystem && sys == semconv.DBSystemNameMySQL {
		sys = o.system
	}
	t := target{attrs: []attribute.KeyValue{sys}}
	if ns != "" {
		t.attrs = append(t.attrs, semconv.DBNamespace(ns))
	}
	if host != "" {
		t.attrs = append(t.attrs, semconv.ServerAddress(host))
		if p, err := strconv.Atoi(port); err == nil {
			t.attrs = append(t.attrs, semconv.ServerPort(p))
		}
	}
	switch {
	case o.poolName != "":
		t.poolName = o.poolName
	case cfg.Alias != "":
		t.poolName = cfg.Alias
	case host != "":
		t.poolName = host
		if port != "" {
			t.poolName += ":" + port
		}
		if ns != "" {
			t.poolName += "/" + ns
		}
	default:
		t.poolName = string(cfg.Dialect)
	}
	return t, nil
}

func newOptions(opts []Option) *options {
	o := &options{}
	for _, f := range opts {
		f(o)
	}
	if o.tp == nil {
		o.tp = otel.GetTracerProvider()
	}
	if o.mp == nil {
		o.mp = otel.GetMeterProvider()
	}
	return o
}

// Hook is a hooks.Hook that traces the statements and transactions of one
// database (see the package documentation). Attach a Hook to one database
// only: it tells transactions apart by the driver's connection id, which
// is counted per database. It is safe for concurrent use.
type Hook struct {
	tracer   trace.Tracer
	duration metric.Float64Histogram
	t        target
	params   bool
	maxParam int

	mu  sync.Mutex
	txs map[uint64]*txSpan // open transaction per connection id
}

// txSpan is a transaction in progress on one connection.
type txSpan struct {
	span   trace.Span
	ctx    context.Context   // the BeginTx context with span in it
	parent trace.SpanContext // the span current at BeginTx (maybe invalid)
}

var _ hooks.Hook = (*Hook)(nil)

// NewHook returns a hook for the database cfg describes; it reads
// db.system.name, the server and the database name from cfg (build cfg
// with driver.ParseURL, ConfigFromEnv or ConfigFromFile). Add it to
// cfg.Hooks before driver.OpenDB, or use [OpenDB].
func NewHook(cfg driver.Config, opts ...Option) (*Hook, error) {
	o := newOptions(opts)
	t, err := newTarget(cfg, o)
	if err != nil {
		return nil, err
	}
	meter := o.mp.Meter(ScopeName)
	dur, err := meter.Float64Histogram("db.client.operation.duration",
		metric.WithUnit("s"),
		metric.WithDescription("Duration of database client operations."),
		metric.WithExplicitBucketBoundaries(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10))
	if err != nil {
		return nil, fmt.Errorf("sqlormotel: db.client.operation.duration: %w", err)
	}
	return &Hook{
		tracer:   o.tp.Tracer(ScopeName),
		duration: dur,
		t:        t,
		params:   o.params,
		maxParam: o.maxParam,
		txs:      map[uint64]*txSpan{},
	}, nil
}

// OpenDB is driver.OpenDB with a [Hook] for cfg added to cfg.Hooks (after
// the hooks already there). Pool metrics are separate: see [RegisterMetrics].
func OpenDB(cfg driver.Config, opts ...Option) (*sql.DB, error) {
	h, err := NewHook(cfg, opts...)
	if err != nil {
		return nil, err
	}
	cfg.Hooks = append(append([]hooks.Hook(nil), cfg.Hooks...), h)
	return driver.OpenDB(cfg)
}

// Before implements hooks.Hook. It returns ctx unchanged: spans are made in
// After, with the statement's own start time.
func (h *Hook) Before(ctx context.Context, _ *hooks.Event) context.Context { return ctx }

// After implements hooks.Hook: it records the span of a statement, opens a
// transaction span on begin and ends it on commit or rollback.
func (h *Hook) After(ctx context.Context, e *hooks.Event) {
	if e.Err == sqldriver.ErrSkip {
		return // reported again when database/sql runs it prepared
	}
	end := e.Start.Add(e.Duration)
	switch e.Op {
	case hooks.OpBegin:
		h.begin(ctx, e, end)
	case hooks.OpCommit, hooks.OpRollback:
		h.finish(e, end)
	default:
		h.statement(ctx, e, end)
	}
}

func (h *Hook) begin(ctx context.Context, e *hooks.Event, end time.Time) {
	ctx2, span := h.tracer.Start(ctx, TxSpanName,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(e.Start),
		trace.WithAttributes(h.t.attrs...))
	if e.Err != nil {
		recordError(span, e.Err)
		span.End(trace.WithTimestamp(end))
		return
	}
	tx := &txSpan{span: span, ctx: ctx2, parent: trace.SpanContextFromContext(ctx)}
	h.mu.Lock()
	old := h.txs[e.ConnID]
	h.txs[e.ConnID] = tx
	h.mu.Unlock()
	if old != nil {
		// Only possible when the hook serves two databases whose
		// connection ids collide: end the older span rather than leak it.
		old.span.SetStatus(codes.Error, "sqlormotel: transaction span replaced: attach one Hook to one database only")
		old.span.End(trace.WithTimestamp(e.Start))
	}
}

func (h *Hook) finish(e *hooks.Event, end time.Time) {
	h.mu.Lock()
	tx := h.txs[e.ConnID]
	delete(h.txs, e.ConnID)
	h.mu.Unlock()
	if tx == nil {
		return // begun before the hook saw it
	}
	tx.span.SetAttributes(TxOutcomeKey.String(string(e.Op)))
	if e.Err != nil {
		recordError(tx.span, e.Err)
	}
	tx.span.End(trace.WithTimestamp(end))
}

func (h *Hook) statement(ctx context.Context, e *hooks.Event, end time.Time) {
	h.mu.Lock()
	tx := h.txs[e.ConnID]
	h.mu.Unlock()
	if tx != nil && trace.SpanContextFromContext(ctx).Equal(tx.parent) {
		ctx = trace.ContextWithSpan(ctx, tx.span)
	}
	s := summarize(e.SQL)
	name := s.summary
	if name == "" {
		name = h.t.attrs[0].Value.AsString()
	}
	if e.Op == hooks.OpPrepare {
		name = "PREPARE " + name
	}
	attrs := make([]attribute.KeyValue, 0, len(h.t.attrs)+4+len(e.Args))
	attrs = append(attrs, h.t.attrs...)
	attrs = append(attrs, semconv.DBQueryText(e.SQL))
	if s.summary != "" {
		attrs = append(attrs, semconv.DBQuerySummary(s.summary))
	}
	if s.operation != "" {
		attrs = append(attrs, semconv.DBOperationName(s.operation))
	}
	if h.params {
		for i, a := range e.Args {
			key := a.Name
			if key == "" {
				key = strconv.Itoa(i)
			}
			attrs = append(attrs, semconv.DBQueryParameter(key, formatValue(a.Value, h.maxParam)))
		}
	}
	if e.Op == hooks.OpExec && e.Err == nil && e.RowsAffected >= 0 {
		attrs = append(attrs, RowsAffectedKey.Int64(e.RowsAffected))
	}
	_, span := h.tracer.Start(ctx, name,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(e.Start),
		trace.WithAttributes(attrs...))
	if e.Err != nil {
		recordError(span, e.Err)
	}
	span.End(trace.WithTimestamp(end))

	if e.Op != hooks.OpPrepare && h.duration.Enabled(ctx) {
		mattrs := append([]attribute.KeyValue(nil), h.t.attrs...)
		if s.summary != "" {
			mattrs = append(mattrs, semconv.DBQuerySummary(s.summary))
		}
		if s.operation != "" {
			mattrs = append(mattrs, semconv.DBOperationName(s.operation))
		}
		if e.Err != nil {
			mattrs = append(mattrs, semconv.ErrorType(e.Err))
			if code := dialect.ErrorCode(e.Err); code != "" {
				mattrs = append(mattrs, semconv.DBResponseStatusCode(code))
			}
		}
		h.duration.Record(ctx, e.Duration.Seconds(), metric.WithAttributes(mattrs...))
	}
}

// recordError marks span as failed, as the conventions' Recording Errors
// asks: status Error with the message, error.type, the backend's code as
// db.response.status_code, and the error as an exception event.
func recordError(span trace.Span, err error) {
	span.SetAttributes(semconv.ErrorType(err))
	if code := dialect.ErrorCode(err); code != "" {
		span.SetAttributes(semconv.DBResponseStatusCode(code))
	}
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
}

// formatValue renders an argument for db.query.parameter.<key>.
func formatValue(v sqldriver.Value, max int) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return cut(v, max)
	case []byte:
		if len(v) > max/2 {
			return hex.EncodeToString(v[:max/2]) + "…"
		}
		return hex.EncodeToString(v)
	case time.Time:
		return v.Format(time.RFC3339Nano)
	default:
		return cut(fmt.Sprint(v), max)
	}
}

func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
