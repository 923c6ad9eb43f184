package hooks

import (
	"context"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"
)

// LogOptions configures [Logger].
type LogOptions struct {
	// Args logs argument values (the debug=args URL option). Off by default:
	// only the number of arguments is logged, since values may be secrets.
	Args bool
	// MaxArgLen truncates each logged string or []byte argument to this many
	// bytes (default 64, as pgx's tracelog).
	MaxArgLen int
	// Level is the level of records for statements that succeeded (default
	// slog.LevelInfo, so the default slog handler shows them: debug=true is
	// an explicit opt-in). Failed statements are logged at slog.LevelError,
	// cancelled ones at slog.LevelWarn.
	Level slog.Leveler
	// SlowThreshold, when positive, logs successful statements that took at
	// least this long at slog.LevelWarn.
	SlowThreshold time.Duration
}

// Logger returns the hook behind the debug URL option: one log/slog record
// per statement when it completes, with the attributes op, sql, duration,
// rows (for exec), nargs, conn, dialect, error (on failure) and, with
// o.Args, args. A nil l means slog.Default(). The record is built only when
// the logger is enabled for its level.
func Logger(l *slog.Logger, o LogOptions) Hook {
	if o.MaxArgLen <= 0 {
		o.MaxArgLen = 64
	}
	if o.Level == nil {
		o.Level = slog.LevelInfo
	}
	return &logHook{l: l, o: o}
}

type logHook struct {
	l *slog.Logger
	o LogOptions
}

func (h *logHook) Before(ctx context.Context, _ *Event) context.Context { return ctx }

func (h *logHook) After(ctx context.Context, e *Event) {
	if e.Err == driver.ErrSkip {
		return // the statement is reported again when it runs prepared
	}
	l := h.l
	if l == nil {
		l = slog.Default()
	}
	level := h.o.Level.Level()
	switch {
	case e.Err != nil && (errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, context.DeadlineExceeded)):
		level = slog.LevelWarn
	case e.Err != nil:
		level = slog.LevelError
	case h.o.SlowThreshold > 0 && e.Duration >= h.o.SlowThreshold:
		level = slog.LevelWarn
	}
	if !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs,
		slog.String("op", string(e.Op)),
		slog.String("sql", e.SQL),
		slog.Duration("duration", e.Duration),
	)
	if e.Op == OpExec && e.RowsAffected >= 0 {
		attrs = append(attrs, slog.Int64("rows", e.RowsAffected))
	}
	if len(e.Args) > 0 {
		attrs = append(attrs, slog.Int("nargs", len(e.Args)))
		if h.o.Args {
			vals := make([]any, len(e.Args))
			for i, a := range e.Args {
				vals[i] = truncateArg(a.Value, h.o.MaxArgLen)
			}
			attrs = append(attrs, slog.Any("args", vals))
		}
	}
	attrs = append(attrs, slog.Uint64("conn", e.ConnID), slog.String("dialect", e.Dialect))
	if e.Err != nil {
		// Driver errors may quote argument values (MySQL's "Duplicate
		// entry '...'"): escape them like the arguments, without a cut.
		msg := e.Err.Error()
		attrs = append(attrs, slog.String("error", renderString(msg, max(len(msg)*4, 1))))
	}
	l.LogAttrs(ctx, level, "sqlorm "+string(e.Op), attrs...)
}

// truncateArg returns a loggable form of v: a string is escaped (control
// characters such as newlines, carriage returns and escape sequences, and
// invalid UTF-8, written as Go escapes, so an argument cannot forge or
// garble log lines) and cut to at most max bytes of escaped text, on a rune
// boundary, then marked with its full length; []byte is shown as its
// length and a hex prefix; everything else as is.
func truncateArg(v driver.Value, max int) any {
	switch v := v.(type) {
	case string:
		return renderString(v, max)
	case []byte:
		n := min(len(v), max/2)
		s := fmt.Sprintf("[]byte len=%d %s", len(v), hex.EncodeToString(v[:n]))
		if n < len(v) {
			s += "…"
		}
		return s
	}
	return v
}

// renderString escapes s and cuts it to max bytes of output (see
// truncateArg). A string that needs neither is returned unchanged.
func renderString(s string, max int) string {
	if len(s) <= max && plain(s) {
		return s
	}
	b := make([]byte, 0, min(len(s), max)+24)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var piece []byte
		switch {
		case r == utf8.RuneError && size == 1:
			piece = []byte(`\x` + hex.EncodeToString([]byte{s[i]}))
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029':
			q := strconv.QuoteRune(r)
			piece = []byte(q[1 : len(q)-1])
		default:
			piece = []byte(s[i : i+size])
		}
		if len(b)+len(piece) > max {
			return string(b) + "…(" + strconv.Itoa(len(s)) + " bytes)"
		}
		b = append(b, piece...)
		i += size
	}
	return string(b)
}

// plain reports whether s is valid UTF-8 without the characters
// renderString escapes.
func plain(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}
