package manage

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/migrations"
)

// TestLineProgress: off a terminal migrate writes a line when an
// operation on a table starts, at most one line per ProgressEvery of its
// Elapsed while it runs (rows copied of total), and how long it took;
// nothing for a short operation on no table.
func TestLineProgress(t *testing.T) {
	s := time.Second
	alter := migrations.Progress{Migration: "0002_wider", Operation: `AlterField("fi", "score")`, Rows: 2500}
	run := migrations.Progress{Migration: "0002_wider", Operation: `RunGo("fill")`, Rows: -1}
	at := func(p migrations.Progress, copied int64, elapsed time.Duration, done bool) migrations.Progress {
		p.Copied, p.Elapsed, p.Done = copied, elapsed, done
		return p
	}
	var out bytes.Buffer
	show := lineProgress(&out, 5*s)
	for _, p := range []migrations.Progress{
		at(run, 0, 0, false), at(run, 0, s/2, true),
		at(alter, 0, 0, false),
		at(alter, 500, 2*s, false),     // too soon
		at(alter, 1000, 5*s, false),    // a line
		at(alter, 1500, 7*s, false),    // too soon
		at(alter, 2000, 10*s+1, false), // a line
		at(alter, 2500, 12*s, true),
		at(run, 0, 0, false), at(run, 0, 6*s, false), at(run, 0, 7*s, true),
	} {
		show(p)
	}
	want := strings.Join([]string{
		`    0002_wider: AlterField("fi", "score") (2500 rows)`,
		`    0002_wider: AlterField("fi", "score"): 1000 of 2500 rows (40%) after 5s`,
		`    0002_wider: AlterField("fi", "score"): 2000 of 2500 rows (80%) after 10s`,
		`    0002_wider: AlterField("fi", "score"): 2500 of 2500 rows in 12s`,
		`    0002_wider: RunGo("fill") still running after 6s`,
		`    0002_wider: RunGo("fill") took 7s`,
	}, "\n") + "\n"
	if got := out.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// TestBarProgress: on a terminal an operation on a table gets a bar that
// ends at its rows; one on no table, lines.
func TestBarProgress(t *testing.T) {
	alter := migrations.Progress{Migration: "0002_wider", Operation: `AlterField("fi", "score")`, Rows: 2500}
	run := migrations.Progress{Migration: "0002_wider", Operation: `RunGo("fill")`, Rows: -1}
	var out bytes.Buffer
	show := barProgress(&out, lineProgress(&out, 5*time.Second))
	for i, c := range []int64{0, 1000, 2000, 2500} {
		p := alter
		p.Copied, p.Elapsed, p.Done = c, time.Duration(i)*time.Second, c == 2500
		show(p)
	}
	got := out.String()
	out.Reset()
	show(run)
	r := run
	r.Elapsed = 6 * time.Second
	show(r)
	if want := "    0002_wider: RunGo(\"fill\") still running after 6s\n"; out.String() != want {
		t.Fatalf("an operation on no table: %q, want %q", out.String(), want)
	}
	for _, w := range []string{"0002_wider: AlterField", "100%", "2500/2500", "rows"} {
		if !strings.Contains(got, w) {
			t.Fatalf("the bar lacks %q:\n%q", w, got)
		}
	}
	if !strings.HasSuffix(got, "\n") {
		t.Fatalf("the finished bar does not end its line: %q", got)
	}
}
