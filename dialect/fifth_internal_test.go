package dialect

// bracketSQLite is a toy fifth backend, written as a real one would be in a
// file of its own here: SQLite whose identifiers are quoted [like this]
// (which SQLite accepts, as SQL Server does) instead of "like this".
//
// It embeds base of itself, which answers Has, Quote, Placeholder,
// CreateTable, the savepoints and the rest from the facts below, and
// sqlite for every other fact (features, traits, column types, lookup SQL,
// error codes), so it declares only what differs: its name and its
// quoting, plus AddColumn, which both base and sqlite declare (SQLite's
// has its own rules): embedding gives no virtual dispatch, so a method the
// embedded backend overrides is declared again, here with SQLite's rules
// and the toy's quoting. A backend that shares nothing declares the
// methods sqlite declares (see the package documentation's "Adding a
// backend").
type bracketSQLite struct {
	base[bracketSQLite]
	sqlite
}

// Name is its own: the orm caches statements per dialect name, so a
// backend with other SQL needs another name.
func (bracketSQLite) Name() Name { return "sqlite-brackets" }

// AppendQuote writes [name]; CheckIdent keeps ] out of names, and a ] is
// doubled anyway, as the SQL Server escape is.
func (bracketSQLite) AppendQuote(dst []byte, name string) []byte {
	dst = append(dst, '[')
	for i := 0; i < len(name); i++ {
		if name[i] == ']' {
			dst = append(dst, ']')
		}
		dst = append(dst, name[i])
	}
	return append(dst, ']')
}

// AddColumn is SQLite's, with this backend's quoting.
func (d bracketSQLite) AddColumn(table string, c Column) (string, error) {
	return sqliteAddColumn(d, table, c)
}

var (
	_ ddlDialect = bracketSQLite{}
	_ Catalog    = bracketSQLite{}
)

// BracketSQLite is the toy backend, for the external tests that run it
// through packages orm and lookups.
var BracketSQLite Dialect = bracketSQLite{}
