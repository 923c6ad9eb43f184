package driver

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xo/dburl"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/pool"
)

// ErrConfig is wrapped by every configuration error: a bad URL, an unknown
// scheme, an unknown sqlorm option or an invalid value. The message names
// the culprit and what is valid, and never contains the password.
var ErrConfig = errors.New("sqlorm/driver: bad configuration")

// Debug says what the debug logger writes.
type Debug int

// Debug levels, set with the debug URL option.
const (
	DebugOff  Debug = iota // debug absent or false
	DebugOn                // debug=true: one record per statement, without argument values
	DebugArgs              // debug=args: also the argument values, truncated
)

// Config describes one database: the backend URL and sqlorm's own options.
// Build it with [ParseURL], [ConfigFromEnv] or [ConfigFromFile], adjust it,
// and open it with [OpenDB]. The zero value is not usable.
//
// Config holds the password inside URL. Its String and GoString methods
// redact it, so printing a Config with fmt is safe.
type Config struct {
	// Alias is the key of this database in a configuration file with
	// several (Django's DATABASES), or "" for a URL.
	Alias string
	// Dialect is the backend's dialect, found from the URL scheme.
	Dialect dialect.Name
	// URL is the backend URL (any scheme github.com/xo/dburl knows for the
	// four backends) with sqlorm's own options removed. Every parameter in
	// it reaches the backend unchanged.
	URL string
	// Pool is the connection policy: conn_max_age, health_checks and
	// health_check_idle.
	Pool pool.Config
	// StatementTimeout, when positive, is a server-side limit on how long
	// one statement may run (the statement_timeout option): PostgreSQL's
	// statement_timeout, MariaDB's max_statement_time, MySQL's
	// max_execution_time (which MySQL applies to SELECT only), set for every
	// connection. A statement over it fails with an error
	// dialect.IsStatementTimeout recognises, and the connection stays
	// usable. SQLite and Oracle have no such session setting: use a
	// context deadline there (a Config with it set is an error).
	StatementTimeout time.Duration
	// Pooler declares a connection pooler between sqlorm and the server
	// (the pooler option): PoolerTransaction for PgBouncer's
	// pool_mode=transaction, where each transaction may run on another
	// server connection, so nothing may live in the session. PostgreSQL
	// then gets pgx's default_query_exec_mode=exec unless the URL names a
	// mode (no named prepared statements, which another client's server
	// connection would not have), and statement_timeout becomes a SET
	// LOCAL at the start of every transaction instead of a session
	// setting; a statement outside a transaction runs with the server's
	// (or the role's: ALTER ROLE ... SET statement_timeout) limit. A
	// search_path in the URL is refused: outside a transaction it would be
	// lost silently, sending statements to another schema; set it on the
	// role or database instead.
	Pooler string
	// Debug turns on the slog statement logger (the debug option).
	Debug Debug
	// Logger receives the debug records; nil means slog.Default().
	Logger *slog.Logger
	// Hooks see every statement, after the debug logger. A URL cannot carry
	// functions, so hooks are only set here, before OpenDB.
	Hooks []hooks.Hook
}

// The sqlorm options a URL may carry. They are removed before the backend
// sees the URL.
const (
	OptConnMaxAge      = "conn_max_age"      // seconds, a Go duration, "none" (unlimited) or 0 (no reuse)
	OptHealthChecks    = "health_checks"     // bool
	OptHealthCheckIdle = "health_check_idle" // Go duration or seconds: idle time before a check pings
	OptDebug           = "debug"             // true, false or args
	// OptStatementTimeout is a Go duration (500ms, 2s); a bare integer is
	// milliseconds, as in PostgreSQL's own statement_timeout, so a URL
	// that carried that parameter keeps its meaning.
	OptStatementTimeout = "statement_timeout"
	// OptPooler declares a connection pooler: "transaction" (see
	// Config.Pooler) or "none".
	OptPooler = "pooler"
)

// PoolerTransaction is the pooler option's value for a pooler in
// transaction mode (PgBouncer's pool_mode=transaction).
const PoolerTransaction = "transaction"

var knownOptions = []string{OptConnMaxAge, OptHealthChecks, OptHealthCheckIdle, OptDebug, OptStatementTimeout, OptPooler}

// String returns the configuration with the password redacted.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString(Redact(c.URL))
	if c.Alias != "" {
		fmt.Fprintf(&b, " alias=%s", c.Alias)
	}
	switch {
	case c.Pool.NoReuse:
		b.WriteString(" conn_max_age=0")
	case c.Pool.MaxAge > 0:
		fmt.Fprintf(&b, " conn_max_age=%s", c.Pool.MaxAge)
	}
	if c.Pool.HealthChecks {
		b.WriteString(" health_checks=true")
	}
	if c.StatementTimeout > 0 {
		fmt.Fprintf(&b, " statement_timeout=%s", c.StatementTimeout)
	}
	if c.Pooler != "" {
		fmt.Fprintf(&b, " pooler=%s", c.Pooler)
	}
	switch c.Debug {
	case DebugOn:
		b.WriteString(" debug=true")
	case DebugArgs:
		b.WriteString(" debug=args")
	}
	return b.String()
}

// GoString is String, so %#v does not print the password either.
func (c Config) GoString() string { return "driver.Config{" + c.String() + "}" }

// ParseURL parses a database URL: a backend URL as github.com/xo/dburl reads
// it (sqlite:path, file:path, postgres://, mysql:// or mariadb://,
// oracle://), optionally carrying sqlorm's options conn_max_age,
// health_checks, health_check_idle, debug and statement_timeout as query
// parameters. The options are taken out; every other parameter stays in
// Config.URL for the backend, byte for byte. It returns an error wrapping
// ErrConfig for a string that is not a URL (no scheme, so never a file
// path), a misspelt sqlorm option, and on SQLite a parameter neither
// go-sqlite3 nor SQLite reads; each message names the culprit and the
// valid choices.
func ParseURL(rawURL string) (Config, error) {
	clean, opts, err := splitOptions(rawURL)
	if err != nil {
		return Config{}, err
	}
	cfg := Config{URL: clean}
	if cfg.Dialect, err = urlDialect(clean); err != nil {
		return Config{}, err
	}
	for _, o := range opts {
		if err := cfg.setOption(o.key, o.value); err != nil {
			return Config{}, err
		}
	}
	if err := cfg.Pool.Validate(); err != nil {
		return Config{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if err := cfg.checkStatementTimeout(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// ConfigFromEnv parses the URL in the environment variable name (Django's
// dj-database-url convention is DATABASE_URL). An unset or empty variable
// is an error naming it.
func ConfigFromEnv(name string) (Config, error) {
	v, ok := os.LookupEnv(name)
	if !ok || strings.TrimSpace(v) == "" {
		return Config{}, fmt.Errorf("%w: environment variable %s is not set; set it to a URL such as sqlite:app.db or postgres://user@host/db", ErrConfig, name)
	}
	cfg, err := ParseURL(strings.TrimSpace(v))
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	return cfg, nil
}

type option struct{ key, value string }

// splitOptions removes sqlorm's options from the query of rawURL, keeping
// the other parameters byte for byte (dburl and the backends decode them).
func splitOptions(rawURL string) (string, []option, error) {
	if strings.TrimSpace(rawURL) == "" {
		return "", nil, fmt.Errorf("%w: empty database URL; use e.g. sqlite:app.db or postgres://user@host/db", ErrConfig)
	}
	base, frag, _ := strings.Cut(rawURL, "#")
	if frag != "" {
		return "", nil, fmt.Errorf("%w: %s has a #fragment; database URLs take none (percent-encode a # in a password as %%23)", ErrConfig, Redact(rawURL))
	}
	base, query, hasQuery := strings.Cut(base, "?")
	if !hasQuery {
		return base, nil, nil
	}
	var keep []string
	var opts []option
	for part := range strings.SplitSeq(query, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return "", nil, fmt.Errorf("%w: query parameter %q is not valid URL encoding", ErrConfig, redactParam(k))
		}
		switch {
		case slices.Contains(knownOptions, key):
			val, err := url.QueryUnescape(v)
			if err != nil {
				return "", nil, fmt.Errorf("%w: value of %s is not valid URL encoding", ErrConfig, key)
			}
			opts = append(opts, option{key, val})
		case nearOption(key) != "":
			return "", nil, fmt.Errorf("%w: unknown sqlorm option %q; did you mean %q? (sqlorm options: %s)", ErrConfig, key, nearOption(key), strings.Join(knownOptions, ", "))
		case strings.HasPrefix(strings.ToLower(key), "sqlorm"):
			return "", nil, fmt.Errorf("%w: unknown sqlorm option %q; sqlorm options are %s", ErrConfig, key, strings.Join(knownOptions, ", "))
		default:
			keep = append(keep, part)
		}
	}
	if len(keep) == 0 {
		return base, opts, nil
	}
	return base + "?" + strings.Join(keep, "&"), opts, nil
}

// nearOption returns the sqlorm option that key is a misspelling of, or "".
func nearOption(key string) string { return nearest(key, knownOptions) }

// nearest returns the name in names that key is most likely a misspelling
// of: the same letters ignoring case, '_', '-' and '.', a plural, or at
// most two edits away (one for short keys). "" when none is that close.
func nearest(key string, names []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", ".", "").Replace(strings.ToLower(s))
	}
	n := norm(key)
	best, bestDist := "", 3
	if len(n) < 6 {
		bestDist = 2
	}
	for _, o := range names {
		if o == key {
			return ""
		}
		no := norm(o)
		if no == n || no+"s" == n || no == n+"s" {
			return o
		}
		if d := editDistance(strings.ToLower(key), o); d < bestDist {
			best, bestDist = o, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (c *Config) setOption(key, val string) error {
	switch key {
	case OptConnMaxAge:
		age, noReuse, err := parseMaxAge(val)
		if err != nil {
			return err
		}
		c.Pool.MaxAge, c.Pool.NoReuse = age, noReuse
	case OptHealthChecks:
		b, err := strconv.ParseBool(val)
		if err != nil {
			return fmt.Errorf("%w: %s=%q is not a boolean; use true or false", ErrConfig, key, val)
		}
		c.Pool.HealthChecks = b
	case OptHealthCheckIdle:
		d, err := parseSecondsOrDuration(val)
		if err != nil || d < 0 {
			return fmt.Errorf("%w: %s=%q is not a non-negative duration; use whole seconds (5) or a Go duration (500ms)", ErrConfig, key, val)
		}
		c.Pool.CheckIdle = d
	case OptStatementTimeout:
		d, err := parseMillisOrDuration(val)
		if err != nil || d < 0 {
			return fmt.Errorf("%w: %s=%q is not a non-negative duration; use a Go duration (500ms, 2s) or whole milliseconds (500), 0 for none", ErrConfig, key, val)
		}
		c.StatementTimeout = d
	case OptPooler:
		switch strings.ToLower(val) {
		case PoolerTransaction:
			c.Pooler = PoolerTransaction
		case "none", "":
			c.Pooler = ""
		default:
			return fmt.Errorf("%w: %s=%q is not valid; use %s (PgBouncer's pool_mode=transaction) or none", ErrConfig, key, val, PoolerTransaction)
		}
	case OptDebug:
		switch strings.ToLower(val) {
		case "args":
			c.Debug = DebugArgs
		default:
			b, err := strconv.ParseBool(val)
			if err != nil {
				return fmt.Errorf("%w: %s=%q is not valid; use true, false or args", ErrConfig, key, val)
			}
			c.Debug = DebugOff
			if b {
				c.Debug = DebugOn
			}
		}
	default:
		return fmt.Errorf("%w: unknown sqlorm option %q; sqlorm options are %s", ErrConfig, key, strings.Join(knownOptions, ", "))
	}
	return nil
}

// parseMaxAge reads Django's CONN_MAX_AGE: whole seconds or a Go duration;
// 0 means no reuse; "none"/"null" (and the option being absent) means
// unlimited.
func parseMaxAge(val string) (age time.Duration, noReuse bool, err error) {
	switch strings.ToLower(strings.TrimSpace(val)) {
	case "none", "null", "unlimited":
		return 0, false, nil
	}
	d, err := parseSecondsOrDuration(val)
	if err != nil || d < 0 {
		return 0, false, fmt.Errorf("%w: %s=%q is not valid; use whole seconds (600), a Go duration (10m), 0 for no reuse, or none for unlimited", ErrConfig, OptConnMaxAge, val)
	}
	if d == 0 {
		return 0, true, nil
	}
	return d, false, nil
}

func parseSecondsOrDuration(val string) (time.Duration, error) {
	val = strings.TrimSpace(val)
	if n, err := strconv.ParseInt(val, 10, 64); err == nil {
		if n > int64(1<<63-1)/int64(time.Second) || n < 0 {
			return 0, fmt.Errorf("out of range")
		}
		return time.Duration(n) * time.Second, nil
	}
	return time.ParseDuration(val)
}

// parseMillisOrDuration reads whole milliseconds or a Go duration.
func parseMillisOrDuration(val string) (time.Duration, error) {
	val = strings.TrimSpace(val)
	if n, err := strconv.ParseInt(val, 10, 64); err == nil {
		if n > int64(1<<63-1)/int64(time.Millisecond) || n < 0 {
			return 0, fmt.Errorf("out of range")
		}
		return time.Duration(n) * time.Millisecond, nil
	}
	return time.ParseDuration(val)
}

// checkStatementTimeout refuses a statement timeout on a backend without
// a session setting for it.
func (c Config) checkStatementTimeout() error {
	if c.StatementTimeout <= 0 {
		return nil
	}
	switch c.Dialect {
	case dialect.Postgres, dialect.MySQL:
		return nil
	}
	return fmt.Errorf("%w: %s is a server-side limit that %s has no session setting for; remove it and give the statements a context deadline instead", ErrConfig, OptStatementTimeout, c.Dialect)
}

// schemeRE matches the scheme a database URL starts with (RFC 3986), two
// letters at least, so that a Windows path (C:\x.db) is not one.
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)

// urlDialect parses the backend URL with dburl and returns its dialect, or
// an error naming the scheme and listing the supported ones.
func urlDialect(clean string) (dialect.Name, error) {
	u, err := parseDBURL(clean)
	if err != nil {
		return "", err
	}
	name, err := backendDialect(u, clean)
	if err == nil && name == dialect.SQLite {
		_, err = checkSQLiteURL(u, clean)
	}
	return name, err
}

// parseDBURL calls dburl.Parse and turns its errors into ones that never
// contain the password (net/url's errors quote the whole URL).
//
// A string without a scheme is refused: it is not a URL, and dburl would
// take it for a file path ("%zz" would create a SQLite file of that name).
// A file: URL always means SQLite, and go-sqlite3 gets it whole, as a
// SQLite URI (so mode=ro, cache=shared and the like work as they do bare):
// dburl would resolve it by looking at the file system, where a missing
// file in an existing directory becomes a PostgreSQL socket URL.
func parseDBURL(clean string) (*dburl.URL, error) {
	target := clean
	if !schemeRE.MatchString(target) {
		return nil, fmt.Errorf("%w: %q is not a database URL (it has no scheme); use sqlite:PATH, file:PATH, sqlite::memory:, postgres://, mysql://, mariadb:// or oracle://", ErrConfig, Redact(redactParam(clean)))
	}
	if strings.HasPrefix(strings.ToLower(target), "file:") {
		target = "sqlite:" + target
	}
	u, err := dburl.Parse(target)
	if err == nil {
		return u, nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, dburl.ErrInvalidDatabaseScheme), errors.Is(err, dburl.ErrUnknownDatabaseScheme):
		return nil, fmt.Errorf("%w: %s: unknown database scheme; supported: sqlite:PATH, file:PATH.db, postgres://, mysql://, mariadb://, oracle://", ErrConfig, Redact(clean))
	}
	return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
}

func backendDialect(u *dburl.URL, clean string) (dialect.Name, error) {
	switch {
	case u.Dialect == "postgres" && u.Driver == "pgx":
		return dialect.Postgres, nil
	case u.Dialect == "postgres":
		return "", fmt.Errorf("%w: %s: scheme %q selects driver %q, (lib/pq), which sqlorm does not ship; use postgres:// (pgx)", ErrConfig, Redact(clean), u.OriginalScheme, u.Driver)
	case u.Dialect == "mysql" && u.Driver == "mysql":
		return dialect.MySQL, nil
	case u.Dialect == "sqlite3" && u.Driver == "sqlite3":
		return dialect.SQLite, nil
	case u.Dialect == "oracle":
		return dialect.Oracle, nil
	}
	return "", fmt.Errorf("%w: %s: scheme %q is %s, which sqlorm does not support; supported: sqlite:PATH, postgres://, mysql://, mariadb://, oracle://", ErrConfig, Redact(clean), u.OriginalScheme, u.Dialect)
}
