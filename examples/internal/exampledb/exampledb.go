// Package exampledb starts each example from an empty SQLite file, so that
// an example prints the same thing every time it runs.
package exampledb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Reset removes the SQLite database at path with its -wal, -shm and
// -journal companions (a stale write-ahead log must not meet a new file).
// A missing file is not an error.
func Reset(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("example: start from an empty database: %w", err)
		}
	}
	return nil
}
