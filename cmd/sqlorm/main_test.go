package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/internal/testenv"
)

// runCmd runs the command and returns its output and error output.
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"-h", []string{"-h"}},
		{"--help", []string{"--help"}},
		{"help", []string{"help"}},
		{"-help", []string{"-help"}},
		{"inspectdb -h", []string{"inspectdb", "-h"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runCmd(t, tc.args...)
			if err != nil {
				t.Fatalf("err = %v, want nil (exit 0)", err)
			}
			if out != usage || errOut != "" {
				t.Fatalf("stdout %q, stderr %q; want the usage once on stdout", out, errOut)
			}
		})
	}
	if _, _, err := runCmd(t, "-x"); !errors.Is(err, errUsage) {
		t.Fatalf("unknown flag: %v, want errUsage", err)
	}
}

func TestReadOnlyCommandsDoNotCreateSQLiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	for _, args := range [][]string{{"tables"}, {"columns", "t"}, {"inspectdb"}} {
		t.Run(args[0], func(t *testing.T) {
			_, _, err := runCmd(t, append([]string{"-db", "sqlite:" + path}, args...)...)
			if err == nil || !strings.Contains(err.Error(), "no such SQLite database file") || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want one saying %s does not exist", err, path)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s was created (%v)", path, err)
			}
		})
	}
}

func sqliteFile(t *testing.T, stmts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlorm", "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return path
}

// SQLite accepts a table's name in any case; so does columns.
func TestColumnsAnyCase(t *testing.T) {
	path := sqliteFile(t,
		`CREATE TABLE "Album" ("AlbumId" INTEGER PRIMARY KEY, "Title" TEXT)`,
		`CREATE TABLE "Track" ("TrackId" INTEGER PRIMARY KEY, "Name" TEXT NOT NULL, "AlbumId" INTEGER REFERENCES "Album" ("AlbumId") ON DELETE CASCADE)`)
	for _, name := range []string{"Track", "track", "TRACK"} {
		t.Run("inspectdb "+name, func(t *testing.T) {
			out, _, err := runCmd(t, "-db", "sqlite:"+path, "inspectdb", name)
			if err != nil || !strings.Contains(out, "type Track struct") {
				t.Fatalf("err %v, output:\n%s", err, out)
			}
		})
		t.Run(name, func(t *testing.T) {
			out, _, err := runCmd(t, "-db", "sqlite:"+path, "columns", name)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 4 || !strings.Contains(lines[0], "REFERENCES") {
				t.Fatalf("output:\n%s", out)
			}
			if !strings.Contains(lines[1], "primary auto") {
				t.Errorf("TrackId line %q: want primary auto", lines[1])
			}
			if !strings.Contains(lines[3], "Album(AlbumId) on delete cascade") {
				t.Errorf("AlbumId line %q: want the reference", lines[3])
			}
		})
	}
}

// inspectdb strips _id from a foreign key's field, whatever the case of
// the column, so queries read album__title.
func TestInspectDBForeignKeyNames(t *testing.T) {
	path := sqliteFile(t,
		`CREATE TABLE "album" ("id" INTEGER PRIMARY KEY, "title" TEXT)`,
		`CREATE TABLE "track" ("id" INTEGER PRIMARY KEY, "AlbumId" INTEGER REFERENCES "album" ("id"), "cover_album_id" INTEGER REFERENCES "album" ("id"))`)
	out, _, err := runCmd(t, "-db", "sqlite:"+path, "inspectdb", "-package", "shop")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"package shop",
		"Album      orm.FK[Album] `orm:\"on_delete=do_nothing,db_column=AlbumId,null\"`",
		"CoverAlbum orm.FK[Album] `orm:\"on_delete=do_nothing,null\"`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, tc := range []struct{ column, want string }{
		{"album_id", "Album"}, {"AlbumId", "Album"}, {"ALBUM_ID", "Album"}, {"reports_to", "ReportsTo"}, {"id", "ID"}, {"_id", "ID"},
	} {
		if got := fkFieldName(tc.column); got != tc.want {
			t.Errorf("fkFieldName(%q) = %q, want %q", tc.column, got, tc.want)
		}
	}
}

func TestInspectDBPackageName(t *testing.T) {
	path := sqliteFile(t, `CREATE TABLE "t" ("id" INTEGER PRIMARY KEY)`)
	for _, tc := range []struct {
		pkg string
		ok  bool
	}{
		{"models", true}, {"my_models", true}, {"1models", false}, {"my-models", false}, {"func", false}, {"_", false}, {"", false},
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			out, _, err := runCmd(t, "-db", "sqlite:"+path, "inspectdb", "-package", tc.pkg)
			if tc.ok {
				if err != nil || !strings.Contains(out, "package "+tc.pkg+"\n") {
					t.Fatalf("err %v, output:\n%s", err, out)
				}
				return
			}
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "-package") || out != "" {
				t.Fatalf("err = %v, output %q; want a usage error naming -package and no output", err, out)
			}
		})
	}
}

// An integer key the database does not generate is reported with what to
// do, on the servers where such a column exists (SQLite's INTEGER PRIMARY
// KEY always is the rowid).
func TestInspectDBNonAutoKey(t *testing.T) {
	testenv.RunOn(t, []string{testenv.Postgres, testenv.MySQL}, func(t *testing.T, b *testenv.Backend) {
		d := b.Fresh(t)
		db := d.OpenDirect(t)
		if _, err := db.Exec("CREATE TABLE code (num INTEGER PRIMARY KEY, label VARCHAR(20))"); err != nil {
			t.Fatal(err)
		}
		out, errOut, err := runCmd(t, "-db", d.URL, "inspectdb", "code")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(errOut, "code.num: an integer primary key the database does not generate") || !strings.Contains(errOut, "set Code.Num on every Create") {
			t.Errorf("stderr %q lacks the advice", errOut)
		}
		if !strings.Contains(out, "not auto-increment in the database") {
			t.Errorf("the model's comment lacks the advice:\n%s", out)
		}
	})
}

// columns lists the foreign keys of a Chinook table on every backend.
func TestColumnsForeignKeys(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		_, url := openChinook(t, b)
		out, _, err := runCmd(t, "-db", url, "columns", "invoice_line")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"invoice(invoice_id)", "track(track_id)"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
}

// fakeClients puts scripts named like the backends' clients first on PATH;
// each prints its name, its arguments and the variables sqlorm sets.
func fakeClients(t *testing.T, names ...string) {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		script := "#!/bin/sh\necho \"" + n + " $*\"\necho \"PGPASSWORD=$PGPASSWORD PGSSLMODE=$PGSSLMODE PGOPTIONS=$PGOPTIONS MYSQL_PWD=$MYSQL_PWD\"\n"
		if err := os.WriteFile(filepath.Join(dir, n), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
}

func TestDBShell(t *testing.T) {
	fakeClients(t, "psql", "mysql", "sqlite3")
	for _, tc := range []struct {
		name, url string
		extra     []string
		want      []string
	}{
		{"postgres", "postgres://app:s3cret@127.0.0.1:5433/shop?sslmode=disable&search_path=s1&health_checks=true", nil,
			[]string{"psql -h 127.0.0.1 -p 5433 -U app -d shop\n", "PGPASSWORD=s3cret PGSSLMODE=disable PGOPTIONS=-c search_path=s1 "}},
		{"mysql falls back to mysql", "mysql://root:pw@127.0.0.1:3307/test", []string{"--", "-e", "SELECT 1"},
			[]string{"mysql -h 127.0.0.1 -P 3307 -u root test -e SELECT 1\n", "MYSQL_PWD=pw"}},
		{"sqlite", "sqlite:/tmp/app.db", nil, []string{"sqlite3 /tmp/app.db\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(t, append([]string{"-db", tc.url, "dbshell"}, tc.extra...)...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("client saw:\n%s\nwant %q", out, w)
				}
			}
			if strings.Contains(strings.SplitN(out, "\n", 2)[0], "s3cret") {
				t.Errorf("the password is on the command line: %s", out)
			}
		})
	}
	t.Run("missing client", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, _, err := runCmd(t, "-db", "postgres://app@127.0.0.1/shop", "dbshell")
		if err == nil || !strings.Contains(err.Error(), "psql is not on PATH") || !strings.Contains(err.Error(), "postgresql-client") {
			t.Fatalf("err = %v", err)
		}
	})
}
