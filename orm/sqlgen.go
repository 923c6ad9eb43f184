package orm

import (
	"github.com/sqlorm/sqlorm/dialect"
)

// sqlBuf is the statement being built: sqlorm's one SQL writer,
// dialect.Writer — the same value the compiler hands to lookups'
// Chain.Render and the operands' SQL functions, so a statement is written
// front to back with nothing copied between builders — with the orm's short
// helpers for names that passed CheckIdent when the model metadata was
// built.
type sqlBuf struct{ dialect.Writer }

// newSQLBuf returns an empty statement for d.
func newSQLBuf(d dialect.Dialect) *sqlBuf {
	b := new(sqlBuf)
	b.Reset(d, nil, nil)
	return b
}

func (s *sqlBuf) str(x string) { s.Raw(x) }

// ident appends a quoted identifier that already passed CheckIdent (model
// metadata is checked once, when it is built).
func (s *sqlBuf) ident(name string) { s.CheckedIdent(name) }

// col appends "table"."column".
func (s *sqlBuf) col(table, column string) {
	s.CheckedIdent(table)
	s.Raw(".")
	s.CheckedIdent(column)
}

// arg appends a placeholder for v.
func (s *sqlBuf) arg(v any) { s.Arg(v) }

// placeholder appends the placeholder for the n-th argument without
// recording a value (for statements whose arguments are bound per call).
func (s *sqlBuf) placeholder(n int) { s.Placeholder(n) }

// restart empties the statement, keeping its buffers.
func (s *sqlBuf) restart() { s.Rewind(dialect.Mark{}) }

// stmtSet is the SQL text of a model's fixed statements for one dialect,
// built once and reused by every call.
type stmtSet struct {
	name dialect.Name
	feat dialect.Feature
	vs   valueStyle

	selectCols string // "t"."a", "t"."b", ... in field order
	from       string // "t"

	// insert omits an auto primary key and gets it back (RETURNING, or
	// LastInsertId, or Oracle's RETURNING INTO); insertPK writes every
	// column, the key included.
	insert          string
	insertFields    []*field
	insertReturning returnMode
	insertPK        string
	insertPKFields  []*field

	update       string   // every non-key column, WHERE key
	updateFields []*field // in placeholder order, the key last
	selectPK     string   // every column WHERE key
	deletePK     string
	existsPK     string
}

type returnMode uint8

const (
	returnNone       returnMode = iota // the key is written, nothing to read
	returnRows                         // INSERT ... RETURNING key: read one row
	returnLastInsert                   // sql.Result.LastInsertId
	returnInto                         // Oracle: RETURNING key INTO :n with sql.Out
)

// stmtsFor returns m's statements for dialect d, building them on first use
// per dialect.
func (m *modelInfo) stmtsFor(d dialect.Dialect) *stmtSet {
	name, feat := d.Name(), d.Features()
	if p := m.stmts.Load(); p != nil {
		for _, s := range *p {
			if s.name == name && s.feat == feat {
				return s
			}
		}
	}
	s := m.buildStmts(d)
	m.stmtsMu.Lock()
	defer m.stmtsMu.Unlock()
	var list []*stmtSet
	if p := m.stmts.Load(); p != nil {
		for _, e := range *p {
			if e.name == name && e.feat == feat {
				return e
			}
		}
		list = append(list, *p...)
	}
	list = append(list, s)
	m.stmts.Store(&list)
	return s
}

func (m *modelInfo) buildStmts(d dialect.Dialect) *stmtSet {
	s := &stmtSet{name: d.Name(), feat: d.Features(), vs: styleFor(d)}
	b := newSQLBuf(d)
	for i, f := range m.fields {
		if i > 0 {
			b.str(", ")
		}
		b.col(m.table, f.column)
	}
	s.selectCols = b.String()
	b.restart()
	b.ident(m.table)
	s.from = b.String()

	// INSERT without the auto key.
	var cols []*field
	for _, f := range m.fields {
		if !(f.primary && f.auto) {
			cols = append(cols, f)
		}
	}
	s.insertFields = cols
	s.insert, s.insertReturning = m.insertSQL(d, cols, m.pk.auto)
	s.insertPKFields = m.fields
	s.insertPK, _ = m.insertSQL(d, m.fields, false)

	// UPDATE every non-key column.
	b.restart()
	b.str("UPDATE ")
	b.ident(m.table)
	b.str(" SET ")
	n := 0
	for _, f := range m.fields {
		if f.primary {
			continue
		}
		if n > 0 {
			b.str(", ")
		}
		n++
		b.ident(f.column)
		b.str(" = ")
		b.placeholder(n)
		s.updateFields = append(s.updateFields, f)
	}
	b.str(" WHERE ")
	b.ident(m.pk.column)
	b.str(" = ")
	b.placeholder(n + 1)
	s.updateFields = append(s.updateFields, m.pk)
	if n == 0 {
		s.update = "" // nothing but the key: an update has nothing to write
	} else {
		s.update = b.String()
	}

	// The fixed statements below touch one table, so their columns are not
	// qualified: a shorter statement is measurably cheaper for SQLite,
	// which parses every statement it runs. (The general compiler qualifies
	// columns, as joins need.)
	b.restart()
	b.str("SELECT ")
	for i, f := range m.fields {
		if i > 0 {
			b.str(", ")
		}
		b.ident(f.column)
	}
	b.str(" FROM ")
	b.str(s.from)
	b.str(" WHERE ")
	b.ident(m.pk.column)
	b.str(" = ")
	b.placeholder(1)
	s.selectPK = b.String()

	b.restart()
	b.str("DELETE FROM ")
	b.str(s.from)
	b.str(" WHERE ")
	b.ident(m.pk.column)
	b.str(" = ")
	b.placeholder(1)
	s.deletePK = b.String()

	b.restart()
	b.str("SELECT 1 FROM ")
	b.str(s.from)
	b.str(" WHERE ")
	b.ident(m.pk.column)
	b.str(" = ")
	b.placeholder(1)
	s.existsPK = b.String()
	return s
}

// insertSQL builds INSERT INTO t (cols) VALUES (...) and, when the key is
// generated, the clause that reads it back.
func (m *modelInfo) insertSQL(d dialect.Dialect, cols []*field, generated bool) (string, returnMode) {
	b := newSQLBuf(d)
	b.str("INSERT INTO ")
	b.ident(m.table)
	if len(cols) == 0 {
		if def := d.Traits().InsertDefaults; def != "" {
			b.str(def)
		} else {
			b.str(" (")
			b.ident(m.pk.column)
			b.str(") VALUES (DEFAULT)")
		}
	} else {
		b.str(" (")
		for i, f := range cols {
			if i > 0 {
				b.str(", ")
			}
			b.ident(f.column)
		}
		b.str(") VALUES (")
		for i := range cols {
			if i > 0 {
				b.str(", ")
			}
			b.placeholder(i + 1)
		}
		b.str(")")
	}
	if !generated {
		return b.String(), returnNone
	}
	// LastInsertId first where the driver reports it: no result set to
	// read, and MySQL (unlike MariaDB >= 10.5) has no INSERT ... RETURNING
	// although the shared MySQL dialect lists Returning.
	switch {
	case d.Has(dialect.LastInsertID):
		return b.String(), returnLastInsert
	case d.Has(dialect.Returning):
		b.str(" RETURNING ")
		b.ident(m.pk.column)
		return b.String(), returnRows
	default:
		// Oracle: the key comes back through an out bind.
		b.str(" RETURNING ")
		b.ident(m.pk.column)
		b.str(" INTO ")
		b.placeholder(len(cols) + 1)
		return b.String(), returnInto
	}
}
