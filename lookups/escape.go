package lookups

import "github.com/sqlorm/sqlorm/dialect"

// EscapeLike escapes s for use inside a LIKE pattern whose escape character
// is backslash, as Django's prep_for_like_query does: backslash first
// (\ becomes \\), then % becomes \% and _ becomes \_. The result matches
// exactly s when used with LIKE ... ESCAPE '\' (or on PostgreSQL and MySQL,
// where backslash is the default escape character). It is
// [dialect.EscapeLike].
func EscapeLike(s string) string { return dialect.EscapeLike(s) }

// EscapeGlob escapes s for use inside an SQLite GLOB pattern: each of the
// metacharacters *, ? and [ is put in a one-character class ([*], [?],
// [[]). GLOB has no escape character; a ] outside a class is literal. The
// result matches exactly s. It is [dialect.EscapeGlob].
func EscapeGlob(s string) string { return dialect.EscapeGlob(s) }
