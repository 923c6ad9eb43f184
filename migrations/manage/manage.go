// Package manage is Django's manage.py for sqlorm's migrations, as a
// library function: a module calls [Main] from its own command with its
// models and its migrations package, so the command compiles the very
// structs and migrations the program uses (a Go program cannot load them
// at run time the way Django imports models.py):
//
//	// cmd/manage/main.go
//	package main
//
//	import (
//		"context"
//		"os"
//
//		"example.com/blog"
//		blogmigrations "example.com/blog/migrations"
//		"github.com/sqlorm/sqlorm/migrations"
//		"github.com/sqlorm/sqlorm/migrations/manage"
//	)
//
//	func main() {
//		os.Exit(manage.Main(context.Background(), manage.Config{
//			Models:     []migrations.ModelSource{migrations.Model[blog.Author](), migrations.Model[blog.Post]()},
//			Migrations: blogmigrations.All,
//			Dir:        "blog/migrations",
//		}, os.Args[1:]))
//	}
//
// Then `go run ./cmd/manage makemigrations`, `go run ./cmd/manage migrate`
// and so on. The command imports the migrations package, so create it
// once before the first run: Dir/migrations.go with the content of
// migrations.PackageFile (the All list every migration file adds itself
// to in its init function). makemigrations writes that file too when it
// is missing.
//
// Verbs (flags before positional arguments, as Go's flag package reads
// them):
//
//	makemigrations [-name N] [-empty] [-check] [-dry-run] [-rename old=new]... [-default table.column=VALUE]... [-yes] [-noinput]
//	migrate [-fake] [-fake-initial] [-yes] [TARGET]   TARGET: an ID, or zero
//	showmigrations
//	sqlmigrate [-backwards] ID
//	squashmigrations [-name N] FROM TO
//
// On a terminal makemigrations asks about each likely rename (a removed
// and an added column alike but for the name), as Django does; -rename
// answers in advance, -noinput never asks (a removal then needs -yes).
// A NOT NULL column without a default added to an existing table needs a
// value for the rows it has: makemigrations asks for a one-off default on
// a terminal (Django's questioner), or takes -default table.column=VALUE;
// the rows get it and the column keeps no default. Without either it
// refuses, naming the column and the flag.
//
// migrate, showmigrations and sqlmigrate open -database URL, or
// $DATABASE_URL, through sqlorm's driver. On a terminal migrate draws a
// progress bar (github.com/schollz/progressbar) for each operation that
// rewrites or alters a table: rows copied of total; off a terminal (a log)
// it writes a plain line when such an operation starts and every few
// seconds while it runs (Config.ProgressEvery).
package manage

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	_ "github.com/sqlorm/sqlorm/driver" // registers "sqlorm"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
)

// Config is what a module's management command tells Main.
type Config struct {
	// Models are the models whose schema makemigrations compares with the
	// migrations: migrations.Model[T]() for each.
	Models []migrations.ModelSource
	// Migrations are the module's migrations (the All list of the package
	// makemigrations writes), in any order: they are sorted by ID.
	Migrations []migrations.Migration
	// Dir is the directory of the migrations package, where
	// makemigrations writes; "migrations" when empty.
	Dir string
	// Package is the package name of Dir; its base name when empty.
	Package string
	// DB, when set, is the database to use instead of opening -database
	// or $DATABASE_URL.
	DB *sql.DB
	// Table is the history table (migrations.DefaultTable when empty).
	Table string
	// Stdout and Stderr default to os.Stdout and os.Stderr.
	Stdout, Stderr io.Writer
	// Stdin is where makemigrations reads the answers to its rename
	// questions; os.Stdin when nil. It asks only when Stdin is a terminal
	// (or Interactive is set) and -noinput is not given.
	Stdin io.Reader
	// Interactive makes makemigrations ask even when Stdin is not a
	// terminal (for tests and wrappers).
	Interactive bool
	// Terminal makes migrate draw progress bars on Stdout even when it is
	// not a terminal (for tests and wrappers). On a terminal migrate draws
	// a bar for each operation that rewrites or alters a table (rows
	// copied of total, rate, time left); elsewhere it writes plain lines:
	// the operation and its rows when it starts, rows done every
	// ProgressEvery (5 s when 0) while it runs, the time it took.
	Terminal      bool
	ProgressEvery time.Duration
}

// ErrChanges is returned by makemigrations -check when the models and the
// migrations differ.
var ErrChanges = errors.New("manage: the models have changes that are not in a migration")

// Main runs the verb in args and returns the process exit code: 0 on
// success, 1 when it failed (the error is printed on Stderr) or
// makemigrations -check found changes, 2 for a usage error.
func Main(ctx context.Context, cfg Config, args []string) int {
	err := Run(ctx, cfg, args)
	if err == nil {
		return 0
	}
	fmt.Fprintln(cfg.stderr(), err)
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

var errUsage = errors.New("usage: makemigrations | migrate | showmigrations | sqlmigrate (see go doc github.com/sqlorm/sqlorm/migrations/manage)")

func (c Config) stdout() io.Writer {
	if c.Stdout != nil {
		return c.Stdout
	}
	return os.Stdout
}

func (c Config) stderr() io.Writer {
	if c.Stderr != nil {
		return c.Stderr
	}
	return os.Stderr
}

func (c Config) stdin() io.Reader {
	if c.Stdin != nil {
		return c.Stdin
	}
	return os.Stdin
}

// interactive reports whether makemigrations may ask: Interactive, or
// Stdin a terminal.
func (c Config) interactive() bool {
	if c.Interactive {
		return true
	}
	f, ok := c.stdin().(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (c Config) dir() string {
	if c.Dir == "" {
		return "migrations"
	}
	return c.Dir
}

func (c Config) pkg() string {
	if c.Package != "" {
		return c.Package
	}
	return filepath.Base(filepath.Clean(c.dir()))
}

// sorted returns the migrations in ID order.
func (c Config) sorted() []migrations.Migration {
	ms := append([]migrations.Migration(nil), c.Migrations...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].ID < ms[j].ID })
	return ms
}

// Run is Main returning the error instead of an exit code.
func Run(ctx context.Context, cfg Config, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	verb, rest := args[0], args[1:]
	switch verb {
	case "makemigrations":
		return makemigrations(cfg, rest)
	case "squashmigrations":
		return squashmigrations(cfg, rest)
	case "migrate", "showmigrations", "sqlmigrate":
		return withDB(ctx, cfg, verb, rest)
	}
	return fmt.Errorf("%w: unknown verb %q", errUsage, verb)
}

// oneOff is -default table.column=VALUE, repeatable.
type oneOff map[string]string

func (o oneOff) String() string { return fmt.Sprint(map[string]string(o)) }
func (o oneOff) Set(s string) error {
	key, value, ok := strings.Cut(s, "=")
	table, column, dotted := strings.Cut(key, ".")
	if !ok || !dotted || table == "" || column == "" {
		return fmt.Errorf("-default wants table.column=VALUE, not %q", s)
	}
	o[key] = value
	return nil
}

type renames map[string]string

func (r renames) String() string { return fmt.Sprint(map[string]string(r)) }
func (r renames) Set(s string) error {
	old, new, ok := strings.Cut(s, "=")
	if !ok || old == "" || new == "" {
		return fmt.Errorf("-rename wants old=new (a table) or table.old=new (a column), not %q", s)
	}
	r[old] = new
	return nil
}

func makemigrations(cfg Config, args []string) error {
	fs := flag.NewFlagSet("makemigrations", flag.ContinueOnError)
	fs.SetOutput(cfg.stderr())
	name := fs.String("name", "", "the migration's name (NNNN_name.go)")
	empty := fs.Bool("empty", false, "write an empty migration to fill with RunSQL or RunGoReversible")
	check := fs.Bool("check", false, "write nothing; exit 1 when the models have changes without a migration")
	dry := fs.Bool("dry-run", false, "print the migration instead of writing it")
	yes := fs.Bool("yes", false, "allow removing tables and columns (their data is lost)")
	noinput := fs.Bool("noinput", false, "never ask about likely renames (they are then removals and additions)")
	ren := renames{}
	fs.Var(ren, "rename", "old=new or table.old=new: a renamed table or column (repeatable)")
	defaults := oneOff{}
	fs.Var(defaults, "default", "table.column=VALUE: the value existing rows get for a new NOT NULL column without a default (repeatable)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	var ask func(string) bool
	var askDefault func(string, dialect.Column) string
	if !*noinput && cfg.interactive() {
		in := bufio.NewReader(cfg.stdin())
		ask = func(q string) bool {
			fmt.Fprint(cfg.stdout(), q+" ")
			line, _ := in.ReadString('\n')
			a := strings.ToLower(strings.TrimSpace(line))
			return a == "y" || a == "yes"
		}
		// Django's questioner: a one-off default for the existing rows.
		askDefault = func(table string, c dialect.Column) string {
			fmt.Fprintf(cfg.stdout(), "It is impossible to add the NOT NULL column %s.%s (a %s) without a default: the existing rows need a value.\n"+
				"Enter a one-off default for them (the column keeps none; empty to quit and give the field a default or null in the model): ", table, c.Name, c.Kind)
			line, _ := in.ReadString('\n')
			return strings.TrimRight(line, "\r\n")
		}
	}
	if !token.IsIdentifier(cfg.pkg()) {
		return fmt.Errorf("manage makemigrations: the package name %q (from Config.Dir %q) is not a Go identifier; set Config.Package", cfg.pkg(), cfg.dir())
	}
	ms := cfg.sorted()
	state, err := migrations.StateOf(ms)
	if err != nil {
		return err
	}
	want, err := migrations.Tables(cfg.Models...)
	if err != nil {
		return err
	}
	var ops []migrations.Operation
	var drops []string
	if !*empty {
		ops, drops, err = migrations.Detect(state, want, migrations.DetectOptions{Renames: ren, AllowDataLoss: *yes, Ask: ask, Defaults: defaults, AskDefault: askDefault})
		if err != nil {
			return err
		}
		if len(ops) == 0 {
			fmt.Fprintln(cfg.stdout(), "No changes detected")
			return nil
		}
	}
	id := nextID(ms, *name, ops)
	if *check {
		fmt.Fprintf(cfg.stdout(), "Migrations for the models (%s):\n", id)
		for _, op := range ops {
			fmt.Fprintf(cfg.stdout(), "  - %s\n", op)
		}
		return ErrChanges
	}
	src, err := migrations.WriteMigration(cfg.pkg(), migrations.Migration{ID: id, Ops: ops, Drops: drops})
	if err != nil {
		return err
	}
	if *dry {
		_, err := cfg.stdout().Write(src)
		return err
	}
	dir := cfg.dir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pkgFile := filepath.Join(dir, "migrations.go")
	if _, err := os.Stat(pkgFile); errors.Is(err, os.ErrNotExist) {
		b, err := migrations.PackageFile(cfg.pkg())
		if err != nil {
			return err
		}
		if err := os.WriteFile(pkgFile, b, 0o644); err != nil {
			return err
		}
	}
	path := filepath.Join(dir, id+".go")
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("manage: %s exists already; choose another -name", path)
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(cfg.stdout(), "Migrations for the models:\n  %s\n", path)
	for _, op := range ops {
		fmt.Fprintf(cfg.stdout(), "    - %s\n", op)
	}
	return nil
}

// nextID numbers the migration after the highest NNNN prefix and names it
// -name, "initial" for the first, else after its first operation.
func nextID(ms []migrations.Migration, name string, ops []migrations.Operation) string {
	n := 0
	for _, m := range ms {
		n = max(n, number(m.ID))
		if _, rest, ok := strings.Cut(m.ID, "_squashed_"); ok {
			n = max(n, number(rest))
		}
	}
	if name == "" {
		switch {
		case n == 0:
			name = "initial"
		case len(ops) == 0:
			name = "empty"
		default:
			name = autoName(ops)
		}
	}
	return fmt.Sprintf("%04d_%s", n+1, name)
}

// number reads the NNNN prefix of a migration ID (0 when none).
func number(id string) int {
	var k int
	if _, err := fmt.Sscanf(id, "%04d", &k); err != nil {
		return 0
	}
	return k
}

// autoName names a migration after its operations, as Django's
// suggest_name does: "post_headline" for one, "post_headline_and_more".
func autoName(ops []migrations.Operation) string {
	s := ops[0].String()
	var b strings.Builder
	lastUnderscore := true
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			lastUnderscore = false
		} else if !lastUnderscore {
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	out := strings.Trim(b.String(), "_")
	if len(out) > 40 {
		out = strings.Trim(out[:40], "_")
	}
	if len(ops) > 1 {
		out += "_and_more"
	}
	return out
}

// squashmigrations FROM TO writes one migration replacing FROM..TO:
// their operations in order, recorded as replacing them (Django's
// squashmigrations, without its optimizer). Keep the replaced files until
// every database has applied them all; then delete them.
func squashmigrations(cfg Config, args []string) error {
	fs := flag.NewFlagSet("squashmigrations", flag.ContinueOnError)
	fs.SetOutput(cfg.stderr())
	name := fs.String("name", "", "the squashed migration's name (after NNNN_squashed_MMMM_)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("%w: squashmigrations [-name N] FROM TO", errUsage)
	}
	ms := cfg.sorted()
	from, to := fs.Arg(0), fs.Arg(1)
	id := fmt.Sprintf("%04d_squashed_%04d", number(from), number(to))
	if *name != "" {
		id += "_" + *name
	}
	m, err := migrations.Squash(ms, from, to, id)
	if err != nil {
		return err
	}
	src, err := migrations.WriteMigration(cfg.pkg(), m)
	if err != nil {
		return err
	}
	path := filepath.Join(cfg.dir(), id+".go")
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("manage: %s exists already", path)
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(cfg.stdout(), "Created %s, replacing %v. Delete those once every database has applied them.\n", path, m.Replaces)
	return nil
}

func withDB(ctx context.Context, cfg Config, verb string, args []string) error {
	fs := flag.NewFlagSet(verb, flag.ContinueOnError)
	fs.SetOutput(cfg.stderr())
	url := fs.String("database", os.Getenv("DATABASE_URL"), "the database URL (default $DATABASE_URL)")
	fake := fs.Bool("fake", false, "migrate: record the migrations as applied without running them")
	fakeInitial := fs.Bool("fake-initial", false, "migrate: record the initial migration as applied when its tables all exist")
	yes := fs.Bool("yes", false, "migrate: allow unapplying migrations whose reverse drops tables or columns")
	backwards := fs.Bool("backwards", false, "sqlmigrate: the SQL that unapplies the migration")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	db := cfg.DB
	if db == nil {
		if *url == "" {
			return fmt.Errorf("manage %s: no database: pass -database URL or set DATABASE_URL", verb)
		}
		var err error
		if db, err = sql.Open("sqlorm", *url); err != nil {
			return err
		}
		defer db.Close()
	}
	out := cfg.stdout()
	r := &migrations.Runner{DB: db, Migrations: cfg.sorted(), Table: cfg.Table, Progress: progress(cfg), ProgressEvery: cfg.progressEvery()}
	switch verb {
	case "showmigrations":
		st, err := r.Status(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			mark := " "
			if s.Applied {
				mark = "X"
			}
			fmt.Fprintf(out, " [%s] %s\n", mark, s.ID)
		}
		return nil
	case "sqlmigrate":
		if fs.NArg() != 1 {
			return fmt.Errorf("%w: sqlmigrate [-backwards] ID", errUsage)
		}
		step, err := r.SQL(fs.Arg(0), *backwards)
		if err != nil {
			return err
		}
		_, err = io.WriteString(out, migrations.Plan{step}.String())
		return err
	}
	// migrate
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: migrate [flags] [TARGET]", errUsage)
	}
	target := fs.Arg(0)
	if *fakeInitial {
		if err := fakeInitialMigration(ctx, r, out); err != nil {
			return err
		}
	}
	if *fake {
		done, err := r.Fake(ctx, target)
		for _, s := range done {
			fmt.Fprintf(out, "  Faking %s... FAKED\n", s.ID)
		}
		return err
	}
	if target != "" {
		st, err := r.Status(ctx)
		if err != nil {
			return err
		}
		ti := -1
		for i, s := range st {
			if s.ID == target {
				ti = i
			}
		}
		later := false
		for i, s := range st {
			if i > ti && s.Applied {
				later = true
			}
		}
		if target == "zero" || (ti >= 0 && later) {
			if *yes {
				drops, err := r.UnapplyDrops(ctx, target)
				if err != nil {
					return err
				}
				r.AllowDrop = append(r.AllowDrop, drops...)
			}
			done, err := r.Unapply(ctx, target)
			for _, s := range done {
				fmt.Fprintf(out, "  Unapplying %s... OK\n", s.ID)
			}
			if err != nil {
				return err
			}
			if len(done) == 0 {
				fmt.Fprintln(out, "  No migrations to unapply.")
			}
			return nil
		}
		if ti < 0 {
			return fmt.Errorf("manage migrate: no migration %q", target)
		}
		r.Migrations = r.Migrations[:ti+1]
	}
	fmt.Fprintln(out, "Running migrations:")
	done, err := r.Apply(ctx)
	for _, s := range done {
		fmt.Fprintf(out, "  Applying %s... OK\n", s.ID)
	}
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintln(out, "  No migrations to apply.")
	}
	return nil
}

// fakeInitialMigration records the first migration as applied, without
// running it, when it is pending, only creates tables, and every one of
// them exists: Django's --fake-initial.
func fakeInitialMigration(ctx context.Context, r *migrations.Runner, out io.Writer) error {
	st, err := r.Status(ctx)
	if err != nil || len(st) == 0 || st[0].Applied {
		return err
	}
	tables, ok := migrations.CreatedTables(r.Migrations[0])
	if !ok {
		return fmt.Errorf("manage migrate -fake-initial: %s does more than create tables; apply it, or use -fake", st[0].ID)
	}
	for _, t := range tables {
		exists, err := introspect.TableExists(ctx, r.DB, t)
		if err != nil {
			return err
		}
		if !exists {
			return nil // not there yet: apply it normally
		}
	}
	done, err := r.Fake(ctx, st[0].ID)
	for _, s := range done {
		fmt.Fprintf(out, "  Applying %s... FAKED (its tables exist)\n", s.ID)
	}
	return err
}
