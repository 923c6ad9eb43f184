package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
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

// TestRunsTwice runs the example twice on the same file, as a reader
// running it again would: the second run must succeed and print the same.
func TestRunsTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "migrations.db")
	var outs [2]string
	for i := range outs {
		var out strings.Builder
		if err := run(context.Background(), &out, path); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		outs[i] = out.String()
	}
	if outs[0] != outs[1] {
		t.Fatalf("the second run printed\n%s\nthe first\n%s", outs[1], outs[0])
	}
}
