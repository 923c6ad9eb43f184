-- Golden SQL of Delete's collector for dialect sqlite. Regenerate: go test ./orm -run TestGoldenDelete -update

-- QuerySet.Delete of a parent of every on_delete option
SELECT "del_parent"."id" FROM "del_parent" WHERE "del_parent"."name" GLOB ?
   args: "g*"
SELECT "id" FROM "del_protect_child" WHERE "parent_id" IN (?)
   args: int64(3)
SELECT "id" FROM "del_restrict_child" WHERE "parent_id" IN (?)
   args: int64(3)
DELETE FROM "del_cascade_child" WHERE "parent_id" IN (?)
   args: int64(3)
UPDATE "del_set_child" SET "parent_id" = ? WHERE "parent_id" IN (?)
   args: int64(2), int64(3)
SELECT "id" FROM "del_parent" WHERE "id" IN (?)
   args: int64(2)
UPDATE "del_set_default_child" SET "parent_id" = ? WHERE "parent_id" IN (?)
   args: int64(1), int64(3)
SELECT "id" FROM "del_parent" WHERE "id" IN (?)
   args: int64(1)
UPDATE "del_set_null_child" SET "parent_id" = ? WHERE "parent_id" IN (?)
   args: NULL, int64(3)
DELETE FROM "del_parent" WHERE "id" IN (?)
   args: int64(3)

-- orm.Delete of an author: books read, chapters and join rows fast-deleted
SELECT "id" FROM "del_book" WHERE "author_id" IN (?)
   args: int64(1)
DELETE FROM "del_book_tags" WHERE "delbook_id" IN (?, ?)
   args: int64(5), int64(6)
DELETE FROM "del_chapter" WHERE "book_id" IN (?, ?)
   args: int64(5), int64(6)
DELETE FROM "del_book" WHERE "id" IN (?, ?)
   args: int64(5), int64(6)
DELETE FROM "del_author" WHERE "id" IN (?)
   args: int64(1)

-- Restrict lifted: the song is fast-deleted through the artist
SELECT "id" FROM "del_album" WHERE "artist_id" IN (?)
   args: int64(1)
SELECT "id" FROM "del_song" WHERE "album_id" IN (?)
   args: int64(1)
SELECT "id" FROM "del_song" WHERE "id" IN (?) AND "artist_id" IN (?)
   args: int64(7), int64(1)
DELETE FROM "del_song" WHERE "artist_id" IN (?)
   args: int64(1)
DELETE FROM "del_album" WHERE "id" IN (?)
   args: int64(1)
DELETE FROM "del_artist" WHERE "id" IN (?)
   args: int64(1)

-- Protect: nothing but reads
SELECT "del_parent"."id" FROM "del_parent" WHERE "del_parent"."id" = ?
   args: int64(3)
SELECT "id" FROM "del_protect_child" WHERE "parent_id" IN (?)
   args: int64(3)
SELECT "id" FROM "del_restrict_child" WHERE "parent_id" IN (?)
   args: int64(3)
   error: sqlorm: cannot delete some DelParent rows: they are referenced through protected foreign key DelProtectChild.parent (DelProtectChild 10, 11); delete or re-point those rows first

-- Fast delete of a model nothing refers to: one statement
DELETE FROM "del_chapter" WHERE "del_chapter"."book_id" = ?
   args: int64(1)

-- orm.Delete of a model nothing refers to: one statement
DELETE FROM "del_song" WHERE "id" = ?
   args: int64(4)
