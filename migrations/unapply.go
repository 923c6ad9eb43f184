package migrations

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// Status is one migration as showmigrations prints it.
type Status struct {
	ID      string
	Applied bool
}

// Status returns every migration of the Runner in order and whether the
// history records it as applied. The checks of Plan apply (a changed or
// unknown applied migration is an error).
func (r *Runner) Status(ctx context.Context) ([]Status, error) {
	d, err := r.dialect()
	if err != nil {
		return nil, err
	}
	ps, err := r.prepare()
	if err != nil {
		return nil, err
	}
	hist, err := r.history(ctx, d, r.DB)
	if err != nil {
		return nil, err
	}
	todo, err := r.pending(ps, hist)
	if err != nil {
		return nil, err
	}
	pending := map[string]bool{}
	for _, p := range todo {
		pending[p.m.ID] = true
	}
	out := make([]Status, len(ps))
	for i, p := range ps {
		out[i] = Status{ID: p.m.ID, Applied: !pending[p.m.ID]}
	}
	return out, nil
}

// index returns the position of id among ps, or an error naming the IDs.
func index(ps []prepared, id string) (int, error) {
	for i, p := range ps {
		if p.m.ID == id {
			return i, nil
		}
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.m.ID
	}
	return -1, fmt.Errorf("%w: no migration %q; the migrations are %v", ErrInvalidMigration, id, ids)
}

// reverseOps returns the operations that undo p, last operation first.
func reverseOps(p prepared) ([]Operation, error) {
	states := []*State{p.before.Clone()}
	for _, op := range p.m.Ops {
		s := states[len(states)-1].Clone()
		_ = op.mutate(s)
		states = append(states, s)
	}
	var out []Operation
	for j := len(p.m.Ops) - 1; j >= 0; j-- {
		rev, err := p.m.Ops[j].reverse(states[j])
		if err != nil {
			return nil, fmt.Errorf("migration %q, operation %d (%s): %w", p.m.ID, j+1, p.m.Ops[j], err)
		}
		out = append(out, rev...)
	}
	return out, nil
}

// afterState returns the schema after p.
func afterState(p prepared) *State {
	s := p.before.Clone()
	for _, op := range p.m.Ops {
		_ = op.mutate(s)
	}
	return s
}

// unapplyPlan returns the applied migrations after target, newest first,
// with their reverse operations; target "zero" unapplies everything.
func (r *Runner) unapplyPlan(ctx context.Context, target string, allDrops bool) (dialect.Dialect, []prepared, [][]Operation, error) {
	d, ps, hist, err := r.load(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := r.pending(ps, hist); err != nil {
		return nil, nil, nil, err
	}
	keep := -1
	if target != "zero" {
		if keep, err = index(ps, target); err != nil {
			return nil, nil, nil, err
		}
	}
	applied := map[string]bool{}
	for _, h := range hist {
		applied[h.ID] = true
	}
	inCode := map[string]bool{}
	for _, p := range ps {
		inCode[p.m.ID] = true
	}
	var todo []prepared
	var revs [][]Operation
	for i := len(ps) - 1; i > keep; i-- {
		if !applied[ps[i].m.ID] {
			continue
		}
		if shadowed(*ps[i].m, inCode) && slices.ContainsFunc(ps[i].m.Replaces, func(id string) bool { return applied[id] }) {
			// Its replaced migrations ran and are unapplied one by one;
			// its own row goes with them (forget).
			continue
		}
		rev, err := reverseOps(ps[i])
		if err != nil {
			return nil, nil, nil, err
		}
		for j, op := range rev {
			for _, name := range op.drops() {
				if !allDrops && !slices.Contains(r.AllowDrop, name) {
					return nil, nil, nil, fmt.Errorf("%w: unapplying %q, its reverse operation %d (%s) drops %q; add %q to Runner.AllowDrop (manage: migrate -yes) to allow it", ErrDropNotAllowed, ps[i].m.ID, j+1, op, name, name)
				}
			}
		}
		todo, revs = append(todo, ps[i]), append(revs, rev)
	}
	return d, todo, revs, nil
}

// PlanUnapply returns what Unapply(ctx, target) would run, without
// changing anything: per migration, newest first, the reverse operations
// and their statements.
func (r *Runner) PlanUnapply(ctx context.Context, target string) (Plan, error) {
	d, todo, revs, err := r.unapplyPlan(ctx, target, false)
	if err != nil {
		return nil, err
	}
	var plan Plan
	for i, p := range todo {
		step, err := planStep(d, p.m.ID, p.checksum, revs[i], afterState(p))
		if err != nil {
			return nil, err
		}
		plan = append(plan, step)
	}
	return plan, nil
}

// Unapply reverses the applied migrations after target, newest first, as
// Django's migrate with an earlier target does: each migration's
// operations are reversed last first (AddField by RemoveField, CreateTable
// by DropTable, AlterField back to its old definition, RunSQL and
// RunGoReversible by their reverse) and its history row deleted, in one
// transaction where DDL is transactional, undone operation by operation
// elsewhere. Target "zero" unapplies every migration. Before anything
// runs, a migration whose reverse is unknown (RawSQL, RunGo) is an error
// wrapping ErrIrreversible, and a reverse that drops a table or column
// Runner.AllowDrop does not name is ErrDropNotAllowed. It returns the
// reversed migrations.
func (r *Runner) Unapply(ctx context.Context, target string) (Plan, error) {
	d, todo, revs, err := r.unapplyPlan(ctx, target, false)
	if err != nil || len(todo) == 0 {
		return nil, err
	}
	var done Plan
	for i, p := range todo {
		var step Step
		if d.Has(dialect.TransactionalDDL) {
			err = r.inMigrationTx(ctx, d, p.m.ID, func(tx Executor) error {
				if err := r.lock(ctx, d, tx); err != nil {
					return err
				}
				var err error
				if step, err = r.runOps(ctx, d, tx, p.m.ID, p.checksum, revs[i], afterState(p)); err != nil {
					return err
				}
				return r.forget(ctx, d, tx, p.m.ID)
			})
		} else {
			step, err = r.unapplyCompensating(ctx, d, p, revs[i])
		}
		if err != nil {
			return done, err
		}
		done = append(done, step)
	}
	return done, nil
}

func (r *Runner) unapplyCompensating(ctx context.Context, d dialect.Dialect, p prepared, rev []Operation) (Step, error) {
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return Step{}, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	defer conn.Close()
	if s := d.StrictSession(); s != "" {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return Step{}, fmt.Errorf("sqlorm/migrations: making the session strict: %w", err)
		}
		defer conn.Raw(func(any) error { return errBadConn })
	}
	return r.applyUndoable(ctx, d, conn, p.m.ID, p.checksum, rev, afterState(p), func() error {
		return r.forget(ctx, d, conn, p.m.ID)
	})
}

// forget deletes id's history row, and those of the migrations it
// replaces and of the squashed migrations replacing it: none of them is
// applied any more.
func (r *Runner) forget(ctx context.Context, d dialect.Dialect, ex Executor, id string) error {
	ids := []string{id}
	for _, m := range r.Migrations {
		if m.ID == id {
			ids = append(ids, m.Replaces...)
		} else if slices.Contains(m.Replaces, id) {
			ids = append(ids, m.ID)
		}
	}
	q := "DELETE FROM " + quote(d, r.table()) + " WHERE " + quote(d, "id") + " = " + d.Placeholder(1)
	for _, x := range ids {
		if _, err := ex.ExecContext(ctx, q, x); err != nil {
			return fmt.Errorf("%w: %q: removing %q from %q: %w", ErrMigrationFailed, id, x, r.table(), err)
		}
	}
	return nil
}

// Squash returns the migration that replaces ms[from..to] (IDs, both
// included, in the order of ms): Django's squashmigrations. Its
// operations are theirs in order, folded by Optimize (as Django's
// squashmigrations runs its optimizer); its Drops are those of theirs
// that the folded operations still destroy (a RenameField then RemoveField
// folded into a RemoveField of the old name takes the consent along);
// Replaces lists them. A range holding a RunGo operation, which cannot be written
// as a value, is an error (squash around it, or write it by hand).
func Squash(ms []Migration, from, to, id string) (Migration, error) {
	i, j := -1, -1
	for k, m := range ms {
		if m.ID == from {
			i = k
		}
		if m.ID == to {
			j = k
		}
	}
	if i < 0 || j < 0 || j < i {
		return Migration{}, fmt.Errorf("%w: squash %s..%s: both must be migrations, the first before the second", ErrInvalidMigration, from, to)
	}
	out := Migration{ID: id}
	for _, m := range ms[i : j+1] {
		if len(m.Replaces) > 0 {
			return Migration{}, fmt.Errorf("%w: squash: %q is a squash itself; delete the migrations it replaces first", ErrInvalidMigration, m.ID)
		}
		for _, op := range m.Ops {
			if op.run() != nil {
				return Migration{}, fmt.Errorf("%w: squash: %q holds %s, a Go function that cannot be written into a file; squash the migrations around it", ErrInvalidMigration, m.ID, op)
			}
		}
		out.Ops = append(out.Ops, m.Ops...)
		for _, dr := range m.Drops {
			if !slices.Contains(out.Drops, dr) {
				out.Drops = append(out.Drops, dr)
			}
		}
		out.Replaces = append(out.Replaces, m.ID)
	}
	before := dropsOf(out.Ops)
	out.Ops = Optimize(out.Ops)
	// A RenameField then RemoveField becomes a RemoveField of the old
	// name: the consent given to drop the new name (in Drops) travels to
	// the old one, never further than that table's consented removals.
	after := dropsOf(out.Ops)
	var lost []string // consented drops the optimizer folded away
	for _, dr := range before {
		if slices.Contains(out.Drops, dr) && !slices.Contains(after, dr) {
			lost = append(lost, dr)
		}
	}
	consented := out.Drops
	out.Drops = nil // what the folded operations still destroy, consented
	for _, dr := range after {
		if slices.Contains(out.Drops, dr) {
			continue
		}
		if slices.Contains(consented, dr) {
			out.Drops = append(out.Drops, dr)
			continue
		}
		if slices.Contains(before, dr) {
			continue // never consented: Runner.AllowDrop must name it
		}
		table, _, _ := strings.Cut(dr, ".")
		if i := slices.IndexFunc(lost, func(l string) bool { t, _, _ := strings.Cut(l, "."); return t == table }); i >= 0 {
			lost = slices.Delete(lost, i, i+1)
			out.Drops = append(out.Drops, dr)
		}
	}
	return out, nil
}

// dropsOf lists what ops destroy ("table", "table.column").
func dropsOf(ops []Operation) []string {
	var out []string
	for _, op := range ops {
		out = append(out, op.drops()...)
	}
	return out
}

// Fake records the pending migrations up to and including target ("" for
// all) as applied without running them: Django's migrate --fake, and
// --fake-initial when the tables exist already (made by orm.Migrate or
// another tool). It returns the migrations recorded. Use it only when the
// database already has what they would do.
func (r *Runner) Fake(ctx context.Context, target string) (Plan, error) {
	d, ps, todo, err := r.check(ctx)
	if err != nil {
		return nil, err
	}
	last := len(ps) - 1
	if target != "" {
		if last, err = index(ps, target); err != nil {
			return nil, err
		}
	}
	if err := r.ensureTables(ctx, d); err != nil {
		return nil, err
	}
	var done Plan
	for _, p := range todo {
		if i, _ := index(ps, p.m.ID); i > last {
			break
		}
		if err := r.record(ctx, d, r.DB, p); err != nil {
			return done, err
		}
		done = append(done, Step{ID: p.m.ID, Checksum: p.checksum})
	}
	return done, nil
}

// errBadConn makes database/sql discard a connection whose session
// settings must not reach the application's pool.
var errBadConn = driver.ErrBadConn

// SQL returns the statements migration id sends on the Runner's dialect
// (sqlmigrate), or with backwards those that unapply it, without reading
// or changing the database (beyond detecting its dialect).
func (r *Runner) SQL(id string, backwards bool) (Step, error) {
	d, err := r.dialect()
	if err != nil {
		return Step{}, err
	}
	ps, err := r.prepare()
	if err != nil {
		return Step{}, err
	}
	i, err := index(ps, id)
	if err != nil {
		return Step{}, err
	}
	p := ps[i]
	if !backwards {
		return planStep(d, p.m.ID, p.checksum, p.m.Ops, p.before)
	}
	rev, err := reverseOps(p)
	if err != nil {
		return Step{}, err
	}
	return planStep(d, p.m.ID, p.checksum, rev, afterState(p))
}

// CreatedTables returns the tables m creates when every operation of m is
// a CreateTable or CreateModel (an initial migration), and false
// otherwise.
func CreatedTables(m Migration) ([]string, bool) {
	s := &State{}
	for _, op := range m.Ops {
		if _, ok := op.(*createTable); !ok {
			return nil, false
		}
		if err := op.mutate(s); err != nil {
			return nil, false
		}
	}
	return s.Names(), true
}

// UnapplyDrops returns the tables and columns ("table", "table.column")
// that Unapply(ctx, target) would drop, for a caller to confirm and put in
// AllowDrop.
func (r *Runner) UnapplyDrops(ctx context.Context, target string) ([]string, error) {
	_, _, revs, err := r.unapplyPlan(ctx, target, true)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, rev := range revs {
		for _, op := range rev {
			out = append(out, op.drops()...)
		}
	}
	return out, nil
}
