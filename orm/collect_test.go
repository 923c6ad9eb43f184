package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// Models of the on_delete tests: one parent and a child per on_delete
// option; Django's RESTRICT example (artist, album, song); a three-level
// cascade with a ManyToMany; a self reference.
type (
	DelParent struct {
		orm.Model
		Name string `orm:"max_length=20"`
	}
	DelCascadeChild struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=cascade"`
	}
	DelProtectChild struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=protect"`
	}
	DelRestrictChild struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=restrict"`
	}
	DelSetNullChild struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set_null,null"`
	}
	DelSetDefaultChild struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set_default,default=1"`
	}
	DelSetChild struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set(2)"`
	}
	DelDoNothingChild struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=do_nothing"`
	}

	DelArtist struct {
		orm.Model
	}
	DelAlbum struct {
		orm.Model
		Artist orm.FK[DelArtist] `orm:"on_delete=cascade"`
	}
	DelSong struct {
		orm.Model
		Artist orm.FK[DelArtist] `orm:"on_delete=cascade"`
		Album  orm.FK[DelAlbum]  `orm:"on_delete=restrict"`
	}

	DelAuthor struct {
		orm.Model
	}
	DelTag struct {
		orm.Model
	}
	DelBook struct {
		orm.Model
		Author orm.FK[DelAuthor]      `orm:"on_delete=cascade"`
		Tags   orm.ManyToMany[DelTag] `orm:"related_name=books"`
	}
	DelChapter struct {
		orm.Model
		Book orm.FK[DelBook] `orm:"on_delete=cascade,related_name=+"`
	}

	DelNode struct {
		orm.Model
		Parent orm.FK[DelNode] `orm:"on_delete=cascade,null"`
	}

	// DelCycA and DelCycB refer to each other: rows can form a cycle.
	DelCycA struct {
		orm.Model
		B orm.FK[DelCycB] `orm:"on_delete=cascade,null"`
	}
	DelCycB struct {
		orm.Model
		A orm.FK[DelCycA] `orm:"on_delete=cascade,null"`
	}
)

// delTables are the tables of the models above in creation order, with
// the column dumped beside the key ("" for none).
var delTables = []struct {
	table, col string
	migrate    func(context.Context, *sql.DB) error
}{
	{"del_parent", "", orm.Migrate[DelParent]},
	{"del_cascade_child", "parent_id", orm.Migrate[DelCascadeChild]},
	{"del_protect_child", "parent_id", orm.Migrate[DelProtectChild]},
	{"del_restrict_child", "parent_id", orm.Migrate[DelRestrictChild]},
	{"del_set_null_child", "parent_id", orm.Migrate[DelSetNullChild]},
	{"del_set_default_child", "parent_id", orm.Migrate[DelSetDefaultChild]},
	{"del_set_child", "parent_id", orm.Migrate[DelSetChild]},
	{"del_do_nothing_child", "parent_id", orm.Migrate[DelDoNothingChild]},
	{"del_artist", "", orm.Migrate[DelArtist]},
	{"del_album", "artist_id", orm.Migrate[DelAlbum]},
	{"del_song", "album_id", orm.Migrate[DelSong]},
	{"del_author", "", orm.Migrate[DelAuthor]},
	{"del_tag", "", orm.Migrate[DelTag]},
	{"del_book", "author_id", orm.Migrate[DelBook]},
	{"del_book_tags", "deltag_id", nil}, // made by Migrate[DelBook]
	{"del_chapter", "book_id", orm.Migrate[DelChapter]},
	{"del_node", "parent_id", orm.Migrate[DelNode]},
	{"del_cyc_a", "b_id", migrateCycle},
	{"del_cyc_b", "a_id", nil}, // made by migrateCycle
}

// migrateCycle creates DelCycA and DelCycB, which refer to each other:
// DelCycA's foreign key is added once DelCycB's table exists, by Migrate
// on SQLite (which checks references only when rows are written) and by
// ALTER TABLE elsewhere.
func migrateCycle(ctx context.Context, db *sql.DB) error {
	d, err := dialect.Detect(db)
	if err != nil {
		return err
	}
	if d.Name() == dialect.SQLite {
		if err := orm.Migrate[DelCycA](ctx, db); err != nil {
			return err
		}
		return orm.Migrate[DelCycB](ctx, db)
	}
	a, err := orm.Schema[DelCycA]()
	if err != nil {
		return err
	}
	fk := a.ForeignKeys
	a.ForeignKeys = nil
	stmts, err := d.CreateTable(a)
	if err != nil {
		return err
	}
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := orm.Migrate[DelCycB](ctx, db); err != nil {
		return err
	}
	q := "ALTER TABLE del_cyc_a ADD CONSTRAINT del_cyc_a_b FOREIGN KEY (b_id) REFERENCES del_cyc_b (id) ON DELETE " + fk[0].OnDelete
	_, err = db.ExecContext(ctx, q)
	return err
}

// delDB is one backend's database for the on_delete tests: db is what
// the ORM calls get, admin a connection that enforces foreign keys.
type delDB struct {
	name      string
	db, admin *sql.DB
	enforced  bool // db enforces foreign keys
}

// delDatabases opens the backend's database with its tables; on SQLite
// also the same file through a bare go-sqlite3 DSN, without _fk=1, where
// the database enforces no foreign key at all.
func delDatabases(t *testing.T, b *testenv.Backend) []delDB {
	t.Helper()
	fresh := b.Fresh(t)
	db, err := fresh.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	for _, tb := range delTables {
		if tb.migrate != nil {
			must(t, tb.migrate(ctx, db))
		}
	}
	out := []delDB{{name: "enforced", db: db, admin: db, enforced: true}}
	if b.Name == testenv.SQLite {
		bare, err := sql.Open(testenv.DriverSQLite, fresh.Name) // no _fk=1: foreign keys off
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { bare.Close() })
		var on int
		must(t, bare.QueryRow("PRAGMA foreign_keys").Scan(&on))
		if on != 0 {
			t.Fatalf("a bare go-sqlite3 DSN enforces foreign keys (%d); the test would prove nothing", on)
		}
		out = append(out, delDB{name: "no foreign keys", db: bare, admin: db})
	}
	return out
}

// reset empties every table and runs the inserts.
func (x delDB) reset(t *testing.T, inserts ...string) {
	t.Helper()
	for _, tb := range slices.Backward(delTables) {
		if _, err := x.admin.Exec("DELETE FROM " + tb.table); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range inserts {
		if _, err := x.admin.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// state dumps every non-empty table: "table: id:col id:col ...".
func (x delDB) state(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, tb := range delTables {
		key := "id"
		if tb.table == "del_book_tags" {
			key = "delbook_id"
		}
		col := tb.col
		if col == "" {
			col = "NULL"
		}
		order := key
		if tb.col != "" {
			order += ", " + tb.col
		}
		rows, err := x.admin.Query(fmt.Sprintf("SELECT %s, %s FROM %s ORDER BY %s", key, col, tb.table, order))
		if err != nil {
			t.Fatal(err)
		}
		var cells []string
		for rows.Next() {
			var id int64
			var v sql.NullInt64
			if err := rows.Scan(&id, &v); err != nil {
				t.Fatal(err)
			}
			switch {
			case tb.col == "":
				cells = append(cells, fmt.Sprint(id))
			case v.Valid:
				cells = append(cells, fmt.Sprintf("%d:%d", id, v.Int64))
			default:
				cells = append(cells, fmt.Sprintf("%d:NULL", id))
			}
		}
		must(t, rows.Err())
		rows.Close()
		if len(cells) > 0 {
			out = append(out, tb.table+": "+strings.Join(cells, " "))
		}
	}
	return out
}

// deleteWays are the two Delete APIs, each deleting the DelParent rows
// with keys ids and returning the total and the per-model counts.
var deleteWays = []struct {
	name string
	del  func(ctx context.Context, db *sql.DB, ids ...int64) (int64, map[string]int64, error)
}{
	{"QuerySet.Delete", func(ctx context.Context, db *sql.DB, ids ...int64) (int64, map[string]int64, error) {
		var per map[string]int64
		n, err := orm.Objects[DelParent](db).Filter(orm.Q{"pk__in": ids}).Delete(ctx, orm.DeletedPerModel(&per))
		return n, per, err
	}},
	{"orm.Delete", func(ctx context.Context, db *sql.DB, ids ...int64) (int64, map[string]int64, error) {
		total := int64(0)
		all := map[string]int64{}
		for _, id := range ids {
			var per map[string]int64
			p := &DelParent{Model: orm.Model{ID: id}}
			if err := orm.Delete(ctx, db, p, orm.DeletedPerModel(&per)); err != nil {
				if p.ID != id {
					return 0, nil, fmt.Errorf("the key was cleared although Delete failed: %w", err)
				}
				return 0, nil, err
			}
			if p.ID != 0 {
				return 0, nil, fmt.Errorf("Delete left the key %d set", p.ID)
			}
			for k, v := range per {
				all[k] += v
				total += v
			}
		}
		return total, all, nil
	}},
}

const delParents = "INSERT INTO del_parent (id, name) VALUES (1, 'keep'), (2, 'other'), (3, 'gone'), (4, 'stays')"

// children inserts rows 10 and 11 referring to parent 3 and 12 to
// parent 4 into table.
func children(table string) string {
	return "INSERT INTO " + table + " (id, parent_id) VALUES (10, 3), (11, 3), (12, 4)"
}

// TestDeleteOnDelete deletes parent 3 through each on_delete option, with
// QuerySet.Delete and orm.Delete, on every backend (and on SQLite without
// foreign keys), and checks every table's rows afterwards, the counts and
// the errors.
func TestDeleteOnDelete(t *testing.T) {
	unchanged := func(table string) []string {
		return []string{"del_parent: 1 2 3 4", table + ": 10:3 11:3 12:4"}
	}
	cases := []struct {
		name, table string
		want        []string         // rows left
		counts      map[string]int64 // per model
		wantErr     error            // nil: success
		// enforcedOnly: the outcome when the database enforces foreign
		// keys; without, dbWant/dbCounts (do_nothing leaves it to the
		// database).
		dbWant   []string
		dbCounts map[string]int64
	}{
		{name: "cascade", table: "del_cascade_child",
			want:   []string{"del_parent: 1 2 4", "del_cascade_child: 12:4"},
			counts: map[string]int64{"DelParent": 1, "DelCascadeChild": 2}},
		{name: "protect", table: "del_protect_child", want: unchanged("del_protect_child"), wantErr: orm.ErrProtected},
		{name: "restrict", table: "del_restrict_child", want: unchanged("del_restrict_child"), wantErr: orm.ErrRestricted},
		{name: "set_null", table: "del_set_null_child",
			want:   []string{"del_parent: 1 2 4", "del_set_null_child: 10:NULL 11:NULL 12:4"},
			counts: map[string]int64{"DelParent": 1}},
		{name: "set_default", table: "del_set_default_child",
			want:   []string{"del_parent: 1 2 4", "del_set_default_child: 10:1 11:1 12:4"},
			counts: map[string]int64{"DelParent": 1}},
		{name: "set(2)", table: "del_set_child",
			want:   []string{"del_parent: 1 2 4", "del_set_child: 10:2 11:2 12:4"},
			counts: map[string]int64{"DelParent": 1}},
		{name: "do_nothing", table: "del_do_nothing_child", want: unchanged("del_do_nothing_child"), wantErr: orm.ErrForeignKeyViolation,
			dbWant:   []string{"del_parent: 1 2 4", "del_do_nothing_child: 10:3 11:3 12:4"},
			dbCounts: map[string]int64{"DelParent": 1}},
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		for _, x := range delDatabases(t, b) {
			t.Run(x.name, func(t *testing.T) {
				for _, c := range cases {
					for _, way := range deleteWays {
						t.Run(c.name+"/"+way.name, func(t *testing.T) {
							x.reset(t, delParents, children(c.table))
							want, counts, wantErr := c.want, c.counts, c.wantErr
							if c.dbWant != nil && !x.enforced {
								want, counts, wantErr = c.dbWant, c.dbCounts, nil
							}
							n, per, err := way.del(context.Background(), x.db, 3)
							if got := x.state(t); !slices.Equal(got, want) {
								t.Errorf("rows left:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
							}
							if wantErr != nil {
								if !errors.Is(err, wantErr) {
									t.Fatalf("error %v, want one wrapping %v", err, wantErr)
								}
								return
							}
							must(t, err)
							if !maps.Equal(per, counts) {
								t.Errorf("per model %v, want %v", per, counts)
							}
							var total int64
							for _, v := range counts {
								total += v
							}
							if n != total {
								t.Errorf("total %d, want %d", n, total)
							}
						})
					}
				}
			})
		}
	})
}

// TestDeleteRefusals checks what ProtectedError and RestrictedError name,
// that the default key being deleted is refused, and Django's RESTRICT
// rule: a restricting row deleted through another cascade does not
// restrict.
func TestDeleteRefusals(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		for _, x := range delDatabases(t, b) {
			t.Run(x.name, func(t *testing.T) {
				ctx := context.Background()
				for _, way := range deleteWays {
					t.Run("ProtectedError names the rows/"+way.name, func(t *testing.T) {
						x.reset(t, delParents, children("del_protect_child"),
							"INSERT INTO del_cascade_child (id, parent_id) VALUES (20, 3)")
						_, _, err := way.del(ctx, x.db, 3, 4)
						var pe *orm.ProtectedError
						if !errors.As(err, &pe) {
							t.Fatalf("error %v, want a *ProtectedError", err)
						}
						want := []orm.Referrers{{Model: "DelProtectChild", Field: "parent", Keys: []any{int64(10), int64(11)}}}
						if way.name == "QuerySet.Delete" {
							want[0].Keys = append(want[0].Keys, int64(12))
						}
						if pe.Model != "DelParent" || !reflect.DeepEqual(pe.Protected, want) {
							t.Errorf("ProtectedError %+v, want model DelParent and %+v", pe, want)
						}
						if msg := err.Error(); !strings.Contains(msg, "DelProtectChild.parent (DelProtectChild 10, 11") {
							t.Errorf("message %q does not name the protecting rows", msg)
						}
						if !errors.Is(err, orm.ErrForeignKeyViolation) {
							t.Errorf("%v does not match ErrForeignKeyViolation", err)
						}
						if got := x.state(t); !slices.Equal(got, []string{"del_parent: 1 2 3 4", "del_cascade_child: 20:3", "del_protect_child: 10:3 11:3 12:4"}) {
							t.Errorf("something was deleted: %v", got)
						}
					})
				}
				t.Run("set_default to a key the same delete removes is refused", func(t *testing.T) {
					x.reset(t, delParents, children("del_set_default_child"))
					_, err := orm.Objects[DelParent](x.db).Filter(orm.Q{"pk__in": []int64{1, 3}}).Delete(ctx)
					if !errors.Is(err, orm.ErrForeignKeyViolation) || !strings.Contains(err.Error(), "DelSetDefaultChild.parent") {
						t.Fatalf("error %v, want one naming DelSetDefaultChild.parent and wrapping ErrForeignKeyViolation", err)
					}
					if got := x.state(t); !slices.Equal(got, []string{"del_parent: 1 2 3 4", "del_set_default_child: 10:3 11:3 12:4"}) {
						t.Errorf("rows changed: %v", got)
					}
				})
				t.Run("set_default with no default row is refused", func(t *testing.T) {
					x.reset(t, "INSERT INTO del_parent (id, name) VALUES (3, 'gone')", "INSERT INTO del_set_default_child (id, parent_id) VALUES (10, 3)")
					_, err := orm.Objects[DelParent](x.db).Filter(orm.Q{"pk": 3}).Delete(ctx)
					if !errors.Is(err, orm.ErrForeignKeyViolation) {
						t.Fatalf("error %v, want one wrapping ErrForeignKeyViolation", err)
					}
					if got := x.state(t); !slices.Equal(got, []string{"del_parent: 3", "del_set_default_child: 10:3"}) {
						t.Errorf("rows changed: %v", got)
					}
				})

				// Django's example: artist 1 has album 1 with song 1;
				// song 2 of artist 2 is on album 1 too in the second
				// fixture.
				artists := "INSERT INTO del_artist (id) VALUES (1), (2)"
				album := "INSERT INTO del_album (id, artist_id) VALUES (1, 1)"
				t.Run("restrict lifted by a cascade through another path", func(t *testing.T) {
					x.reset(t, artists, album, "INSERT INTO del_song (id, artist_id, album_id) VALUES (1, 1, 1)")
					var per map[string]int64
					n, err := orm.Objects[DelArtist](x.db).Filter(orm.Q{"pk": 1}).Delete(ctx, orm.DeletedPerModel(&per))
					must(t, err)
					if want := map[string]int64{"DelArtist": 1, "DelAlbum": 1, "DelSong": 1}; n != 3 || !maps.Equal(per, want) {
						t.Errorf("deleted %d %v, want 3 %v", n, per, want)
					}
					if got := x.state(t); !slices.Equal(got, []string{"del_artist: 2"}) {
						t.Errorf("rows left %v", got)
					}
				})
				t.Run("restrict by a row no cascade deletes", func(t *testing.T) {
					x.reset(t, artists, album, "INSERT INTO del_song (id, artist_id, album_id) VALUES (1, 1, 1), (2, 2, 1)")
					_, err := orm.Objects[DelArtist](x.db).Filter(orm.Q{"pk": 1}).Delete(ctx)
					var re *orm.RestrictedError
					if !errors.As(err, &re) || !errors.Is(err, orm.ErrRestricted) {
						t.Fatalf("error %v, want a *RestrictedError", err)
					}
					want := []orm.Referrers{{Model: "DelSong", Field: "album", Keys: []any{int64(2)}}}
					if re.Model != "DelAlbum" || !reflect.DeepEqual(re.Restricted, want) {
						t.Errorf("RestrictedError %+v, want DelAlbum %+v", re, want)
					}
					if got := x.state(t); !slices.Equal(got, []string{"del_artist: 1 2", "del_album: 1:1", "del_song: 1:1 2:1"}) {
						t.Errorf("rows changed: %v", got)
					}
				})
				t.Run("restrict when the album itself is deleted", func(t *testing.T) {
					x.reset(t, artists, album, "INSERT INTO del_song (id, artist_id, album_id) VALUES (1, 1, 1)")
					err := orm.Delete(ctx, x.db, &DelAlbum{Model: orm.Model{ID: 1}})
					if !errors.Is(err, orm.ErrRestricted) {
						t.Fatalf("error %v, want ErrRestricted", err)
					}
				})
			})
		}
	})
}

// TestDeleteCascades: a three-level cascade with ManyToMany join rows
// from both sides, and a self reference (a tree).
func TestDeleteCascades(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		for _, x := range delDatabases(t, b) {
			t.Run(x.name, func(t *testing.T) {
				ctx := context.Background()
				books := []string{
					"INSERT INTO del_author (id) VALUES (1), (2)",
					"INSERT INTO del_tag (id) VALUES (1), (2)",
					"INSERT INTO del_book (id, author_id) VALUES (1, 1), (2, 1), (3, 2)",
					"INSERT INTO del_book_tags (id, delbook_id, deltag_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 1)",
					"INSERT INTO del_chapter (id, book_id) VALUES (1, 1), (2, 1), (3, 2), (4, 3)",
				}
				for _, way := range []string{"QuerySet.Delete", "orm.Delete"} {
					t.Run("three levels and join rows/"+way, func(t *testing.T) {
						x.reset(t, books...)
						var per map[string]int64
						var n int64
						var err error
						if way == "orm.Delete" {
							err = orm.Delete(ctx, x.db, &DelAuthor{Model: orm.Model{ID: 1}}, orm.DeletedPerModel(&per))
							n = per["DelAuthor"] + per["DelBook"] + per["DelChapter"] + per["DelBook_tags"]
						} else {
							n, err = orm.Objects[DelAuthor](x.db).Filter(orm.Q{"pk": 1}).Delete(ctx, orm.DeletedPerModel(&per))
						}
						must(t, err)
						want := map[string]int64{"DelAuthor": 1, "DelBook": 2, "DelChapter": 3, "DelBook_tags": 3}
						if n != 9 || !maps.Equal(per, want) {
							t.Errorf("deleted %d %v, want 9 %v", n, per, want)
						}
						if got, want := x.state(t), []string{"del_author: 2", "del_tag: 1 2", "del_book: 3:2", "del_book_tags: 3:1", "del_chapter: 4:3"}; !slices.Equal(got, want) {
							t.Errorf("rows left %v, want %v", got, want)
						}
					})
				}
				t.Run("join rows of the target side", func(t *testing.T) {
					x.reset(t, books...)
					var per map[string]int64
					must(t, orm.Delete(ctx, x.db, &DelTag{Model: orm.Model{ID: 1}}, orm.DeletedPerModel(&per)))
					if want := map[string]int64{"DelTag": 1, "DelBook_tags": 3}; !maps.Equal(per, want) {
						t.Errorf("deleted %v, want %v", per, want)
					}
					if got, want := x.state(t), []string{"del_author: 1 2", "del_tag: 2", "del_book: 1:1 2:1 3:2", "del_book_tags: 1:2", "del_chapter: 1:1 2:1 3:2 4:3"}; !slices.Equal(got, want) {
						t.Errorf("rows left %v, want %v", got, want)
					}
				})
				t.Run("self reference", func(t *testing.T) {
					// 1 ← 2 ← 3 ← 5, 1 ← 4; 6 alone.
					x.reset(t, "INSERT INTO del_node (id, parent_id) VALUES (1, NULL), (2, 1), (3, 2), (4, 1), (5, 3), (6, NULL)")
					var per map[string]int64
					n, err := orm.Objects[DelNode](x.db).Filter(orm.Q{"pk": 1}).Delete(ctx, orm.DeletedPerModel(&per))
					must(t, err)
					if n != 5 || per["DelNode"] != 5 {
						t.Errorf("deleted %d %v, want 5", n, per)
					}
					if got := x.state(t); !slices.Equal(got, []string{"del_node: 6:NULL"}) {
						t.Errorf("rows left %v", got)
					}
				})
				t.Run("a model nothing refers to: counts and a nil option", func(t *testing.T) {
					x.reset(t, books...)
					var per map[string]int64
					n, err := orm.Objects[DelChapter](x.db).Filter(orm.Q{"book": 1}).Delete(ctx, orm.DeletedPerModel(&per))
					must(t, err)
					if want := map[string]int64{"DelChapter": 2}; n != 2 || !maps.Equal(per, want) {
						t.Errorf("QuerySet.Delete: %d %v, want 2 %v", n, per, want)
					}
					must(t, orm.Delete(ctx, x.db, &DelChapter{Model: orm.Model{ID: 3}}, orm.DeletedPerModel(&per)))
					if want := map[string]int64{"DelChapter": 1}; !maps.Equal(per, want) {
						t.Errorf("orm.Delete: %v, want %v", per, want)
					}
					must(t, orm.Delete(ctx, x.db, &DelChapter{Model: orm.Model{ID: 3}}, orm.DeletedPerModel(&per)))
					if len(per) != 0 {
						t.Errorf("orm.Delete of a key no row has: %v, want no count", per)
					}
					if _, err := orm.Objects[DelChapter](x.db).Filter(orm.Q{"pk": 4}).Delete(ctx, orm.DeletedPerModel(nil)); !errors.Is(err, orm.ErrInvalidQuery) {
						t.Errorf("DeletedPerModel(nil): %v, want ErrInvalidQuery", err)
					}
					if got, want := x.state(t), []string{"del_author: 1 2", "del_tag: 1 2", "del_book: 1:1 2:1 3:2", "del_book_tags: 1:1 1:2 2:1 3:1", "del_chapter: 4:3"}; !slices.Equal(got, want) {
						t.Errorf("rows left %v, want %v", got, want)
					}
				})
				t.Run("a cycle of two models", func(t *testing.T) {
					// a1 ↔ b1 refer to each other, b2 → a1, a2 → b2.
					x.reset(t, "INSERT INTO del_cyc_a (id, b_id) VALUES (1, NULL), (2, NULL)",
						"INSERT INTO del_cyc_b (id, a_id) VALUES (1, 1), (2, 1)",
						"UPDATE del_cyc_a SET b_id = 1 WHERE id = 1", "UPDATE del_cyc_a SET b_id = 2 WHERE id = 2",
						"INSERT INTO del_cyc_a (id, b_id) VALUES (3, NULL)")
					var per map[string]int64
					n, err := orm.Objects[DelCycA](x.db).Filter(orm.Q{"pk": 1}).Delete(ctx, orm.DeletedPerModel(&per))
					must(t, err)
					if want := map[string]int64{"DelCycA": 2, "DelCycB": 2}; n != 4 || !maps.Equal(per, want) {
						t.Errorf("deleted %d %v, want 4 %v (rows the database's cascade deleted are not counted)", n, per, want)
					}
					if got := x.state(t); !slices.Equal(got, []string{"del_cyc_a: 3:NULL"}) {
						t.Errorf("rows left %v", got)
					}
				})
				t.Run("inside Atomic: a savepoint", func(t *testing.T) {
					x.reset(t, delParents, children("del_cascade_child"), "INSERT INTO del_protect_child (id, parent_id) VALUES (30, 4)")
					errRollback := errors.New("roll back")
					err := orm.Atomic(ctx, x.db, func(ctx context.Context) error {
						if _, err := orm.Objects[DelParent](x.db).Filter(orm.Q{"pk": 4}).Delete(ctx); !errors.Is(err, orm.ErrProtected) {
							return fmt.Errorf("protected delete: %v", err)
						}
						// The block goes on after the refusal.
						if _, err := orm.Objects[DelParent](x.db).Filter(orm.Q{"pk": 3}).Delete(ctx); err != nil {
							return err
						}
						if got := x.stateIn(ctx, t); !slices.Equal(got, []string{"del_parent: 1 2 4", "del_cascade_child: 12:4"}) {
							return fmt.Errorf("inside the block: %v", got)
						}
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						t.Fatal(err)
					}
					if got, want := x.state(t), []string{"del_parent: 1 2 3 4", "del_cascade_child: 10:3 11:3 12:4", "del_protect_child: 30:4"}; !slices.Equal(got, want) {
						t.Errorf("after the rollback %v, want %v", got, want)
					}
				})
			})
		}
	})
}

// stateIn counts rows through the ORM in ctx's transaction (the admin
// connection cannot see them yet).
func (x delDB) stateIn(ctx context.Context, t *testing.T) []string {
	t.Helper()
	var out []string
	parents, err := orm.Objects[DelParent](x.db).OrderBy("id").All(ctx)
	must(t, err)
	var cells []string
	for _, p := range parents {
		cells = append(cells, fmt.Sprint(p.ID))
	}
	out = append(out, "del_parent: "+strings.Join(cells, " "))
	kids, err := orm.Objects[DelCascadeChild](x.db).OrderBy("id").All(ctx)
	must(t, err)
	cells = nil
	for _, k := range kids {
		cells = append(cells, fmt.Sprintf("%d:%d", k.ID, k.Parent.ID))
	}
	return append(out, "del_cascade_child: "+strings.Join(cells, " "))
}

// TestDeleteBareSQLiteWithoutForeignKeysLeavesNoOrphan is the regression
// test of the original defect: on a SQLite connection without _fk=1 a
// Delete of a parent left its children and join rows pointing at nothing.
func TestDeleteBareSQLiteWithoutForeignKeysLeavesNoOrphan(t *testing.T) {
	b := testenv.Lookup(t, testenv.SQLite)
	dbs := delDatabases(t, b)
	x := dbs[1]
	if x.enforced {
		t.Fatal("the second database should be the bare one")
	}
	ctx := context.Background()
	x.reset(t, "INSERT INTO del_author (id) VALUES (1)", "INSERT INTO del_tag (id) VALUES (1)",
		"INSERT INTO del_book (id, author_id) VALUES (1, 1)",
		"INSERT INTO del_book_tags (id, delbook_id, deltag_id) VALUES (1, 1, 1)",
		"INSERT INTO del_chapter (id, book_id) VALUES (1, 1)")
	must(t, orm.Delete(ctx, x.db, &DelAuthor{Model: orm.Model{ID: 1}}))
	if got := x.state(t); !slices.Equal(got, []string{"del_tag: 1"}) {
		t.Errorf("rows left after deleting the author: %v (orphans)", got)
	}
}

// TestDeleteDDL: the ON DELETE clauses left in the DDL as a backstop.
// set_default and set(N) are NO ACTION, which InnoDB and Oracle accept.
func TestDeleteDDL(t *testing.T) {
	for _, c := range []struct {
		schema func() (string, error)
		want   string
	}{
		{func() (string, error) { return onDelete(orm.Schema[DelCascadeChild]()) }, "CASCADE"},
		{func() (string, error) { return onDelete(orm.Schema[DelProtectChild]()) }, "NO ACTION"},
		{func() (string, error) { return onDelete(orm.Schema[DelRestrictChild]()) }, "NO ACTION"},
		{func() (string, error) { return onDelete(orm.Schema[DelSetNullChild]()) }, "SET NULL"},
		{func() (string, error) { return onDelete(orm.Schema[DelSetDefaultChild]()) }, "NO ACTION"},
		{func() (string, error) { return onDelete(orm.Schema[DelSetChild]()) }, "NO ACTION"},
		{func() (string, error) { return onDelete(orm.Schema[DelDoNothingChild]()) }, ""},
	} {
		got, err := c.schema()
		must(t, err)
		if got != c.want {
			t.Errorf("ON DELETE %q, want %q", got, c.want)
		}
	}
}

func onDelete(tb dialect.Table, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if len(tb.ForeignKeys) != 1 {
		return "", fmt.Errorf("%s has %d foreign keys, want 1", tb.Name, len(tb.ForeignKeys))
	}
	return tb.ForeignKeys[0].OnDelete, nil
}

// TestGoldenDelete pins the statements of a collected Delete per dialect:
// the keys read, the fast delete, the UPDATEs of set_null, set_default
// and set(N) (with the check that the key given exists), then the DELETE
// by key. Refresh with go test ./orm -run TestGoldenDelete -update.
func TestGoldenDelete(t *testing.T) {
	registerDelModels(t)
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			db, r := openRecorder(t)
			ctx := orm.WithDialect(context.Background(), d)
			g := &goldenWriter{}
			fmt.Fprintf(&g.b, "-- Golden SQL of Delete's collector for dialect %s. Regenerate: go test ./orm -run TestGoldenDelete -update\n", d.Name())

			g.section("QuerySet.Delete of a parent of every on_delete option")
			r.queue([]driver.Value{int64(3)}) // the parents matched
			r.queue()                         // no protecting row
			r.queue()                         // no restricting row
			r.queue([]driver.Value{int64(2)}) // set(2): parent 2 exists
			r.queue([]driver.Value{int64(1)}) // set_default: parent 1 exists
			_, err := orm.Objects[DelParent](db).Filter(orm.Q{"name__startswith": "g"}).Delete(ctx)
			g.do(r, err)

			g.section("orm.Delete of an author: books read, chapters and join rows fast-deleted")
			r.queue([]driver.Value{int64(5)}, []driver.Value{int64(6)}) // the author's books
			g.do(r, orm.Delete(ctx, db, &DelAuthor{Model: orm.Model{ID: 1}}))

			g.section("Restrict lifted: the song is fast-deleted through the artist")
			r.queue([]driver.Value{int64(1)}) // the artist's albums
			r.queue([]driver.Value{int64(7)}) // songs on them
			r.queue([]driver.Value{int64(7)}) // song 7 goes with the artist
			g.do(r, orm.Delete(ctx, db, &DelArtist{Model: orm.Model{ID: 1}}))

			g.section("Protect: nothing but reads")
			r.queue([]driver.Value{int64(3)})
			r.queue([]driver.Value{int64(10)}, []driver.Value{int64(11)})
			_, err = orm.Objects[DelParent](db).Filter(orm.Q{"pk": 3}).Delete(ctx)
			g.do(r, err)

			g.section("Fast delete of a model nothing refers to: one statement")
			_, err = orm.Objects[DelChapter](db).Filter(orm.Q{"book": 1}).Delete(ctx)
			g.do(r, err)
			g.section("orm.Delete of a model nothing refers to: one statement")
			g.do(r, orm.Delete(ctx, db, &DelSong{Model: orm.Model{ID: 4}}))

			compareGolden(t, filepath.Join("testdata", "delete", string(d.Name())+".sql"), g.b.String())
		})
	}
}

// registerDelModels builds the metadata of every model above, so that
// Delete knows every foreign key whichever tests ran before.
func registerDelModels(t *testing.T) {
	t.Helper()
	for _, err := range []error{
		orm.Register[DelParent](), orm.Register[DelCascadeChild](), orm.Register[DelProtectChild](),
		orm.Register[DelRestrictChild](), orm.Register[DelSetNullChild](), orm.Register[DelSetDefaultChild](),
		orm.Register[DelSetChild](), orm.Register[DelDoNothingChild](), orm.Register[DelArtist](),
		orm.Register[DelAlbum](), orm.Register[DelSong](), orm.Register[DelAuthor](), orm.Register[DelTag](),
		orm.Register[DelBook](), orm.Register[DelChapter](), orm.Register[DelNode](),
		orm.Register[DelCycA](), orm.Register[DelCycB](),
	} {
		must(t, err)
	}
}

// TestDeleteBatches: key lists longer than a statement may carry are
// split within the dialect's parameter and IN-list limits (Oracle's 1000
// items), and every key is deleted once.
func TestDeleteBatches(t *testing.T) {
	registerDelModels(t)
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			limit := d.MaxParams() - 64
			if l := d.Traits().MaxInList; l > 0 {
				limit = min(limit, l)
			}
			n := limit + 7
			db, r := openRecorder(t)
			ctx := orm.WithDialect(context.Background(), d)
			keys := make([][]driver.Value, n)
			for i := range keys {
				keys[i] = []driver.Value{int64(i + 1)}
			}
			r.queue(keys...) // the authors matched
			r.queue()        // books of the first batch
			r.queue()        // and of the second
			_, err := orm.Objects[DelAuthor](db).Filter(orm.AllRows()).Delete(ctx)
			must(t, err)
			deleted := map[any]int{}
			var stmts []string
			for _, s := range r.take() {
				if len(s.args) > limit {
					t.Errorf("%d arguments in %.60s..., the limit is %d", len(s.args), s.query, limit)
				}
				stmts = append(stmts, fmt.Sprintf("%.40s (%d)", s.query, len(s.args)))
				if strings.HasPrefix(s.query, "DELETE FROM "+string(d.AppendQuote(nil, "del_author"))) {
					for _, a := range s.args {
						deleted[a]++
					}
				}
			}
			if len(deleted) != n {
				t.Errorf("%d authors deleted, want %d: %v", len(deleted), n, stmts)
			}
			for k, c := range deleted {
				if c != 1 {
					t.Errorf("author %v deleted %d times", k, c)
				}
			}
			// The keys, two batches of book reads (none found), two
			// batches of DELETE.
			if len(stmts) != 5 {
				t.Errorf("statements %v, want 5", stmts)
			}
		})
	}
}

// Models whose set(N) cannot be a key.
type (
	badSetText struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set(abc)"`
	}
	badSetEmpty struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set()"`
	}
	badSetNull struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set(null),null"`
	}
	badSetFraction struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set(1.5)"`
	}
	badSetDefaultNoDefault struct {
		orm.Model
		Parent orm.FK[DelParent] `orm:"on_delete=set_default"`
	}
)

// TestDeleteOptionRefused: an on_delete=set(N) whose N is not a key of
// the target, or set_default without a default, is refused when the model
// is registered, naming the field.
func TestDeleteOptionRefused(t *testing.T) {
	for _, c := range []struct {
		name     string
		register func() error
		contains string
	}{
		{"text", orm.Register[badSetText], `"abc" is not a key of DelParent`},
		{"empty", orm.Register[badSetEmpty], "set() needs the key"},
		{"null", orm.Register[badSetNull], "use on_delete=set_null"},
		{"fraction", orm.Register[badSetFraction], `"1.5" is not a key of DelParent`},
		{"set_default without default", orm.Register[badSetDefaultNoDefault], "needs a default"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.register()
			var me *orm.ModelError
			if !errors.As(err, &me) || me.Field != "Parent" || me.Option != "on_delete" {
				t.Fatalf("Register: %v, want a *ModelError for field Parent, option on_delete", err)
			}
			if !strings.Contains(err.Error(), c.contains) {
				t.Errorf("error %q does not contain %q", err, c.contains)
			}
		})
	}
}

// ExampleDeletedPerModel deletes an author: the collector deletes the
// books (on_delete=cascade), their chapters and their join rows too, in
// one transaction, and reports the rows per model as Django's delete()
// does.
func ExampleDeletedPerModel() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	for _, m := range []func(context.Context, *sql.DB) error{orm.Migrate[DelAuthor], orm.Migrate[DelTag], orm.Migrate[DelBook], orm.Migrate[DelChapter]} {
		if err := m(ctx, db); err != nil {
			fmt.Println(err)
			return
		}
	}
	a := &DelAuthor{}
	tag := &DelTag{}
	_ = orm.Objects[DelAuthor](db).Create(ctx, a)
	_ = orm.Objects[DelTag](db).Create(ctx, tag)
	for range 2 {
		b := &DelBook{Author: orm.Ref[DelAuthor](a.ID)}
		_ = orm.Objects[DelBook](db).Create(ctx, b)
		_ = orm.Objects[DelChapter](db).Create(ctx, &DelChapter{Book: orm.Ref[DelBook](b.ID)})
		if tags, err := orm.M2M[DelTag](b, "tags"); err == nil {
			_ = tags.Add(ctx, db, tag)
		}
	}

	var per map[string]int64
	n, err := orm.Objects[DelAuthor](db).Filter(orm.Q{"pk": a.ID}).Delete(ctx, orm.DeletedPerModel(&per))
	fmt.Println(n, err)
	for _, m := range slices.Sorted(maps.Keys(per)) {
		fmt.Println(m, per[m])
	}
	// Output:
	// 7 <nil>
	// DelAuthor 1
	// DelBook 2
	// DelBook_tags 2
	// DelChapter 2
}

// DelShelf and DelBox are the models of ExampleProtectedError: a shelf
// cannot be deleted while a box is on it.
type (
	DelShelf struct {
		orm.Model
	}
	DelBox struct {
		orm.Model
		Shelf orm.FK[DelShelf] `orm:"on_delete=protect"`
	}
)

// ExampleProtectedError: a protected foreign key refuses the delete; the
// error names the rows that protect, and nothing was deleted.
func ExampleProtectedError() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	_ = orm.Migrate[DelShelf](ctx, db)
	_ = orm.Migrate[DelBox](ctx, db)
	s := &DelShelf{}
	_ = orm.Objects[DelShelf](db).Create(ctx, s)
	_ = orm.Objects[DelBox](db).Create(ctx, &DelBox{Shelf: orm.Ref[DelShelf](s.ID)})

	err := orm.Delete(ctx, db, s)
	var pe *orm.ProtectedError
	if errors.As(err, &pe) {
		fmt.Println(pe.Protected[0].Model, pe.Protected[0].Field, pe.Protected[0].Keys)
	}
	fmt.Println(errors.Is(err, orm.ErrProtected), s.ID)
	fmt.Println(err)
	// Output:
	// DelBox shelf [1]
	// true 1
	// sqlorm: cannot delete some DelShelf rows: they are referenced through protected foreign key DelBox.shelf (DelBox 1); delete or re-point those rows first
}

// TestDeleteMissingTable: a registered model whose table is missing is an
// error naming the foreign key Delete was following, and nothing is
// deleted.
func TestDeleteMissingTable(t *testing.T) {
	must(t, orm.Register[DelBox]())
	db := testenv.Lookup(t, testenv.SQLite).OpenDirect(t)
	ctx := context.Background()
	must(t, orm.Migrate[DelShelf](ctx, db))
	s := &DelShelf{}
	must(t, orm.Objects[DelShelf](db).Create(ctx, s))
	err := orm.Delete(ctx, db, s)
	if err == nil || !strings.Contains(err.Error(), "sqlorm: delete DelShelf (DelBox.shelf, on_delete=protect): ") || !strings.Contains(err.Error(), "del_box") {
		t.Fatalf("error %v, want one naming DelBox.shelf and its table", err)
	}
	if n, err := orm.Objects[DelShelf](db).Count(ctx); err != nil || n != 1 {
		t.Errorf("shelves left %d (%v), want 1", n, err)
	}
}
