package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
)

func TestMigrationsExample(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, filepath.Join(t.TempDir(), "migrations.db")); err != nil {
		t.Fatal(err)
	}
	want := `missing_in_db: [verified], extra_in_db: []
sync_schema: added [verified], skipped []
existing rows got the default: verified=[false false]
safe_add_column: added=true, then added=false
migrated 2 verified members
columns: [id name email verified verification_token]; discount exists: false
plan 0001_member_index: AddIndex("member", "member_name_idx")
plan 0002_nickname: AddField("member", "nickname"), RunGo("nicknames from names")
applied 2 migrations, then 0
nicknames: [[ada] [grace]]
refused: true
columns: [id name email verified nickname]
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestRunsTwice: a second run on the same file succeeds and prints the same.
func TestRunsTwice(t *testing.T) {
	exampledb.RunsTwice(t, "migrations.db", func(out io.Writer, path string) error {
		return run(context.Background(), out, path)
	})
}
