package sqlormotel

import (
	"context"
	"database/sql"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/sqlorm/sqlorm/driver"
)

// The pool instruments [RegisterMetrics] reports. The first two are the
// semantic conventions' (development status there); the others have no
// convention and are named under sqlorm.
const (
	MetricConnectionCount    = "db.client.connection.count"       // {connection}, state=idle|used
	MetricConnectionMax      = "db.client.connection.max"         // {connection}, when SetMaxOpenConns was called
	MetricWaitCount          = "sqlorm.pool.wait.count"           // {request}: waits for a free connection
	MetricWaitDuration       = "sqlorm.pool.wait.duration"        // s: total time waited
	MetricOpened             = "sqlorm.pool.opened"               // {connection}: connections opened to the backend
	MetricClosedForAge       = "sqlorm.pool.closed_for_age"       // {connection}: closed by conn_max_age
	MetricHealthChecks       = "sqlorm.pool.health_checks"        // {check}: pings before reuse
	MetricFailedHealthChecks = "sqlorm.pool.health_checks.failed" // {check}: pings that failed
	MetricClosedMaxIdle      = "sqlorm.pool.closed_max_idle"      // {connection}: database/sql's MaxIdleClosed
	MetricClosedMaxIdleTime  = "sqlorm.pool.closed_max_idle_time" // {connection}: database/sql's MaxIdleTimeClosed
	MetricClosedMaxLifetime  = "sqlorm.pool.closed_max_lifetime"  // {connection}: database/sql's MaxLifetimeClosed
)

// RegisterMetrics reports the pool of db, opened through sqlorm for cfg,
// as observable instruments of the meter provider (see the Metric*
// constants), each point carrying db.client.connection.pool.name and
// db.system.name. Call Unregister on the result before closing db. A db not
// opened through the sqlorm driver is an error wrapping
// driver.ErrNotSqlorm.
func RegisterMetrics(db *sql.DB, cfg driver.Config, opts ...Option) (metric.Registration, error) {
	if _, err := driver.Stats(db); err != nil {
		return nil, fmt.Errorf("sqlormotel: RegisterMetrics: %w", err)
	}
	o := newOptions(opts)
	t, err := newTarget(cfg, o)
	if err != nil {
		return nil, err
	}
	m := o.mp.Meter(ScopeName)
	base := []attribute.KeyValue{semconv.DBClientConnectionPoolName(t.poolName), t.attrs[0]}
	all := metric.WithAttributes(base...)
	idle := metric.WithAttributes(append(base[:2:2], semconv.DBClientConnectionStateIdle)...)
	used := metric.WithAttributes(append(base[:2:2], semconv.DBClientConnectionStateUsed)...)

	var errs []error
	upDown := func(name, unit, desc string) metric.Int64ObservableUpDownCounter {
		i, err := m.Int64ObservableUpDownCounter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		errs = append(errs, err)
		return i
	}
	counter := func(name, unit, desc string) metric.Int64ObservableCounter {
		i, err := m.Int64ObservableCounter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		errs = append(errs, err)
		return i
	}
	count := upDown(MetricConnectionCount, "{connection}", "The number of connections that are currently in the state described by the state attribute.")
	maxConns := upDown(MetricConnectionMax, "{connection}", "The maximum number of open connections allowed (database/sql's SetMaxOpenConns).")
	waitCount := counter(MetricWaitCount, "{request}", "Requests that waited for a free connection.")
	waitDur, err := m.Float64ObservableCounter(MetricWaitDuration, metric.WithUnit("s"), metric.WithDescription("Total time spent waiting for a free connection."))
	errs = append(errs, err)
	opened := counter(MetricOpened, "{connection}", "Connections opened to the backend.")
	aged := counter(MetricClosedForAge, "{connection}", "Connections closed because of conn_max_age.")
	checks := counter(MetricHealthChecks, "{check}", "Health-check pings run before a connection was reused.")
	failed := counter(MetricFailedHealthChecks, "{check}", "Health-check pings that failed, so the connection was replaced.")
	maxIdle := counter(MetricClosedMaxIdle, "{connection}", "Connections closed because of SetMaxIdleConns.")
	maxIdleTime := counter(MetricClosedMaxIdleTime, "{connection}", "Connections closed because of SetConnMaxIdleTime.")
	maxLife := counter(MetricClosedMaxLifetime, "{connection}", "Connections closed because of SetConnMaxLifetime.")
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("sqlormotel: RegisterMetrics: %w", err)
		}
	}

	reg, err := m.RegisterCallback(func(_ context.Context, ob metric.Observer) error {
		s := db.Stats()
		ps, err := driver.Stats(db)
		if err != nil {
			return err
		}
		ob.ObserveInt64(count, int64(s.Idle), idle)
		ob.ObserveInt64(count, int64(s.InUse), used)
		if s.MaxOpenConnections > 0 {
			ob.ObserveInt64(maxConns, int64(s.MaxOpenConnections), all)
		}
		ob.ObserveInt64(waitCount, s.WaitCount, all)
		ob.ObserveFloat64(waitDur, s.WaitDuration.Seconds(), all)
		ob.ObserveInt64(opened, ps.Opened, all)
		ob.ObserveInt64(aged, ps.ClosedForAge, all)
		ob.ObserveInt64(checks, ps.HealthChecks, all)
		ob.ObserveInt64(failed, ps.FailedHealthChecks, all)
		ob.ObserveInt64(maxIdle, s.MaxIdleClosed, all)
		ob.ObserveInt64(maxIdleTime, s.MaxIdleTimeClosed, all)
		ob.ObserveInt64(maxLife, s.MaxLifetimeClosed, all)
		return nil
	}, count, maxConns, waitCount, waitDur, opened, aged, checks, failed, maxIdle, maxIdleTime, maxLife)
	if err != nil {
		return nil, fmt.Errorf("sqlormotel: RegisterMetrics: %w", err)
	}
	return reg, nil
}
