package pool

import (
	"context"
	"database/sql/driver"
	"errors"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"zero is unlimited", Config{}, true},
		{"max age", Config{MaxAge: time.Minute}, true},
		{"no reuse", Config{NoReuse: true}, true},
		{"negative age", Config{MaxAge: -1}, false},
		{"negative idle", Config{CheckIdle: -1}, false},
		{"both", Config{NoReuse: true, MaxAge: time.Second}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.cfg.Validate(); (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestCheckOut(t *testing.T) {
	errPing := errors.New("dead")
	tests := []struct {
		name       string
		cfg        Config
		idle       time.Duration
		errored    bool
		pingErr    error
		resetErr   error
		wantBad    bool
		wantPings  int64
		wantFailed int64
	}{
		{"healthy, checks off", Config{}, time.Hour, false, errPing, nil, false, 0, 0},
		{"checks on pings every reuse", Config{HealthChecks: true}, 0, false, nil, nil, false, 1, 0},
		{"checks on, dead", Config{HealthChecks: true}, 0, false, errPing, nil, true, 1, 1},
		{"idle threshold not reached", Config{HealthChecks: true, CheckIdle: time.Second}, 500 * time.Millisecond, false, errPing, nil, false, 0, 0},
		{"idle threshold reached", Config{HealthChecks: true, CheckIdle: time.Second}, time.Second, false, errPing, nil, true, 1, 1},
		{"errored conn checked with checks off", Config{}, 0, true, errPing, nil, true, 1, 1},
		{"backend reset refuses", Config{HealthChecks: true}, 0, false, nil, driver.ErrBadConn, true, 0, 0},
		{"expired", Config{MaxAge: time.Minute}, 2 * time.Minute, false, nil, nil, true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &fakeClock{t: time.Unix(1e9, 0)}
			tt.cfg.Now = clk.now
			p := New(tt.cfg)
			s := p.Opened()
			if !p.Returned(&s) && tt.cfg.MaxAge == 0 {
				t.Fatal("fresh connection refused on return")
			}
			if tt.errored {
				s.MarkError()
			}
			clk.t = clk.t.Add(tt.idle)
			err := p.CheckOut(context.Background(), &s,
				func(context.Context) error { return tt.resetErr },
				func(context.Context) error { return tt.pingErr })
			if got := errors.Is(err, driver.ErrBadConn); got != tt.wantBad {
				t.Fatalf("CheckOut = %v, want ErrBadConn=%v", err, tt.wantBad)
			}
			st := p.Stats()
			if st.HealthChecks != tt.wantPings || st.FailedHealthChecks != tt.wantFailed {
				t.Fatalf("stats %+v, want %d checks %d failed", st, tt.wantPings, tt.wantFailed)
			}
		})
	}
}

func TestExpiryCountedOnce(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1e9, 0)}
	p := New(Config{MaxAge: time.Second, Now: clk.now})
	s := p.Opened()
	clk.t = clk.t.Add(2 * time.Second)
	if p.Returned(&s) {
		t.Fatal("expired connection kept")
	}
	if err := p.CheckOut(context.Background(), &s, nil, nil); !errors.Is(err, driver.ErrBadConn) {
		t.Fatal("expired connection handed out")
	}
	if n := p.Stats().ClosedForAge; n != 1 {
		t.Fatalf("ClosedForAge = %d, want 1", n)
	}
}

func TestCancelledPingIsNotAFailure(t *testing.T) {
	p := New(Config{HealthChecks: true})
	s := p.Opened()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := p.CheckOut(ctx, &s, nil, func(ctx context.Context) error { return ctx.Err() })
	if errors.Is(err, driver.ErrBadConn) || p.Stats().FailedHealthChecks != 0 {
		t.Fatalf("a ping cut short by the caller's context discarded the connection: %v", err)
	}
}
