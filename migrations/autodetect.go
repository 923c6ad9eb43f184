package migrations

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	// Defaults gives one-off defaults, Django's: for a NOT NULL column
	// without a default added to a table that stays, "table.column" ->
	// the value as text (makemigrations -default table.column=VALUE). The
	// existing rows get the value; the column itself keeps no default
	// (AddField with it, then AlterField without it, as Django's
	// preserve_default=False). The text is read as the column's kind:
	// an integer, true/false, a number, a decimal, a date (2006-01-02), a
	// time (15:04:05), a date and time (2006-01-02 15:04:05), a UUID or
	// text that fits its max_length.
	Defaults map[string]string
	// AskDefault, when set, is asked for the one-off default of such a
	// column that Defaults does not cover, as Django's questioner asks on
	// a terminal; "" gives none, and Detect then fails naming the column
	// and the -default flag.
	AskDefault func(table string, c dialect.Column) string
}

// ErrNeedsDefault: makemigrations found a NOT NULL column without a
// default added to a table that has rows to fill; the message names the
// column and the fix (-default table.column=VALUE, a default in the
// model, null, or a rename).
var ErrNeedsDefault = errors.New("sqlorm/migrations: a new NOT NULL column needs a value for the existing rows")

// oneOffDefault reads text as a default of column c.
func oneOffDefault(c dialect.Column, text string) (any, error) {
	bad := func(what string) error {
		return fmt.Errorf("%q is not %s (column %q is a %s)", text, what, c.Name, c.Kind)
	}
	switch {
	case c.Kind.Integer():
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return nil, bad("an integer")
		}
		return n, nil
	}
	switch c.Kind {
	case dialect.KindBool:
		b, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return nil, bad("true or false")
		}
		return b, nil
	case dialect.KindFloat:
		f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return nil, bad("a number")
		}
		return f, nil
	case dialect.KindDecimal:
		t := strings.TrimSpace(text)
		if _, err := strconv.ParseFloat(t, 64); err != nil || strings.ContainsAny(t, "eEinfINFxX") {
			return nil, bad("a decimal number like 9.99")
		}
		return dialect.DecimalLiteral(t), nil
	case dialect.KindDate, dialect.KindTime, dialect.KindDateTime:
		layouts := map[dialect.Kind][]string{
			dialect.KindDate:     {"2006-01-02"},
			dialect.KindTime:     {"15:04:05", "15:04"},
			dialect.KindDateTime: {"2006-01-02 15:04:05", time.RFC3339, "2006-01-02"},
		}[c.Kind]
		for _, l := range layouts {
			if _, err := time.Parse(l, text); err == nil {
				return text, nil
			}
		}
		return nil, bad("a " + strings.Join(layouts, " or "))
	case dialect.KindUUID:
		if len(text) != 36 || strings.Count(text, "-") != 4 {
			return nil, bad("a UUID")
		}
		return text, nil
	case dialect.KindChar, dialect.KindText:
		if c.Length > 0 && utf8.RuneCountInString(text) > c.Length {
			return nil, bad(fmt.Sprintf("at most %d characters", c.Length))
		}
		return text, nil
	}
	return nil, fmt.Errorf("a one-off default for a %s is not supported; give the field a default in the model or allow null", c.Kind)
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
				if !c.Null && !c.HasDefault && c.Default == nil && !c.Primary && c.Kind != dialect.KindAuto && c.Kind != dialect.KindBigAuto {
					key := n + "." + c.Name
					text, given := opts.Defaults[key]
					if !given && opts.AskDefault != nil {
						text = opts.AskDefault(n, c)
						given = text != ""
					}
					if given {
						v, err := oneOffDefault(c, text)
						if err != nil {
							return nil, nil, fmt.Errorf("%w: table %q: column %q: the one-off default: %w", ErrNeedsDefault, n, c.Name, err)
						}
						// The rows get v; the column keeps the model's
						// definition, without a default.
						once := c
						once.Default, once.HasDefault = v, true
						if err := add(AddField(n, once)); err != nil {
							return nil, nil, err
						}
						if err := add(AlterField(n, once, c)); err != nil {
							return nil, nil, err
						}
						continue
					}
					hint := fmt.Sprintf("-rename %s.OLD=%s", n, c.Name)
					for _, sg := range suggest {
						if strings.HasPrefix(sg, "-rename "+n+".") && strings.HasSuffix(sg, "="+c.Name) {
							hint = sg
						}
					}
					return nil, nil, fmt.Errorf("%w: makemigrations: table %q: the new column %q is NOT NULL without a default, so the existing rows would have no value; give a one-off default (-default %s=VALUE, or answer on a terminal), give the field a default (default=...), allow null, or say it is a rename (%s)", ErrNeedsDefault, n, c.Name, key, hint)
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
