package introspect_test

import (
	"context"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
)

// TestSQLiteRowidKey: a single INTEGER PRIMARY KEY is the rowid, which
// SQLite assigns itself, so it reads as an auto key with or without
// AUTOINCREMENT, and never NULL; in a WITHOUT ROWID table, or with another
// type, it is an ordinary column.
func TestSQLiteRowidKey(t *testing.T) {
	testenv.RunOn(t, []string{testenv.SQLite}, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		tests := []struct {
			name, ddl string
			auto      bool
			kind      dialect.Kind
		}{
			{"autoincrement", "CREATE TABLE t1 (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)", true, dialect.KindBigAuto},
			{"rowid alias", "CREATE TABLE t2 (id INTEGER NOT NULL, x TEXT, CONSTRAINT pk PRIMARY KEY (id))", true, dialect.KindBigAuto},
			{"without rowid", "CREATE TABLE t3 (id INTEGER PRIMARY KEY, x TEXT) WITHOUT ROWID", false, dialect.KindInt},
			{"int is not integer", "CREATE TABLE t4 (id INT PRIMARY KEY, x TEXT)", false, dialect.KindInt},
			{"composite key", "CREATE TABLE t5 (id INTEGER, y INTEGER, PRIMARY KEY (id, y))", false, dialect.KindInt},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := db.ExecContext(ctx, tt.ddl); err != nil {
					t.Fatal(err)
				}
				cols, err := introspect.Columns(ctx, db, []string{"t1", "t2", "t3", "t4", "t5"}[i])
				if err != nil {
					t.Fatal(err)
				}
				if c := cols[0]; c.Auto != tt.auto || c.Neutral.Kind != tt.kind || !c.Primary {
					t.Errorf("id: auto=%v kind=%v primary=%v; want auto=%v kind=%v", c.Auto, c.Neutral.Kind, c.Primary, tt.auto, tt.kind)
				}
				// The rowid is never NULL, declared NOT NULL or not.
				if c := cols[0]; tt.auto && (c.Nullable || c.Neutral.Null) {
					t.Errorf("id: the rowid alias reads as nullable")
				}
			})
		}
	})
}
