package migrations

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/introspect"
)

// BackupsTable is the table that records, for each backup BackupTable
// made, the table's schema as it was, so RestoreTable can bring the schema
// back with the rows. It is created when the first backup is made.
const BackupsTable = "sqlorm_backups"

var (
	// ErrBackupExists: the table has a backup already; pass ReplaceBackup
	// to replace it.
	ErrBackupExists = errors.New("sqlorm/migrations: the table has a backup already")
	// ErrNoBackup: RestoreTable found no backup of the table.
	ErrNoBackup = errors.New("sqlorm/migrations: no backup of the table")
)

type backupOptions struct {
	replace bool
	report  func(RowsCopied)
}

type backupFunc func(*backupOptions)

func (f backupFunc) applyBackup(o *backupOptions) { f(o) }

// ReplaceBackup makes BackupTable replace the table's existing backup
// instead of failing with ErrBackupExists.
func ReplaceBackup() BackupOption { return backupFunc(func(o *backupOptions) { o.replace = true }) }

// BackupTable copies every row of table into <table>_backup and records
// the table's schema — columns with their types, nullability and
// defaults, the primary key, unique constraints, indexes and foreign keys,
// as introspect.Table reads them — in BackupsTable, so RestoreTable can
// bring back both: Python SQLORM's backup_table, without its CREATE TABLE ...
// AS SELECT that loses keys, defaults and indexes. It returns the backup
// table's name.
//
// The backup table itself has the columns (types, NULL, defaults) and the
// primary key, but no indexes, unique constraints or foreign keys: it is
// a copy of the data, and its names never collide with the table's. An
// existing backup is an error wrapping ErrBackupExists unless
// ReplaceBackup is given. A column of a type sqlorm does not know cannot
// be restored exactly, so it is refused (ErrInvalidRewrite) before
// anything is written. The backup is made all or nothing. ReportRows
// among opts reports the rows copied; where DDL is transactional (SQLite,
// PostgreSQL) the copy then goes in batches and writers wait until the
// backup commits (on PostgreSQL LOCK TABLE ... IN SHARE MODE, as
// RecreateTable), so that the batches see one moment of the table; on
// MySQL/MariaDB and Oracle the copy stays one statement, reported at 0
// and at the end.
func BackupTable(ctx context.Context, db *sql.DB, table string, opts ...BackupOption) (string, error) {
	var o backupOptions
	for _, opt := range opts {
		if opt != nil {
			opt.applyBackup(&o)
		}
	}
	d, err := dialectFor(ctx, db)
	if err != nil {
		return "", err
	}
	if err := checkTableName(d, table); err != nil {
		return "", err
	}
	name := table + backupSuffix
	snap, err := introspect.Table(ctx, db, table)
	if err != nil {
		return "", fmt.Errorf("sqlorm/migrations: BackupTable(%q): %w", table, err)
	}
	for _, c := range snap.Columns {
		if c.Kind == dialect.KindInvalid {
			return "", fmt.Errorf("%w: table %q: column %q has a type sqlorm does not know (%s), so a backup could not restore it exactly; change its type first", ErrInvalidRewrite, table, c.Name, c.DBType)
		}
	}
	schema, err := encodeSchema(snap)
	if err != nil {
		return "", fmt.Errorf("%w: table %q: %w", ErrInvalidRewrite, table, err)
	}
	bt := backupSchema(snap, name)
	create, err := d.CreateTable(bt)
	if err != nil {
		return "", fmt.Errorf("%w: table %q: %w", ErrInvalidRewrite, table, err)
	}
	drop, err := d.DropTable(name)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
	}
	if err := ensureBackupsTable(ctx, d, db); err != nil {
		return "", err
	}
	exists, err := introspect.TableExists(ctx, db, name)
	if err != nil {
		return "", fmt.Errorf("sqlorm/migrations: %w", err)
	}
	if exists && !o.replace {
		return "", fmt.Errorf("%w: %q exists; restore it with RestoreTable, drop it, or pass migrations.ReplaceBackup()", ErrBackupExists, name)
	}
	cols := make([]string, len(snap.Columns))
	for i, c := range snap.Columns {
		cols[i] = c.Name
	}
	cp := &tableCopy{d: d, into: name, from: table, cols: cols, table: table}
	for _, c := range cols {
		cp.exprs = append(cp.exprs, quote(d, c))
	}
	// Copied in batches only inside one transaction that holds writers
	// off (the lock RecreateTable takes; SQLite's write lock, taken by the
	// first statement), so the backup is one moment of the table. Where
	// DDL commits at once the batches would each see another moment: one
	// statement there, reported at 0 and at the end.
	var lock string
	if o.report != nil && d.Has(dialect.TransactionalDDL) {
		cp.key = batchKey(snap)
		if lock, err = dialect.LockForRewrite(d, table); err != nil {
			return "", fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
		}
	}
	del := "DELETE FROM " + quote(d, BackupsTable) + " WHERE " + quote(d, "table_name") + " = " + d.Placeholder(1)
	ins := "INSERT INTO " + quote(d, BackupsTable) + " (" + quotedList(d, []string{"table_name", "backup_name", "schema_json", "created_at"}) +
		") VALUES (" + d.Placeholder(1) + ", " + d.Placeholder(2) + ", " + d.Placeholder(3) + ", " + d.Placeholder(4) + ")"

	steps := func(ex Executor) error {
		if err := exec(ctx, ex, drop); err != nil {
			return err
		}
		if lock != "" {
			if err := exec(ctx, ex, lock); err != nil {
				return err
			}
		}
		if err := exec(ctx, ex, create...); err != nil {
			return err
		}
		r := &rebuild{d: d, target: dialect.Table{Name: name}, source: table}
		want, err := r.count(ctx, ex, table)
		if err != nil {
			return err
		}
		if err := cp.run(ctx, ex, want, o.report); err != nil {
			return err
		}
		got, err := r.count(ctx, ex, name)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("%d rows copied, %q has %d", got, table, want)
		}
		if _, err := ex.ExecContext(ctx, del, table); err != nil {
			return fmt.Errorf("%s: %w", del, err)
		}
		if _, err := ex.ExecContext(ctx, ins, table, name, schema, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("%s: %w", ins, err)
		}
		return nil
	}
	if err := inTxOrUndo(ctx, d, db, steps, drop); err != nil {
		return "", fmt.Errorf("%w: backing up %q to %q: %w", ErrRewriteFailed, table, name, err)
	}
	return name, nil
}

// RestoreTable replaces table by its backup: the rows BackupTable copied
// and the schema it recorded (columns, types, nullability, defaults,
// primary key, unique constraints, indexes, foreign keys), whatever was
// done to the table since, even if it was dropped. It is atomic like
// RecreateTable (one transaction on SQLite and PostgreSQL, copy-and-swap on
// MySQL/MariaDB and Oracle). The backup stays; drop it with DropTable when
// no longer needed, or replace it with BackupTable(..., ReplaceBackup()).
// No backup is an error wrapping ErrNoBackup.
func RestoreTable(ctx context.Context, db *sql.DB, table string, opts ...RewriteOption) error {
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	if err := checkTableName(d, table); err != nil {
		return err
	}
	meta, err := introspect.TableExists(ctx, db, BackupsTable)
	if err != nil {
		return fmt.Errorf("sqlorm/migrations: %w", err)
	}
	if !meta {
		return fmt.Errorf("%w %q: there is no %s table; make one with BackupTable", ErrNoBackup, table, BackupsTable)
	}
	q := "SELECT " + quotedList(d, []string{"backup_name", "schema_json"}) + " FROM " + quote(d, BackupsTable) + " WHERE " + quote(d, "table_name") + " = " + d.Placeholder(1)
	var name, schema string
	switch err := db.QueryRowContext(ctx, q, table).Scan(&name, &schema); {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w %q in %s; make one with BackupTable", ErrNoBackup, table, BackupsTable)
	case err != nil:
		return fmt.Errorf("sqlorm/migrations: reading the backup of %q: %w", table, err)
	}
	snap, err := decodeSchema(schema)
	if err != nil {
		return fmt.Errorf("%w: the recorded schema of %q cannot be read: %w", ErrRewriteFailed, table, err)
	}
	if err := dialect.CheckIdent(name); err != nil || snap.Name != table {
		return fmt.Errorf("%w: the record of %q in %s is not one BackupTable wrote (backup %q, table %q)", ErrRewriteFailed, table, BackupsTable, name, snap.Name)
	}
	if ok, err := introspect.TableExists(ctx, db, name); err != nil {
		return fmt.Errorf("sqlorm/migrations: %w", err)
	} else if !ok {
		return fmt.Errorf("%w %q: %q is recorded but missing", ErrNoBackup, table, name)
	}
	cols := make([]string, len(snap.Columns))
	for i, c := range snap.Columns {
		cols[i] = c.Name
	}
	r, err := gather(ctx, db, d, snap, name, cols)
	if err != nil {
		return err
	}
	r.report = rewriteOpts(opts).report
	return r.run(ctx, db)
}

// backupSchema is the backup table of snap: its columns (auto columns as
// plain integers, no unique or choices) and primary key only.
func backupSchema(snap dialect.Table, name string) dialect.Table {
	bt := dialect.Table{Name: name, Columns: make([]dialect.Column, len(snap.Columns))}
	for i, c := range snap.Columns {
		switch c.Kind {
		case dialect.KindAuto:
			c.Kind = dialect.KindInt
		case dialect.KindBigAuto:
			c.Kind = dialect.KindBigInt
		}
		c.Unique, c.Choices = false, nil
		bt.Columns[i] = c
	}
	return bt
}

func ensureBackupsTable(ctx context.Context, d dialect.Dialect, db *sql.DB) error {
	stmts, err := d.CreateTable(dialect.Table{Name: BackupsTable, Columns: []dialect.Column{
		{Name: "table_name", Kind: dialect.KindChar, Length: dialect.MaxIdentLen, Primary: true},
		{Name: "backup_name", Kind: dialect.KindChar, Length: dialect.MaxIdentLen},
		{Name: "schema_json", Kind: dialect.KindText},
		{Name: "created_at", Kind: dialect.KindChar, Length: 40},
	}})
	if err == nil {
		err = exec(ctx, db, stmts...)
	}
	if err != nil {
		if ok, _ := tableExists(ctx, d, db, BackupsTable); ok {
			return nil // made by another process meanwhile
		}
		return fmt.Errorf("sqlorm/migrations: creating %q: %w", BackupsTable, err)
	}
	return nil
}

// inTxOrUndo runs steps in one transaction where DDL is transactional,
// else on one connection, running undo if they fail.
func inTxOrUndo(ctx context.Context, d dialect.Dialect, db *sql.DB, steps func(Executor) error, undo ...string) error {
	if d.Has(dialect.TransactionalDDL) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := steps(tx); err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := steps(conn); err != nil {
		if e := exec(context.WithoutCancel(ctx), conn, undo...); e != nil {
			return errors.Join(err, fmt.Errorf("cleaning up: %w", e))
		}
		return err
	}
	return nil
}

// The recorded schema: dialect.Table as JSON, with each default tagged by
// its Go type so that an integer, a decimal literal, a string and a bool
// come back as what they were.
type schemaJSON struct {
	Version     int                  `json:"version"`
	Name        string               `json:"name"`
	Columns     []columnJSON         `json:"columns"`
	Indexes     []dialect.Index      `json:"indexes,omitempty"`
	Uniques     [][]string           `json:"uniques,omitempty"`
	ForeignKeys []dialect.ForeignKey `json:"foreign_keys,omitempty"`
}

type columnJSON struct {
	Name        string       `json:"name"`
	Kind        string       `json:"kind"`
	Length      int          `json:"length,omitempty"`
	Precision   int          `json:"precision,omitempty"`
	Scale       int          `json:"scale,omitempty"`
	Null        bool         `json:"null,omitempty"`
	Primary     bool         `json:"primary,omitempty"`
	Unique      bool         `json:"unique,omitempty"`
	Default     *defaultJSON `json:"default,omitempty"`
	Choices     []string     `json:"choices,omitempty"`
	DBType      string       `json:"db_type,omitempty"`
	NullDefault bool         `json:"null_default,omitempty"` // DEFAULT NULL
}

type defaultJSON struct {
	Type  string `json:"type"` // string, bool, int, decimal
	Value string `json:"value"`
}

var kindByName = func() map[string]dialect.Kind {
	m := map[string]dialect.Kind{}
	for k := dialect.KindAuto; k.String() != "invalid"; k++ {
		m[k.String()] = k
	}
	return m
}()

func encodeSchema(t dialect.Table) (string, error) {
	s := schemaJSON{Version: 1, Name: t.Name, Indexes: t.Indexes, Uniques: t.Uniques, ForeignKeys: t.ForeignKeys}
	for _, c := range t.Columns {
		cj := columnJSON{Name: c.Name, Kind: c.Kind.String(), Length: c.Length, Precision: c.Precision, Scale: c.Scale,
			Null: c.Null, Primary: c.Primary, Unique: c.Unique, Choices: c.Choices, DBType: c.DBType}
		switch v := c.Default.(type) {
		case nil:
			cj.NullDefault = c.HasDefault
		case string:
			cj.Default = &defaultJSON{"string", v}
		case bool:
			cj.Default = &defaultJSON{"bool", strconv.FormatBool(v)}
		case int64:
			cj.Default = &defaultJSON{"int", strconv.FormatInt(v, 10)}
		case int:
			cj.Default = &defaultJSON{"int", strconv.Itoa(v)}
		case dialect.DecimalLiteral:
			cj.Default = &defaultJSON{"decimal", string(v)}
		default:
			return "", fmt.Errorf("column %q: a default of type %T cannot be recorded", c.Name, c.Default)
		}
		s.Columns = append(s.Columns, cj)
	}
	b, err := json.Marshal(s)
	return string(b), err
}

func decodeSchema(text string) (dialect.Table, error) {
	var s schemaJSON
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		return dialect.Table{}, err
	}
	if s.Version != 1 {
		return dialect.Table{}, fmt.Errorf("schema version %d; this sqlorm reads version 1", s.Version)
	}
	t := dialect.Table{Name: s.Name, Indexes: s.Indexes, Uniques: s.Uniques, ForeignKeys: s.ForeignKeys}
	for _, cj := range s.Columns {
		k, ok := kindByName[cj.Kind]
		if !ok {
			return dialect.Table{}, fmt.Errorf("column %q: unknown kind %q", cj.Name, cj.Kind)
		}
		c := dialect.Column{Name: cj.Name, Kind: k, Length: cj.Length, Precision: cj.Precision, Scale: cj.Scale,
			Null: cj.Null, Primary: cj.Primary, Unique: cj.Unique, Choices: cj.Choices, DBType: cj.DBType, HasDefault: cj.NullDefault}
		if dj := cj.Default; dj != nil {
			c.HasDefault = true
			switch dj.Type {
			case "string":
				c.Default = dj.Value
			case "bool":
				b, err := strconv.ParseBool(dj.Value)
				if err != nil {
					return dialect.Table{}, fmt.Errorf("column %q: default: %w", cj.Name, err)
				}
				c.Default = b
			case "int":
				n, err := strconv.ParseInt(dj.Value, 10, 64)
				if err != nil {
					return dialect.Table{}, fmt.Errorf("column %q: default: %w", cj.Name, err)
				}
				c.Default = n
			case "decimal":
				c.Default = dialect.DecimalLiteral(dj.Value)
			default:
				return dialect.Table{}, fmt.Errorf("column %q: unknown default type %q", cj.Name, dj.Type)
			}
		}
		t.Columns = append(t.Columns, c)
	}
	return t, nil
}
