package manage

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/sqlorm/sqlorm/migrations"
)

// defaultProgressEvery is how often migrate writes a progress line when
// Stdout is not a terminal and Config.ProgressEvery is 0.
const defaultProgressEvery = 5 * time.Second

// terminal reports whether migrate draws progress bars: Config.Terminal,
// or Stdout a terminal.
func (c Config) terminal() bool {
	if c.Terminal {
		return true
	}
	f, ok := c.stdout().(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (c Config) progressEvery() time.Duration {
	if c.ProgressEvery > 0 {
		return c.ProgressEvery
	}
	return defaultProgressEvery
}

// progress returns the Runner.Progress of migrate: bars on a terminal,
// lines otherwise.
func progress(c Config) func(migrations.Progress) {
	if c.terminal() {
		return barProgress(c.stdout(), lineProgress(c.stdout(), c.progressEvery()))
	}
	return lineProgress(c.stdout(), c.progressEvery())
}

// lineProgress writes plain lines, for logs: an operation on a table
// when it starts (with its rows), then at most one line every `every`
// while it runs (rows copied of total when it copies), and how long it
// took when that was a second or more. The clock is Progress.Elapsed, so
// the output depends only on the reports.
func lineProgress(out io.Writer, every time.Duration) func(migrations.Progress) {
	var mu sync.Mutex
	var last time.Duration // Elapsed of the last line of this operation
	return func(p migrations.Progress) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case p.Done:
			if p.Elapsed < time.Second {
				return
			}
			took := p.Elapsed.Round(100 * time.Millisecond)
			if p.Rows >= 0 {
				fmt.Fprintf(out, "    %s: %s: %d of %d rows in %s\n", p.Migration, p.Operation, p.Copied, p.Rows, took)
			} else {
				fmt.Fprintf(out, "    %s: %s took %s\n", p.Migration, p.Operation, took)
			}
		case p.Elapsed == 0:
			last = 0
			if p.Rows >= 0 {
				fmt.Fprintf(out, "    %s: %s (%d rows)\n", p.Migration, p.Operation, p.Rows)
			}
		case p.Elapsed-last >= every-every/10: // a tick a little early still counts
			last = p.Elapsed
			after := p.Elapsed.Round(time.Second)
			if p.Rows > 0 {
				fmt.Fprintf(out, "    %s: %s: %d of %d rows (%d%%) after %s\n", p.Migration, p.Operation, p.Copied, p.Rows, p.Copied*100/p.Rows, after)
			} else {
				fmt.Fprintf(out, "    %s: %s still running after %s\n", p.Migration, p.Operation, after)
			}
		}
	}
}

// barProgress draws a bar per operation on a table (rows copied of
// total, rate and time left), finished when the operation ends; other
// operations (a RunGo that takes long) go to lines.
func barProgress(out io.Writer, lines func(migrations.Progress)) func(migrations.Progress) {
	var mu sync.Mutex
	var bar *progressbar.ProgressBar
	return func(p migrations.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if p.Rows < 0 {
			lines(p)
			return
		}
		if p.Elapsed == 0 && !p.Done {
			bar = progressbar.NewOptions64(max(p.Rows, 1),
				progressbar.OptionSetWriter(out),
				progressbar.OptionSetDescription("    "+p.Migration+": "+p.Operation),
				progressbar.OptionShowCount(),
				progressbar.OptionSetItsString("rows"),
				progressbar.OptionShowIts(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetRenderBlankState(true),
				progressbar.OptionOnCompletion(func() { fmt.Fprintln(out) }),
			)
			return
		}
		if bar == nil {
			return
		}
		if p.Rows > bar.GetMax64() {
			bar.ChangeMax64(p.Rows)
		}
		if p.Done {
			if p.Copied >= p.Rows {
				_ = bar.Finish()
			} else {
				_ = bar.Exit()
				fmt.Fprintln(out)
			}
			bar = nil
			return
		}
		_ = bar.Set64(p.Copied)
	}
}
