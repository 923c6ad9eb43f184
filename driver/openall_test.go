package driver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenAll: every alias of a DATABASES file opens, each on its own
// database; a bad entry closes the others and names its alias.
func TestOpenAll(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "databases.json")
	body := `{"default": {"url": "sqlite:` + filepath.Join(dir, "a.db") + `"},
		"replica": {"ENGINE": "sqlite3", "NAME": "` + filepath.Join(dir, "b.db") + `"}}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgs, err := ConfigsFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dbs, err := OpenAll(cfgs)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for alias, db := range dbs {
		defer db.Close()
		if _, err := db.ExecContext(ctx, "CREATE TABLE t_"+alias+" (x INTEGER)"); err != nil {
			t.Fatalf("%s: %v", alias, err)
		}
	}
	var n int
	if err := dbs["default"].QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE name = 't_replica'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("default holds the replica's table: %d, %v", n, err)
	}
	cfgs["broken"] = Config{Alias: "broken", URL: "sqlite:x.db", StatementTimeout: 1}
	_, err = OpenAll(cfgs)
	if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), `"broken"`) {
		t.Fatalf("OpenAll with a bad entry: %v", err)
	}
}
