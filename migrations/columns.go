package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/introspect"
)

var (
	// ErrColumnExists: AddColumn or RenameColumn would create a column the
	// table already has.
	ErrColumnExists = errors.New("sqlorm/migrations: column already exists")
	// ErrNoColumn: the column to rename or change does not exist.
	ErrNoColumn = errors.New("sqlorm/migrations: no such column")
)

// Python SQLORM's ad-hoc schema utilities run at once on db, outside any
// Runner and its history: for scripts and Python SQLORM's "production
// workflow". The dialect is introspect's: introspect.WithDialect in ctx
// overrides dialect.Detect(db). Column definitions are dialect.Column
// values, not SQL type strings, so every name is checked and every
// default is a validated literal.

// catalog returns db's catalog for ctx (see introspect.Catalog).
func catalog(ctx context.Context, db *sql.DB) (dialect.Catalog, error) {
	cat, err := introspect.Catalog(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	return cat, nil
}

// AddColumn adds column c to table, with its default (which the existing
// rows get), NOT NULL, UNIQUE and CHECK constraints: Python SQLORM's
// add_column. A table that already has the column is an error wrapping
// ErrColumnExists (use SafeAddColumn to skip it); a missing table wraps
// introspect.ErrNoTable. A NOT NULL column without a default (the existing
// rows would have no value; MySQL would silently write 0 or an empty string) and what
// a backend cannot add to an existing table (SQLite: UNIQUE) are errors
// wrapping dialect.ErrInvalidSchema, and nothing is sent.
func AddColumn(ctx context.Context, db *sql.DB, table string, c dialect.Column) error {
	added, err := addColumnNow(ctx, db, table, c)
	if err == nil && !added {
		err = fmt.Errorf("%w: table %q already has a column %q; SafeAddColumn skips it", ErrColumnExists, table, c.Name)
	}
	return err
}

// SafeAddColumn adds column c to table unless the table has a column of
// that name already, and reports whether it added it: Python SQLORM's
// safe_add_column. Two processes adding the same column at once both
// succeed; one of them reports false.
func SafeAddColumn(ctx context.Context, db *sql.DB, table string, c dialect.Column) (added bool, err error) {
	return addColumnNow(ctx, db, table, c)
}

func addColumnNow(ctx context.Context, db *sql.DB, table string, c dialect.Column) (bool, error) {
	cat, err := catalog(ctx, db)
	if err != nil {
		return false, err
	}
	stmt, err := cat.AddColumn(table, c)
	if err != nil {
		return false, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	if !c.Null && !c.HasDefault {
		// The existing rows need a value: PostgreSQL refuses, MySQL would
		// silently write 0 or '' into every row.
		return false, fmt.Errorf("sqlorm/migrations: %w: table %q: column %q is NOT NULL without a default, so the existing rows would have no value; give it a default, or add it with null, fill it, then make it NOT NULL", dialect.ErrInvalidSchema, table, c.Name)
	}
	exists, err := introspect.ColumnExists(ctx, db, table, c.Name)
	if err != nil || exists {
		return false, err
	}
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		// Someone else may have added it meanwhile.
		if exists, _ := introspect.ColumnExists(ctx, db, table, c.Name); exists {
			return false, nil
		}
		return false, fmt.Errorf("sqlorm/migrations: adding column %q to %q: %w", c.Name, table, err)
	}
	return true, nil
}

// RenameColumn renames column from of table to to, keeping its data, type
// and constraints: Python SQLORM's rename_column. It uses ALTER TABLE ...
// RENAME COLUMN, which every supported backend has (SQLite since 3.25,
// older than the SQLite go-sqlite3 bundles). A missing column wraps
// ErrNoColumn, an existing target ErrColumnExists.
func RenameColumn(ctx context.Context, db *sql.DB, table, from, to string) error {
	cat, err := catalog(ctx, db)
	if err != nil {
		return err
	}
	stmt, err := cat.RenameColumn(table, from, to)
	if err != nil {
		return fmt.Errorf("sqlorm/migrations: %w", err)
	}
	cols, err := introspect.ColumnNames(ctx, db, table)
	if err != nil {
		return err
	}
	var hasFrom, hasTo bool
	for _, c := range cols {
		hasFrom = hasFrom || cat.SameIdent(c, from)
		hasTo = hasTo || (cat.SameIdent(c, to) && !cat.SameIdent(from, to))
	}
	switch {
	case !hasFrom:
		return fmt.Errorf("%w: table %q has no column %q; its columns are %q", ErrNoColumn, table, from, cols)
	case hasTo:
		return fmt.Errorf("%w: table %q already has a column %q", ErrColumnExists, table, to)
	}
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("sqlorm/migrations: renaming column %q of %q to %q: %w", from, table, to, err)
	}
	return nil
}
