package driver

import (
	"context"
	"database/sql"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

// BenchmarkWrapperOverhead isolates what the sqlorm wrapper adds to a
// statement: the same in-memory fake backend (no I/O, so only the code
// path is measured) opened bare and through the wrapper, hooks off. The
// difference in ns/op is the wrapper's cost per statement, to hold against
// a real statement's time (BenchmarkDriver).
func BenchmarkWrapperOverhead(b *testing.B) {
	fb := &fakeBackend{}
	wrapped, err := newConnector(Config{URL: "fake:"}, &backend{connector: fb, dialect: dialect.SQLite})
	if err != nil {
		b.Fatal(err)
	}
	dbs := []struct {
		name string
		db   *sql.DB
	}{
		{"bare", sql.OpenDB(fb)},
		{"sqlorm", sql.OpenDB(wrapped)},
	}
	ctx := context.Background()
	for _, d := range dbs {
		b.Run("query/"+d.name, func(b *testing.B) {
			var id int64
			b.ReportAllocs()
			for b.Loop() {
				if err := d.db.QueryRowContext(ctx, "SELECT", 1).Scan(&id); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("exec/"+d.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.db.ExecContext(ctx, "NOOP", 1); err != nil {
					b.Fatal(err)
				}
			}
		})
		d.db.Close()
	}
}
