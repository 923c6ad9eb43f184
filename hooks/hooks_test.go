package hooks

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

type ctxKey string

type recordHook struct {
	name string
	log  *[]string
}

func (h recordHook) Before(ctx context.Context, e *Event) context.Context {
	*h.log = append(*h.log, "before "+h.name)
	return context.WithValue(ctx, ctxKey(h.name), true)
}
func (h recordHook) After(ctx context.Context, e *Event) {
	*h.log = append(*h.log, "after "+h.name)
}

func TestMulti(t *testing.T) {
	var log []string
	h := Multi(recordHook{"a", &log}, nil, Multi(recordHook{"b", &log}, recordHook{"c", &log}))
	ctx := h.Before(context.Background(), &Event{})
	h.After(ctx, &Event{})
	want := "before a,before b,before c,after c,after b,after a"
	if got := strings.Join(log, ","); got != want {
		t.Fatalf("order %q, want %q", got, want)
	}
	for _, k := range []string{"a", "b", "c"} {
		if ctx.Value(ctxKey(k)) != true {
			t.Fatalf("context from Before of %s was not threaded through", k)
		}
	}
	if Multi() != nil || Multi(nil, nil) != nil {
		t.Fatal("Multi of no hooks must be nil (the driver's fast path)")
	}
}

func TestLoggerRecord(t *testing.T) {
	tests := []struct {
		name    string
		opts    LogOptions
		event   Event
		want    []string
		notWant []string
	}{
		{
			name:    "exec without args values",
			event:   Event{Op: OpExec, SQL: "UPDATE t SET a = ?", Args: []driver.NamedValue{{Ordinal: 1, Value: "hunter2"}}, Duration: time.Millisecond, RowsAffected: 3, Dialect: "sqlite"},
			want:    []string{"level=INFO", `msg="sqlorm exec"`, `sql="UPDATE t SET a = ?"`, "rows=3", "nargs=1", "duration=1ms"},
			notWant: []string{"hunter2", " args="},
		},
		{
			name:  "args truncated",
			opts:  LogOptions{Args: true, MaxArgLen: 8},
			event: Event{Op: OpQuery, SQL: "SELECT ?", Args: []driver.NamedValue{{Value: strings.Repeat("é", 10)}, {Value: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}, {Value: int64(7)}}, RowsAffected: -1},
			want:  []string{"éééé…(20 bytes)", "[]byte len=10 01020304…", " 7]"},
		},
		{
			name:  "error level",
			event: Event{Op: OpExec, SQL: "INSERT", Err: errors.New("boom"), RowsAffected: -1},
			want:  []string{"level=ERROR", "error=boom"},
		},
		{
			name:  "cancel is a warning",
			event: Event{Op: OpQuery, SQL: "SELECT", Err: context.Canceled, RowsAffected: -1},
			want:  []string{"level=WARN"},
		},
		{
			name:  "slow",
			opts:  LogOptions{SlowThreshold: time.Second},
			event: Event{Op: OpQuery, SQL: "SELECT", Duration: 2 * time.Second, RowsAffected: -1},
			want:  []string{"level=WARN"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := Logger(slog.New(slog.NewTextHandler(&buf, nil)), tt.opts)
			h.After(context.Background(), &tt.event)
			out := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("log %q lacks %q", out, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(out, w) {
					t.Errorf("log %q contains %q", out, w)
				}
			}
		})
	}
}

func TestLoggerSkipsErrSkipAndDisabled(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))
	h := Logger(l, LogOptions{})
	h.After(context.Background(), &Event{Op: OpExec, SQL: "x", Err: driver.ErrSkip})
	h.After(context.Background(), &Event{Op: OpExec, SQL: "ok"}) // Info: disabled
	if buf.Len() != 0 {
		t.Fatalf("logged %q", buf.String())
	}
}

func TestRecorderCopiesAndConcurrency(t *testing.T) {
	ctx, rec := Capture(context.Background())
	if RecorderFrom(ctx) != rec || RecorderFrom(context.Background()) != nil {
		t.Fatal("RecorderFrom")
	}
	b := []byte("abc")
	e := &Event{Op: OpExec, SQL: "INSERT", Args: []driver.NamedValue{{Value: b}}}
	rec.After(ctx, e)
	b[0] = 'X' // the driver may reuse its buffers
	if got := rec.All()[0].Args[0].([]byte); string(got) != "abc" {
		t.Fatalf("recorded arg %q changed with the caller's buffer", got)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for range 50 {
				rec.After(ctx, &Event{Op: OpQuery, SQL: "SELECT"})
			}
		})
	}
	wg.Wait()
	rec.After(ctx, &Event{Op: OpBegin})
	if rec.Count() != 1001 || len(rec.All()) != 1002 || len(rec.Statements()) != 1001 {
		t.Fatalf("count %d all %d", rec.Count(), len(rec.All()))
	}
	rec.Reset()
	if rec.Count() != 0 {
		t.Fatal("Reset")
	}
}

// FuzzRenderForLog (reliability.md FUZZ-06): a logged string argument
// never carries a raw control character, escape sequence, line separator
// or invalid UTF-8 into the log, stays within its length budget, and is
// unchanged when it needs neither escaping nor cutting.
func FuzzRenderForLog(f *testing.F) {
	for _, s := range []string{"", "plain", "a\nb", "x\r\ny", "\x1b[31mred\x1b[0m", "\xc0\xc0", "tab\there", "quote\"and\\", "é\u2028line", strings.Repeat("é", 50), strings.Repeat("a", 200)} {
		f.Add(s, 64)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max <= 0 || max > 1<<16 {
			max = 64
		}
		got := renderString(s, max)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 in %q", got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
				t.Fatalf("raw control character %U in %q (from %q)", r, got, s)
			}
		}
		suffix := len("…(" + strconv.Itoa(len(s)) + " bytes)")
		if len(got) > max+suffix {
			t.Fatalf("%d bytes for max %d: %q", len(got), max, got)
		}
		if len(s) <= max && plain(s) && got != s {
			t.Fatalf("a plain short string changed: %q -> %q", s, got)
		}
	})
}

// rawHandler writes attribute values with %v and no quoting, as a careless
// custom handler would: what reaches it must already be safe.
type rawHandler struct{ buf *bytes.Buffer }

func (h rawHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h rawHandler) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(h.buf, "%s=%v ", a.Key, a.Value.Any())
		return true
	})
	return nil
}
func (h rawHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h rawHandler) WithGroup(string) slog.Handler      { return h }

// TestLoggerEscapesForRawHandlers: argument values and error text cannot
// start a new log line or send terminal escapes, whatever the handler.
func TestLoggerEscapesForRawHandlers(t *testing.T) {
	tests := []struct {
		name  string
		event Event
		want  string
	}{
		{"newline in an argument", Event{Op: OpExec, SQL: "INSERT", Args: []driver.NamedValue{{Value: "a\nlevel=ERROR msg=forged"}}, RowsAffected: 1}, `a\nlevel=ERROR`},
		{"terminal escape", Event{Op: OpExec, SQL: "INSERT", Args: []driver.NamedValue{{Value: "\x1b[2Jwiped"}}, RowsAffected: 1}, `\x1b[2Jwiped`},
		{"carriage return and invalid UTF-8", Event{Op: OpExec, SQL: "INSERT", Args: []driver.NamedValue{{Value: "x\r\xffy"}}, RowsAffected: 1}, `x\r\xffy`},
		{"error quoting a value", Event{Op: OpExec, SQL: "INSERT", Err: errors.New("Duplicate entry 'a\nb' for key"), RowsAffected: -1}, `'a\nb'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			Logger(slog.New(rawHandler{&buf}), LogOptions{Args: true}).After(context.Background(), &tt.event)
			out := buf.String()
			if strings.ContainsAny(out, "\n\r\x1b") || !utf8.ValidString(out) {
				t.Errorf("raw control characters reached the handler: %q", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("log %q lacks %q", out, tt.want)
			}
		})
	}
}
