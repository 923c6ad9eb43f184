package migrations

import "testing"

// SetCopyBatch makes a reported copy use batches of n rows until the test
// ends, so that a small table is copied in several.
func SetCopyBatch(t testing.TB, n int64) {
	lo, hi := copyBatchMin, copyBatchMax
	copyBatchMin, copyBatchMax = n, n
	t.Cleanup(func() { copyBatchMin, copyBatchMax = lo, hi })
}
