package migrations

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// DefaultTable is the history table a Runner uses when its Table is empty.
// Its lock row lives in DefaultTable + "_lock".
const DefaultTable = "sqlorm_migrations"

// maxIDLen is the longest migration ID the history table holds.
const maxIDLen = 200

var (
	// ErrInvalidMigration: a migration or the Runner is malformed (empty or
	// duplicate ID, no operations, a nil function, a bad table name). No
	// statement is sent.
	ErrInvalidMigration = errors.New("sqlorm/migrations: invalid migration")
	// ErrChecksumMismatch: a migration recorded as applied has changed
	// since it was applied. Nothing is applied until the code and the
	// history agree again.
	ErrChecksumMismatch = errors.New("sqlorm/migrations: an applied migration has changed")
	// ErrUnknownMigration: the history records a migration the Runner does
	// not have (the database is ahead of the code). Nothing is applied.
	ErrUnknownMigration = errors.New("sqlorm/migrations: the database has a migration this program does not know")
	// ErrDropNotAllowed: a pending migration drops a table or column that
	// Runner.AllowDrop does not name. Nothing is applied.
	ErrDropNotAllowed = errors.New("sqlorm/migrations: the migration destroys data and is not allowed to")
	// ErrMigrationFailed: a statement or function of a migration failed.
	// The error says which migration and operation, wraps the cause, and
	// says whether the database was left as it was (always, on backends
	// with transactional DDL) or what could not be undone.
	ErrMigrationFailed = errors.New("sqlorm/migrations: migration failed")
)

// Migration is one versioned change: an ID and the operations it applies,
// in order. Once applied, the ID and a checksum of the operations are
// recorded; changing an applied migration is then an error
// (ErrChecksumMismatch), so write a new migration instead.
type Migration struct {
	// ID names the migration ("0001_initial"). It is unique within a
	// Runner and at most 200 bytes.
	ID string
	// Ops are the operations, applied in order.
	Ops []Operation
	// Drops names what this migration may destroy, as Runner.AllowDrop
	// does ("table", "table.column"): makemigrations writes the removals
	// it was told to make (-yes) here, so that the consent travels with
	// the migration. It is not part of the checksum.
	Drops []string
	// Replaces lists the IDs of the migrations this one replaces, as
	// squashmigrations writes it (Django's replaces). While they are still
	// in the program, they are applied as before and this migration is
	// recorded as applied once all of them are (its operations never run);
	// once they are deleted, a database that applied them all gets this
	// one recorded without running it, and a new database runs it. Not
	// part of the checksum.
	Replaces []string
}

// Runner applies migrations to a database, Django's migrate: in the order
// of Migrations, each at most once, recorded in a history table, under a
// lock so that two processes running at once never apply the same
// migration twice.
//
// On backends whose DDL is transactional (PostgreSQL, SQLite) each
// migration runs in one transaction with its history record: it is
// applied whole or not at all. On MySQL/MariaDB and Oracle, where DDL
// commits implicitly, a failing migration is undone operation by
// operation (a created table or column is dropped, a rename reversed);
// dropped tables and columns are renamed aside and only dropped once every
// other operation of the migration succeeded, so a failure can put them
// back. RawSQL and RunGo cannot be undone there, and the error says so.
// MySQL sessions that run migrations are made strict (STRICT_TRANS_TABLES)
// so a value that does not fit fails instead of being truncated.
type Runner struct {
	// DB is the database to migrate.
	DB *sql.DB
	// Migrations are applied in this order.
	Migrations []Migration
	// Table is the history table, DefaultTable when empty; its lock row is
	// in Table + "_lock". Both are created by Apply when missing.
	Table string
	// AllowDrop names what migrations may destroy: "table" for DropTable,
	// "table.column" for RemoveField. Anything else that drops data is
	// refused with ErrDropNotAllowed before any migration is applied.
	AllowDrop []string
	// Dialect overrides dialect.Detect(DB), for go-sqlmock or an unknown
	// driver.
	Dialect dialect.Dialect
	// Progress, when set, is called as each operation starts (with the
	// row count of a table it rebuilds or alters), after each batch of
	// rows a rebuild copies (Progress.Copied; a rebuild then copies in
	// batches, as ReportRows describes), every ProgressEvery while it
	// runs (5 s when 0), and when it ends; from another goroutine while it
	// runs, never twice at once for one Runner.
	Progress      func(Progress)
	ProgressEvery time.Duration
}

// Record is one applied migration as the history table holds it.
type Record struct {
	ID        string
	Checksum  string // hex SHA-256 of the migration's operations
	AppliedAt time.Time
}

// Step is a migration a Plan would apply: its operations and the
// statements they send on the Runner's backend.
type Step struct {
	ID         string
	Checksum   string
	Operations []string // Operation.String of each operation
	Statements []string // "-- RunGo(...)" stands for a Go function
}

// Plan is the migrations Apply would run, in order: a dry run.
type Plan []Step

// String returns the plan as an SQL script with a comment per migration.
func (p Plan) String() string {
	var b strings.Builder
	for _, s := range p {
		fmt.Fprintf(&b, "-- migration %s (%s)\n", s.ID, s.Checksum[:12])
		for _, st := range s.Statements {
			b.WriteString(st)
			if !strings.HasPrefix(st, "--") && !strings.HasSuffix(st, ";") {
				b.WriteByte(';')
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// prepared is a validated migration with its checksum.
type prepared struct {
	m        *Migration
	checksum string
	before   *State // the schema the migrations before it leave
	// recordOnly: a squashed migration whose replaced migrations are (or
	// are being) applied: recorded, its operations not run.
	recordOnly bool
}

func (r *Runner) table() string {
	if r.Table == "" {
		return DefaultTable
	}
	return r.Table
}

func (r *Runner) lockTable() string { return r.table() + "_lock" }

func (r *Runner) dialect() (dialect.Dialect, error) {
	if r.DB == nil {
		return nil, fmt.Errorf("%w: Runner.DB is nil", ErrInvalidMigration)
	}
	if r.Dialect != nil {
		return r.Dialect, nil
	}
	d, err := dialect.Detect(r.DB)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: %w (set Runner.Dialect)", err)
	}
	return d, nil
}

// prepare validates the Runner and its migrations and computes checksums.
func (r *Runner) prepare() ([]prepared, error) {
	for _, name := range []string{r.table(), r.lockTable()} {
		if err := dialect.CheckIdent(name); err != nil {
			return nil, fmt.Errorf("%w: history table %q: %w", ErrInvalidMigration, name, err)
		}
	}
	seen := make(map[string]bool, len(r.Migrations))
	out := make([]prepared, len(r.Migrations))
	// The schema is replayed leniently: migrations written by hand may
	// create tables with RawSQL, which the state cannot see; only the
	// operations that need the state (rebuilds, reverses) fail then.
	state := &State{}
	inCode := make(map[string]bool, len(r.Migrations))
	for _, m := range r.Migrations {
		inCode[m.ID] = true
	}
	for i := range r.Migrations {
		m := &r.Migrations[i]
		switch {
		case m.ID == "":
			return nil, fmt.Errorf("%w: migration %d has no ID", ErrInvalidMigration, i+1)
		case len(m.ID) > maxIDLen:
			return nil, fmt.Errorf("%w: migration ID %.40q... is %d bytes; the most is %d", ErrInvalidMigration, m.ID, len(m.ID), maxIDLen)
		case seen[m.ID]:
			return nil, fmt.Errorf("%w: two migrations have the ID %q", ErrInvalidMigration, m.ID)
		case len(m.Ops) == 0:
			return nil, fmt.Errorf("%w: migration %q has no operations", ErrInvalidMigration, m.ID)
		}
		seen[m.ID] = true
		h := sha256.New()
		h.Write([]byte(m.ID))
		for j, op := range m.Ops {
			if err := checkOp(op); err != nil {
				return nil, fmt.Errorf("%w: migration %q, operation %d: %w", ErrInvalidMigration, m.ID, j+1, err)
			}
			desc, err := op.describe()
			if err != nil {
				return nil, fmt.Errorf("%w: migration %q, operation %d: %w", ErrInvalidMigration, m.ID, j+1, err)
			}
			h.Write([]byte{'\n'})
			h.Write([]byte(desc))
		}
		out[i] = prepared{m: m, checksum: hex.EncodeToString(h.Sum(nil)), before: state.Clone()}
		if shadowed(*m, inCode) {
			continue // its replaced migrations, still here, change the state
		}
		for _, op := range m.Ops {
			_ = op.mutate(state)
		}
	}
	return out, nil
}

// checkOp rejects operations that cannot run.
func checkOp(op Operation) error {
	switch o := op.(type) {
	case nil:
		return errors.New("the operation is nil")
	case *runGo:
		if o == nil || o.fn == nil {
			return errors.New("RunGo needs a function")
		}
		if o.name == "" {
			return errors.New("RunGo needs a name, for the checksum and dry runs")
		}
	case *rawSQL:
		if o == nil || len(o.stmts) == 0 {
			return errors.New("RawSQL needs at least one statement")
		}
		for _, s := range o.stmts {
			if strings.TrimSpace(s) == "" {
				return errors.New("RawSQL has an empty statement")
			}
		}
	}
	return nil
}

// statements returns the statements of op on d, "-- RunGo(name)" for a
// function; s is the schema before op.
func statements(d dialect.Dialect, op Operation, s *State) ([]string, error) {
	if op.run() != nil {
		return []string{"-- " + op.String()}, nil
	}
	return op.sql(d, s)
}

// Applied returns the migrations recorded in the history table, in the
// order they were applied; none when the table does not exist yet.
func (r *Runner) Applied(ctx context.Context) ([]Record, error) {
	d, err := r.dialect()
	if err != nil {
		return nil, err
	}
	if _, err := r.prepare(); err != nil {
		return nil, err
	}
	return r.history(ctx, d, r.DB)
}

func (r *Runner) history(ctx context.Context, d dialect.Dialect, ex Executor) ([]Record, error) {
	q, args := d.TableExists(r.table())
	var n int
	if err := ex.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: looking for the history table %q: %w", r.table(), err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := ex.QueryContext(ctx, "SELECT "+quote(d, "id")+", "+quote(d, "checksum")+", "+quote(d, "applied_at")+" FROM "+quote(d, r.table())+" ORDER BY "+quote(d, "applied_at")+", "+quote(d, "id"))
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: reading the history table %q: %w", r.table(), err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var rec Record
		var at string
		if err := rows.Scan(&rec.ID, &rec.Checksum, &at); err != nil {
			return nil, fmt.Errorf("sqlorm/migrations: reading the history table %q: %w", r.table(), err)
		}
		if rec.AppliedAt, err = time.Parse(timeLayout, at); err != nil {
			return nil, fmt.Errorf("sqlorm/migrations: history table %q: migration %q: applied_at %q: %w", r.table(), rec.ID, at, err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: reading the history table %q: %w", r.table(), err)
	}
	return out, nil
}

// timeLayout is how applied_at is stored: fixed-width UTC text, so text
// order is time order on every backend.
const timeLayout = "2006-01-02 15:04:05.000000Z"

// shadowed reports whether m is a squashed migration some of whose
// replaced migrations are still in the program (inCode): those are what
// runs, and m is only recorded.
func shadowed(m Migration, inCode map[string]bool) bool {
	for _, id := range m.Replaces {
		if inCode[id] {
			return true
		}
	}
	return false
}

// pending checks the history against the migrations and returns those not
// applied yet, in order; squashed migrations that are only to be recorded
// come last, after the migrations they replace.
func (r *Runner) pending(ps []prepared, hist []Record) ([]prepared, error) {
	byID := make(map[string]*prepared, len(ps))
	inCode := make(map[string]bool, len(ps))
	replaced := map[string]bool{}
	for i := range ps {
		byID[ps[i].m.ID] = &ps[i]
		inCode[ps[i].m.ID] = true
		for _, id := range ps[i].m.Replaces {
			replaced[id] = true
		}
	}
	applied := make(map[string]bool, len(hist))
	for _, rec := range hist {
		p := byID[rec.ID]
		if p == nil {
			if replaced[rec.ID] {
				applied[rec.ID] = true
				continue
			}
			return nil, fmt.Errorf("%w: %q was applied at %s; deploy the code that has it, or delete its row from %q if it is gone for good", ErrUnknownMigration, rec.ID, rec.AppliedAt.Format(time.RFC3339), r.table())
		}
		if p.checksum != rec.Checksum {
			return nil, fmt.Errorf("%w: %q was applied with checksum %s and now has %s; put the migration back as it was and write a new one for the change", ErrChecksumMismatch, rec.ID, short(rec.Checksum), short(p.checksum))
		}
		applied[rec.ID] = true
	}
	covered := map[string]bool{} // replaced by a squash that was applied
	for _, p := range ps {
		if applied[p.m.ID] {
			for _, id := range p.m.Replaces {
				covered[id] = true
			}
		}
	}
	var out, late []prepared
	for _, p := range ps {
		if applied[p.m.ID] || covered[p.m.ID] {
			continue
		}
		if len(p.m.Replaces) == 0 {
			out = append(out, p)
			continue
		}
		if shadowed(*p.m, inCode) {
			p.recordOnly = true
			late = append(late, p)
			continue
		}
		n := 0
		for _, id := range p.m.Replaces {
			if applied[id] {
				n++
			}
		}
		switch n {
		case 0:
			out = append(out, p)
		case len(p.m.Replaces):
			p.recordOnly = true
			out = append(out, p)
		default:
			return nil, fmt.Errorf("%w: %q replaces %v, of which the database has only some; apply the rest with the program that still has them, then deploy the squash", ErrInvalidMigration, p.m.ID, p.m.Replaces)
		}
	}
	return append(out, late...), nil
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

// checkDrops refuses migrations that drop what AllowDrop does not name.
func (r *Runner) checkDrops(ps []prepared) error {
	for _, p := range ps {
		if p.recordOnly {
			continue
		}
		for j, op := range p.m.Ops {
			for _, name := range op.drops() {
				if !slices.Contains(r.AllowDrop, name) && !slices.Contains(p.m.Drops, name) {
					return fmt.Errorf("%w: migration %q, operation %d (%s) drops %q; add %q to Runner.AllowDrop to allow it", ErrDropNotAllowed, p.m.ID, j+1, op, name, name)
				}
			}
		}
	}
	return nil
}

// load returns the dialect, every migration prepared, and the history.
func (r *Runner) load(ctx context.Context) (dialect.Dialect, []prepared, []Record, error) {
	d, err := r.dialect()
	if err != nil {
		return nil, nil, nil, err
	}
	ps, err := r.prepare()
	if err != nil {
		return nil, nil, nil, err
	}
	hist, err := r.history(ctx, d, r.DB)
	if err != nil {
		return nil, nil, nil, err
	}
	return d, ps, hist, nil
}

// check validates the Runner and its migrations against the history and
// returns the dialect, every migration prepared, and the pending ones.
func (r *Runner) check(ctx context.Context) (dialect.Dialect, []prepared, []prepared, error) {
	d, ps, hist, err := r.load(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	todo, err := r.pending(ps, hist)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := r.checkDrops(todo); err != nil {
		return nil, nil, nil, err
	}
	return d, ps, todo, nil
}

// Plan returns the migrations Apply would run and their statements,
// without changing anything (it reads the history table if it exists):
// a dry run. The errors Apply would report before applying anything —
// invalid migrations, changed or unknown applied migrations, drops not
// allowed — are reported here too.
func (r *Runner) Plan(ctx context.Context) (Plan, error) {
	d, _, todo, err := r.check(ctx)
	if err != nil {
		return nil, err
	}
	plan := make(Plan, 0, len(todo))
	for _, p := range todo {
		if p.recordOnly {
			plan = append(plan, Step{ID: p.m.ID, Checksum: p.checksum, Statements: []string{fmt.Sprintf("-- recorded as applied: it replaces %v", p.m.Replaces)}})
			continue
		}
		step, err := planStep(d, p.m.ID, p.checksum, p.m.Ops, p.before)
		if err != nil {
			return nil, err
		}
		plan = append(plan, step)
	}
	return plan, nil
}

// planStep returns the statements of ops on d, s being the schema before
// them.
func planStep(d dialect.Dialect, id, checksum string, ops []Operation, s *State) (Step, error) {
	step := Step{ID: id, Checksum: checksum}
	s = s.Clone()
	n := 0
	for _, op := range mergeRebuilds(d, ops, s) {
		stmts, err := statements(d, op, s)
		if err != nil {
			return Step{}, fmt.Errorf("%w: migration %q, operation %d (%s): %w", ErrInvalidMigration, id, n+1, op, err)
		}
		_ = op.mutate(s)
		names := opNames(op)
		n += len(names)
		step.Operations = append(step.Operations, names...)
		step.Statements = append(step.Statements, stmts...)
	}
	return step, nil
}

// Apply applies the pending migrations in order and returns those it
// applied. Before applying anything it checks every migration, the
// history (ErrChecksumMismatch, ErrUnknownMigration) and the drops
// (ErrDropNotAllowed). It creates the history and lock tables when they
// are missing. A migration another process applied meanwhile is skipped.
// On the first failure it stops: the migrations before it stay applied,
// and the error (wrapping ErrMigrationFailed and the cause) names the
// migration and operation.
func (r *Runner) Apply(ctx context.Context) (Plan, error) {
	// Fail early, before creating anything, on what Plan would refuse.
	d, _, todo, err := r.check(ctx)
	if err != nil {
		return nil, err
	}
	if len(todo) == 0 {
		return nil, nil
	}
	if err := r.ensureTables(ctx, d); err != nil {
		return nil, err
	}
	if d.Has(dialect.TransactionalDDL) {
		return r.applyTransactional(ctx, d, todo)
	}
	return r.applyCompensating(ctx, d, todo)
}

// ensureTables creates the history and lock tables and the lock row.
// Several processes may do this at once.
func (r *Runner) ensureTables(ctx context.Context, d dialect.Dialect) error {
	tables := []dialect.Table{
		{Name: r.table(), Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindChar, Length: maxIDLen, Primary: true},
			{Name: "checksum", Kind: dialect.KindChar, Length: 64},
			{Name: "applied_at", Kind: dialect.KindChar, Length: len(timeLayout)},
		}},
		{Name: r.lockTable(), Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindInt, Primary: true},
			{Name: "locked_at", Kind: dialect.KindChar, Length: len(timeLayout), Null: true},
		}},
	}
	for _, t := range tables {
		stmts, err := d.CreateTable(t)
		if err != nil {
			return fmt.Errorf("sqlorm/migrations: history table: %w", err)
		}
		for _, s := range stmts {
			if _, err := r.DB.ExecContext(ctx, s); err != nil {
				// Two processes creating the table at once: one may fail
				// (PostgreSQL's catalog race) although the table now exists.
				if ok, _ := tableExists(ctx, d, r.DB, t.Name); !ok {
					return fmt.Errorf("sqlorm/migrations: creating %q: %w", t.Name, err)
				}
			}
		}
	}
	var n int
	if err := r.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(d, r.lockTable())).Scan(&n); err != nil {
		return fmt.Errorf("sqlorm/migrations: reading the lock table %q: %w", r.lockTable(), err)
	}
	if n == 0 {
		_, err := r.DB.ExecContext(ctx, "INSERT INTO "+quote(d, r.lockTable())+" ("+quote(d, "id")+") VALUES (1)")
		if err != nil && !errors.Is(d.ClassifyError(err), dialect.ErrUniqueViolation) {
			return fmt.Errorf("sqlorm/migrations: creating the lock row in %q: %w", r.lockTable(), err)
		}
	}
	return nil
}

func tableExists(ctx context.Context, d dialect.Dialect, ex Executor, table string) (bool, error) {
	q, args := d.TableExists(table)
	var n int
	err := ex.QueryRowContext(ctx, q, args...).Scan(&n)
	return n > 0, err
}

// lock takes the migration lock on ex: an UPDATE of the lock row, held
// until ex's transaction ends.
func (r *Runner) lock(ctx context.Context, d dialect.Dialect, ex Executor) error {
	q := "UPDATE " + quote(d, r.lockTable()) + " SET " + quote(d, "locked_at") + " = " + d.Placeholder(1) + " WHERE " + quote(d, "id") + " = 1"
	if _, err := ex.ExecContext(ctx, q, now()); err != nil {
		return fmt.Errorf("sqlorm/migrations: taking the migration lock (%q): %w", r.lockTable(), err)
	}
	return nil
}

func now() string { return time.Now().UTC().Format(timeLayout) }

// record inserts p's history row on ex.
func (r *Runner) record(ctx context.Context, d dialect.Dialect, ex Executor, p prepared) error {
	q := "INSERT INTO " + quote(d, r.table()) + " (" + quote(d, "id") + ", " + quote(d, "checksum") + ", " + quote(d, "applied_at") + ") VALUES (" + d.Placeholder(1) + ", " + d.Placeholder(2) + ", " + d.Placeholder(3) + ")"
	if _, err := ex.ExecContext(ctx, q, p.m.ID, p.checksum, now()); err != nil {
		return fmt.Errorf("%w: %q: recording it in %q: %w", ErrMigrationFailed, p.m.ID, r.table(), err)
	}
	return nil
}

// appliedChecksum returns the checksum recorded for id, "" if none.
func (r *Runner) appliedChecksum(ctx context.Context, d dialect.Dialect, ex Executor, id string) (string, error) {
	q := "SELECT " + quote(d, "checksum") + " FROM " + quote(d, r.table()) + " WHERE " + quote(d, "id") + " = " + d.Placeholder(1)
	var sum string
	err := ex.QueryRowContext(ctx, q, id).Scan(&sum)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlorm/migrations: reading the history table %q: %w", r.table(), err)
	}
	return sum, nil
}

// skip reports whether p was applied meanwhile (by another process), and
// whether it was applied as it is now.
func (r *Runner) skip(ctx context.Context, d dialect.Dialect, ex Executor, p prepared) (bool, error) {
	sum, err := r.appliedChecksum(ctx, d, ex, p.m.ID)
	if err != nil || sum == "" {
		return false, err
	}
	if sum != p.checksum {
		return false, fmt.Errorf("%w: %q was applied meanwhile with checksum %s, not %s", ErrChecksumMismatch, p.m.ID, short(sum), short(p.checksum))
	}
	return true, nil
}

// applyTransactional runs each pending migration in its own transaction,
// with the lock row and the history record (PostgreSQL, SQLite).
func (r *Runner) applyTransactional(ctx context.Context, d dialect.Dialect, ps []prepared) (Plan, error) {
	var done Plan
	for _, p := range ps {
		if p.recordOnly {
			p.m = &Migration{ID: p.m.ID, Replaces: p.m.Replaces} // recorded, nothing run
		}
		step, applied, err := r.applyInTx(ctx, d, p)
		if err != nil {
			return done, err
		}
		if applied {
			done = append(done, step)
		}
	}
	return done, nil
}

func (r *Runner) applyInTx(ctx context.Context, d dialect.Dialect, p prepared) (Step, bool, error) {
	var step Step
	applied := false
	err := r.inMigrationTx(ctx, d, p.m.ID, func(tx Executor) error {
		if err := r.lock(ctx, d, tx); err != nil {
			return err
		}
		if skip, err := r.skip(ctx, d, tx, p); err != nil || skip {
			return err
		}
		var err error
		if step, err = r.runOps(ctx, d, tx, p.m.ID, p.checksum, p.m.Ops, p.before); err != nil {
			return err
		}
		if err := r.record(ctx, d, tx, p); err != nil {
			return err
		}
		applied = true
		return nil
	})
	if err != nil || !applied {
		return Step{}, false, err
	}
	return step, true, nil
}

// runOps runs ops in order on ex (a transaction), s being the schema
// before them.
func (r *Runner) runOps(ctx context.Context, d dialect.Dialect, ex Executor, id, checksum string, ops []Operation, s *State) (Step, error) {
	step := Step{ID: id, Checksum: checksum}
	s = s.Clone()
	n := 0 // operations of ops done
	for _, op := range mergeRebuilds(d, ops, s) {
		tr := r.track(ctx, d, ex, id, op, s)
		stmts, err := r.runOp(ctx, d, ex, op, s, tr)
		tr.end(err == nil)
		names := opNames(op)
		step.Operations = append(step.Operations, names...)
		step.Statements = append(step.Statements, stmts...)
		if err != nil {
			what := fmt.Sprintf("operation %d (%s)", n+1, op)
			if len(names) > 1 {
				what = fmt.Sprintf("operations %d-%d (%s, one rebuild of %q)", n+1, n+len(names), op, rebuiltTable(d, op, s))
			}
			return Step{}, fmt.Errorf("%w: %q, %s: %w; nothing of it was applied (rolled back)", ErrMigrationFailed, id, what, err)
		}
		n += len(names)
		_ = op.mutate(s)
	}
	return step, nil
}

// inMigrationTx runs fn in one transaction on a connection of its own and
// commits when fn succeeds. Where a table rebuild needs foreign keys off
// (SQLite) they are switched off around the transaction, restored after
// it on every path, and checked (PRAGMA foreign_key_check) before the
// commit: Django's SQLite schema editor does the same.
func (r *Runner) inMigrationTx(ctx context.Context, d dialect.Dialect, id string, fn func(tx Executor) error) error {
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%w: %q: %w", ErrMigrationFailed, id, err)
	}
	defer conn.Close()
	stateQ, off, on, check := dialect.ForeignKeyPragmas(d)
	if off != "" {
		var enabled int
		if err := conn.QueryRowContext(ctx, stateQ).Scan(&enabled); err != nil {
			return fmt.Errorf("%w: %q: reading %s: %w", ErrMigrationFailed, id, stateQ, err)
		}
		if enabled != 0 {
			if _, err := conn.ExecContext(ctx, off); err != nil {
				return fmt.Errorf("%w: %q: %s: %w", ErrMigrationFailed, id, off, err)
			}
			defer func() {
				if _, err := conn.ExecContext(context.WithoutCancel(ctx), on); err != nil {
					// Never hand a connection without foreign keys back
					// to the pool.
					_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				}
			}()
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: %q: %w", ErrMigrationFailed, id, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if check != "" {
		row, found, err := firstRow(ctx, tx, check, 1)
		if err != nil {
			return fmt.Errorf("%w: %q: %s: %w", ErrMigrationFailed, id, check, err)
		}
		if found {
			return fmt.Errorf("%w: %q: rows of table %q would break a foreign key after it; nothing of it was applied (rolled back)", ErrMigrationFailed, id, row[0])
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: %q: commit: %w", ErrMigrationFailed, id, err)
	}
	return nil
}

// runOp runs op on ex and returns the statements it sent; s is the schema
// before op.
func (r *Runner) runOp(ctx context.Context, d dialect.Dialect, ex Executor, op Operation, s *State, tr *tracker) ([]string, error) {
	if pc, ok := op.(prechecker); ok {
		if err := pc.precheck(ctx, d, ex, s); err != nil {
			return nil, err
		}
	}
	if fn := op.run(); fn != nil {
		return []string{"-- " + op.String()}, fn(ctx, ex)
	}
	stmts, err := op.sql(d, s)
	if err != nil {
		return nil, err
	}
	var cp *tableCopy
	if table := rebuiltTable(d, op, s); table != "" {
		pre, post, err := keepDependents(ctx, d, ex, table)
		if err != nil {
			return nil, err
		}
		stmts = append(append(pre, stmts...), post...)
		if tr != nil {
			cp = rebuildCopyFor(d, s, table, op)
		}
	}
	for i, st := range stmts {
		if cp != nil && st == cp.stmt() {
			// The rebuild's copy, in batches reported to the tracker.
			if err := cp.run(ctx, ex, max(tr.p.Rows, 0), tr.rows); err != nil {
				return stmts[:i+1], err
			}
			continue
		}
		if _, err := ex.ExecContext(ctx, st); err != nil {
			return stmts[:i+1], err
		}
	}
	return stmts, nil
}

// applyCompensating applies the pending migrations on a backend whose DDL
// commits implicitly (MySQL/MariaDB, Oracle): the lock is a row lock held
// by a transaction on a connection of its own for the whole run, the
// migrations run on another connection, and a failing migration is undone
// operation by operation.
func (r *Runner) applyCompensating(ctx context.Context, d dialect.Dialect, ps []prepared) (done Plan, err error) {
	lockConn, err := r.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	defer lockConn.Close()
	lockTx, err := lockConn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	defer lockTx.Rollback()
	if err := r.lock(ctx, d, lockTx); err != nil {
		return nil, err
	}

	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	defer conn.Close()
	if s := d.StrictSession(); s != "" {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return nil, fmt.Errorf("sqlorm/migrations: making the session strict: %w", err)
		}
		// The session's settings must not reach the application's pool:
		// the connection is discarded instead of returned.
		defer conn.Raw(func(any) error { return errBadConn })
	}
	for _, p := range ps {
		if p.recordOnly {
			p.m = &Migration{ID: p.m.ID, Replaces: p.m.Replaces} // recorded, nothing run
		}
		if skip, err := r.skip(ctx, d, conn, p); err != nil {
			return done, err
		} else if skip {
			continue
		}
		step, err := r.applyUndoable(ctx, d, conn, p.m.ID, p.checksum, p.m.Ops, p.before, func() error {
			return r.record(ctx, d, conn, p)
		})
		if err != nil {
			return done, err
		}
		done = append(done, step)
	}
	return done, nil
}

// undoEntry is how to reverse one operation that ran.
type undoEntry struct {
	op    Operation
	stmts []string
	ok    bool
	// partial, when set, is the undo of the first ran statements of an
	// operation that failed midway (stmts undoes all of them).
	partial func(ran int) []string
}

// applyUndoable runs p's operations on conn; on a failure it reverses the
// operations that ran, last first.
//
// finish (the history record) runs once every operation succeeded and
// before what was set aside is dropped; if it fails, the operations are
// undone too, so a migration is never left applied but unrecorded.
func (r *Runner) applyUndoable(ctx context.Context, d dialect.Dialect, conn *sql.Conn, id, checksum string, ops []Operation, s *State, finish func() error) (Step, error) {
	step := Step{ID: id, Checksum: checksum}
	s = s.Clone()
	var undos []undoEntry
	var finals []finalDrop // drops of what was renamed aside
	fail := func(j int, op Operation, cause error) error {
		lost := r.undo(ctx, conn, undos)
		what := "everything it did before was undone"
		if len(lost) > 0 {
			what = "these operations could not be undone and stay applied: " + strings.Join(lost, ", ")
		}
		return fmt.Errorf("%w: %q, operation %d (%s): %w; %s", ErrMigrationFailed, id, j+1, op, cause, what)
	}
	for j, op := range ops {
		step.Operations = append(step.Operations, op.String())
		if pc, ok := op.(prechecker); ok {
			if err := pc.precheck(ctx, d, conn, s); err != nil {
				return Step{}, fail(j, op, err)
			}
		}
		stmts, undo, final, err := r.asUndoable(ctx, d, conn, op, s)
		if err != nil {
			return Step{}, fail(j, op, err)
		}
		tr := r.track(ctx, d, conn, id, op, s)
		runErr := func() error {
			for i, s := range stmts {
				if _, err := conn.ExecContext(ctx, s); err != nil {
					if i > 0 { // part of it ran
						u := undo
						if u.partial != nil {
							u.stmts = u.partial(i)
						}
						undos = append(undos, u)
					}
					return err
				}
			}
			if fn := op.run(); fn != nil {
				step.Statements = append(step.Statements, "-- "+op.String())
				if err := fn(ctx, conn); err != nil {
					undos = append(undos, undo)
					return err
				}
			}
			return nil
		}()
		tr.end(runErr == nil)
		if runErr != nil {
			return Step{}, fail(j, op, runErr)
		}
		step.Statements = append(step.Statements, stmts...)
		undos = append(undos, undo)
		switch o := op.(type) {
		case *dropTable:
			// The table goes with its columns set aside earlier.
			finals = slices.DeleteFunc(finals, func(f finalDrop) bool { return f.column != "" && f.table == o.name })
		case *renameTable:
			for i := range finals {
				if f := &finals[i]; f.column != "" && f.table == o.from {
					f.table = o.to
					if f.stmt, err = d.DropColumn(o.to, f.column); err != nil {
						return Step{}, fail(j, op, err)
					}
				}
			}
		}
		for _, st := range final {
			fd := finalDrop{stmt: st}
			if dc, ok := op.(*dropColumn); ok {
				fd.table, fd.column = dc.table, dialect.DeriveName(dc.column, nil, "dropped")
			}
			finals = append(finals, fd)
		}
		_ = op.mutate(s)
	}
	if err := finish(); err != nil {
		lost := r.undo(ctx, conn, undos)
		what := "everything it did was undone"
		if len(lost) > 0 {
			what = "these operations could not be undone and stay applied: " + strings.Join(lost, ", ")
		}
		return Step{}, fmt.Errorf("%w; %s", err, what)
	}
	for _, f := range finals {
		st := f.stmt
		if _, err := conn.ExecContext(ctx, st); err != nil {
			return Step{}, fmt.Errorf("%w: %q: dropping what the migration removed (%s): %w; the migration is applied and recorded, the set-aside %s stays (drop it by hand)", ErrMigrationFailed, id, st, err, f.stmt)
		}
		step.Statements = append(step.Statements, st)
	}
	return step, nil
}

// finalDrop is a drop of a table or column renamed aside, run once the
// whole migration succeeded; column is the aside name of a column.
type finalDrop struct {
	stmt, table, column string
}

// asUndoable returns the statements to run for op on a backend without
// transactional DDL, how to undo them, and the statements to run once
// the whole migration succeeded. Drops become renames aside, dropped at
// the end.
func (r *Runner) asUndoable(ctx context.Context, d dialect.Dialect, ex Executor, op Operation, s *State) (stmts []string, undo undoEntry, final []string, err error) {
	undo.op = op
	switch o := op.(type) {
	case *dropTable:
		aside := dialect.DeriveName(o.name, nil, "dropped")
		ren, err1 := d.RenameTable(o.name, aside)
		back, err2 := d.RenameTable(aside, o.name)
		drop, err3 := d.DropTable(aside)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, undo, nil, err
		}
		undo.stmts, undo.ok = []string{back}, true
		return []string{ren}, undo, []string{drop}, nil
	case *dropColumn:
		aside := dialect.DeriveName(o.column, nil, "dropped")
		ren, err1 := d.RenameColumn(o.table, o.column, aside)
		back, err2 := d.RenameColumn(o.table, aside, o.column)
		drop, err3 := d.DropColumn(o.table, aside)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, undo, nil, err
		}
		undo.stmts, undo.ok = []string{back}, true
		return []string{ren}, undo, []string{drop}, nil
	case *createTable:
		t, err := o.table()
		if err != nil {
			return nil, undo, nil, err
		}
		// An existing table is left alone by CreateTable, and must be by
		// its undo too.
		exists, err := tableExists(ctx, d, ex, t.Name)
		if err != nil {
			return nil, undo, nil, err
		}
		if !exists {
			undo.stmts, undo.ok = op.undo(d)
		} else {
			undo.ok = true
		}
	case *renameColumn, *renameTable:
		// The reverse renames the derived constraint names back too.
		after := s.Clone()
		_ = op.mutate(after)
		undo.stmts, undo.ok = op.undo(d)
		if rev, err := op.reverse(s); err == nil && len(rev) == 1 {
			if stmts, err := rev[0].sql(d, after); err == nil {
				undo.stmts = stmts
			}
		}
	case *alterColumn:
		undo.stmts, undo.ok = op.undo(d)
		drop, add, err := fksAround(d, s, o.table, o.from.Name)
		if err != nil || len(drop) == 0 {
			break
		}
		stmts, err := o.sql(d, s)
		if err != nil || len(stmts) <= len(drop) {
			break // no type change: no foreign key is touched
		}
		// The foreign keys over the column are dropped around the change:
		// the undo drops those added back, reverses the change and adds
		// back those dropped, as far as each got.
		k, m := len(drop), len(stmts)-2*len(drop)
		after := s.Clone()
		_ = op.mutate(after)
		dropAfter, _, _ := fksAround(d, after, o.table, o.to.Name)
		back := undo.stmts
		undo.partial = func(ran int) []string {
			var u []string
			if ran > k+m {
				u = append(u, dropAfter[:ran-k-m]...)
			}
			if ran > k {
				u = append(u, back...)
			}
			return append(u, add[:min(ran, k)]...)
		}
		undo.stmts = undo.partial(len(stmts))
	default:
		undo.stmts, undo.ok = op.undo(d)
	}
	if op.run() != nil {
		return nil, undo, nil, nil
	}
	stmts, err = op.sql(d, s)
	return stmts, undo, nil, err
}

// undo runs the undo statements last first and returns the operations it
// could not undo.
func (r *Runner) undo(ctx context.Context, conn *sql.Conn, undos []undoEntry) (lost []string) {
	for i := len(undos) - 1; i >= 0; i-- {
		u := undos[i]
		if !u.ok {
			lost = append(lost, u.op.String())
			continue
		}
		for _, s := range u.stmts {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				lost = append(lost, u.op.String()+" (undo failed: "+err.Error()+")")
				break
			}
		}
	}
	return lost
}

// quote quotes a name that is known to pass CheckIdent (the Runner's
// tables, checked by prepare, and its own column names).
func quote(d dialect.Dialect, name string) string {
	return string(d.AppendQuote(nil, name))
}
