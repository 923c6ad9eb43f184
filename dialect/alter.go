package dialect

// The ALTER statements that migrations need beyond CreateTable and
// AddColumn. The shared shapes are here; each dialect's file picks the
// shape its backend speaks.

// quotePair quotes a table and one other name (a column or index), naming
// which one failed CheckIdent.
func quotePair(d Dialect, table, what, name string) (qt, qn string, err error) {
	if qt, err = d.Quote(table); err != nil {
		return "", "", identErr(d.Name(), "", "table name", err)
	}
	if qn, err = d.Quote(name); err != nil {
		return "", "", identErr(d.Name(), table, what, err)
	}
	return qt, qn, nil
}

// dropColumn is ALTER TABLE t DROP COLUMN c, the same on every backend.
func dropColumn(d Dialect, table, column string) (string, error) {
	qt, qc, err := quotePair(d, table, "column name", column)
	if err != nil {
		return "", err
	}
	return "ALTER TABLE " + qt + " DROP COLUMN " + qc, nil
}

// renameColumn is ALTER TABLE t RENAME COLUMN a TO b: SQLite 3.25+,
// PostgreSQL, MySQL 8.0+, MariaDB 10.5+ and Oracle all accept it.
func renameColumn(d Dialect, table, from, to string) (string, error) {
	qt, qf, err := quotePair(d, table, "column name", from)
	if err != nil {
		return "", err
	}
	qto, err := d.Quote(to)
	if err != nil {
		return "", identErr(d.Name(), table, "new column name", err)
	}
	return "ALTER TABLE " + qt + " RENAME COLUMN " + qf + " TO " + qto, nil
}

// renameTableAlter is ALTER TABLE a RENAME TO b (SQLite, PostgreSQL,
// Oracle).
func renameTableAlter(d Dialect, from, to string) (string, error) {
	qf, qto, err := quoteRename(d, from, to)
	if err != nil {
		return "", err
	}
	return "ALTER TABLE " + qf + " RENAME TO " + qto, nil
}

func quoteRename(d Dialect, from, to string) (string, string, error) {
	qf, err := d.Quote(from)
	if err != nil {
		return "", "", identErr(d.Name(), "", "table name", err)
	}
	qto, err := d.Quote(to)
	if err != nil {
		return "", "", identErr(d.Name(), from, "new table name", err)
	}
	return qf, qto, nil
}
