package migrations

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// ErrDataLoss: the models drop a table or column (or a rename was not
// given as one) and the caller did not allow it. The message lists what
// would be lost and how to say it is a rename or allow it.
var ErrDataLoss = errors.New("sqlorm/migrations: the change would destroy data")

// ModelSource is one model for makemigrations: its table and the join
// tables of its ManyToMany fields. Make it with [Model].
type ModelSource struct {
	name   string
	tables func() ([]dialect.Table, error)
}

// Model returns the ModelSource of model T: orm.Schema[T] and
// orm.ManyToManyTables[T].
func Model[T any]() ModelSource {
	var zero T
	return ModelSource{name: fmt.Sprintf("%T", zero), tables: func() ([]dialect.Table, error) {
		t, err := orm.Schema[T]()
		if err != nil {
			return nil, err
		}
		joins, err := orm.ManyToManyTables[T]()
		if err != nil {
			return nil, err
		}
		return append([]dialect.Table{t}, joins...), nil
	}}
}

// Tables returns the tables of the models, in order: each model's table,
// then its join tables. Two models with one table name are an error.
func Tables(models ...ModelSource) ([]dialect.Table, error) {
	var out []dialect.Table
	seen := map[string]string{}
	for _, m := range models {
		if m.tables == nil {
			return nil, fmt.Errorf("sqlorm/migrations: a zero ModelSource; make it with migrations.Model[T]()")
		}
		ts, err := m.tables()
		if err != nil {
			return nil, fmt.Errorf("sqlorm/migrations: model %s: %w", m.name, err)
		}
		for _, t := range ts {
			if prev, ok := seen[t.Name]; ok {
				return nil, fmt.Errorf("sqlorm/migrations: models %s and %s both have the table %q; give one a db_table", prev, m.name, t.Name)
			}
			seen[t.Name] = m.name
			out = append(out, t)
		}
	}
	return out, nil
}

// DetectOptions steers Detect.
type DetectOptions struct {
	// Renames says which removed table or column became which new one:
	// "old" -> "new" for a table, "table.old" -> "new" for a column of
	// table (table named as the models now name it). Without it a rename
	// looks like a removal and an addition, which loses the data.
	Renames map[string]string
	// AllowDataLoss lets Detect remove tables and columns (makemigrations
	// -yes). Without it a removal is ErrDataLoss.
	AllowDataLoss bool
	// Ask, when set, is asked about each likely rename no hint covers (a
	// removed and an added column of one table with the same definition,
	// or a removed and an added table alike but for the name), as
	// Django's makemigrations asks on a terminal: true makes it a rename.
	// Without Ask the likely renames are named in the ErrDataLoss error.
	Ask func(question string) bool
}

// Detect returns the operations that turn the schema from into the tables
// want (the models), Django's MigrationAutodetector, and the names
// ("table", "table.column") they destroy data of. The operations are
// frozen values and come in an order that runs: renames; the foreign
// keys, indexes and unique constraints that go; removed columns; new
// tables, each after the tables its foreign keys reference (a cycle is
// broken by creating a table without the foreign key and adding it at the
// end with AddForeignKey); added columns; altered columns (type, NULL,
// default, max_length, choices, unique); new unique constraints, indexes
// and foreign keys; removed tables, referencing ones first.
//
// A removal is ErrDataLoss unless opts.AllowDataLoss; a NOT NULL column
// without a default added to an existing table, and a change of the
// primary key, are errors saying what to do. The result is checked: the
// operations replayed on from must give exactly want.
func Detect(from *State, want []dialect.Table, opts DetectOptions) (ops []Operation, drops []string, err error) {
	cur := from.Clone()
	wantBy := map[string]dialect.Table{}
	for _, t := range want {
		wantBy[t.Name] = t
	}
	add := func(op Operation) error {
		if err := op.mutate(cur); err != nil {
			return fmt.Errorf("sqlorm/migrations: makemigrations: %s: %w", op, err)
		}
		ops = append(ops, op)
		return nil
	}
	// Renames, as hinted.
	hints := make([]string, 0, len(opts.Renames))
	for k := range opts.Renames {
		hints = append(hints, k)
	}
	sort.Strings(hints)
	for _, old := range hints {
		if strings.Contains(old, ".") {
			continue
		}
		newName := opts.Renames[old]
		_, haveOld := cur.tables[old]
		_, haveNew := cur.tables[newName]
		_, wantOld := wantBy[old]
		_, wantNew := wantBy[newName]
		if !haveOld || haveNew || wantOld || !wantNew {
			return nil, nil, fmt.Errorf("sqlorm/migrations: makemigrations: -rename %s=%s: the migrations must have table %q and the models must have %q instead", old, newName, old, newName)
		}
		if err := add(RenameTable(old, newName)); err != nil {
			return nil, nil, err
		}
	}
	for _, key := range hints {
		table, old, ok := strings.Cut(key, ".")
		if !ok {
			continue
		}
		newName := opts.Renames[key]
		t, ok1 := cur.tables[table]
		w, ok2 := wantBy[table]
		if !ok1 || !ok2 || t.Column(old) == nil || t.Column(newName) != nil || w.Column(old) != nil || w.Column(newName) == nil {
			return nil, nil, fmt.Errorf("sqlorm/migrations: makemigrations: -rename %s=%s: table %q must have column %q in the migrations and %q instead in the models", key, newName, table, old, newName)
		}
		if err := add(RenameField(table, old, newName)); err != nil {
			return nil, nil, err
		}
	}

	// Likely renames no hint covers: asked, or suggested in the error.
	var suggest []string
	for _, n := range cur.Names() {
		w, ok := wantBy[n]
		if !ok {
			continue
		}
		t := cur.tables[n]
		for _, c := range t.Columns {
			if w.Column(c.Name) != nil {
				continue
			}
			var match []string
			for _, a := range w.Columns {
				if t.Column(a.Name) != nil {
					continue
				}
				renamed := c
				renamed.Name = a.Name
				if sameColumn(renamed, a) {
					match = append(match, a.Name)
				}
			}
			if len(match) != 1 {
				continue
			}
			if opts.Ask != nil && opts.Ask(fmt.Sprintf("Was %s.%s renamed to %s.%s (a %s)? [y/N]", n, c.Name, n, match[0], c.Kind)) {
				if err := add(RenameField(n, c.Name, match[0])); err != nil {
					return nil, nil, err
				}
				t = cur.tables[n]
				continue
			}
			suggest = append(suggest, "-rename "+n+"."+c.Name+"="+match[0])
		}
	}
	for _, n := range cur.Names() {
		if _, ok := wantBy[n]; ok {
			continue
		}
		for _, w := range want {
			if _, ok := cur.tables[w.Name]; ok {
				continue
			}
			renamed := cloneTable(cur.tables[n])
			renamed.Name = w.Name
			if canonical(renamed) != canonical(w) {
				continue
			}
			if opts.Ask != nil && opts.Ask(fmt.Sprintf("Was the table %s renamed to %s? [y/N]", n, w.Name)) {
				if err := add(RenameTable(n, w.Name)); err != nil {
					return nil, nil, err
				}
			} else {
				suggest = append(suggest, "-rename "+n+"="+w.Name)
			}
			break
		}
	}

	var removedTables, addedTables, common []string
	for _, n := range cur.Names() {
		if _, ok := wantBy[n]; ok {
			common = append(common, n)
		} else {
			removedTables = append(removedTables, n)
		}
	}
	for _, t := range want {
		if _, ok := cur.tables[t.Name]; !ok {
			addedTables = append(addedTables, t.Name)
		}
	}
	sort.Strings(addedTables)

	// What goes from the tables that stay: foreign keys, indexes, uniques.
	var lost []string
	for _, n := range common {
		t, w := cur.tables[n], wantBy[n]
		for _, fk := range t.ForeignKeys {
			if !slices.ContainsFunc(w.ForeignKeys, func(x dialect.ForeignKey) bool { return fkJSON(x) == fkJSON(fk) }) {
				if err := add(RemoveForeignKey(n, fk.Columns...)); err != nil {
					return nil, nil, err
				}
			}
		}
		for _, ix := range t.Indexes {
			if !hasIndex(w, n, ix) {
				if err := add(RemoveIndex(n, dialect.IndexName(n, ix))); err != nil {
					return nil, nil, err
				}
			}
		}
		for _, u := range t.Uniques {
			if !slices.ContainsFunc(w.Uniques, func(x []string) bool { return uniqueKey(x) == uniqueKey(u) }) {
				if err := add(RemoveUnique(n, u...)); err != nil {
					return nil, nil, err
				}
			}
		}
		t = cur.tables[n]
		for _, c := range t.Columns {
			if w.Column(c.Name) == nil {
				lost = append(lost, n+"."+c.Name)
				if err := add(RemoveField(n, c.Name)); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	// Other tables' foreign keys to a removed table go with their models;
	// a table removed with a foreign key to another removed one goes
	// first (below).

	// New tables, targets first.
	var laterFKs []Operation
	for len(addedTables) > 0 {
		progress := false
		for i := 0; i < len(addedTables); i++ {
			n := addedTables[i]
			w := wantBy[n]
			ready := true
			for _, fk := range w.ForeignKeys {
				if fk.RefTable != n && slices.Contains(addedTables, fk.RefTable) {
					ready = false
				}
			}
			if !ready {
				continue
			}
			if err := add(CreateTable(w)); err != nil {
				return nil, nil, err
			}
			addedTables = slices.Delete(addedTables, i, i+1)
			i--
			progress = true
		}
		if !progress {
			// A cycle: create the first table without its foreign keys to
			// tables not created yet, and add them at the end.
			n := addedTables[0]
			w := cloneTable(wantBy[n])
			var keep []dialect.ForeignKey
			for _, fk := range w.ForeignKeys {
				if fk.RefTable != n && slices.Contains(addedTables, fk.RefTable) {
					laterFKs = append(laterFKs, AddForeignKey(n, fk))
				} else {
					keep = append(keep, fk)
				}
			}
			w.ForeignKeys = keep
			if err := add(CreateTable(w)); err != nil {
				return nil, nil, err
			}
			addedTables = addedTables[1:]
		}
	}

	// Added and altered columns of the tables that stay.
	var laterOps []Operation
	for _, n := range common {
		t, w := cur.tables[n], wantBy[n]
		for _, c := range w.Columns {
			old := t.Column(c.Name)
			if old == nil {
				if !c.Null && !c.HasDefault && c.Default == nil {
					hint := fmt.Sprintf("-rename %s.OLD=%s", n, c.Name)
					for _, sg := range suggest {
						if strings.HasPrefix(sg, "-rename "+n+".") && strings.HasSuffix(sg, "="+c.Name) {
							hint = sg
						}
					}
					return nil, nil, fmt.Errorf("sqlorm/migrations: makemigrations: table %q: the new column %q is NOT NULL without a default, so the existing rows would have no value; give the field a default (default=...), allow null, or say it is a rename (%s)", n, c.Name, hint)
				}
				if c.Primary || c.Kind == dialect.KindAuto || c.Kind == dialect.KindBigAuto {
					return nil, nil, fmt.Errorf("sqlorm/migrations: makemigrations: table %q: a primary key column %q cannot be added to an existing table; write a RecreateTable step by hand", n, c.Name)
				}
				if err := add(AddField(n, c)); err != nil {
					return nil, nil, err
				}
				continue
			}
			if sameColumn(*old, c) {
				continue
			}
			if old.Primary != c.Primary || ((old.Kind == dialect.KindAuto || old.Kind == dialect.KindBigAuto) != (c.Kind == dialect.KindAuto || c.Kind == dialect.KindBigAuto)) {
				return nil, nil, fmt.Errorf("sqlorm/migrations: makemigrations: table %q: column %q changes the primary key, which makemigrations does not do; write a RecreateTable step by hand", n, c.Name)
			}
			laterOps = append(laterOps, AlterField(n, *old, c))
		}
	}
	for _, op := range laterOps {
		if err := add(op); err != nil {
			return nil, nil, err
		}
	}
	// New uniques, indexes and foreign keys of the tables that stay.
	for _, n := range common {
		t, w := cur.tables[n], wantBy[n]
		for _, u := range w.Uniques {
			if !slices.ContainsFunc(t.Uniques, func(x []string) bool { return uniqueKey(x) == uniqueKey(u) }) {
				if err := add(AddUnique(n, u...)); err != nil {
					return nil, nil, err
				}
			}
		}
		for _, ix := range w.Indexes {
			if !hasIndex(t, n, ix) {
				if err := add(AddIndex(n, ix)); err != nil {
					return nil, nil, err
				}
			}
		}
		for _, fk := range w.ForeignKeys {
			if !slices.ContainsFunc(t.ForeignKeys, func(x dialect.ForeignKey) bool { return fkJSON(x) == fkJSON(fk) }) {
				laterFKs = append(laterFKs, AddForeignKey(n, fk))
			}
		}
	}
	for _, op := range laterFKs {
		if err := add(op); err != nil {
			return nil, nil, err
		}
	}
	// Removed tables, those referencing others first.
	for len(removedTables) > 0 {
		i := slices.IndexFunc(removedTables, func(n string) bool {
			for _, other := range removedTables {
				if other == n {
					continue
				}
				for _, fk := range cur.tables[other].ForeignKeys {
					if fk.RefTable == n {
						return false
					}
				}
			}
			return true
		})
		if i < 0 {
			i = 0 // a cycle among removed tables: foreign keys are off on SQLite, checked at statement end elsewhere
		}
		n := removedTables[i]
		removedTables = slices.Delete(removedTables, i, i+1)
		lost = append(lost, n)
		if err := add(DropTable(n)); err != nil {
			return nil, nil, err
		}
	}
	if len(lost) > 0 && !opts.AllowDataLoss {
		hint := "if one was renamed say so (-rename old=new for a table, -rename table.old=new for a column)"
		if len(suggest) > 0 {
			hint = "if these are renames say so (" + strings.Join(suggest, " ") + ")"
		}
		return nil, nil, fmt.Errorf("%w: the models no longer have %s; %s, otherwise allow the loss of the data (-yes)", ErrDataLoss, strings.Join(lost, ", "), hint)
	}
	if diff := StateDiff(cur, NewState(want...)); diff != "" {
		return nil, nil, fmt.Errorf("sqlorm/migrations: makemigrations: internal error: the operations do not give the models' schema (%s); please report it", diff)
	}
	return ops, lost, nil
}

func hasIndex(t dialect.Table, table string, ix dialect.Index) bool {
	name := dialect.IndexName(table, ix)
	return slices.ContainsFunc(t.Indexes, func(x dialect.Index) bool {
		return dialect.IndexName(table, x) == name && x.Unique == ix.Unique && slices.Equal(x.Columns, ix.Columns)
	})
}

// StateDiff describes how two states differ, "" when they hold the same
// tables (column, index, unique and foreign-key order aside).
func StateDiff(a, b *State) string {
	var out []string
	names := map[string]bool{}
	for _, n := range a.Names() {
		names[n] = true
	}
	for _, n := range b.Names() {
		names[n] = true
	}
	keys := make([]string, 0, len(names))
	for n := range names {
		keys = append(keys, n)
	}
	sort.Strings(keys)
	for _, n := range keys {
		ta, oka := a.tables[n]
		tb, okb := b.tables[n]
		switch {
		case !oka:
			out = append(out, "table "+n+" only in the models")
		case !okb:
			out = append(out, "table "+n+" only in the migrations")
		case canonical(ta) != canonical(tb):
			out = append(out, "table "+n+" differs")
		}
	}
	return strings.Join(out, "; ")
}

// canonical is a table's text with its lists sorted.
func canonical(t dialect.Table) string {
	var parts []string
	for _, c := range t.Columns {
		parts = append(parts, "c"+columnText(c))
	}
	for _, ix := range t.Indexes {
		parts = append(parts, fmt.Sprintf("i%s|%v|%v", dialect.IndexName(t.Name, ix), ix.Columns, ix.Unique))
	}
	for _, u := range t.Uniques {
		parts = append(parts, "u"+uniqueKey(u))
	}
	for _, fk := range t.ForeignKeys {
		parts = append(parts, "f"+fkJSON(fk))
	}
	sort.Strings(parts)
	return t.Name + "\n" + strings.Join(parts, "\n")
}
