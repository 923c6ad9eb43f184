package migrations_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
)

// FI-SL-05 / MIG-04: a child process (this test binary, re-executed)
// loops table rewrites that alternate the type of column v, and is
// SIGKILLed at a random moment; after every kill Recover runs as the
// start-up step and the table must be whole.
//
// Environment:
//   - SQLORM_TEST_KILL_ROUNDS: rounds per backend (and per SQLite journal
//     mode); default killRoundsDefault, the reliability battery asks for 30.
//   - SQLORM_TEST_KILL_SEED: Python SQLORM of the kill delays, to replay a run
//     (each run logs its seed).
const (
	envKillRounds = "SQLORM_TEST_KILL_ROUNDS"
	envKillSeed   = "SQLORM_TEST_KILL_SEED"
	// Set in the child only.
	envKillChild  = "SQLORM_KILL_CHILD"
	envKillDriver = "SQLORM_KILL_DRIVER"
	envKillDSN    = "SQLORM_KILL_DSN"
	envKillMode   = "SQLORM_KILL_MODE" // "migrate": the Runner loop

	killRows          = 20000
	suffixBakForLog   = "t__bak"
	killRoundsDefault = 3
)

// killTable is the table the child rewrites; v is varchar(64) or text.
func killTable(text bool) dialect.Table {
	v := dialect.Column{Name: "v", Kind: dialect.KindChar, Length: 64}
	if text {
		v = dialect.Column{Name: "v", Kind: dialect.KindText}
	}
	return dialect.Table{Name: "t", Columns: []dialect.Column{
		{Name: "id", Kind: dialect.KindBigInt, Primary: true},
		v,
		{Name: "n", Kind: dialect.KindInt, Null: true},
	}}
}

// TestHelperProcess is the child of TestKillDuringRewrite: it does
// nothing unless SQLORM_KILL_CHILD=1. It opens the database, reads the
// table, prints "ready" just before its first rewrite (the kill delay
// counts from there, not from process start-up), then rewrites table t
// forever, printing "done <i>" after each
// rewrite: ChangeColumnType to text when v is varchar, RecreateTable back
// to varchar(64) when it is text, every other pair with ReportRows (a
// batched copy). An error exits with status 3.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(envKillChild) != "1" {
		return
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "kill child:", err)
		os.Exit(3)
	}
	db, err := sql.Open(os.Getenv(envKillDriver), os.Getenv(envKillDSN))
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		fail(err)
	}
	if os.Getenv(envKillMode) == "migrate" {
		migrateLoop(ctx, db, fail)
	}
	for i := 0; ; i++ {
		live, err := introspect.Table(ctx, db, "t")
		if err != nil {
			fail(err)
		}
		if i == 0 {
			fmt.Println("ready")
		}
		// Every other pair of rewrites reports its rows, starting at
		// random (a child is often killed in its first rewrite), so that
		// kills land in batched copies too.
		var opts []migrations.RewriteOption
		if (i/2+os.Getpid())%2 == 1 {
			opts = append(opts, migrations.ReportRows(func(migrations.RowsCopied) {}))
		}
		if live.Column("v").Kind == dialect.KindChar {
			err = migrations.ChangeColumnType(ctx, db, "t", killTable(true).Columns[1], opts...)
		} else {
			err = migrations.RecreateTable(ctx, db, killTable(false), []string{"id", "v", "n"}, opts...)
		}
		if err != nil {
			fail(err)
		}
		fmt.Println("done", i)
	}
}

// killMigrations are the migrations the "migrate" child applies and
// unapplies: 0002 is what makemigrations writes for v varchar(64) -> text.
func killMigrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "0001_initial", Ops: []migrations.Operation{migrations.CreateTable(killTable(false))}},
		{ID: "0002_v_text", Ops: []migrations.Operation{migrations.AlterField("t", killTable(false).Columns[1], killTable(true).Columns[1])}},
	}
}

// migrateLoop applies 0002_v_text when it is not applied and unapplies it
// when it is, forever, printing "ready" first and "done <i>" after each.
func migrateLoop(ctx context.Context, db *sql.DB, fail func(error)) {
	r := &migrations.Runner{DB: db, Migrations: killMigrations()}
	for i := 0; ; i++ {
		st, err := r.Status(ctx)
		if err != nil {
			fail(err)
		}
		if i == 0 {
			fmt.Println("ready")
		}
		if st[1].Applied {
			_, err = r.Unapply(ctx, "0001_initial")
		} else {
			_, err = r.Apply(ctx)
		}
		if err != nil {
			fail(err)
		}
		fmt.Println("done", i)
	}
}

// TestKillDuringMigration is TestKillDuringRewrite for a generated
// migration: the child applies and unapplies an AlterField (varchar(64)
// <-> text on 20 000 rows) through the Runner and is SIGKILLed at a random
// moment. Every row survives with its checksum; where DDL is
// transactional the history says 0002 is applied exactly when v is text.
func TestKillDuringMigration(t *testing.T) {
	seed, rounds := killSeed(t), killRounds(t)
	t.Logf("seed %d, %d rounds per backend", seed, rounds)
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		t.Parallel()
		journal := ""
		if b.Name == testenv.SQLite {
			journal = "wal"
		}
		killLoopMode(t, b.Fresh(t), journal, "migrate", rounds, rand.New(rand.NewPCG(seed, uint64(len(b.Name))+7)))
	})
}

func killRounds(t *testing.T) int {
	s := os.Getenv(envKillRounds)
	if s == "" {
		return killRoundsDefault
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number of rounds", envKillRounds, s)
	}
	return n
}

func killSeed(t *testing.T) uint64 {
	if s := os.Getenv(envKillSeed); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want an unsigned integer", envKillSeed, s)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// TestKillDuringRewrite is FI-SL-05 (SQLite, DELETE and WAL journals),
// MIG-04 (MariaDB, copy-and-swap) and the PostgreSQL equivalent (one
// transaction: a kill leaves the old table or the new one, never a part).
// After every SIGKILL, and once the killed session is gone from the
// server, Recover runs and then: exactly one table t, every row with the
// same checksum, v either of its two types, no t__new or t__bak, and on
// SQLite PRAGMA integrity_check = ok and the journal mode unchanged.
func TestKillDuringRewrite(t *testing.T) {
	seed, rounds := killSeed(t), killRounds(t)
	t.Logf("seed %d, %d rounds per backend (replay: %s=%d; %s=30 for the battery's full run)", seed, rounds, envKillSeed, seed, envKillRounds)
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		// The loops wait for their kills most of the time: run them side by
		// side (each on its own database).
		t.Parallel()
		if b.Name != testenv.SQLite {
			killLoop(t, b.Fresh(t), "", rounds, rand.New(rand.NewPCG(seed, uint64(len(b.Name)))))
			return
		}
		for i, mode := range []string{"delete", "wal"} {
			t.Run(mode, func(t *testing.T) {
				t.Parallel()
				killLoop(t, b.Fresh(t), mode, rounds, rand.New(rand.NewPCG(seed, uint64(i))))
			})
		}
	})
}

// killState is what must survive every kill.
type killState struct {
	rows  int
	idSum int64
	hash  string
}

// killQueries makes each checksum query's text new (pgx caches statements
// by text, and a cached SELECT fails once a column's type changed).
var killQueries atomic.Int64

func readKillState(t *testing.T, db *sql.DB) killState {
	t.Helper()
	rows, err := db.Query(fmt.Sprintf("SELECT id, v, n FROM t ORDER BY id /* %d */", killQueries.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var s killState
	var buf []byte
	for rows.Next() {
		var id int64
		var v, n sql.RawBytes // no allocation per value: this runs under -race on 20 000 rows per kill
		if err := rows.Scan(&id, &v, &n); err != nil {
			t.Fatal(err)
		}
		s.rows++
		s.idSum += id
		buf = strconv.AppendInt(buf, id, 10)
		buf = append(buf, '|')
		buf = strconv.AppendQuote(buf, string(v))
		if n == nil {
			buf = append(buf, "|NULL;"...)
		} else {
			buf = append(append(append(buf, '|'), n...), ';')
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf)
	s.hash = hex.EncodeToString(sum[:])
	return s
}

func seedKillTable(t *testing.T, db *sql.DB, d dialect.Dialect) {
	t.Helper()
	stmts, err := d.CreateTable(killTable(false))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, stmts...)
	const batch = 500
	for start := 1; start <= killRows; start += batch {
		var b strings.Builder
		var args []any
		b.WriteString("INSERT INTO t (id, v, n) VALUES ")
		for i := start; i < start+batch && i <= killRows; i++ {
			if i > start {
				b.WriteString(", ")
			}
			k := len(args)
			fmt.Fprintf(&b, "(%s, %s, %s)", d.Placeholder(k+1), d.Placeholder(k+2), d.Placeholder(k+3))
			var n any = int64(i*7919) % 100003
			if i%13 == 0 {
				n = nil
			}
			args = append(args, i, fmt.Sprintf("value %d %x", i, uint32(i)*2654435761), n)
		}
		if _, err := db.Exec(b.String(), args...); err != nil {
			t.Fatal(err)
		}
	}
}

// childDSN is the child's DSN: on PostgreSQL with an application_name by
// which the parent finds its backend after the kill.
func childDSN(database *testenv.Database, appName string) string {
	if database.Backend.Name == testenv.Postgres {
		return database.DSN + "&application_name=" + appName
	}
	return database.DSN
}

// waitChildGone waits until the killed child's sessions have ended on the
// server: the server finishes the statement a dead client was running
// (MariaDB, PostgreSQL), and only then is the state final.
func waitChildGone(t *testing.T, database *testenv.Database, appName string) {
	t.Helper()
	var q string
	var args []any
	switch database.Backend.Name {
	case testenv.Postgres:
		q, args = "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1", []any{appName}
	case testenv.MySQL:
		q = "SELECT COUNT(*) FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()"
	default:
		return // SQLite: the process is the session
	}
	db, err := sql.Open(database.DriverName, database.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // no session of ours but the one asking
	// A guard against a hang, not a timing assertion: a dead client's last
	// statement is a copy of 20 000 rows at most.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the killed child's session is still on the server after 2 minutes")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func killLoop(t *testing.T, database *testenv.Database, journal string, rounds int, rng *rand.Rand) {
	killLoopMode(t, database, journal, "", rounds, rng)
}

func killLoopMode(t *testing.T, database *testenv.Database, journal, mode string, rounds int, rng *rand.Rand) {
	dsn := database.DSN
	if journal != "" {
		// The fresh database's DSN may name a journal mode already, and
		// go-sqlite3 reads the first: replace it rather than add another.
		mode := "_journal_mode=" + strings.ToUpper(journal)
		if i := strings.Index(dsn, "_journal_mode="); i >= 0 {
			end := strings.IndexByte(dsn[i:], '&')
			if end < 0 {
				end = len(dsn) - i
			}
			dsn = dsn[:i] + mode + dsn[i+end:]
		} else {
			dsn += "&" + mode
		}
	}
	setup, err := sql.Open(database.DriverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dialect.Detect(setup)
	if err != nil {
		t.Fatal(err)
	}
	if journal != "" {
		var got string
		if err := setup.QueryRow("PRAGMA journal_mode").Scan(&got); err != nil || got != journal {
			t.Fatalf("journal_mode %q, %v; want %q", got, err, journal)
		}
	}
	seedKillTable(t, setup, d)
	want := readKillState(t, setup)
	setup.Close()
	if want.rows != killRows {
		t.Fatalf("seeded %d rows", want.rows)
	}
	appName := fmt.Sprintf("sqlorm_kill_%d", rng.Uint32())

	var completed, foundText, recovered, afterSwap int
	for round := range rounds {
		delay := time.Duration(50+rng.IntN(201)) * time.Millisecond
		done := runAndKill(t, database.DriverName, childDSN(&testenv.Database{Backend: database.Backend, DSN: dsn}, appName), mode, delay)
		completed += done
		waitChildGone(t, database, appName)

		// Start-up: Recover first, then look.
		db, err := sql.Open(database.DriverName, dsn)
		if err != nil {
			t.Fatal(err)
		}
		actions, err := migrations.Recover(context.Background(), db)
		if err != nil {
			t.Fatalf("round %d (kill after %v, %d rewrites done): Recover: %v", round, delay, done, err)
		}
		if len(actions) > 0 {
			recovered++
			if strings.Contains(strings.Join(actions, " "), suffixBakForLog) {
				afterSwap++ // killed between the swap and the drop of the old table
			}
			if d.Has(dialect.TransactionalDDL) {
				t.Errorf("round %d: Recover acted on a backend with transactional DDL: %q", round, actions)
			}
		}
		ctxMsg := fmt.Sprintf("round %d (kill after %v, %d rewrites done, Recover: %q)", round, delay, done, actions)
		tables, err := introspect.Tables(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		if mode == "migrate" {
			tables = slices.DeleteFunc(tables, func(n string) bool { return strings.HasPrefix(n, migrations.DefaultTable) })
		}
		if !slices.Equal(tables, []string{"t"}) {
			t.Fatalf("%s: tables %q, want exactly [t]", ctxMsg, tables)
		}
		live, err := introspect.Table(context.Background(), db, "t")
		if err != nil {
			t.Fatal(err)
		}
		switch v := live.Column("v"); {
		case v == nil || live.Column("id") == nil || live.Column("n") == nil || len(live.Columns) != 3:
			t.Fatalf("%s: columns %+v", ctxMsg, live.Columns)
		case v.Kind == dialect.KindText:
			foundText++
		case v.Kind == dialect.KindChar && v.Length == 64:
		default:
			t.Fatalf("%s: v is %+v, neither varchar(64) nor text", ctxMsg, *v)
		}
		if mode == "migrate" && d.Has(dialect.TransactionalDDL) {
			r := &migrations.Runner{DB: db, Migrations: killMigrations()}
			st, err := r.Status(context.Background())
			if err != nil {
				t.Fatalf("%s: %v", ctxMsg, err)
			}
			if isText := live.Column("v").Kind == dialect.KindText; len(st) != 2 || st[1].Applied != isText {
				t.Fatalf("%s: the history (%+v) disagrees with the table (v text: %v)", ctxMsg, st, isText)
			}
		}
		if got := readKillState(t, db); got != want {
			t.Fatalf("%s: rows %d, id sum %d, hash %s; want %d, %d, %s", ctxMsg, got.rows, got.idSum, got.hash, want.rows, want.idSum, want.hash)
		}
		if journal != "" {
			var ok, mode string
			if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
				t.Fatalf("%s: integrity_check %q, %v", ctxMsg, ok, err)
			}
			if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != journal {
				t.Fatalf("%s: journal_mode %q, %v; want %q", ctxMsg, mode, err, journal)
			}
		}
		db.Close()
	}
	t.Logf("%d kills: %d rewrites completed between them, v found as text %d times and as varchar %d times, Recover acted %d times (%d after the swap); every time %d rows with the same checksum",
		rounds, completed, foundText, rounds-foundText, recovered, afterSwap, killRows)
}

// runAndKill starts the child on dsn, waits for it to be ready, SIGKILLs
// it delay later and returns how many rewrites it reported complete. A
// child that exits by itself fails the test with its stderr.
func runAndKill(t *testing.T, driverName, dsn, mode string, delay time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envKillChild+"=1", envKillDriver+"="+driverName, envKillDSN+"="+dsn, envKillMode+"="+mode)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	wg.Go(func() {
		sc := bufio.NewScanner(out)
		sawReady := false
		for sc.Scan() {
			switch line := sc.Text(); {
			case line == "ready":
				sawReady = true
				ready <- true
			case strings.HasPrefix(line, "done "):
				mu.Lock()
				done++
				mu.Unlock()
			}
		}
		if !sawReady {
			ready <- false
		}
	})
	if !<-ready {
		wg.Wait()
		_ = cmd.Wait()
		t.Fatalf("the child did not start: %s", stderr.String())
	}
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child ended by itself (%v) before the kill: %s", err, stderr.String())
	}
	mu.Lock()
	defer mu.Unlock()
	return done
}
