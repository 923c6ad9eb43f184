package sqlormtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// ErrFixture is wrapped by every error of [LoadFixtureFile] about the
// content of a fixture file.
var ErrFixture = errors.New("sqlormtest: bad fixture")

// Fixture is one row of a fixture file, in the layout of Django's
// dumpdata/loaddata:
//
//   - model: blog_post      # the table
//     pk: 1                 # optional: the value of the key column
//     fields:
//     title: Hello
//     author_id: 2
//
// Model is the table name (sqlorm models name their table themselves: use
// the name migrations created). PK, when present, goes to the column
// PKColumn names ("id" when empty). Fields map column names to scalar
// values: strings, numbers, booleans and null.
type Fixture struct {
	Model    string         `json:"model" yaml:"model"`
	PK       any            `json:"pk,omitempty" yaml:"pk,omitempty"`
	PKColumn string         `json:"pk_column,omitempty" yaml:"pk_column,omitempty"`
	Fields   map[string]any `json:"fields" yaml:"fields"`
}

// LoadFixtures loads each file with [LoadFixtureFile] and fails t on the
// first error. Run with a context from [Tx], the rows are rolled back with
// the test.
func LoadFixtures(t testing.TB, ctx context.Context, db *sql.DB, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := LoadFixtureFile(ctx, db, p); err != nil {
			t.Fatalf("%v", err)
		}
	}
}

// LoadFixtureFile inserts the rows of a JSON (.json) or YAML (.yaml, .yml)
// fixture file into db, in file order, on the transaction ctx carries if
// any (orm.WithTx, [Tx], orm.Atomic), and returns how many it inserted.
// After rows given with a key, the key's generator is moved past the
// largest key (PostgreSQL's sequences and Oracle's identities do not follow
// explicit values; dialect.ResetIdentity), so later inserts get new keys,
// as Django's loaddata does. Errors name the file, the row and the field.
func LoadFixtureFile(ctx context.Context, db *sql.DB, path string) (int, error) {
	rows, err := ReadFixtures(path)
	if err != nil {
		return 0, err
	}
	d, err := dialect.Detect(db)
	if err != nil {
		return 0, fmt.Errorf("sqlormtest: fixtures %s: %w", path, err)
	}
	// pending holds the key columns that got explicit values since their
	// generator was last reset, per table; a row without a key, and the
	// end of the file, reset them first.
	pending := map[string]string{}
	var order []string
	reset := func(table string) error {
		col, ok := pending[table]
		if !ok {
			return nil
		}
		delete(pending, table)
		q, args, err := dialect.ResetIdentity(d, table, col)
		if err != nil || q == "" {
			return err
		}
		if _, err := orm.Exec(ctx, db, q, args...); err != nil {
			return fmt.Errorf("reset the key generator of %s.%s: %w", table, col, err)
		}
		return nil
	}
	for i, r := range rows {
		q, args, err := insertFixture(d, r)
		if err != nil {
			return i, fmt.Errorf("%w: %s: row %d (model %q): %w", ErrFixture, path, i+1, r.Model, err)
		}
		if r.PK == nil {
			if err := reset(r.Model); err != nil {
				return i, fmt.Errorf("sqlormtest: fixtures %s: row %d: %w", path, i+1, err)
			}
		}
		if _, err := orm.Exec(ctx, db, q, args...); err != nil {
			return i, fmt.Errorf("sqlormtest: fixtures %s: row %d (model %q): %w", path, i+1, r.Model, err)
		}
		if r.PK != nil {
			if _, ok := pending[r.Model]; !ok {
				order = append(order, r.Model)
			}
			pending[r.Model] = pkColumn(r)
		}
	}
	for _, table := range order {
		if err := reset(table); err != nil {
			return len(rows), fmt.Errorf("sqlormtest: fixtures %s: %w", path, err)
		}
	}
	return len(rows), nil
}

func pkColumn(r Fixture) string {
	if r.PKColumn != "" {
		return r.PKColumn
	}
	return "id"
}

// ReadFixtures parses a fixture file without touching a database: JSON for
// .json, YAML for .yaml and .yml (a list of [Fixture] in either).
func ReadFixtures(path string) ([]Fixture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sqlormtest: fixtures: %w", err)
	}
	var rows []Fixture
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".json":
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rows); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrFixture, path, err)
		}
	case ".yaml", ".yml":
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&rows); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrFixture, path, err)
		}
	default:
		return nil, fmt.Errorf("%w: %s: unknown extension %q; use .json, .yaml or .yml", ErrFixture, path, ext)
	}
	for i := range rows {
		if rows[i].Model == "" {
			return nil, fmt.Errorf("%w: %s: row %d has no model (the table name)", ErrFixture, path, i+1)
		}
		if len(rows[i].Fields) == 0 && rows[i].PK == nil {
			return nil, fmt.Errorf("%w: %s: row %d (model %q) has neither pk nor fields", ErrFixture, path, i+1, rows[i].Model)
		}
	}
	return rows, nil
}

// insertFixture builds the INSERT for one row, columns in a stable order.
func insertFixture(d dialect.Dialect, r Fixture) (string, []any, error) {
	table, err := d.Quote(r.Model)
	if err != nil {
		return "", nil, fmt.Errorf("model: %w", err)
	}
	names := make([]string, 0, len(r.Fields))
	for k := range r.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	var cols []string
	var args []any
	if r.PK != nil {
		pk := pkColumn(r)
		if _, dup := r.Fields[pk]; dup {
			return "", nil, fmt.Errorf("field %q is also given as pk; give it once", pk)
		}
		v, err := scalar(r.PK)
		if err != nil {
			return "", nil, fmt.Errorf("pk: %w", err)
		}
		q, err := d.Quote(pk)
		if err != nil {
			return "", nil, fmt.Errorf("pk_column: %w", err)
		}
		cols, args = append(cols, q), append(args, v)
	}
	for _, k := range names {
		v, err := scalar(r.Fields[k])
		if err != nil {
			return "", nil, fmt.Errorf("field %q: %w", k, err)
		}
		q, err := d.Quote(k)
		if err != nil {
			return "", nil, fmt.Errorf("field %q: %w", k, err)
		}
		cols, args = append(cols, q), append(args, v)
	}
	ph := make([]string, len(cols))
	for i := range ph {
		ph[i] = d.Placeholder(i + 1)
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")", args, nil
}

// scalar turns a decoded JSON or YAML value into a database argument.
func scalar(v any) (any, error) {
	switch v := v.(type) {
	case nil, string, bool, int, int64, float64:
		return v, nil
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i, nil
		}
		f, err := v.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s is out of range", v)
		}
		return f, nil
	case uint64:
		if v > 1<<63-1 {
			return nil, fmt.Errorf("integer %d is out of range", v)
		}
		return int64(v), nil
	}
	if _, ok := v.(interface{ Format(string) string }); ok {
		return v, nil // time.Time from a YAML timestamp
	}
	return nil, fmt.Errorf("value %v (%T) is not a scalar; store JSON text as a string", v, v)
}
