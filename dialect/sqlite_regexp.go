package dialect

import (
	"fmt"
	"regexp"
	"sync"
)

// regexpCacheSize bounds the compiled patterns one SQLiteRegexpFunc keeps.
const regexpCacheSize = 64

// SQLiteRegexpFunc returns an implementation of SQLite's regexp(pattern,
// value) function, which SQLite calls for "value REGEXP pattern": SQLite
// has the operator but no function behind it. It reports whether value
// matches the Go regular expression pattern (regexp.MatchString semantics:
// unanchored, RE2 syntax); a NULL pattern or value gives NULL; an invalid
// pattern is an error, which fails the statement. Values that are not text
// are matched in their fmt.Sprint form.
//
// The sqlorm driver registers it on every SQLite connection; a program that
// opens SQLite straight through mattn/go-sqlite3 registers it in a
// ConnectHook with c.RegisterFunc("regexp", dialect.SQLiteRegexpFunc(), true).
// Each returned function keeps its own small cache of compiled patterns,
// guarded by a mutex, so it may be shared between connections.
func SQLiteRegexpFunc() func(pattern, value any) (any, error) {
	c := &regexpCache{m: make(map[string]*regexp.Regexp)}
	return c.match
}

type regexpCache struct {
	mu sync.Mutex // guards m
	m  map[string]*regexp.Regexp
}

func (c *regexpCache) match(pattern, value any) (any, error) {
	if pattern == nil || value == nil {
		return nil, nil
	}
	p := sqlText(pattern)
	c.mu.Lock()
	re, ok := c.m[p]
	if !ok {
		var err error
		if re, err = regexp.Compile(p); err != nil {
			c.mu.Unlock()
			return nil, fmt.Errorf("regexp: %w", err)
		}
		if len(c.m) >= regexpCacheSize {
			clear(c.m)
		}
		c.m[p] = re
	}
	c.mu.Unlock()
	return re.MatchString(sqlText(value)), nil
}

func sqlText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return fmt.Sprint(v)
}
