package exampledb

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// RunsTwice runs an example twice on the same database file, as a reader
// running it again would, and fails t unless the second run succeeds and
// prints what the first printed. file names the database in a temporary
// folder; run is the example with its output and database path.
func RunsTwice(t testing.TB, file string, run func(out io.Writer, path string) error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), file)
	var outs [2]string
	for i := range outs {
		var out strings.Builder
		if err := run(&out, path); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		outs[i] = out.String()
	}
	if outs[0] != outs[1] {
		t.Fatalf("the second run printed\n%s\nthe first\n%s", outs[1], outs[0])
	}
}
