package dialect

import (
	"fmt"
	"slices"
	"strings"
)

// Explain describes Django's explain(format=None, **options) for one
// statement: Format is "" (the backend's default) or a format name, and
// Flags are boolean options by name ("analyze", "verbose", ...). Names are
// matched case-insensitively against each backend's fixed list; what is
// written is the list's own spelling, never the caller's text.
type Explain struct {
	Format string
	Flags  map[string]bool
	// ServerVersion is what ExplainVersionQuery returned, where it is not
	// "": the MySQL dialect's server may be MariaDB, whose ANALYZE is a
	// statement of its own rather than EXPLAIN ANALYZE.
	ServerVersion string
}

// ExplainVersionQuery returns the query whose one value ExplainPrefix
// needs as Explain.ServerVersion to write options and formats, or "" when
// it needs none (every dialect but MySQL's, which serves MySQL and
// MariaDB).
func ExplainVersionQuery(d Dialect) string {
	if d != nil && d.Name() == MySQL {
		return "SELECT VERSION()"
	}
	return ""
}

// explainSpec is what a backend's EXPLAIN takes.
type explainSpec struct {
	prefix  string
	formats []string
	flags   []string
}

var explainSpecs = map[Name]explainSpec{
	SQLite:   {prefix: "EXPLAIN QUERY PLAN"},
	Postgres: {prefix: "EXPLAIN", formats: []string{"JSON", "TEXT", "XML", "YAML"}, flags: []string{"ANALYZE", "BUFFERS", "COSTS", "GENERIC_PLAN", "MEMORY", "SETTINGS", "SUMMARY", "TIMING", "VERBOSE", "WAL"}},
	MySQL:    {prefix: "EXPLAIN", formats: []string{"JSON", "TEXT", "TRADITIONAL", "TREE"}, flags: []string{"ANALYZE"}},
}

// ExplainPrefix returns the words that go before a SELECT to explain it
// with e, as Django's explain_query_prefix writes them: PostgreSQL's
// EXPLAIN (FORMAT JSON, ANALYZE true), MySQL's EXPLAIN FORMAT=JSON and
// EXPLAIN ANALYZE, MariaDB's ANALYZE FORMAT=JSON, SQLite's EXPLAIN QUERY
// PLAN (no format, no options). An unknown format or option, or a
// backend that cannot explain (Oracle, where EXPLAIN PLAN stores the plan
// in a table), is an error wrapping ErrUnsupported that lists the
// choices.
func ExplainPrefix(d Dialect, e Explain) (string, error) {
	if d == nil {
		return "", fmt.Errorf("%w: no dialect", ErrUnsupported)
	}
	spec, ok := explainSpecs[d.Name()]
	if !ok {
		return "", fmt.Errorf("%w: %s cannot explain a query (Django: this backend does not support explaining query execution)", ErrUnsupported, d.Name())
	}
	format := ""
	if e.Format != "" {
		i := slices.Index(spec.formats, strings.ToUpper(e.Format))
		if i < 0 {
			msg := fmt.Sprintf("%q is not a recognized format", e.Format)
			if len(spec.formats) > 0 {
				msg += "; allowed formats: " + strings.Join(spec.formats, ", ")
			} else {
				msg += "; " + string(d.Name()) + " has one format"
			}
			return "", fmt.Errorf("%w: %s", ErrUnsupported, msg)
		}
		format = spec.formats[i]
	}
	names := make([]string, 0, len(e.Flags))
	for n := range e.Flags {
		names = append(names, n)
	}
	slices.Sort(names)
	var flags []string // the spec's spellings, in sorted order
	var unknown []string
	for _, n := range names {
		i := slices.Index(spec.flags, strings.ToUpper(n))
		if i < 0 {
			unknown = append(unknown, fmt.Sprintf("%q", n))
			continue
		}
		flags = append(flags, spec.flags[i])
	}
	if len(unknown) > 0 {
		choices := "none"
		if len(spec.flags) > 0 {
			choices = strings.ToLower(strings.Join(spec.flags, ", "))
		}
		return "", fmt.Errorf("%w: unknown options: %s; %s takes %s", ErrUnsupported, strings.Join(unknown, ", "), d.Name(), choices)
	}
	on := func(f string) bool {
		for n, v := range e.Flags {
			if strings.EqualFold(n, f) {
				return v
			}
		}
		return false
	}
	switch d.Name() {
	case Postgres:
		var parts []string
		if format != "" {
			parts = append(parts, "FORMAT "+format)
		}
		for _, f := range flags {
			if on(f) {
				parts = append(parts, f+" true")
			} else {
				parts = append(parts, f+" false")
			}
		}
		if len(parts) == 0 {
			return spec.prefix, nil
		}
		return spec.prefix + " (" + strings.Join(parts, ", ") + ")", nil
	case MySQL:
		if format == "TEXT" {
			format = "TRADITIONAL"
		}
		analyze := on("ANALYZE")
		if strings.Contains(strings.ToLower(e.ServerVersion), "mariadb") {
			if format == "TREE" {
				return "", fmt.Errorf("%w: MariaDB has no TREE format; allowed formats: JSON, TEXT, TRADITIONAL", ErrUnsupported)
			}
			p := "EXPLAIN"
			if analyze {
				p = "ANALYZE"
			}
			if format == "JSON" {
				p += " FORMAT=JSON"
			}
			return p, nil
		}
		if analyze {
			if format != "" && format != "TREE" {
				return "", fmt.Errorf("%w: MySQL's EXPLAIN ANALYZE has the TREE format only", ErrUnsupported)
			}
			return "EXPLAIN ANALYZE", nil
		}
		if format != "" {
			return "EXPLAIN FORMAT=" + format, nil
		}
		return "EXPLAIN", nil
	}
	return spec.prefix, nil
}
