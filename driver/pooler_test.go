package driver

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPoolerOption: pooler=transaction is parsed, printed, turns pgx's
// statement cache off unless the URL names a mode, moves statement_timeout
// from the session to every transaction, refuses a search_path and a
// non-PostgreSQL backend; a bad value names the ones allowed.
func TestPoolerOption(t *testing.T) {
	const pg = "postgres://u@127.0.0.1:6432/db?sslmode=disable"
	tests := []struct {
		name      string
		url       string
		wantErr   string // substring of the error; "" for none
		mode      pgx.QueryExecMode
		txSetup   string
		sessionTO bool // statement_timeout in the startup parameters
	}{
		{name: "transaction", url: pg + "&pooler=transaction", mode: pgx.QueryExecModeExec},
		{name: "timeout per transaction", url: pg + "&pooler=transaction&statement_timeout=2s", mode: pgx.QueryExecModeExec, txSetup: "SET LOCAL statement_timeout = 2000"},
		{name: "mode named by the URL", url: pg + "&pooler=transaction&default_query_exec_mode=simple_protocol", mode: pgx.QueryExecModeSimpleProtocol},
		{name: "no pooler", url: pg + "&statement_timeout=2s", mode: pgx.QueryExecModeCacheStatement, sessionTO: true},
		{name: "none", url: pg + "&pooler=none", mode: pgx.QueryExecModeCacheStatement},
		{name: "search_path refused", url: pg + "&pooler=transaction&search_path=s1", wantErr: "search_path"},
		{name: "bad value", url: pg + "&pooler=session", wantErr: `pooler="session" is not valid`},
		{name: "mysql refused", url: "mysql://root@127.0.0.1:3306/test?pooler=transaction", wantErr: "is for PgBouncer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ParseURL(tc.url)
			var be *backend
			if err == nil {
				be, err = newBackend(cfg)
			}
			if tc.wantErr != "" {
				if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want ErrConfig mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(tc.url, "pooler=transaction") && !strings.Contains(cfg.String(), "pooler=transaction") {
				t.Errorf("String() = %s, want pooler=transaction in it", cfg)
			}
			if be.txSetup != tc.txSetup {
				t.Errorf("txSetup = %q, want %q", be.txSetup, tc.txSetup)
			}
			if got := be.pg.DefaultQueryExecMode; got != tc.mode {
				t.Errorf("DefaultQueryExecMode = %v, want %v", got, tc.mode)
			}
			if _, has := be.pg.RuntimeParams["statement_timeout"]; has != tc.sessionTO {
				t.Errorf("statement_timeout in the startup parameters: %v, want %v", has, tc.sessionTO)
			}
		})
	}
}
