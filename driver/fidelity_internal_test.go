package driver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

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

// errWithSecretField is a backend-style error value whose message is an
// exported field.
type errWithSecretField struct {
	Code int
	Msg  string
}

func (e errWithSecretField) Error() string { return fmt.Sprintf("code %d: %s", e.Code, e.Msg) }

// TestRedactErrKeepsTheType: a backend error is returned as it is unless
// its text carries the URL's password; then the copy keeps the dynamic
// type (pointer or value) and the fields, and only an error whose secret
// sqlorm cannot reach becomes sqlorm's own, still unwrapping to it.
func TestRedactErrKeepsTheType(t *testing.T) {
	const u = "mysql://app:hunter22@db/x"
	plain := &mysql.MySQLError{Number: 1045, Message: "Access denied for user 'app'"}
	if got := redactErr(plain, u); got != error(plain) {
		t.Fatalf("an error without the secret was replaced: %T %v", got, got)
	}
	ptr := &mysql.MySQLError{Number: 1045, SQLState: [5]byte{'2', '8', '0', '0', '0'}, Message: "bad password hunter22"}
	got := redactErr(ptr, u)
	me, ok := got.(*mysql.MySQLError)
	if !ok || me == ptr || me.Number != 1045 || me.SQLState != ptr.SQLState || strings.Contains(me.Error(), "hunter22") {
		t.Fatalf("pointer error: %T %v", got, got)
	}
	val := errWithSecretField{Code: 7, Msg: "hunter22 rejected"}
	if got, ok := redactErr(val, u).(errWithSecretField); !ok || got.Code != 7 || strings.Contains(got.Msg, "hunter22") {
		t.Fatalf("value error: %T %v", got, got)
	}
	wrapped := fmt.Errorf("dial app:hunter22@db: %w", plain)
	got = redactErr(wrapped, u)
	if strings.Contains(got.Error(), "hunter22") || !errors.Is(got, plain) {
		t.Fatalf("wrapped error: %T %v", got, got)
	}
}
