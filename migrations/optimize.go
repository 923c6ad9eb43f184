package migrations

import (
	"reflect"
	"slices"

	"github.com/sqlorm/sqlorm/dialect"
)

// Optimize returns ops with pairs of operations folded into fewer, as
// Django's MigrationOptimizer does for squashmigrations; the schema they
// leave (StateOf) is the same. The reductions, each applied when nothing
// between the two operations touches their tables (RawSQL and RunGo stop
// every reduction across them):
//
//	CreateTable(t) + AddField/RemoveField/AlterField/RenameField/AddIndex/
//	  RemoveIndex/AddUnique/RemoveUnique/AddForeignKey/RemoveForeignKey on t
//	                                     -> CreateTable(t as it leaves it)
//	CreateTable(t) + DropTable(t)        -> nothing
//	CreateTable(t) + RenameTable(t -> u) -> CreateTable(u), when no operation
//	                                        before refers to t
//	AddField(c) + RemoveField(c)         -> nothing
//	AddField(c) + AlterField(c -> c2)    -> AddField(c2), when the default is the same
//	                                        (so the rows get the value they would have)
//	AddField(c) + RenameField(c -> n)    -> AddField(c named n)
//	RenameField(a -> b) + RenameField(b -> c) -> RenameField(a -> c) (nothing when c is a)
//	RenameField(a -> b) + RemoveField(b) -> RemoveField(a)
//	AlterField(a -> b) + AlterField(b -> c)   -> AlterField(a -> c) (nothing when c is a)
//	RenameTable(t -> u) + RenameTable(u -> v) -> RenameTable(t -> v) (nothing when v is t)
//	AddIndex + RemoveIndex of it, AddUnique + RemoveUnique, AddForeignKey +
//	  RemoveForeignKey of the same columns -> nothing
//
// A CreateModel (whose schema follows the model) is left as it is.
func Optimize(ops []Operation) []Operation {
	out := slices.Clone(ops)
	for {
		next, changed := optimizeOnce(out)
		if !changed {
			return next
		}
		out = next
	}
}

// optimizeOnce applies the first reduction it finds, as Django's
// optimize_inner does: for each operation, the later ones are tried in
// order until one reduces with it or one it cannot be moved past.
func optimizeOnce(ops []Operation) ([]Operation, bool) {
	for i, a := range ops {
		for j := i + 1; j < len(ops); j++ {
			b := ops[j]
			if res, ok := reduce(a, b, ops[:i]); ok {
				// b's result goes where a was: b moves left past the
				// operations in between, which must not touch its tables.
				between := ops[i+1 : j]
				if movable(b, between) {
					out := slices.Clone(ops[:i])
					out = append(out, res...)
					out = append(out, between...)
					return append(out, ops[j+1:]...), true
				}
				// Or where b was: a moves right past them.
				if movable(a, between) {
					out := slices.Clone(ops[:i])
					out = append(out, between...)
					out = append(out, res...)
					return append(out, ops[j+1:]...), true
				}
			}
			if interacts(a, b) {
				break
			}
		}
	}
	return ops, false
}

// movable reports whether b can run before every operation of between.
func movable(b Operation, between []Operation) bool {
	for _, x := range between {
		if interacts(x, b) {
			return false
		}
	}
	return true
}

// interacts reports whether a and b may depend on each other's order:
// they touch a common table, or one of them is SQL or Go the optimizer
// cannot read.
func interacts(a, b Operation) bool {
	ta, ok1 := touched(a)
	tb, ok2 := touched(b)
	if !ok1 || !ok2 {
		return true
	}
	for _, t := range ta {
		if slices.Contains(tb, t) {
			return true
		}
	}
	return false
}

// touched returns the tables op reads or changes, foreign key targets
// included; false when it cannot tell (RawSQL, RunGo, CreateModel).
func touched(op Operation) ([]string, bool) {
	switch o := op.(type) {
	case *createTable:
		if o.model != nil || o.joins != nil {
			return nil, false
		}
		ts := []string{o.t.Name}
		for _, fk := range o.t.ForeignKeys {
			ts = append(ts, fk.RefTable)
		}
		return ts, true
	case *addColumn:
		return []string{o.table}, true
	case *dropColumn:
		return []string{o.table}, true
	case *renameColumn:
		return []string{o.table}, true
	case *alterColumn:
		return []string{o.table}, true
	case *createIndex:
		return []string{o.table}, true
	case *dropIndex:
		return []string{o.table}, true
	case *addUnique:
		return []string{o.table}, true
	case *dropUnique:
		return []string{o.table}, true
	case *addForeignKey:
		return []string{o.table, o.fk.RefTable}, true
	case *dropForeignKey:
		return []string{o.table}, true
	case *renameTable:
		return []string{o.from, o.to}, true
	case *dropTable:
		return []string{o.name}, true
	}
	return nil, false
}

// tableOp returns the one table a table-local operation (columns,
// indexes, constraints of one table) changes.
func tableOp(op Operation) (string, bool) {
	switch o := op.(type) {
	case *addColumn:
		return o.table, true
	case *dropColumn:
		return o.table, true
	case *renameColumn:
		return o.table, true
	case *alterColumn:
		return o.table, true
	case *createIndex:
		return o.table, true
	case *dropIndex:
		return o.table, true
	case *addUnique:
		return o.table, true
	case *dropUnique:
		return o.table, true
	case *addForeignKey:
		return o.table, true
	case *dropForeignKey:
		return o.table, true
	}
	return "", false
}

// reduce folds a then b into the operations it returns (none: they
// cancel), or reports false; earlier are the operations before a.
func reduce(a, b Operation, earlier []Operation) ([]Operation, bool) {
	switch x := a.(type) {
	case *createTable:
		if x.model != nil || x.joins != nil {
			return nil, false
		}
		if y, ok := b.(*dropTable); ok && y.name == x.t.Name {
			return nil, true
		}
		// A table renamed after it was created is created under its new
		// name, when no operation before refers to the old one (a foreign
		// key to it would have to follow the rename).
		if y, ok := b.(*renameTable); ok && y.from == x.t.Name {
			for _, e := range earlier {
				if ts, ok := touched(e); !ok || slices.Contains(ts, y.from) || slices.Contains(ts, y.to) {
					return nil, false
				}
			}
			s := NewState(x.t)
			if err := b.mutate(s); err != nil {
				return nil, false
			}
			t, _ := s.Table(y.to)
			return []Operation{CreateTable(t)}, true
		}
		if tb, ok := tableOp(b); ok && tb == x.t.Name {
			s := NewState(x.t)
			if err := b.mutate(s); err != nil {
				return nil, false
			}
			t, _ := s.Table(x.t.Name)
			return []Operation{CreateTable(t)}, true
		}
	case *addColumn:
		switch y := b.(type) {
		case *dropColumn:
			if y.table == x.table && y.column == x.c.Name {
				return nil, true
			}
		case *alterColumn:
			if y.table == x.table && y.from.Name == x.c.Name && y.to.Name == x.c.Name && sameColumn(y.from, x.c) && sameDefaultOf(x.c, y.to) {
				return []Operation{AddField(x.table, y.to)}, true
			}
		case *renameColumn:
			if y.table == x.table && y.from == x.c.Name {
				c := x.c
				c.Name = y.to
				return []Operation{AddField(x.table, c)}, true
			}
		}
	case *renameColumn:
		switch y := b.(type) {
		case *renameColumn:
			if y.table == x.table && y.from == x.to {
				if y.to == x.from {
					return nil, true
				}
				return []Operation{RenameField(x.table, x.from, y.to)}, true
			}
		case *dropColumn:
			if y.table == x.table && y.column == x.to {
				return []Operation{RemoveField(x.table, x.from)}, true
			}
		}
	case *alterColumn:
		if y, ok := b.(*alterColumn); ok && y.table == x.table && y.from.Name == x.to.Name && sameColumn(y.from, x.to) {
			if reflect.DeepEqual(x.from, y.to) || sameColumn(x.from, y.to) {
				return nil, true
			}
			return []Operation{AlterField(x.table, x.from, y.to)}, true
		}
	case *renameTable:
		if y, ok := b.(*renameTable); ok && y.from == x.to {
			if y.to == x.from {
				return nil, true
			}
			return []Operation{RenameTable(x.from, y.to)}, true
		}
	case *createIndex:
		if y, ok := b.(*dropIndex); ok && y.table == x.table && y.name == x.name() {
			return nil, true
		}
	case *addUnique:
		if y, ok := b.(*dropUnique); ok && y.table == x.table && uniqueKey(y.columns) == uniqueKey(x.columns) {
			return nil, true
		}
	case *addForeignKey:
		if y, ok := b.(*dropForeignKey); ok && y.table == x.table && uniqueKey(y.columns) == uniqueKey(x.fk.Columns) {
			return nil, true
		}
	}
	return nil, false
}

// sameDefaultOf reports whether a column added as a and then altered to
// b leaves the rows that existed the value adding b would give them.
func sameDefaultOf(a, b dialect.Column) bool { return dialect.SameDefault(a, b) }
