package orm

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"github.com/sqlorm/sqlorm/dialect"
)

// Schema returns the neutral description of T's table — columns with their
// kinds, NULL, defaults, choices; indexes; unique-together constraints;
// foreign keys — the value dialects turn into DDL and package migrations
// compares with a live database. A foreign key needs its target model's
// metadata too; an invalid model or target is a *ModelError.
func Schema[T any]() (dialect.Table, error) {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return dialect.Table{}, err
	}
	return m.schema()
}

func (m *modelInfo) schema() (dialect.Table, error) {
	t := dialect.Table{Name: m.table}
	for _, f := range m.fields {
		c := f.col
		c.Choices = append([]string(nil), f.col.Choices...)
		if f.fkTarget != nil {
			tpk, err := f.targetPK(m)
			if err != nil {
				return dialect.Table{}, err
			}
			tm, _ := f.targetInfo(m)
			switch tpk.col.Kind {
			case dialect.KindAuto:
				c.Kind = dialect.KindInt
			case dialect.KindBigAuto:
				c.Kind = dialect.KindBigInt
			default:
				c.Kind = tpk.col.Kind
			}
			t.ForeignKeys = append(t.ForeignKeys, dialect.ForeignKey{
				Columns:    []string{f.column},
				RefTable:   tm.table,
				RefColumns: []string{tpk.column},
				OnDelete:   f.onDelete,
			})
		}
		t.Columns = append(t.Columns, c)
	}
	for _, ix := range m.indexes {
		t.Indexes = append(t.Indexes, dialect.Index{Name: ix.Name, Columns: append([]string(nil), ix.Columns...), Unique: ix.Unique})
	}
	for _, u := range m.uniqueTogether {
		t.Uniques = append(t.Uniques, append([]string(nil), u...))
	}
	return t, nil
}

// Migrate creates T's table, with its constraints and indexes, if it does
// not exist: Python SQLORM's Model.migrate(). Running it again changes nothing.
// It does not alter an existing table (package migrations does). A model
// with a foreign key needs its target's table first on backends that check
// references at creation (PostgreSQL, MySQL): migrate the target first.
// The join tables of T's ManyToMany fields (see [ManyToManyTables]) are
// created after T's table, so the ManyToMany's target must be migrated
// before T too.
func Migrate[T any](ctx context.Context, db *sql.DB) error {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	if db == nil {
		return errNilDB
	}
	stmts, err := m.createStatements(d)
	if err != nil {
		return err
	}
	exec := executor(ctx, db)
	if err := m.checkForeignKeysOn(ctx, exec, d); err != nil {
		return err
	}
	for _, q := range stmts {
		if _, err := exec.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlorm: migrate %s (table %s): %w", m.name, m.table, classify(d, err))
		}
	}
	// The join tables of ManyToMany fields, after the table they refer to.
	for _, mf := range m.m2m {
		stmts, err := mf.through.createStatements(d)
		if err != nil {
			return err
		}
		for _, q := range stmts {
			if _, err := exec.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("sqlorm: migrate %s (join table %s of %s): %w", m.name, mf.through.table, mf.goName, classify(d, err))
			}
		}
	}
	return nil
}

// checkForeignKeysOn refuses to create the table of a model with foreign
// keys on a connection that does not enforce them (SQLite without
// _fk=1): Delete carries out on_delete itself, but a row written with a
// key that does not exist, or a delete made outside the ORM, would leave
// rows pointing at nothing, silently.
func (m *modelInfo) checkForeignKeysOn(ctx context.Context, exec querier, d dialect.Dialect) error {
	q := d.Traits().ForeignKeysQuery
	if q == "" {
		return nil
	}
	has := len(m.m2m) > 0
	for _, f := range m.fields {
		has = has || f.fkTarget != nil
	}
	if !has {
		return nil
	}
	var on int64
	if err := exec.QueryRowContext(ctx, q).Scan(&on); err != nil {
		return fmt.Errorf("sqlorm: migrate %s: asking whether foreign keys are enforced: %w", m.name, classify(d, err))
	}
	if on != 1 {
		return fmt.Errorf("%w: migrate %s: this connection does not enforce foreign keys, so a row of %s written with a key that does not exist, or a delete made outside the ORM, would leave rows pointing at nothing; %s", ErrInvalidQuery, m.name, m.name, d.Traits().ForeignKeysHint)
	}
	return nil
}

func (m *modelInfo) createStatements(d dialect.Dialect) ([]string, error) {
	t, err := m.schema()
	if err != nil {
		return nil, err
	}
	stmts, err := d.CreateTable(t)
	if err != nil {
		return nil, fmt.Errorf("sqlorm: model %s: %w", m.name, err)
	}
	return stmts, nil
}

// TableExists reports whether T's table exists in db's current schema.
func TableExists[T any](ctx context.Context, db *sql.DB) (bool, error) {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return false, err
	}
	d, err := dialectFor(ctx, db)
	if err != nil {
		return false, err
	}
	if db == nil {
		return false, errNilDB
	}
	q, args := d.TableExists(m.table)
	var n int64
	if err := queryRowScan(ctx, db, &n, q, args...); err != nil {
		return false, fmt.Errorf("sqlorm: table exists %s: %w", m.table, classify(d, err))
	}
	return n > 0, nil
}
