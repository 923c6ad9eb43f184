package introspect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// ErrNoTable is wrapped by the error every function of this package
// returns for a table that does not exist in the current schema; the
// message names the table.
var ErrNoTable = errors.New("sqlorm/introspect: no such table")

// errNilDB is returned for a nil *sql.DB without a dialect in the context.
var errNilDB = errors.New("sqlorm/introspect: nil *sql.DB; pass the database to read")

// Column is one column of a live table as the database describes it.
type Column struct {
	// Name is the column name (lower case on Oracle).
	Name string
	// DBType is the column type as the server reports it ("varchar(100)",
	// "character varying(100)", "bigint(20) unsigned", "NVARCHAR2(100)").
	DBType string
	// Nullable reports whether the column accepts NULL.
	Nullable bool
	// Default is the column's DEFAULT as the server reports it (for
	// example 'draft'::character varying on PostgreSQL), or nil when it
	// has none.
	Default *string
	// Primary reports whether the column is part of the primary key.
	Primary bool
	// Auto reports whether the database generates the column's values
	// (AUTOINCREMENT, identity, auto_increment, serial).
	Auto bool
	// Neutral is the column as a neutral schema value, comparable with the
	// columns package orm derives from a model: Kind, Length, Precision
	// and Scale from the type (KindInvalid when the type is not one this
	// package recognises), Null, Primary, Unique (a UNIQUE constraint on
	// this column alone), DBType, and Default/HasDefault when the default
	// is a literal sqlorm can write (see [dialect.ParseDefault]).
	Neutral dialect.Column
}

type dialectKey struct{}

// WithDialect returns a context that makes every function of this package
// read the database as dialect d instead of detecting it from the *sql.DB's
// driver: for drivers sqlorm does not recognise and for test doubles. A nil
// d returns ctx unchanged.
func WithDialect(ctx context.Context, d dialect.Dialect) context.Context {
	if d == nil {
		return ctx
	}
	return context.WithValue(ctx, dialectKey{}, d)
}

// Catalog returns the catalog this package reads db with under ctx: the
// dialect WithDialect put in ctx, else the one dialect.Detect finds for
// db. Packages that change a schema (migrations) use it so that one
// WithDialect serves reading and writing.
func Catalog(ctx context.Context, db *sql.DB) (dialect.Catalog, error) {
	return catalogFor(ctx, db)
}

// catalogFor returns the catalog for a call on db with ctx.
func catalogFor(ctx context.Context, db *sql.DB) (dialect.Catalog, error) {
	d, _ := ctx.Value(dialectKey{}).(dialect.Dialect)
	if db == nil {
		return nil, errNilDB
	}
	if d == nil {
		var err error
		if d, err = dialect.Detect(db); err != nil {
			return nil, fmt.Errorf("sqlorm/introspect: %w", err)
		}
	}
	c, err := dialect.CatalogOf(d)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/introspect: %w", err)
	}
	return c, nil
}

// prepare validates the names, then finds the catalog; nothing is sent.
func prepare(ctx context.Context, db *sql.DB, table string, column ...string) (dialect.Catalog, error) {
	if err := dialect.CheckIdent(table); err != nil {
		return nil, fmt.Errorf("sqlorm/introspect: table name: %w", err)
	}
	for _, c := range column {
		if err := dialect.CheckIdent(c); err != nil {
			return nil, fmt.Errorf("sqlorm/introspect: table %q: column name: %w", table, err)
		}
	}
	return catalogFor(ctx, db)
}

func noTable(cat dialect.Catalog, table string) error {
	return fmt.Errorf("%w %q in the current %s schema", ErrNoTable, table, cat.Name())
}

// Tables returns the names of the user tables of the current schema or
// database, sorted by byte order: no views, and none of the backend's own
// tables (sqlite_sequence).
func Tables(ctx context.Context, db *sql.DB) ([]string, error) {
	cat, err := catalogFor(ctx, db)
	if err != nil {
		return nil, err
	}
	q, args := cat.TablesQuery()
	names := []string{}
	err = query(ctx, db, "list tables", q, args, func(rows *sql.Rows) error {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, cat.CatalogName(n))
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// TableExists reports whether table is a table of the current schema or
// database. A name that fails dialect.CheckIdent is an error and nothing is
// sent.
func TableExists(ctx context.Context, db *sql.DB, table string) (bool, error) {
	cat, err := prepare(ctx, db, table)
	if err != nil {
		return false, err
	}
	return exists(ctx, db, cat, table)
}

func exists(ctx context.Context, db *sql.DB, cat dialect.Catalog, table string) (bool, error) {
	q, args := cat.TableExists(table)
	var n int64
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("sqlorm/introspect: table %q: check existence: %w", table, err)
	}
	return n > 0, nil
}

// mustExist returns an ErrNoTable error when table does not exist.
func mustExist(ctx context.Context, db *sql.DB, cat dialect.Catalog, table string) error {
	ok, err := exists(ctx, db, cat, table)
	if err != nil {
		return err
	}
	if !ok {
		return noTable(cat, table)
	}
	return nil
}

// Columns returns the columns of table in table order, each with its
// database type, nullability, default and primary-key membership, and the
// neutral [dialect.Column] it maps to (Unique included). A missing table is
// an error wrapping ErrNoTable; a bad name is an error wrapping
// dialect.ErrInvalidIdentifier and nothing is sent.
func Columns(ctx context.Context, db *sql.DB, table string) ([]Column, error) {
	cat, err := prepare(ctx, db, table)
	if err != nil {
		return nil, err
	}
	cols, err := columns(ctx, db, cat, table)
	if err != nil {
		return nil, err
	}
	idx, err := indexes(ctx, db, cat, table)
	if err != nil {
		return nil, err
	}
	markUnique(cols, idx)
	return cols, nil
}

// columns runs the columns query; no rows means a missing table unless the
// table exists without columns (PostgreSQL allows that).
func columns(ctx context.Context, db *sql.DB, cat dialect.Catalog, table string) ([]Column, error) {
	q, args := cat.ColumnsQuery(table)
	var cols []Column
	err := query(ctx, db, "read the columns of "+table, q, args, func(rows *sql.Rows) error {
		var (
			c   dialect.CatalogColumn
			def sql.NullString
		)
		if err := rows.Scan(&c.Name, &c.Type, &c.Nullable, &def, &c.Primary, &c.Auto); err != nil {
			return err
		}
		if def.Valid {
			c.Default = &def.String
		}
		n := cat.ColumnFromCatalog(c)
		cols = append(cols, Column{
			Name: n.Name, DBType: c.Type, Nullable: c.Nullable, Default: c.Default,
			Primary: c.Primary, Auto: c.Auto, Neutral: n,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		if err := mustExist(ctx, db, cat, table); err != nil {
			return nil, err
		}
		return []Column{}, nil
	}
	return cols, nil
}

// ColumnNames returns the column names of table in table order: the
// seed's get_table_columns. Errors are those of [Columns].
func ColumnNames(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	cat, err := prepare(ctx, db, table)
	if err != nil {
		return nil, err
	}
	cols, err := columns(ctx, db, cat, table)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names, nil
}

// ColumnExists reports whether table has column, compared as the backend
// compares names (without case except on PostgreSQL). A missing table is
// an error wrapping ErrNoTable, not false; a bad table or column name is
// an error wrapping dialect.ErrInvalidIdentifier and nothing is sent.
func ColumnExists(ctx context.Context, db *sql.DB, table, column string) (bool, error) {
	cat, err := prepare(ctx, db, table, column)
	if err != nil {
		return false, err
	}
	cols, err := columns(ctx, db, cat, table)
	if err != nil {
		return false, err
	}
	for _, c := range cols {
		if cat.SameIdent(c.Name, column) {
			return true, nil
		}
	}
	return false, nil
}

// index is an index as read, with where it came from.
type index struct {
	dialect.Index
	origin string // "c" CREATE INDEX, "u" UNIQUE constraint, "f" made for a foreign key
}

// Indexes returns every index of table except the primary key's, sorted
// by name: those made by CREATE INDEX, those behind UNIQUE constraints
// (named as the backend names them: sqlite_autoindex_<table>_<n> on
// SQLite) and, on MySQL, those InnoDB made for foreign keys. Unique ones
// have Unique set. Errors are those of [Columns].
func Indexes(ctx context.Context, db *sql.DB, table string) ([]dialect.Index, error) {
	cat, err := prepare(ctx, db, table)
	if err != nil {
		return nil, err
	}
	if err := mustExist(ctx, db, cat, table); err != nil {
		return nil, err
	}
	idx, err := indexes(ctx, db, cat, table)
	if err != nil {
		return nil, err
	}
	out := make([]dialect.Index, len(idx))
	for i, x := range idx {
		out[i] = x.Index
	}
	return out, nil
}

func indexes(ctx context.Context, db *sql.DB, cat dialect.Catalog, table string) ([]index, error) {
	q, args := cat.IndexesQuery(table)
	var out []index
	err := query(ctx, db, "read the indexes of "+table, q, args, func(rows *sql.Rows) error {
		var (
			name, origin, col string
			unique            bool
		)
		if err := rows.Scan(&name, &unique, &origin, &col); err != nil {
			return err
		}
		name, col = cat.CatalogName(name), cat.CatalogName(col)
		if n := len(out); n > 0 && out[n-1].Name == name {
			out[n-1].Columns = append(out[n-1].Columns, col)
			return nil
		}
		out = append(out, index{Index: dialect.Index{Name: name, Columns: []string{col}, Unique: unique}, origin: origin})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// markUnique sets Neutral.Unique on each column that a single-column
// UNIQUE constraint covers.
func markUnique(cols []Column, idx []index) {
	for _, x := range idx {
		if x.origin != "u" || len(x.Columns) != 1 {
			continue
		}
		for i := range cols {
			if cols[i].Name == x.Columns[0] {
				cols[i].Neutral.Unique = true
			}
		}
	}
}

// ForeignKeys returns the foreign keys of table with their referenced
// table and columns and their ON DELETE action as the backend reports it
// (upper case, "NO ACTION" or "RESTRICT" when none was given; see the
// package documentation), sorted by column list, then name. SQLite keeps
// no constraint names: Name is "" there. Errors are those of [Columns].
func ForeignKeys(ctx context.Context, db *sql.DB, table string) ([]dialect.ForeignKey, error) {
	cat, err := prepare(ctx, db, table)
	if err != nil {
		return nil, err
	}
	if err := mustExist(ctx, db, cat, table); err != nil {
		return nil, err
	}
	return foreignKeys(ctx, db, cat, table)
}

func foreignKeys(ctx context.Context, db *sql.DB, cat dialect.Catalog, table string) ([]dialect.ForeignKey, error) {
	q, args := cat.ForeignKeysQuery(table)
	out := []dialect.ForeignKey{}
	last := ""
	err := query(ctx, db, "read the foreign keys of "+table, q, args, func(rows *sql.Rows) error {
		var group, name, col, refTable, refCol, onDelete string
		if err := rows.Scan(&group, &name, &col, &refTable, &refCol, &onDelete); err != nil {
			return err
		}
		col, refCol = cat.CatalogName(col), cat.CatalogName(refCol)
		if n := len(out); n > 0 && group == last {
			out[n-1].Columns = append(out[n-1].Columns, col)
			out[n-1].RefColumns = append(out[n-1].RefColumns, refCol)
			return nil
		}
		last = group
		out = append(out, dialect.ForeignKey{
			Name: cat.CatalogName(name), Columns: []string{col},
			RefTable: cat.CatalogName(refTable), RefColumns: []string{refCol},
			OnDelete: strings.ToUpper(strings.TrimSpace(onDelete)),
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.Join(out[i].Columns, ","), strings.Join(out[j].Columns, ",")
		if a != b {
			return a < b
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// Table returns the whole of table as a neutral value: its columns in
// table order (Unique set from single-column UNIQUE constraints), Uniques
// (the multi-column UNIQUE constraints, sorted), Indexes (those made by
// CREATE INDEX, sorted by name; not the primary key's, not those behind
// constraints or made by the backend for a foreign key) and ForeignKeys as
// [ForeignKeys] returns them. Errors are those of [Columns].
func Table(ctx context.Context, db *sql.DB, table string) (dialect.Table, error) {
	cat, err := prepare(ctx, db, table)
	if err != nil {
		return dialect.Table{}, err
	}
	cols, err := columns(ctx, db, cat, table)
	if err != nil {
		return dialect.Table{}, err
	}
	idx, err := indexes(ctx, db, cat, table)
	if err != nil {
		return dialect.Table{}, err
	}
	fks, err := foreignKeys(ctx, db, cat, table)
	if err != nil {
		return dialect.Table{}, err
	}
	checks, err := readChecks(ctx, db, cat, table)
	if err != nil {
		return dialect.Table{}, err
	}
	markUnique(cols, idx)
	t := dialect.Table{Name: cat.CatalogName(table), Columns: make([]dialect.Column, len(cols)), ForeignKeys: fks}
	for i, c := range cols {
		t.Columns[i] = c.Neutral
	}
	// A check named as CreateTable names a column's (<table>_<col>_check)
	// belongs to the column: its string literals are the choices.
	for _, ck := range checks {
		col := -1
		for i, c := range t.Columns {
			if cat.SameIdent(ck.Name, dialect.DeriveName(t.Name, []string{c.Name}, dialect.SuffixCheck)) {
				col = i
			}
		}
		if col < 0 {
			t.Checks = append(t.Checks, ck)
			continue
		}
		t.Columns[col].CheckClause = ck.Clause
		t.Columns[col].Choices = dialect.ParseChoices(ck.Clause)
	}
	for _, x := range idx {
		switch {
		case x.origin == "u" && len(x.Columns) > 1:
			t.Uniques = append(t.Uniques, x.Columns)
		case x.origin == "c":
			t.Indexes = append(t.Indexes, x.Index)
		}
	}
	sort.SliceStable(t.Uniques, func(i, j int) bool {
		return strings.Join(t.Uniques[i], ",") < strings.Join(t.Uniques[j], ",")
	})
	return t, nil
}

// Checks returns the CHECK constraints of table, sorted by name, with
// each condition as the backend reports it back (PostgreSQL rewrites
// col IN ('a', 'b') as (col)::text = ANY (ARRAY[...]), MariaDB quotes
// names with backticks): those sqlorm derives from columns (named
// <table>_<column>_check) and any other. The checks a backend makes by
// itself (MariaDB's json_valid, Oracle's NOT NULL) are left out. [Table]
// gives a column's own check to the column (CheckClause, and Choices from
// its string literals) and the others to Table.Checks. Errors are those of
// [Columns].
func Checks(ctx context.Context, db *sql.DB, table string) ([]dialect.Check, error) {
	cat, err := prepare(ctx, db, table)
	if err != nil {
		return nil, err
	}
	if err := mustExist(ctx, db, cat, table); err != nil {
		return nil, err
	}
	return readChecks(ctx, db, cat, table)
}

func readChecks(ctx context.Context, db *sql.DB, cat dialect.Catalog, table string) ([]dialect.Check, error) {
	q, args := cat.ChecksQuery(table)
	var out []dialect.Check
	err := query(ctx, db, "read the checks of "+table, q, args, func(rows *sql.Rows) error {
		var name string
		var clause sql.NullString
		if err := rows.Scan(&name, &clause); err != nil {
			return err
		}
		if clause.Valid {
			out = append(out, cat.ChecksFromCatalog(name, clause.String)...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// query runs q and calls scan for each row, closing the rows and checking
// rows.Err; errors say what was being done.
func query(ctx context.Context, db *sql.DB, what, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("sqlorm/introspect: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("sqlorm/introspect: %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlorm/introspect: %s: %w", what, err)
	}
	return nil
}
