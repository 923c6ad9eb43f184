// Package migrations changes a live schema without losing data: versioned
// migrations recorded in a history table and applied under a lock, in the
// manner of Django's migrate, and Python SQLORM's ad-hoc schema utilities,
// table rewrites and backups.
//
// # Versioned migrations
//
// A [Migration] is an ID and a list of operations, named after Django's
// ([CreateTable], [CreateModel], [AddField], [RenameField], [RenameTable],
// [AddIndex], [RemoveIndex], [RemoveField], [DropTable], [RawSQL],
// [RunGo]). A [Runner]
// applies the ones the database has not seen, in order:
//
//	r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{
//		{ID: "0001_initial", Ops: []migrations.Operation{migrations.CreateModel[Product]()}},
//		{ID: "0002_discount", Ops: []migrations.Operation{
//			migrations.AddField("product", dialect.Column{Name: "discount", Kind: dialect.KindInt, HasDefault: true, Default: 0}),
//		}},
//	}}
//	plan, err := r.Plan(ctx)     // dry run: fmt.Print(plan) shows the SQL
//	applied, err := r.Apply(ctx)
//
// Each applied migration is recorded with a SHA-256 checksum of its
// operations; changing an applied migration is refused
// ([ErrChecksumMismatch]), as is a history that names a migration the
// program does not have ([ErrUnknownMigration]). Dropping a table or a
// column happens only when [Runner.AllowDrop] names it
// ([ErrDropNotAllowed]); nothing drops data by implication.
//
// Two processes may run the same Runner at once: a row lock in the lock
// table (<history>_lock) serialises them, and a migration the other
// process applied meanwhile is skipped. On SQLite the lock is SQLite's
// write lock: a second process waits for the busy timeout (5 s through
// sqlorm's driver) and then fails with "database is locked".
//
// # makemigrations
//
// Migration files are written by makemigrations (package
// migrations/manage, Django's manage.py as a library function): [StateOf]
// replays the migrations into a [State] without a database, [Detect]
// compares it with the models ([Model], [Tables]) and returns frozen
// operations ([CreateTable], [AddField], [AlterField], [RenameField],
// [AddIndex], [AddUnique], [AddForeignKey], ... each with every column
// written out), and [WriteMigration] writes them as a gofmt'd Go file.
// [Runner.Unapply] reverses applied migrations back to a target with each
// operation's reverse ([RunSQL] and [RunGoReversible] carry theirs;
// [RawSQL] and [RunGo] cannot be unapplied: [ErrIrreversible]).
// [Runner.Status], [Runner.SQL] and [Runner.Fake] serve showmigrations,
// sqlmigrate and migrate -fake. [Squash] (squashmigrations) folds a range
// with [Optimize], Django's migration optimizer.
//
// SQLite cannot alter a column, a key or a constraint in place, so such an
// operation rebuilds the table (create, copy, drop, rename, with foreign
// keys off around the transaction and checked before the commit).
// Consecutive operations of one migration that rebuild the same table are
// one rebuild, the rows copied once (Plan and sqlmigrate show it so); a
// column altered twice in a row is rebuilt twice, so that each check of
// its values sees the rows the operation before left.
//
// # Failure leaves the data as it was
//
// On PostgreSQL and SQLite, whose DDL is transactional, a migration runs in
// one transaction with its history record: it is applied whole or not at
// all. MySQL/MariaDB and Oracle commit every DDL statement at once, so
// there the Runner undoes a failing migration operation by operation: a
// created table or column is dropped again, a rename reversed, and a
// dropped table or column is first renamed aside and only dropped when
// every other operation succeeded, so it can be put back. [RawSQL] and
// [RunGo] cannot be undone there; the error ([ErrMigrationFailed]) lists
// what stayed applied. Migration sessions on MySQL/MariaDB are made strict
// (STRICT_TRANS_TABLES), so a value that does not fit a changed column is
// an error instead of a silent truncation.
//
// # Ad-hoc schema changes
//
// Python SQLORM's utilities run at once, outside any history, on the database
// given: [AddColumn] and [SafeAddColumn] (Python SQLORM's add_column and
// safe_add_column), [RenameColumn], [SchemaDiff] (get_schema_diff: the
// model's columns the table lacks and the table's columns the model does
// not declare, and beyond Python SQLORM the columns whose type or nullability
// differ and the indexes present on one side only) and [SyncSchema]
// (sync_schema: adds the missing columns it safely can and reports the
// others with the reason; it never drops a column or changes its type, only a CHECK whose choices changed). Columns are
// described as dialect.Column values rather than SQL type strings, so
// every name is checked and every default is a validated literal. A column
// NOT NULL without a default is refused, since the existing rows would
// have no value (MySQL would silently write 0 or an empty string into them).
//
// SchemaDiff compares the model's columns as the backend stores them
// (dialect.StoredColumn), so a table made from the model compares equal on
// every backend even where the catalog cannot tell kinds apart (see
// package introspect), and so are the CHECK constraints sqlorm derives
// from a column (choices, Positive*). Defaults and foreign keys are not
// compared.
//
// # Rewriting a table
//
// [RecreateTable] replaces a table by one built from a dialect.Table and
// copies its rows (Python SQLORM's recreate_table); [ChangeColumnType] does so
// with one column redefined (change_column_type); [BackupTable] and
// [RestoreTable] keep a table's rows in <table>_backup and its schema
// (columns, types, NULL, defaults, keys, uniques, indexes, foreign keys) in
// sqlorm_backups, and put both back. Each is all or nothing. On SQLite it
// is the 12-step procedure of SQLite's documentation (foreign_keys off
// outside the transaction and restored on every path, foreign_key_check
// before commit); on PostgreSQL it is one transaction. On MySQL/MariaDB
// and Oracle, whose DDL commits at once, it is copy-and-swap: build
// <table>__new in a strict session, verify, then swap with one atomic
// RENAME TABLE and drop <table>__bak. A value the new definition would not
// keep exactly is refused before anything changes ([ErrLossyConversion],
// naming the row). The foreign keys of other tables are kept and
// re-checked. Call [Recover] at start-up: it clears what a killed
// copy-and-swap left behind, restoring <table> from <table>__bak if
// needed. Writers may go on during a rewrite: they wait while it copies
// and swaps (SQLite: BEGIN IMMEDIATE; PostgreSQL: LOCK TABLE ... IN SHARE
// MODE; MySQL/MariaDB: LOCK TABLES ... READ on the rewriting session and
// the RENAME TABLE queued from a second one before the lock is released),
// and every write acknowledged before, during or after it is in the new
// table; readers go on except on SQLite. On Oracle, stop writers during a
// copy-and-swap: rows written meanwhile are not copied (see
// dialect.SwapLocking for what Oracle would need).
//
// # Progress
//
// Given [ReportRows], a rewrite or backup reports rows copied of total as
// it goes ([RowsCopied]: 0 first, Total last, never down), copying a table
// with a single integer primary key in batches of its key order inside the
// same transaction or lock. [Runner.Progress] hears each operation start
// (with the rows of a table it rebuilds or alters), each batch of a
// rebuild ([Progress].Copied), a tick every [Runner.ProgressEvery] and the
// end; manage's migrate draws a bar from it on a terminal and writes a
// line every few seconds elsewhere.
package migrations
