-- migration 0002_v2 (1cdf4a410c3e)
ALTER TABLE "post" RENAME COLUMN "title" TO "headline";
ALTER TABLE "post" DROP COLUMN "body";
CREATE TABLE IF NOT EXISTS "comment" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" text NOT NULL,
    "post_id" bigint NOT NULL,
    CONSTRAINT "comment_post_id_fk" FOREIGN KEY ("post_id") REFERENCES "post" ("id") ON DELETE CASCADE
);
ALTER TABLE "post" ADD COLUMN "views" bigint DEFAULT 0 NOT NULL;
CREATE TABLE IF NOT EXISTS "post__new" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "headline" varchar(200) NOT NULL,
    "status" varchar(20) DEFAULT 'draft' NOT NULL,
    "author_id" bigint NOT NULL,
    "views" bigint DEFAULT 0 NOT NULL,
    CONSTRAINT "post_headline_author_id_uniq" UNIQUE ("headline", "author_id"),
    CONSTRAINT "post_status_check" CHECK ("status" IN ('draft', 'published', 'archived')),
    CONSTRAINT "post_author_id_fk" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE CASCADE
);
INSERT INTO "post__new" ("id", "headline", "status", "author_id", "views") SELECT "id", "headline", "status", "author_id", "views" FROM "post";
DROP TABLE IF EXISTS "post";
ALTER TABLE "post__new" RENAME TO "post";
CREATE INDEX IF NOT EXISTS "post_headline_idx" ON "post" ("headline");
-- backwards
-- migration 0002_v2 (1cdf4a410c3e)
DROP INDEX IF EXISTS "post_headline_idx";
CREATE TABLE IF NOT EXISTS "post__new" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "headline" varchar(200) NOT NULL,
    "status" varchar(20) DEFAULT 'draft' NOT NULL,
    "author_id" bigint NOT NULL,
    "views" bigint DEFAULT 0 NOT NULL,
    CONSTRAINT "post_status_check" CHECK ("status" IN ('draft', 'published')),
    CONSTRAINT "post_author_id_fk" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE CASCADE
);
INSERT INTO "post__new" ("id", "headline", "status", "author_id", "views") SELECT "id", "headline", "status", "author_id", "views" FROM "post";
DROP TABLE IF EXISTS "post";
ALTER TABLE "post__new" RENAME TO "post";
ALTER TABLE "post" DROP COLUMN "views";
DROP TABLE IF EXISTS "comment";
ALTER TABLE "post" ADD COLUMN "body" text;
ALTER TABLE "post" RENAME COLUMN "headline" TO "title";
