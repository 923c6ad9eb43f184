package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out, logs bytes.Buffer
	if err := run(context.Background(), &out, &logs); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"customer 1 is Ada", "duplicate email refused: UNIQUE constraint failed: customer.email", "connections opened 1, health checks 3 (failed 0)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// One debug record per statement, the failing one at ERROR; every
	// reuse of the pooled connection was health-checked first.
	if n := strings.Count(logs.String(), "msg=\"sqlorm "); n != 4 {
		t.Errorf("%d log records, want 4:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("the failed INSERT is not logged as an error:\n%s", logs.String())
	}
}
