package migrations

import (
	"bytes"
	"fmt"
	"go/format"
	"reflect"
	"strconv"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// The import alias of this package in written migration files, whose own
// package is usually named migrations too.
const writerAlias = "mig"

var kindIdents = map[dialect.Kind]string{
	dialect.KindAuto: "KindAuto", dialect.KindBigAuto: "KindBigAuto", dialect.KindBool: "KindBool",
	dialect.KindSmallInt: "KindSmallInt", dialect.KindInt: "KindInt", dialect.KindBigInt: "KindBigInt",
	dialect.KindPositiveSmallInt: "KindPositiveSmallInt", dialect.KindPositiveInt: "KindPositiveInt",
	dialect.KindPositiveBigInt: "KindPositiveBigInt", dialect.KindFloat: "KindFloat",
	dialect.KindDecimal: "KindDecimal", dialect.KindChar: "KindChar", dialect.KindText: "KindText",
	dialect.KindDate: "KindDate", dialect.KindTime: "KindTime", dialect.KindDateTime: "KindDateTime",
	dialect.KindDuration: "KindDuration", dialect.KindUUID: "KindUUID", dialect.KindJSON: "KindJSON",
	dialect.KindBinary: "KindBinary",
}

// PackageFile returns the Go file makemigrations writes once into a new
// migrations package pkg (migrations.go): the All list every migration
// file adds itself to, in its init function.
func PackageFile(pkg string) ([]byte, error) {
	src := `// Package ` + pkg + ` holds this module's database migrations, written by
// sqlorm's makemigrations (package github.com/sqlorm/sqlorm/migrations/manage)
// and applied by its migrate. Each NNNN_name.go file adds one migration to
// All; edit a migration only before it is applied anywhere.
package ` + pkg + `

import ` + writerAlias + ` "github.com/sqlorm/sqlorm/migrations"

// All is every migration of this package; manage sorts them by ID.
var All []` + writerAlias + `.Migration

func register(m ` + writerAlias + `.Migration) { All = append(All, m) }
`
	out, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: package %q: %w", pkg, err)
	}
	return out, nil
}

// WriteMigration returns the gofmt'd Go source of migration m in package
// pkg: its ID, its operations (frozen values: every column, index and key
// written out, nothing taken from the models), the drops makemigrations
// was allowed to make and the migrations it replaces (squashmigrations).
// The same migration always gives the same bytes. RunGo operations cannot
// be written (their function is code): an error.
func WriteMigration(pkg string, m Migration) ([]byte, error) {
	id, ops, drops := m.ID, m.Ops, m.Drops
	var b bytes.Buffer
	usesDialect := false
	var body bytes.Buffer
	for _, op := range ops {
		s, dia, err := goExpr(op)
		if err != nil {
			return nil, fmt.Errorf("sqlorm/migrations: writing %s: %w", id, err)
		}
		usesDialect = usesDialect || dia
		body.WriteString("\t\t\t" + s + ",\n")
	}
	fmt.Fprintf(&b, "// Migration %s, written by sqlorm's makemigrations.\n\npackage %s\n\n", id, pkg)
	if usesDialect {
		fmt.Fprintf(&b, "import (\n\t\"github.com/sqlorm/sqlorm/dialect\"\n\t%s \"github.com/sqlorm/sqlorm/migrations\"\n)\n\n", writerAlias)
	} else {
		fmt.Fprintf(&b, "import %s \"github.com/sqlorm/sqlorm/migrations\"\n\n", writerAlias)
	}
	fmt.Fprintf(&b, "func init() {\n\tregister(%s.Migration{\n\t\tID: %q,\n\t\tOps: []%s.Operation{\n", writerAlias, id, writerAlias)
	if len(ops) == 0 {
		b.WriteString("\t\t\t// An empty migration: add RunSQL or RunGoReversible operations here.\n")
	}
	b.Write(body.Bytes())
	b.WriteString("\t\t},\n")
	if len(drops) > 0 {
		b.WriteString("\t\tDrops: []string{")
		for i, d := range drops {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Quote(d))
		}
		b.WriteString("},\n")
	}
	if len(m.Replaces) > 0 {
		b.WriteString("\t\tReplaces: []string{" + strList(m.Replaces, false) + "},\n")
	}
	b.WriteString("\t})\n}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: writing %s: %w", id, err)
	}
	return out, nil
}

// goExpr returns the Go expression that builds op, and whether it names
// package dialect.
func goExpr(op Operation) (string, bool, error) {
	m := writerAlias + "."
	q := strconv.Quote
	switch o := op.(type) {
	case *createTable:
		t, err := o.table()
		if err != nil {
			return "", false, err
		}
		if o.model != nil {
			if joins, err := o.joinTables(); err != nil || len(joins) > 0 {
				return "", false, fmt.Errorf("%s has join tables; write them as CreateTable operations", o)
			}
		}
		s, err := tableExpr(t)
		return m + "CreateTable(" + s + ")", true, err
	case *addColumn:
		s, err := columnExpr(o.c)
		return m + "AddField(" + q(o.table) + ", " + s + ")", true, err
	case *dropColumn:
		return m + "RemoveField(" + q(o.table) + ", " + q(o.column) + ")", false, nil
	case *renameColumn:
		return m + "RenameField(" + q(o.table) + ", " + q(o.from) + ", " + q(o.to) + ")", false, nil
	case *renameTable:
		return m + "RenameTable(" + q(o.from) + ", " + q(o.to) + ")", false, nil
	case *dropTable:
		return m + "DropTable(" + q(o.name) + ")", false, nil
	case *createIndex:
		return m + "AddIndex(" + q(o.table) + ", " + indexExpr(o.idx) + ")", true, nil
	case *dropIndex:
		return m + "RemoveIndex(" + q(o.table) + ", " + q(o.name) + ")", false, nil
	case *alterColumn:
		from, err1 := columnExpr(o.from)
		to, err2 := columnExpr(o.to)
		if err1 != nil || err2 != nil {
			return "", false, fmt.Errorf("%s: %w", o, errorsJoin(err1, err2))
		}
		return m + "AlterField(" + q(o.table) + ",\n" + from + ",\n" + to + ")", true, nil
	case *addForeignKey:
		return m + "AddForeignKey(" + q(o.table) + ", " + fkExpr(o.fk) + ")", true, nil
	case *dropForeignKey:
		return m + "RemoveForeignKey(" + q(o.table) + strList(o.columns, true) + ")", false, nil
	case *addUnique:
		return m + "AddUnique(" + q(o.table) + strList(o.columns, true) + ")", false, nil
	case *dropUnique:
		return m + "RemoveUnique(" + q(o.table) + strList(o.columns, true) + ")", false, nil
	case *rawSQL:
		if o.reversible {
			return m + "RunSQL([]string{" + strList(o.stmts, false) + "}, []string{" + strList(o.back, false) + "})", false, nil
		}
		return m + "RawSQL(" + strList(o.stmts, false) + ")", false, nil
	}
	return "", false, fmt.Errorf("%s cannot be written as a value (a Go function is code); add it to the file by hand", op)
}

func errorsJoin(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// strList writes quoted strings separated by commas; lead puts ", "
// before the first.
func strList(ss []string, lead bool) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 || lead {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(s))
	}
	return b.String()
}

func tableExpr(t dialect.Table) (string, error) {
	var b strings.Builder
	b.WriteString("dialect.Table{\nName: " + strconv.Quote(t.Name) + ",\nColumns: []dialect.Column{\n")
	for _, c := range t.Columns {
		s, err := columnExpr(c)
		if err != nil {
			return "", fmt.Errorf("table %q: %w", t.Name, err)
		}
		b.WriteString(strings.TrimPrefix(s, "dialect.Column") + ",\n")
	}
	b.WriteString("},\n")
	if len(t.Indexes) > 0 {
		b.WriteString("Indexes: []dialect.Index{\n")
		for _, ix := range t.Indexes {
			b.WriteString(strings.TrimPrefix(indexExpr(ix), "dialect.Index") + ",\n")
		}
		b.WriteString("},\n")
	}
	if len(t.Uniques) > 0 {
		b.WriteString("Uniques: [][]string{\n")
		for _, u := range t.Uniques {
			b.WriteString("{" + strList(u, false) + "},\n")
		}
		b.WriteString("},\n")
	}
	if len(t.ForeignKeys) > 0 {
		b.WriteString("ForeignKeys: []dialect.ForeignKey{\n")
		for _, fk := range t.ForeignKeys {
			b.WriteString(strings.TrimPrefix(fkExpr(fk), "dialect.ForeignKey") + ",\n")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}")
	return b.String(), nil
}

func columnExpr(c dialect.Column) (string, error) {
	var f []string
	f = append(f, "Name: "+strconv.Quote(c.Name))
	k, ok := kindIdents[c.Kind]
	if !ok {
		return "", fmt.Errorf("column %q: kind %d has no name", c.Name, int(c.Kind))
	}
	f = append(f, "Kind: dialect."+k)
	for _, x := range []struct {
		name string
		v    int
	}{{"Length", c.Length}, {"Precision", c.Precision}, {"Scale", c.Scale}} {
		if x.v != 0 {
			f = append(f, x.name+": "+strconv.Itoa(x.v))
		}
	}
	for _, x := range []struct {
		name string
		v    bool
	}{{"Null", c.Null}, {"Primary", c.Primary}, {"Unique", c.Unique}} {
		if x.v {
			f = append(f, x.name+": true")
		}
	}
	if c.Default != nil {
		lit, err := defaultExpr(c.Default)
		if err != nil {
			return "", fmt.Errorf("column %q: default: %w", c.Name, err)
		}
		f = append(f, "Default: "+lit)
	}
	if c.HasDefault {
		f = append(f, "HasDefault: true")
	}
	if len(c.Choices) > 0 {
		f = append(f, "Choices: []string{"+strList(c.Choices, false)+"}")
	}
	return "dialect.Column{" + strings.Join(f, ", ") + "}", nil
}

// defaultExpr writes a default as a Go literal whose value describes (and
// renders in DDL) as the original does: named types become their
// underlying kind, a fmt.Stringer number (decimal.Decimal) a
// dialect.DecimalLiteral.
func defaultExpr(v any) (string, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		if _, ok := v.(dialect.DecimalLiteral); ok {
			return "dialect.DecimalLiteral(" + strconv.Quote(rv.String()) + ")", nil
		}
		return strconv.Quote(rv.String()), nil
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "int64(" + strconv.FormatInt(rv.Int(), 10) + ")", nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "uint64(" + strconv.FormatUint(rv.Uint(), 10) + ")", nil
	case reflect.Float32, reflect.Float64:
		return "float64(" + strconv.FormatFloat(rv.Float(), 'g', -1, 64) + ")", nil
	}
	if s, ok := v.(fmt.Stringer); ok {
		return "dialect.DecimalLiteral(" + strconv.Quote(s.String()) + ")", nil
	}
	return "", fmt.Errorf("%T values cannot be written into a migration", v)
}

func indexExpr(ix dialect.Index) string {
	f := []string{}
	if ix.Name != "" {
		f = append(f, "Name: "+strconv.Quote(ix.Name))
	}
	f = append(f, "Columns: []string{"+strList(ix.Columns, false)+"}")
	if ix.Unique {
		f = append(f, "Unique: true")
	}
	return "dialect.Index{" + strings.Join(f, ", ") + "}"
}

func fkExpr(fk dialect.ForeignKey) string {
	f := []string{}
	if fk.Name != "" {
		f = append(f, "Name: "+strconv.Quote(fk.Name))
	}
	f = append(f, "Columns: []string{"+strList(fk.Columns, false)+"}", "RefTable: "+strconv.Quote(fk.RefTable), "RefColumns: []string{"+strList(fk.RefColumns, false)+"}")
	if fk.OnDelete != "" {
		f = append(f, "OnDelete: "+strconv.Quote(fk.OnDelete))
	}
	return "dialect.ForeignKey{" + strings.Join(f, ", ") + "}"
}
