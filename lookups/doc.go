// Package lookups parses Django-style lookup paths ("author__name__icontains")
// and renders the lookups and transforms at their end as SQL for SQLite,
// PostgreSQL, MySQL/MariaDB and Oracle, the way Django renders them.
//
// # Use
//
// The orm splits a filter key with [Split], resolves the leading parts
// against its models (fields, relations) and hands the rest to
// [Registry.Resolve], which returns a [Chain]: the transforms and the final
// lookup. [Chain.Render] writes the condition into a [Writer], which carries
// the statement's SQL and bind arguments so that PostgreSQL's $n and
// Oracle's :n placeholders are numbered across the whole statement:
//
//	parts, err := lookups.Split("pub_date__year__gte") // ["pub_date" "year" "gte"]
//	// the orm finds field pub_date; the rest is the lookup chain
//	chain, err := reg.Resolve(parts[1:])
//	w := lookups.NewWriter(d, buf, args)
//	never, err := chain.Render(w, lookups.Operand{
//		Table: "blog_entry", Column: "pub_date", Kind: dialect.KindDateTime, Prep: prep,
//	}, lookups.Value(2005))
//	buf, args = w.Bytes(), w.Args()
//
// never reports a condition that matches no row (an empty in): the caller
// sends no query, drops the branch inside an OR, and treats it as true when
// negated. On error or never nothing is written.
//
// # Where the dialect comes in
//
// This package holds one table of lookups and what they share: nil
// handling, value checks and conversion, in-list de-duplication and
// chunking, the year bounds. How a backend spells them (LIKE, GLOB or
// REGEXP_LIKE, EXTRACT or strftime, the calendar date of a datetime) is a
// dialect fact: Render asks the Writer's dialect for its
// [dialect.LookupSQL] and never looks at the dialect's name, so a new
// backend renders lookups once its dialect has a LookupSQL. [Writer],
// [Operand] and [RHS] are dialect's types (sqlorm's one SQL writer), named
// here by alias.
//
// # Registry
//
// [Default] holds the built-ins: exact, iexact, gt, gte, lt, lte, in,
// range, isnull, contains, icontains, startswith, istartswith, endswith,
// iendswith, regex, iregex, and the transforms date, year, iso_year,
// quarter, month, week, day, week_day, iso_week_day, hour, minute, second.
// A Registry is immutable; [Registry.With] and [Registry.WithTransform]
// return a new one with a user's own lookup or transform ([NewLookup],
// [NewTransform]), so there is no package-level state to change.
//
// # Safety
//
// Every value is a bound parameter; nothing a caller passes as data reaches
// the SQL text. Every identifier is checked by dialect.CheckIdent, the one
// strict check all of sqlorm uses, then quoted: path parts in Split and
// Resolve, lookup names in With, the Table and Column of an [Operand] when
// they are written. Lookup and transform names are looked up in the
// registry, never pasted; the SQL they select is constant text in this
// package and in the dialect's LookupSQL. Invalid input is an error wrapping [ErrInvalidPath],
// [ErrUnknownLookup], [ErrInvalidValue] or [ErrInvalidLookup] (errors.Is),
// and produces no SQL.
//
// # Values
//
// exact and iexact with nil (or a nil pointer) are IS NULL; nil with any
// other lookup is an error naming the lookup (use isnull). isnull takes a
// bool only. in takes a slice or array: nil elements are dropped,
// duplicates (after conversion) removed, and an empty list is never; on
// Oracle, lists over 1000 values become ORed INs. range takes two values.
// A float compared with an integer column is rounded so that the
// comparison is exact over integers: gte and lt round up (Django), gt and
// lte round down (Django truncates, which is wrong for negative numbers),
// and exact or in with a fractional float is an error rather than
// Django's silent truncation. Values are converted by the operand's Prep
// (the orm's field conversion) or by a default for its Kind (see
// [Operand]).
//
// # Pattern lookups
//
// Values of contains, startswith, endswith and their i-variants are escaped
// in Go ([EscapeLike]: backslash first, then % and _), as Django's
// prep_for_like_query does. A right-hand side that is a column ([Expr]) is
// escaped in SQL with nested REPLACE calls instead. The per-backend forms:
//
//   - PostgreSQL: c::text LIKE $1, UPPER(c::text) LIKE UPPER($1); iexact is
//     UPPER(c::text) = UPPER($1) and its value is not escaped.
//   - MySQL/MariaDB: c LIKE BINARY ? (case- and accent-sensitive byte
//     comparison) for the case-sensitive lookups, c LIKE ? (the column's
//     collation) for the i-lookups, as Django. exact is = and follows the
//     collation too: on the usual _ci collations it ignores case and
//     accents, as in Django; use a _bin column for case-sensitive equality.
//     Backslash is LIKE's default escape; a server running with
//     NO_BACKSLASH_ESCAPES would match escaped patterns wrongly. MySQL
//     8.0.27 and later deprecate the BINARY operator (a warning, not an
//     error); MariaDB does not.
//   - Oracle: LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING
//     NCHAR_CS), UPPER() for the i-lookups, TextField (NCLOB) read through
//     DBMS_LOB.SUBSTR, as Django.
//   - SQLite: see below.
//
// # SQLite and case
//
// SQLite's LIKE ignores the case of ASCII letters, so Django's contains,
// startswith and endswith are case-insensitive there (its contains is
// icontains), unlike on every other backend. sqlorm does not inherit this
// wart: on SQLite the case-sensitive pattern lookups use GLOB, which is
// case-sensitive, with the value's *, ? and [ bracketed ([EscapeGlob]) so
// they match literally:
//
//	"t"."name" GLOB ?   -- "*50%_off*" for contains "50%_off"
//
// GLOB was chosen over instr(c, ?) > 0 or substr() comparisons because it
// keeps startswith indexable (SQLite's LIKE optimization applies to GLOB on
// a column with the default BINARY collation) and needs one parameter. The
// i-lookups and iexact stay LIKE ... ESCAPE '\' as in Django and fold ASCII
// letters only: 'É' and 'é' differ on SQLite (PostgreSQL's UPPER and
// MySQL's collations fold them). Text containing NUL characters is not
// supported by SQLite's LIKE and GLOB. iexact with a column right-hand side
// escapes that column's value (Django does not, so its % and _ act as
// wildcards there).
//
// # Regular expressions
//
// regex and iregex use each backend's own engine and syntax: Go's RE2 on
// SQLite, POSIX on PostgreSQL (~, ~*), PCRE on MariaDB, ICU on MySQL 8,
// Oracle's POSIX-like REGEXP_LIKE. Keep patterns to the common subset.
//
//   - SQLite: c REGEXP ?, and c REGEXP '(?i)' || ? for iregex. SQLite calls
//     a function regexp(pattern, value) that it does not provide: the sqlorm
//     driver registers one with Go regexp semantics; a database opened
//     straight through go-sqlite3 needs [RegexpFunc] registered (see its
//     example), or the query fails with "no such function: REGEXP".
//   - MySQL/MariaDB: c REGEXP CONCAT('(?-i)', ?) and CONCAT('(?i)', ?).
//     Django writes REGEXP BINARY on MariaDB, which matches bytes ('.' does
//     not match 'é') and REGEXP_LIKE on MySQL 8, which MariaDB lacks; the
//     inline flag works on both and sets case sensitivity whatever the
//     collation.
//   - PostgreSQL c::text ~ $1 / ~* $1; Oracle REGEXP_LIKE(c, :1, 'c' / 'i').
//
// # Dates and times
//
// DateTimeField values are instants stored in UTC (timestamptz on
// PostgreSQL, naive UTC elsewhere, sqlorm's fixed-width text on SQLite);
// transforms extract their parts in UTC. year (and iso_year) followed by
// exact, gt, gte, lt or lte and a value is rendered, as in Django, as a
// comparison of the column itself with the first and last date or
// microsecond of the year, so an index on the column serves:
//
//	"t"."at" BETWEEN $1 AND $2   -- 2005-01-01 00:00:00 and 2005-12-31 23:59:59.999999 UTC
//
// The bounds go through the operand's Prep, so they have the stored form.
// SQLite is the exception for DateTimeField: its datetimes are text
// compared as text, and text written in another ISO 8601 layout than
// sqlorm's (Django's "2005-01-01 00:00:00", a "T" separator, no fraction)
// would sort wrongly against a full timestamp, so the bounds there are the
// dates starting this year and the next, half-open:
// ("t"."at" >= '2005-01-01' AND "t"."at" < '2006-01-01'). iso_year uses ISO
// week-numbering bounds (Django >= 4.0). Any other lookup after year (in,
// range, a column) extracts the year instead.
//
// Extraction: EXTRACT on PostgreSQL (AT TIME ZONE 'UTC' for timestamptz),
// MySQL and Oracle; SQLite's built-in strftime, which reads sqlorm's text
// format (no user functions needed). week_day is Sunday=1 ... Saturday=7
// and iso_week_day Monday=1 ... Sunday=7 everywhere; week and iso_year are
// ISO 8601. On Oracle, week_day and iso_week_day count days from
// TRUNC(c, 'IW') rather than Django's TO_CHAR(c, 'D'), which depends on the
// session's NLS_TERRITORY. second is truncated to a whole second.
//
// # Oracle and empty strings
//
// Oracle stores "" as NULL, so on Oracle exact with "" renders IS NULL, as
// Django does.
package lookups
