-- Golden SQL of Delete's collector for dialect oracle. Regenerate: go test ./orm -run TestGoldenDelete -update

-- QuerySet.Delete of a parent of every on_delete option
SELECT "DEL_PARENT"."ID" FROM "DEL_PARENT" WHERE "DEL_PARENT"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "g%"
SELECT "ID" FROM "DEL_PROTECT_CHILD" WHERE "PARENT_ID" IN (:1)
   args: int64(3)
SELECT "ID" FROM "DEL_RESTRICT_CHILD" WHERE "PARENT_ID" IN (:1)
   args: int64(3)
DELETE FROM "DEL_CASCADE_CHILD" WHERE "PARENT_ID" IN (:1)
   args: int64(3)
UPDATE "DEL_SET_CHILD" SET "PARENT_ID" = :1 WHERE "PARENT_ID" IN (:2)
   args: int64(2), int64(3)
SELECT "ID" FROM "DEL_PARENT" WHERE "ID" IN (:1)
   args: int64(2)
UPDATE "DEL_SET_DEFAULT_CHILD" SET "PARENT_ID" = :1 WHERE "PARENT_ID" IN (:2)
   args: int64(1), int64(3)
SELECT "ID" FROM "DEL_PARENT" WHERE "ID" IN (:1)
   args: int64(1)
UPDATE "DEL_SET_NULL_CHILD" SET "PARENT_ID" = :1 WHERE "PARENT_ID" IN (:2)
   args: NULL, int64(3)
DELETE FROM "DEL_PARENT" WHERE "ID" IN (:1)
   args: int64(3)

-- orm.Delete of an author: books read, chapters and join rows fast-deleted
SELECT "ID" FROM "DEL_BOOK" WHERE "AUTHOR_ID" IN (:1)
   args: int64(1)
DELETE FROM "DEL_BOOK_TAGS" WHERE "DELBOOK_ID" IN (:1, :2)
   args: int64(5), int64(6)
DELETE FROM "DEL_CHAPTER" WHERE "BOOK_ID" IN (:1, :2)
   args: int64(5), int64(6)
DELETE FROM "DEL_BOOK" WHERE "ID" IN (:1, :2)
   args: int64(5), int64(6)
DELETE FROM "DEL_AUTHOR" WHERE "ID" IN (:1)
   args: int64(1)

-- Restrict lifted: the song is fast-deleted through the artist
SELECT "ID" FROM "DEL_ALBUM" WHERE "ARTIST_ID" IN (:1)
   args: int64(1)
SELECT "ID" FROM "DEL_SONG" WHERE "ALBUM_ID" IN (:1)
   args: int64(1)
SELECT "ID" FROM "DEL_SONG" WHERE "ID" IN (:1) AND "ARTIST_ID" IN (:2)
   args: int64(7), int64(1)
DELETE FROM "DEL_SONG" WHERE "ARTIST_ID" IN (:1)
   args: int64(1)
DELETE FROM "DEL_ALBUM" WHERE "ID" IN (:1)
   args: int64(1)
DELETE FROM "DEL_ARTIST" WHERE "ID" IN (:1)
   args: int64(1)

-- Protect: nothing but reads
SELECT "DEL_PARENT"."ID" FROM "DEL_PARENT" WHERE "DEL_PARENT"."ID" = :1
   args: int64(3)
SELECT "ID" FROM "DEL_PROTECT_CHILD" WHERE "PARENT_ID" IN (:1)
   args: int64(3)
SELECT "ID" FROM "DEL_RESTRICT_CHILD" WHERE "PARENT_ID" IN (:1)
   args: int64(3)
   error: sqlorm: cannot delete some DelParent rows: they are referenced through protected foreign key DelProtectChild.parent (DelProtectChild 10, 11); delete or re-point those rows first

-- Fast delete of a model nothing refers to: one statement
DELETE FROM "DEL_CHAPTER" WHERE "DEL_CHAPTER"."BOOK_ID" = :1
   args: int64(1)

-- orm.Delete of a model nothing refers to: one statement
DELETE FROM "DEL_SONG" WHERE "ID" = :1
   args: int64(4)
