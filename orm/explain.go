package orm

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// ExplainOption is an option of Explain: a format (ExplainFormat) or a
// boolean option (ExplainFlag).
type ExplainOption struct {
	format string
	flag   string
	on     bool
}

// ExplainFormat asks Explain for the plan in the named format, Django's
// explain(format=...): PostgreSQL's TEXT, JSON, XML and YAML, MySQL's
// TRADITIONAL (or TEXT), JSON and TREE (MariaDB: TEXT, JSON). Names are
// case-insensitive; another is an error.
func ExplainFormat(name string) ExplainOption { return ExplainOption{format: name} }

// ExplainFlag sets the boolean option name of Explain, Django's
// explain(**options): PostgreSQL's analyze, buffers, costs, generic_plan,
// memory, settings, summary, timing, verbose and wal; MySQL's and
// MariaDB's analyze. SQLite takes none. Another name is an error, and no
// name reaches the SQL: the backend's own spelling is written. analyze
// runs the query.
func ExplainFlag(name string, on bool) ExplainOption {
	return ExplainOption{flag: name, on: on}
}

// Explain returns the database's plan for the query All would run:
// Django's explain(). Each row of the backend's EXPLAIN output is a line,
// its columns joined by spaces (PostgreSQL's JSON is one line). The
// options are checked against the backend's list before anything is sent
// (an unknown format or option is an error wrapping ErrInvalidQuery and
// dialect.ErrUnsupported). Oracle cannot explain a query this way
// (Django's neither). On the MySQL dialect an option or format first
// asks the server's version, as MariaDB's ANALYZE is written differently.
//
//	plan, err := orm.Objects[Track](db).Filter(orm.Q{"genre_id": 1}).
//		Explain(ctx, orm.ExplainFormat("json"), orm.ExplainFlag("analyze", true))
func (qs *QuerySet[T]) Explain(ctx context.Context, opts ...ExplainOption) (string, error) {
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return "", err
	}
	var e dialect.Explain
	for _, o := range opts {
		switch {
		case o.flag != "":
			if e.Flags == nil {
				e.Flags = map[string]bool{}
			}
			e.Flags[o.flag] = o.on
		case o.format != "":
			if e.Format != "" {
				return "", queryError("%s: Explain: two formats, %q and %q", m.name, e.Format, o.format)
			}
			e.Format = o.format
		default:
			return "", queryError("%s: Explain: a zero ExplainOption; make one with ExplainFormat or ExplainFlag", m.name)
		}
	}
	if _, err := dialect.ExplainPrefix(d, e); err != nil {
		return "", fmt.Errorf("%w: %s: Explain: %w", ErrInvalidQuery, m.name, err)
	}
	st, err := qs.selectRows(m, d, s, rowsSpec{ordered: true, limit: qs.limit, offset: qs.offset})
	if err != nil {
		return "", err
	}
	if st.never {
		return "", ErrEmptyResultSet
	}
	if vq := dialect.ExplainVersionQuery(d); vq != "" && (len(opts) > 0) {
		if err := queryRowScan(ctx, qs.db, &e.ServerVersion, vq); err != nil {
			return "", m.dbError("explain", d, err)
		}
	}
	prefix, err := dialect.ExplainPrefix(d, e)
	if err != nil {
		return "", fmt.Errorf("%w: %s: Explain: %w", ErrInvalidQuery, m.name, err)
	}
	rows, err := queryContext(ctx, qs.db, prefix+" "+st.sql, st.args...)
	if err != nil {
		return "", m.dbError("explain", d, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", m.dbError("explain", d, err)
	}
	vals := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	var lines []string
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return "", m.dbError("explain", d, err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = v.String
			if !v.Valid {
				parts[i] = "None"
			}
		}
		lines = append(lines, strings.Join(parts, " "))
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, qs.db, err)
		return "", m.dbError("explain", d, err)
	}
	return strings.Join(lines, "\n"), nil
}
