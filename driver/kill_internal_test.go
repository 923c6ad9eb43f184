package driver

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// TestCancelDoesNotWaitForTheKill (issue 12, case 6): when a statement's
// context ends, the caller gets the statement's error back at once while
// the KILL of the server-side statement runs in the background; the
// connection is marked dead at once, and closing the database waits for
// the kill. The kill here takes 2 s, as it did on a busy server; the old
// wrapper returned only after it.
func TestCancelDoesNotWaitForTheKill(t *testing.T) {
	var killed atomic.Int64
	be := &backend{connector: &fakeBackend{}, dialect: dialect.MySQL}
	be.killQuery = func(ctx context.Context, id int64) error {
		time.Sleep(2 * time.Second)
		killed.Store(id)
		return nil
	}
	c, err := newConnector(Config{URL: "fake:"}, be)
	if err != nil {
		t.Fatal(err)
	}
	cn := &conn{c: c, serverID: 42}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	stop := cn.watch(ctx)
	<-ctx.Done() // the backend gives up with the context
	time.Sleep(10 * time.Millisecond)
	start := time.Now()
	stop(ctx.Err())
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Fatalf("the statement returned %v after its context ended; the kill must not hold it", d)
	}
	if !cn.killed || cn.IsValid() {
		t.Fatal("the connection whose statement was killed is still offered for reuse")
	}
	if killed.Load() != 0 {
		t.Fatal("the kill finished before the caller got its error back")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if killed.Load() != 42 {
		t.Fatalf("Close returned before the kill of server connection 42 finished (killed %d)", killed.Load())
	}
}
