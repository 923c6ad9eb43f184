package dialect_test

import (
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

// TestTraitsAgreeWithColumnTypes: the storage traits say what each
// dialect's column types store, so the codec that reads the traits writes
// what the columns hold.
func TestTraitsAgreeWithColumnTypes(t *testing.T) {
	for _, name := range []dialect.Name{dialect.SQLite, dialect.Postgres, dialect.MySQL, dialect.Oracle} {
		t.Run(string(name), func(t *testing.T) {
			d, err := dialect.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			tr := d.Traits()
			ct := func(k dialect.Kind) string {
				s, err := d.ColumnType(dialect.Column{Name: "c", Kind: k})
				if err != nil {
					t.Fatalf("%s: %v", k, err)
				}
				return strings.ToLower(s)
			}
			if got := !d.Has(dialect.NativeUUID) && strings.Contains(ct(dialect.KindUUID), "32"); got != tr.UUIDAsHex {
				t.Errorf("UUIDAsHex = %v, but the uuid column is %q", tr.UUIDAsHex, ct(dialect.KindUUID))
			}
			dur := ct(dialect.KindDuration)
			want := dialect.DurationMicros
			switch {
			case strings.Contains(dur, "interval day"):
				want = dialect.DurationDayToSecond
			case strings.Contains(dur, "interval"):
				want = dialect.DurationInterval
			}
			if tr.Duration != want {
				t.Errorf("Duration = %d, but the duration column is %q", tr.Duration, dur)
			}
			if got := strings.Contains(ct(dialect.KindTime), "timestamp"); got != tr.ClockAsTimestamp {
				t.Errorf("ClockAsTimestamp = %v, but the time column is %q", tr.ClockAsTimestamp, ct(dialect.KindTime))
			}
			if tr.Random == "" || tr.CharLength == "" || tr.Now == "" {
				t.Errorf("a function is missing: %+v", tr)
			}
			if tr.InsertIgnore == "" && !d.Has(dialect.OnConflict) && name != dialect.Oracle {
				t.Errorf("no way to ignore conflicts")
			}
		})
	}
}
