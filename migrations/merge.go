package migrations

import (
	"context"
	"fmt"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// mergedRebuild is a run of consecutive operations of one migration that
// each rebuild the same table on a backend that cannot alter in place
// (SQLite), done as one rebuild: the table is copied once instead of once
// per operation, as Django's SQLite schema editor would if it could see
// the whole migration. It is made by mergeRebuilds only, never written
// into a migration file, and is no part of a checksum.
type mergedRebuild struct {
	base
	table string
	ops   []Operation
}

func (o *mergedRebuild) String() string {
	names := make([]string, len(o.ops))
	for i, op := range o.ops {
		names[i] = op.String()
	}
	return strings.Join(names, " + ")
}

func (o *mergedRebuild) describe() (string, error) {
	return "", fmt.Errorf("a merged rebuild of %q is not written into a migration", o.table)
}

func (o *mergedRebuild) mutate(s *State) error {
	for _, op := range o.ops {
		if err := op.mutate(s); err != nil {
			return err
		}
	}
	return nil
}

func (o *mergedRebuild) sql(d dialect.Dialect, s *State) ([]string, error) {
	return rebuildFor(d, s, o.table, o)
}

func (o *mergedRebuild) reverse(*State) ([]Operation, error) {
	return nil, fmt.Errorf("%w: a merged rebuild is reversed operation by operation", ErrIrreversible)
}

// precheck runs each operation's check against the schema before it; the
// operations of a merge change disjoint columns (mergeRebuilds), so the
// rows each check reads are still as it expects.
func (o *mergedRebuild) precheck(ctx context.Context, d dialect.Dialect, ex Executor, s *State) error {
	s = s.Clone()
	for _, op := range o.ops {
		if pc, ok := op.(prechecker); ok {
			if err := pc.precheck(ctx, d, ex, s); err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
		}
		if err := op.mutate(s); err != nil {
			return err
		}
	}
	return nil
}

// drops are those of its operations.
func (o *mergedRebuild) drops() []string {
	var out []string
	for _, op := range o.ops {
		out = append(out, op.drops()...)
	}
	return out
}

// mergeRebuilds returns ops with every run of two or more consecutive
// operations that rebuild the same table on d made one mergedRebuild; s
// is the schema before ops. Where d alters in place, ops is returned as
// it is. A run ends before an operation that alters a column an earlier
// operation of the run added, dropped or altered (its check must see that
// column's rows as they are), and before one that does not fit the state.
func mergeRebuilds(d dialect.Dialect, ops []Operation, s *State) []Operation {
	if dialect.AltersInPlace(d) {
		return ops
	}
	s = s.Clone()
	var out []Operation
	for i := 0; i < len(ops); {
		table := rebuiltTable(d, ops[i], s)
		if table == "" {
			_ = ops[i].mutate(s)
			out = append(out, ops[i])
			i++
			continue
		}
		run := &mergedRebuild{table: table}
		touched := map[string]bool{}
		after := s.Clone()
		j := i
		for ; j < len(ops); j++ {
			op := ops[j]
			if rebuiltTable(d, op, after) != table {
				break
			}
			if a, ok := op.(*alterColumn); ok && touched[a.from.Name] {
				break
			}
			next := after.Clone()
			if err := op.mutate(next); err != nil {
				break
			}
			switch o := op.(type) {
			case *alterColumn:
				touched[o.to.Name] = true
			case *addColumn:
				touched[o.c.Name] = true
			case *dropColumn:
				touched[o.column] = true
			}
			run.ops = append(run.ops, op)
			after = next
		}
		if len(run.ops) < 2 {
			_ = ops[i].mutate(s)
			out = append(out, ops[i])
			i++
			continue
		}
		out = append(out, run)
		s = after
		i = j
	}
	return out
}

// opNames returns the String of op, or of each operation it merges.
func opNames(op Operation) []string {
	if m, ok := op.(*mergedRebuild); ok {
		out := make([]string, len(m.ops))
		for i, x := range m.ops {
			out[i] = x.String()
		}
		return out
	}
	return []string{op.String()}
}
