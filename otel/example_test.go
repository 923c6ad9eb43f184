package sqlormotel_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/sqlorm/sqlorm/driver"
	sqlormotel "github.com/sqlorm/sqlorm/otel"
)

// Trace a database: every statement becomes a span named by its summary,
// and a transaction a span around its statements.
func Example() {
	dir, _ := os.MkdirTemp("", "sqlormotel")
	defer os.RemoveAll(dir)
	cfg, err := driver.ParseURL("sqlite:" + filepath.Join(dir, "app.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	spans := tracetest.NewSpanRecorder() // in a program: an OTLP exporter
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	db, err := sqlormotel.OpenDB(cfg, sqlormotel.WithTracerProvider(tp))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	ctx := context.Background()
	_, _ = db.ExecContext(ctx, `CREATE TABLE "note" ("id" INTEGER PRIMARY KEY, "body" TEXT)`)
	tx, _ := db.BeginTx(ctx, nil)
	_, _ = tx.ExecContext(ctx, `INSERT INTO "note" ("body") VALUES (?)`, "hello")
	_ = tx.Commit()

	for _, s := range spans.Ended() {
		fmt.Println(s.Name())
	}
	// Output:
	// CREATE TABLE note
	// INSERT note
	// transaction
}
