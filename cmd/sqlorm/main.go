// Command sqlorm reads a database's schema through sqlorm: its tables, a
// table's columns, and — as Django's inspectdb — Go model declarations for
// existing tables.
//
//	sqlorm [-db URL] tables
//	sqlorm [-db URL] columns TABLE
//	sqlorm [-db URL] inspectdb [-package NAME] [TABLE ...] > models.go
//
// The database URL is -db, or the environment variable DATABASE_URL; it is
// any URL sql.Open("sqlorm", url) accepts (sqlite:shop.db,
// postgres://..., mysql://..., oracle://...). Passwords never appear in
// its messages.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/introspect"
)

const usage = `usage:
  sqlorm [-db URL] tables                                   list the tables
  sqlorm [-db URL] columns TABLE                            describe a table's columns
  sqlorm [-db URL] inspectdb [-package NAME] [TABLE ...]    print Go models for tables

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
	fs := flag.NewFlagSet("sqlorm", flag.ContinueOnError)
	fs.SetOutput(errOut)
	dbURL := fs.String("db", "", "database URL (default $DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no command", errUsage)
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	switch cmd {
	case "tables", "columns", "inspectdb":
	default:
		return fmt.Errorf("%w: unknown command %q; the commands are tables, columns, inspectdb", errUsage, cmd)
	}
	db, err := open(*dbURL)
	if err != nil {
		return err
	}
	defer db.Close()

	switch cmd {
	case "tables":
		if len(rest) != 0 {
			return fmt.Errorf("%w: tables takes no arguments", errUsage)
		}
		tables, err := introspect.Tables(ctx, db)
		if err != nil {
			return err
		}
		for _, t := range tables {
			fmt.Fprintln(out, t)
		}
		return nil
	case "columns":
		if len(rest) != 1 {
			return fmt.Errorf("%w: columns takes one table name", errUsage)
		}
		cols, err := introspect.Columns(ctx, db, rest[0])
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "COLUMN\tTYPE\tNULL\tDEFAULT\tKEY\tFIELD")
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
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, c.DBType, yesNo(c.Nullable), def, key, c.Neutral.Kind)
		}
		return w.Flush()
	default: // inspectdb
		ifs := flag.NewFlagSet("inspectdb", flag.ContinueOnError)
		ifs.SetOutput(errOut)
		pkg := ifs.String("package", "models", "package name of the generated file")
		if err := ifs.Parse(rest); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		src, err := inspectDB(ctx, db, *pkg, ifs.Args())
		if err != nil {
			return err
		}
		_, err = out.Write(src)
		return err
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// open opens the database named by rawURL, or by $DATABASE_URL.
func open(rawURL string) (*sql.DB, error) {
	var (
		cfg driver.Config
		err error
	)
	if strings.TrimSpace(rawURL) != "" {
		cfg, err = driver.ParseURL(rawURL)
	} else {
		cfg, err = driver.ConfigFromEnv("DATABASE_URL")
	}
	if err != nil {
		return nil, err
	}
	return driver.OpenDB(cfg)
}
