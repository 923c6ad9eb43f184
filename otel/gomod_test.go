package sqlormotel_test

import (
	"os"
	"strings"
	"testing"
)

// The core module must never depend on OpenTelemetry: that is why this
// package is a module of its own.
func TestCoreModuleHasNoOpenTelemetry(t *testing.T) {
	for _, f := range []string{"../go.mod", "../go.sum"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if i := strings.Index(string(b), "go.opentelemetry.io"); i >= 0 {
			line := string(b[i:])
			line, _, _ = strings.Cut(line, "\n")
			t.Errorf("%s mentions OpenTelemetry (%s): keep it in the otel module", f, line)
		}
	}
}
