// Command sqlorm reads a database's schema through sqlorm: its tables, a
// table's columns, and — as Django's inspectdb — Go model declarations for
// existing tables.
//
//	sqlorm [-db URL] tables
//	sqlorm [-db URL] columns TABLE
//	sqlorm [-db URL] inspectdb [-package NAME] [TABLE ...] > models.go
//	sqlorm [-db URL] dbshell [-- CLIENT-ARGS ...]
//	sqlorm gen [-dir DIR] [-o FILE]   (//go:generate go run github.com/sqlorm/sqlorm/cmd/sqlorm gen)
//
// The database URL is -db, or the environment variable DATABASE_URL; it is
// any URL sql.Open("sqlorm", url) accepts (sqlite:shop.db,
// postgres://..., mysql://..., oracle://...). Passwords never appear in
// its messages. The read-only commands (tables, columns, inspectdb) refuse
// a SQLite file that does not exist instead of creating an empty one.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/introspect"
)

const usage = `usage:
  sqlorm [-db URL] tables                                   list the tables
  sqlorm [-db URL] columns TABLE                            describe a table's columns
  sqlorm [-db URL] inspectdb [-package NAME] [TABLE ...]    print Go models for tables
  sqlorm [-db URL] dbshell [-- ARGS ...]                    open the backend's own client (psql, mariadb, sqlite3, sqlplus)
  sqlorm gen [-dir DIR] [-o FILE]                           write typed field names of DIR's models (go generate)
  sqlorm -h | --help | help                                 this message

The database is -db, or $DATABASE_URL: sqlite:shop.db, postgres://..., mysql://..., oracle://...
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sqlorm:", err)
		if errors.Is(err, errUsage) {
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("bad usage")

// run is the command with its arguments, writing results to out.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fset := flag.NewFlagSet("sqlorm", flag.ContinueOnError)
	fset.SetOutput(errOut)
	fset.Usage = func() {} // usage is printed once, by main or below
	dbURL := fset.String("db", "", "database URL (default $DATABASE_URL)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, err := fmt.Fprint(out, usage)
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fset.NArg() == 0 {
		return fmt.Errorf("%w: no command", errUsage)
	}
	cmd, rest := fset.Arg(0), fset.Args()[1:]
	switch cmd {
	case "help":
		_, err := fmt.Fprint(out, usage)
		return err
	case "gen":
		return genCmd(rest, out, errOut)
	case "tables", "columns", "inspectdb", "dbshell":
	default:
		return fmt.Errorf("%w: unknown command %q; the commands are tables, columns, inspectdb, dbshell, gen, help", errUsage, cmd)
	}
	// Check the arguments before connecting.
	pkg := "models"
	var tables []string
	switch cmd {
	case "tables":
		if len(rest) != 0 {
			return fmt.Errorf("%w: tables takes no arguments", errUsage)
		}
	case "columns":
		if len(rest) != 1 {
			return fmt.Errorf("%w: columns takes one table name", errUsage)
		}
	case "inspectdb":
		ifs := flag.NewFlagSet("inspectdb", flag.ContinueOnError)
		ifs.SetOutput(errOut)
		ifs.Usage = func() {}
		p := ifs.String("package", "models", "package name of the generated file")
		if err := ifs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				_, err := fmt.Fprint(out, usage)
				return err
			}
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		if !token.IsIdentifier(*p) || *p == "_" {
			return fmt.Errorf("%w: -package %q is not a Go package name; use a lower-case identifier such as models", errUsage, *p)
		}
		pkg, tables = *p, ifs.Args()
	case "dbshell":
		if len(rest) > 0 && rest[0] == "--" {
			rest = rest[1:]
		}
		cfg, err := config(*dbURL)
		if err != nil {
			return err
		}
		return dbshell(ctx, cfg, rest, out, errOut)
	}
	cfg, err := config(*dbURL)
	if err != nil {
		return err
	}
	if path, ok := driver.FilePath(cfg); ok {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: no such SQLite database file (%s only reads; it does not create one); check the path in -db or $DATABASE_URL", path, cmd)
		}
	}
	db, err := driver.OpenDB(cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	switch cmd {
	case "tables":
		tables, err := introspect.Tables(ctx, db)
		if err != nil {
			return err
		}
		for _, t := range tables {
			fmt.Fprintln(out, t)
		}
		return nil
	case "columns":
		return columns(ctx, db, rest[0], out)
	default: // inspectdb
		for i, name := range tables {
			if tables[i], err = tableName(ctx, db, name); err != nil {
				return err
			}
		}
		src, warnings, err := inspect(ctx, db, pkg, tables)
		if err != nil {
			return err
		}
		for _, w := range warnings {
			fmt.Fprintln(errOut, "sqlorm inspectdb:", w)
		}
		_, err = out.Write(src)
		return err
	}
}

// columns prints a table's columns with their keys and references.
func columns(ctx context.Context, db *sql.DB, table string, out io.Writer) error {
	table, err := tableName(ctx, db, table)
	if err != nil {
		return err
	}
	cols, err := introspect.Columns(ctx, db, table)
	if err != nil {
		return err
	}
	fks, err := introspect.ForeignKeys(ctx, db, table)
	if err != nil {
		return err
	}
	refs := map[string]string{}
	for _, fk := range fks {
		ref := fk.RefTable + "(" + strings.Join(fk.RefColumns, ", ") + ")"
		if fk.OnDelete != "" {
			ref += " on delete " + strings.ToLower(strings.ReplaceAll(fk.OnDelete, "_", " "))
		}
		for _, c := range fk.Columns {
			if len(fk.Columns) > 1 {
				refs[c] = ref + " [with " + strings.Join(fk.Columns, ", ") + "]"
			} else {
				refs[c] = ref
			}
		}
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "COLUMN\tTYPE\tNULL\tDEFAULT\tKEY\tFIELD\tREFERENCES")
	for _, c := range cols {
		def := ""
		if c.Default != nil {
			def = *c.Default
		}
		key := ""
		if c.Primary {
			key = "primary"
			if c.Auto {
				key += " auto"
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, c.DBType, yesNo(c.Nullable), def, key, c.Neutral.Kind, refs[c.Name])
	}
	return w.Flush()
}

// tableName returns the table the user means: name itself when a table is
// called so, else the one table whose name differs only in case (SQLite
// accepts "track" for "Track", PostgreSQL folds unquoted names); with
// none, or several, name is returned and the catalog reports it.
func tableName(ctx context.Context, db *sql.DB, name string) (string, error) {
	tables, err := introspect.Tables(ctx, db)
	if err != nil {
		return "", err
	}
	var fold []string
	for _, t := range tables {
		if t == name {
			return name, nil
		}
		if strings.EqualFold(t, name) {
			fold = append(fold, t)
		}
	}
	if len(fold) == 1 {
		return fold[0], nil
	}
	return name, nil
}

// dbshell runs the backend's own client for cfg, attached to the
// terminal, as Django's dbshell does.
func dbshell(ctx context.Context, cfg driver.Config, extra []string, out, errOut io.Writer) error {
	sh, err := driver.ShellCommand(cfg, extra...)
	if err != nil {
		return err
	}
	var bin string
	for _, n := range sh.Names {
		if p, err := exec.LookPath(n); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		return fmt.Errorf("dbshell: the client %s is not on PATH; install it (Debian: apt-get install %s)", strings.Join(sh.Names, " or "), clientPackage(sh.Names[0]))
	}
	c := exec.CommandContext(ctx, bin, sh.Args...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, out, errOut
	c.Env = append(os.Environ(), sh.Env...)
	if err := c.Run(); err != nil {
		return fmt.Errorf("dbshell: %s: %w", sh.Names[0], err)
	}
	return nil
}

// clientPackage names the Debian package of a client.
func clientPackage(name string) string {
	if p, ok := map[string]string{"psql": "postgresql-client", "mariadb": "mariadb-client", "mysql": "mariadb-client", "sqlite3": "sqlite3"}[name]; ok {
		return p
	}
	return name + " (Oracle Instant Client)"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// genCmd is sqlorm gen: typed field names for the models of a package,
// written next to them (sqlorm_fields.go). It needs no database.
func genCmd(args []string, out, errOut io.Writer) error {
	gfs := flag.NewFlagSet("gen", flag.ContinueOnError)
	gfs.SetOutput(errOut)
	gfs.Usage = func() {}
	dir := gfs.String("dir", ".", "the package directory holding the models")
	file := gfs.String("o", genFileName, "the file to write, in -dir unless a path; - for standard output")
	if err := gfs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, err := fmt.Fprint(out, usage)
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if gfs.NArg() != 0 {
		return fmt.Errorf("%w: gen takes no arguments (use -dir)", errUsage)
	}
	target := *file
	if target != "-" && !strings.ContainsRune(target, os.PathSeparator) {
		target = filepath.Join(*dir, target)
	}
	src, err := generate(*dir, target)
	if err != nil {
		return err
	}
	if target == "-" {
		_, err = out.Write(src)
		return err
	}
	return os.WriteFile(target, src, 0o644)
}

// config parses rawURL, or $DATABASE_URL when it is empty.
func config(rawURL string) (driver.Config, error) {
	if strings.TrimSpace(rawURL) != "" {
		return driver.ParseURL(rawURL)
	}
	return driver.ConfigFromEnv("DATABASE_URL")
}
