// Command existing-code shows plain database/sql code switched to the sqlorm
// driver. The store below was written against database/sql and knows
// nothing about sqlorm; the only change is the sql.Open line, which now
// names "sqlorm" and a URL. It gains a debug log of every statement, health
// checks and connection-age pooling, and the counters to watch them.
//
//	go run ./examples/existing-code
package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"

	sqlormdriver "github.com/sqlorm/sqlorm/driver"
)

// Store is existing data-access code: plain database/sql, its own SQL.
type Store struct{ db *sql.DB }

func (s *Store) Init(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS customer (
		id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE)`)
	return err
}

func (s *Store) AddCustomer(ctx context.Context, name, email string) (int64, error) {
	res, err := s.db.ExecContext(ctx, "INSERT INTO customer (name, email) VALUES (?, ?)", name, email)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func (s *Store) CustomerName(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, "SELECT name FROM customer WHERE id = ?", id).Scan(&name)
	return name, err
}

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run opens the database and runs the store. Statements are logged to logw.
func run(ctx context.Context, out, logw io.Writer) error {
	// Before: db, err := sql.Open("sqlite3", "shop.db")
	// After: the sqlorm driver, same database, plus sqlorm's options.
	cfg, err := sqlormdriver.ParseURL("sqlite::memory:?debug=true&health_checks=true&conn_max_age=600")
	if err != nil {
		return err
	}
	// sql.Open("sqlorm", url) works as is; OpenDB lets us pick the log's
	// destination (here without timestamps, so the output is stable).
	cfg.Logger = slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	db, err := sqlormdriver.OpenDB(cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	s := &Store{db: db}
	if err := s.Init(ctx); err != nil {
		return err
	}
	id, err := s.AddCustomer(ctx, "Ada", "ada@example.com")
	if err != nil {
		return err
	}
	name, err := s.CustomerName(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "customer %d is %s\n", id, name)
	if _, err := s.AddCustomer(ctx, "Ada again", "ada@example.com"); err != nil {
		fmt.Fprintf(out, "duplicate email refused: %v\n", err)
	}
	st, err := sqlormdriver.Stats(db)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "connections opened %d, health checks %d (failed %d)\n", st.Opened, st.HealthChecks, st.FailedHealthChecks)
	return nil
}
