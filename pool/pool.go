// Package pool holds sqlorm's connection policy: Django's CONN_MAX_AGE and
// CONN_HEALTH_CHECKS mapped onto database/sql's pool.
//
// database/sql owns the pool; a driver never sees the *sql.DB. The policy is
// therefore enforced through the two hooks database/sql gives a driver
// connection: driver.SessionResetter.ResetSession, called before a used
// connection is handed out again, and driver.Validator.IsValid, called when
// a connection is returned. The sqlorm driver keeps one [State] per
// connection and asks a [Policy] what to do at those two moments.
//
// # Semantics
//
//   - Max age: a connection older than MaxAge is closed when it is next
//     returned to the pool or checked out, never in the middle of a
//     transaction or a sql.Conn (database/sql only consults the driver at
//     those boundaries). NoReuse is Django's CONN_MAX_AGE=0: a connection
//     serves one checkout (a statement, a Tx or a sql.Conn) and is closed.
//     The zero Config means unlimited, which is database/sql's own default
//     and differs from Django's default of 0 (see [Config]).
//   - Health checks: a reused connection that was idle for at least
//     CheckIdle is pinged before it is handed out; if the ping fails the
//     connection is discarded with driver.ErrBadConn, and database/sql
//     transparently retries on another connection, so the caller never sees
//     the dead one. A connection on which a statement failed is always
//     pinged before reuse, health checks on or off (Django's
//     errors_occurred).
package pool

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sync/atomic"
	"time"
)

// Config is the connection policy of one database.
type Config struct {
	// MaxAge closes a connection once it is this old (Django's
	// CONN_MAX_AGE=N). Zero means unlimited: connections are reused for as
	// long as the backend keeps them, database/sql's behaviour. This
	// deliberately differs from Django's default CONN_MAX_AGE=0, which
	// exists for Django's one-connection-per-request model; in a Go process
	// it would switch pooling off.
	MaxAge time.Duration
	// NoReuse closes every connection when it is returned (Django's
	// CONN_MAX_AGE=0): one connection per checkout.
	NoReuse bool
	// HealthChecks pings a reused connection before handing it out (Django's
	// CONN_HEALTH_CHECKS).
	HealthChecks bool
	// CheckIdle is how long a connection must have been idle before a
	// health check pings it. Zero (the default) checks on every reuse,
	// which catches connections killed moments after their last use
	// (pgx's own check waits for 1 s of idleness and misses those).
	CheckIdle time.Duration
	// Now is the clock; nil means time.Now. Tests inject their own.
	Now func() time.Time
}

// Validate reports a configuration that cannot be meant.
func (c Config) Validate() error {
	if c.MaxAge < 0 {
		return fmt.Errorf("sqlorm/pool: MaxAge %v is negative; use 0 for unlimited or NoReuse for Django's CONN_MAX_AGE=0", c.MaxAge)
	}
	if c.CheckIdle < 0 {
		return fmt.Errorf("sqlorm/pool: CheckIdle %v is negative; use 0 to check on every reuse", c.CheckIdle)
	}
	if c.NoReuse && c.MaxAge > 0 {
		return fmt.Errorf("sqlorm/pool: NoReuse and MaxAge %v both set; choose one", c.MaxAge)
	}
	return nil
}

// Stats are counters for one database since it was opened. They only grow.
type Stats struct {
	Opened             int64 // connections opened to the backend
	ClosedForAge       int64 // connections closed because of MaxAge or NoReuse
	HealthChecks       int64 // pings run before reuse
	FailedHealthChecks int64 // pings that failed, so the connection was replaced
}

// Policy applies a Config to the connections of one database. It is safe for
// concurrent use; the per-connection [State] values it works on are not, and
// need not be: database/sql never uses one connection from two goroutines at
// once.
type Policy struct {
	cfg Config
	now func() time.Time

	opened, closedForAge, checks, failedChecks atomic.Int64
}

// New returns a Policy for cfg. It does not validate cfg: call
// cfg.Validate first to reject bad values with an error.
func New(cfg Config) *Policy {
	p := &Policy{cfg: cfg, now: cfg.Now}
	if p.now == nil {
		p.now = time.Now
	}
	return p
}

// Config returns the configuration the policy applies.
func (p *Policy) Config() Config { return p.cfg }

// Stats returns a snapshot of the counters.
func (p *Policy) Stats() Stats {
	return Stats{
		Opened:             p.opened.Load(),
		ClosedForAge:       p.closedForAge.Load(),
		HealthChecks:       p.checks.Load(),
		FailedHealthChecks: p.failedChecks.Load(),
	}
}

// State is what the policy remembers about one connection.
type State struct {
	born     time.Time
	returned time.Time // last time the connection went back to the pool
	errored  bool      // a statement failed since the last check
	closing  bool      // already counted as closed for age
}

// Opened records a new connection and returns its state.
func (p *Policy) Opened() State {
	p.opened.Add(1)
	now := p.now()
	return State{born: now, returned: now}
}

// MarkError records that a statement failed on the connection, so it is
// pinged before its next reuse.
func (s *State) MarkError() { s.errored = true }

// Errored reports whether a statement failed since the last check.
func (s *State) Errored() bool { return s.errored }

// Age returns how long ago the connection was opened, by the policy's clock.
func (p *Policy) Age(s *State) time.Duration { return p.now().Sub(s.born) }

func (p *Policy) expired(s *State) bool {
	if p.cfg.NoReuse {
		return true
	}
	return p.cfg.MaxAge > 0 && p.now().Sub(s.born) >= p.cfg.MaxAge
}

// Returned decides, when database/sql returns a connection to the pool
// (driver.Validator.IsValid), whether it may be kept. It returns false for
// an expired connection (counted in ClosedForAge) and stamps the return time
// otherwise.
func (p *Policy) Returned(s *State) bool {
	if p.expired(s) {
		if !s.closing {
			s.closing = true
			p.closedForAge.Add(1)
		}
		return false
	}
	if p.cfg.HealthChecks && p.cfg.CheckIdle > 0 {
		s.returned = p.now() // only the idle threshold needs it
	}
	return true
}

// CheckOut decides, before database/sql hands out a reused connection
// (driver.SessionResetter.ResetSession), whether it may be used. In order:
// an expired connection yields driver.ErrBadConn; reset (the backend's own
// ResetSession, may be nil) runs and its error is returned as is; then a
// connection that needs a health check (health checks on and idle for at
// least CheckIdle, or a statement failed on it) is pinged with ping (nil
// when the backend cannot ping: the check then passes), and a failed ping
// yields an error wrapping driver.ErrBadConn and the ping's error, so
// database/sql discards the connection and retries on another one.
func (p *Policy) CheckOut(ctx context.Context, s *State, reset, ping func(context.Context) error) error {
	if p.expired(s) {
		if !s.closing {
			s.closing = true
			p.closedForAge.Add(1)
		}
		return driver.ErrBadConn
	}
	if reset != nil {
		if err := reset(ctx); err != nil {
			return err
		}
	}
	need := s.errored || (p.cfg.HealthChecks && (p.cfg.CheckIdle == 0 || p.now().Sub(s.returned) >= p.cfg.CheckIdle))
	if !need || ping == nil {
		return nil
	}
	p.checks.Add(1)
	if err := ping(ctx); err != nil {
		if ctx.Err() != nil {
			// The caller gave up; the connection may be fine. database/sql
			// ignores this error and the caller's statement reports the
			// context error.
			return ctx.Err()
		}
		p.failedChecks.Add(1)
		return fmt.Errorf("%w: health check failed: %w", driver.ErrBadConn, err)
	}
	s.errored = false
	return nil
}
