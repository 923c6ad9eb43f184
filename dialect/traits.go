package dialect

// Traits are the facts about a dialect's SQL and storage that the query
// compiler and the value codec need beyond the capability bits of
// [Feature]: function names, statement shapes and storage forms. Callers
// ask for a trait instead of comparing [Dialect.Name], so that a backend's
// differences live in its own file here and a new backend is one new file.
// A Traits value is plain data, returned by value; changing a copy changes
// nothing.
type Traits struct {
	// InsertIgnore is the INSERT verb that skips rows breaking a unique
	// constraint ("INSERT OR IGNORE INTO", "INSERT IGNORE INTO"), or ""
	// where [OnConflict]'s ON CONFLICT DO NOTHING does it.
	InsertIgnore string
	// InsertDefaults follows "INSERT INTO t" for a row that takes every
	// column's default (" DEFAULT VALUES", " () VALUES ()"); "" means the
	// key column is named with DEFAULT, as Oracle needs.
	InsertDefaults string
	// InsertSelectRows: several rows are inserted as INSERT INTO t (...)
	// SELECT ... UNION ALL SELECT ... instead of VALUES (...), (...)
	// (Oracle before 23c).
	InsertSelectRows bool
	// CastParams: a bare parameter inside CASE or COALESCE is typed text
	// unless cast (PostgreSQL), so such parameters get ::type.
	CastParams bool
	// MaxInList is the most items one IN list may hold (Oracle: 1000), or
	// 0 for no limit beyond [Dialect.MaxParams].
	MaxInList int
	// StdDevPop: STDDEV_POP and VAR_POP exist (SQLite has neither).
	StdDevPop bool
	// TimeAsText: dates and times are stored in sqlorm's fixed-width UTC
	// text forms, the backend having no date/time storage (SQLite).
	TimeAsText bool
	// TextNoNUL: text cannot hold the NUL character (PostgreSQL refuses
	// it, as Django's PostgreSQL backend does before sending).
	TextNoNUL bool
	// IntegerRanges says what the integer columns hold: see
	// [Traits.IntegerRange].
	IntegerRanges IntegerRanges
	// WallClockTimes: dates and datetimes are bound as text — the date
	// '2006-01-02', the datetime as its UTC wall clock
	// '2006-01-02 15:04:05.000000', Django's storage on MySQL — and a
	// datetime the driver returns as a time.Time is read as the wall clock
	// it shows, taken in UTC (MySQL and MariaDB: go-sql-driver converts a
	// time.Time parameter to its connection's loc and reads DATETIME and
	// DATE values as wall clocks in that loc, so a connection opened with
	// loc other than UTC would store local wall clocks, dates a day off).
	WallClockTimes bool
	// ClockAsTimestamp: a time of day is stored as a TIMESTAMP on
	// 1900-01-01, the backend having no TIME type (Oracle).
	ClockAsTimestamp bool
	// UUIDAsHex: a UUID is stored as 32 hex digits without dashes
	// (Django's char(32)) where the backend has no uuid type.
	UUIDAsHex bool
	// Duration says how a duration is stored.
	Duration DurationStyle
	// SelfSubqueryDerived: an UPDATE or DELETE that reads its own table in
	// a subquery must read it through a derived table (MySQL and MariaDB
	// refuse it otherwise).
	SelfSubqueryDerived bool
	// EmptyStringIsNull: the empty string is stored as NULL (Oracle), so
	// comparing with "" is IS NULL.
	EmptyStringIsNull bool
	// Random is the random-number function OrderBy("?") sorts by.
	Random string
	// CharLength is the function that counts a text's characters.
	CharLength string
	// Now is the current instant, UTC, in the form sqlorm stores.
	Now string
	// Greatest and Least are the functions returning the largest and the
	// smallest of their arguments (SQLite's scalar MAX and MIN).
	Greatest, Least string
	// StrIndex is the function giving the position of a text in another,
	// with the searched text first (INSTR, STRPOS).
	StrIndex string
	// RightBySubstr: there is no RIGHT function, so the last n characters
	// are SUBSTR(x, -n) (SQLite, Oracle).
	RightBySubstr bool
	// Concat says how Concat is written.
	Concat ConcatStyle
	// NoLimit is the LIMIT written before an OFFSET given alone ("-1",
	// "18446744073709551615"), or "" where OFFSET may stand alone.
	NoLimit string
	// ForeignKeysQuery, where foreign keys are enforced only when a
	// connection asks (SQLite's PRAGMA foreign_keys, off by default),
	// returns one row holding 1 when the connection enforces them; "" where
	// they always are.
	ForeignKeysQuery string
	// ForeignKeysHint says how to turn them on, for error messages.
	ForeignKeysHint string
	// SystemName is the backend's name in OpenTelemetry's semantic
	// conventions (db.system.name): "sqlite", "postgresql", "mysql",
	// "oracle.db". MariaDB, which shares the MySQL dialect, is told apart by
	// the URL's scheme.
	SystemName string
	// DollarQuotes: $tag$ ... $tag$ string constants exist (PostgreSQL), so
	// a ? inside one is not a placeholder.
	DollarQuotes bool
}

// DurationStyle is how a dialect stores a duration.
type DurationStyle uint8

const (
	// DurationMicros: a bigint count of microseconds (Django's default).
	DurationMicros DurationStyle = iota
	// DurationInterval: an interval column, written "N microseconds".
	DurationInterval
	// DurationDayToSecond: INTERVAL DAY TO SECOND, written
	// "+D HH:MM:SS.ffffff" (Oracle).
	DurationDayToSecond
)

// ConcatStyle is how a dialect concatenates text that may be NULL, as
// Django's Concat does (NULL counts as the empty string).
type ConcatStyle uint8

const (
	// ConcatPipes: (COALESCE(a, '') || COALESCE(b, '') ...), with a
	// non-text argument cast to text where CastParams says parameters need
	// their type.
	ConcatPipes ConcatStyle = iota
	// ConcatWS: CONCAT_WS('', a, b, ...), which skips NULLs (MySQL).
	ConcatWS
	// ConcatPairs: CONCAT(a, CONCAT(b, c)), two arguments at a time, NULL
	// treated as '' by the function itself (Oracle; Django's ConcatPair).
	ConcatPairs
)
