-- migration 0001_author (3703ce2c15c0)
CREATE TABLE IF NOT EXISTS "author" (
    "id" bigint NOT NULL PRIMARY KEY,
    "name" varchar(50) NOT NULL
);
CREATE INDEX IF NOT EXISTS "author_name_idx" ON "author" ("name");
-- migration 0002_changes (b428bce888d8)
ALTER TABLE "author" ADD COLUMN "email" varchar(100);
ALTER TABLE "author" RENAME COLUMN "name" TO "full_name";
DROP INDEX IF EXISTS "author_name_idx";
ALTER TABLE "author" DROP COLUMN "email";
ALTER TABLE "author" RENAME TO "writer";
ALTER TABLE "writer" RENAME CONSTRAINT "author_pkey" TO "writer_pkey";
-- RunGo("backfill")
UPDATE writer SET full_name = UPPER(full_name);
DROP TABLE IF EXISTS "writer";
