package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sqlorm/sqlorm/introspect"
)

// Recover finishes or undoes copy-and-swap rewrites that a killed process
// left half done (MySQL/MariaDB, Oracle; on SQLite and PostgreSQL a rewrite
// is one transaction and leaves nothing, so Recover finds nothing there).
// For every table <t>__new it drops it (the rewrite had not swapped yet: t
// is intact); for every <t>__bak it renames it back to t if t is missing
// (the process died inside the swap, on a backend where the swap is two
// statements), and drops it if t exists (the swap was done: t is the new
// table). It returns what it did, one line per action. Call it at start-up,
// before anything else uses the tables — it is safe to
// call every time.
//
// What Recover cannot restore: foreign keys of other tables (and the
// type of their columns, when they followed a key's new type) that a
// rewrite dropped before its swap and had not put back (the error of the
// interrupted RecreateTable lists them); recreate them with
// dialect.AddForeignKey.
func Recover(ctx context.Context, db *sql.DB) ([]string, error) {
	d, err := dialectFor(ctx, db)
	if err != nil {
		return nil, err
	}
	tables, err := introspect.Tables(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: Recover: %w", err)
	}
	have := map[string]bool{}
	for _, t := range tables {
		have[t] = true
	}
	var done []string
	for _, t := range tables {
		switch {
		case strings.HasSuffix(t, suffixNew) && len(t) > len(suffixNew):
			s, err := d.DropTable(t)
			if err == nil {
				err = exec(ctx, db, s)
			}
			if err != nil {
				return done, fmt.Errorf("sqlorm/migrations: Recover: dropping %q: %w", t, err)
			}
			done = append(done, "dropped "+t)
		case strings.HasSuffix(t, suffixBak) && len(t) > len(suffixBak):
			orig := strings.TrimSuffix(t, suffixBak)
			var s string
			if have[orig] {
				s, err = d.DropTable(t)
			} else {
				s, err = d.RenameTable(t, orig)
			}
			if err == nil {
				err = exec(ctx, db, s)
			}
			if err != nil {
				return done, fmt.Errorf("sqlorm/migrations: Recover: %q: %w", t, err)
			}
			if have[orig] {
				done = append(done, "dropped "+t+" ("+orig+" was swapped in)")
			} else {
				done = append(done, "renamed "+t+" back to "+orig)
				have[orig] = true
			}
		}
	}
	return done, nil
}
