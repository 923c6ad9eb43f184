// Package chinook loads the Chinook sample database (data/LICENSE.md, MIT)
// into a fresh test database on SQLite, PostgreSQL or MariaDB, with the
// same snake_case table and column names on all three (album.album_id,
// invoice_line.unit_price, ...), so one set of Go models and one set of
// hand-written reference queries serve every backend.
//
// The scripts are the upstream ones, verified against data/SHA256SUMS.
// PostgreSQL's script already uses snake_case; the SQLite and MySQL
// scripts use CamelCase, and their tables and columns are renamed after
// loading.
package chinook

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/sqlorm/sqlorm/internal/testenv"
)

//go:embed data
var data embed.FS

// Tables lists the Chinook tables (snake_case) in load order.
var Tables = []string{"artist", "album", "employee", "customer", "genre", "invoice", "invoice_line", "media_type", "playlist", "playlist_track", "track"}

// Load creates a fresh database on b (testenv's Fresh, dropped when the
// test ends), loads Chinook into it and returns it.
func Load(t testing.TB, b *testenv.Backend) *testenv.Database {
	t.Helper()
	d := b.Fresh(t)
	db := d.OpenDirect(t)
	if err := LoadInto(context.Background(), db, b.Name); err != nil {
		t.Fatalf("chinook on %s: %v", b.Name, err)
	}
	return d
}

// LoadInto loads Chinook into the empty database db of the named backend
// (testenv.SQLite, testenv.Postgres or testenv.MySQL).
func LoadInto(ctx context.Context, db *sql.DB, backend string) error {
	file := map[string]string{
		testenv.SQLite:   "Chinook_Sqlite.sql",
		testenv.Postgres: "Chinook_PostgreSql.sql",
		testenv.MySQL:    "Chinook_MySql.sql",
	}[backend]
	if file == "" {
		return fmt.Errorf("chinook: no script for backend %q", backend)
	}
	script, err := read(file)
	if err != nil {
		return err
	}
	// One connection: SQLite's PRAGMA and MySQL's session settings hold.
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, stmt := range Split(script) {
		upper := strings.ToUpper(stmt)
		switch {
		case strings.HasPrefix(upper, "CREATE DATABASE"), strings.HasPrefix(upper, "USE "),
			strings.HasPrefix(upper, `\C `), strings.HasPrefix(upper, "DROP DATABASE"):
			continue // the test database is already chosen
		}
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("chinook: %s: %w\n%.200s", file, err, stmt)
		}
	}
	if backend == testenv.Postgres {
		return nil
	}
	return renameToSnake(ctx, conn, backend)
}

func read(file string) (string, error) {
	b, err := data.ReadFile("data/" + file)
	if err != nil {
		return "", err
	}
	sums, err := data.ReadFile("data/SHA256SUMS")
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	if !strings.Contains(string(sums), hex.EncodeToString(sum[:])+"  "+file) {
		return "", fmt.Errorf("chinook: %s does not match data/SHA256SUMS", file)
	}
	return string(b), nil
}

// renameToSnake renames the CamelCase tables and columns of the SQLite and
// MySQL scripts to PostgreSQL's snake_case names.
func renameToSnake(ctx context.Context, conn *sql.Conn, backend string) error {
	q := func(s string) string {
		if backend == testenv.MySQL {
			return "`" + s + "`"
		}
		return `"` + s + `"`
	}
	for _, snake := range Tables {
		camel := Camel(snake)
		// Two steps: the names differ only in case, which SQLite treats as
		// the same name.
		for _, stmt := range []string{
			fmt.Sprintf("ALTER TABLE %s RENAME TO %s", q(camel), q(snake+"__tmp")),
			fmt.Sprintf("ALTER TABLE %s RENAME TO %s", q(snake+"__tmp"), q(snake)),
		} {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("chinook: %s: %w", stmt, err)
			}
		}
		cols, err := columns(ctx, conn, backend, snake)
		if err != nil {
			return err
		}
		for _, c := range cols {
			if s := Snake(c); s != c {
				stmt := fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", q(snake), q(c), q(s))
				if _, err := conn.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("chinook: %s: %w", stmt, err)
				}
			}
		}
	}
	return nil
}

func columns(ctx context.Context, conn *sql.Conn, backend, table string) ([]string, error) {
	var rows *sql.Rows
	var err error
	if backend == testenv.MySQL {
		rows, err = conn.QueryContext(ctx, "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position", table)
	} else {
		rows, err = conn.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", table)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Snake converts a Chinook CamelCase name to snake_case: InvoiceLineId →
// invoice_line_id.
func Snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Camel converts a snake_case Chinook name back to CamelCase.
func Camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '_' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Split splits a SQL script into statements at semicolons outside string
// literals, quoted identifiers and comments, dropping comments and empty
// statements.
func Split(script string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case c == '-' && i+1 < len(script) && script[i+1] == '-':
			for i < len(script) && script[i] != '\n' {
				i++
			}
			cur.WriteByte('\n')
		case c == '/' && i+1 < len(script) && script[i+1] == '*':
			end := strings.Index(script[i+2:], "*/")
			if end < 0 {
				i = len(script)
			} else {
				i += end + 3
			}
			cur.WriteByte(' ')
		case c == '\'' || c == '"' || c == '`' || c == '[':
			closer := c
			if c == '[' {
				closer = ']'
			}
			j := i + 1
			for j < len(script) {
				if script[j] == closer {
					if closer != ']' && j+1 < len(script) && script[j+1] == closer {
						j += 2 // doubled quote
						continue
					}
					break
				}
				j++
			}
			cur.WriteString(script[i:min(j+1, len(script))])
			i = j
		case c == ';':
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}
