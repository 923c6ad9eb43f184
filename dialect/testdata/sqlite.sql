CREATE TABLE IF NOT EXISTS "owner" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(50) NOT NULL
)

CREATE TABLE IF NOT EXISTS "category" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(100) NOT NULL,
    CONSTRAINT "category_title_uniq" UNIQUE ("title")
)

CREATE TABLE IF NOT EXISTS "catalog_item" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "flag" bool DEFAULT 1 NOT NULL,
    "small" smallint DEFAULT -3 NOT NULL,
    "qty" integer,
    "big" bigint DEFAULT 9007199254740993 NOT NULL,
    "psmall" smallint unsigned DEFAULT 0 NOT NULL,
    "pint" integer unsigned NOT NULL,
    "pbig" bigint unsigned,
    "ratio" real DEFAULT 0.5 NOT NULL,
    "price" decimal DEFAULT 9.99 NOT NULL,
    "status" varchar(20) DEFAULT 'draft' NOT NULL,
    "name" varchar(200) NOT NULL,
    "note" text DEFAULT 'it''s a \ test',
    "born" date,
    "opens" time,
    "created" datetime NOT NULL,
    "ttl" bigint DEFAULT NULL,
    "uid" char(36) NOT NULL,
    "meta" text DEFAULT '{}',
    "blob" BLOB,
    "category_id" bigint,
    "owner_id" bigint NOT NULL,
    CONSTRAINT "catalog_item_name_uniq" UNIQUE ("name"),
    CONSTRAINT "catalog_item_uid_uniq" UNIQUE ("uid"),
    CONSTRAINT "catalog_item_name_status_uniq" UNIQUE ("name", "status"),
    CONSTRAINT "catalog_item_owner_id_born_uniq" UNIQUE ("owner_id", "born"),
    CONSTRAINT "catalog_item_psmall_check" CHECK ("psmall" >= 0),
    CONSTRAINT "catalog_item_pint_check" CHECK ("pint" >= 0),
    CONSTRAINT "catalog_item_pbig_check" CHECK ("pbig" >= 0),
    CONSTRAINT "catalog_item_status_check" CHECK ("status" IN ('draft', 'published', 'o''brien')),
    CONSTRAINT "catalog_item_meta_check" CHECK ((JSON_VALID("meta") OR "meta" IS NULL)),
    CONSTRAINT "catalog_item_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "category" ("id") ON DELETE SET NULL,
    CONSTRAINT "item_owner_fk" FOREIGN KEY ("owner_id") REFERENCES "owner" ("id") ON DELETE CASCADE
)

CREATE INDEX IF NOT EXISTS "catalog_item_name_created_idx" ON "catalog_item" ("name", "created")

CREATE INDEX IF NOT EXISTS "item_status_ix" ON "catalog_item" ("status")

CREATE UNIQUE INDEX IF NOT EXISTS "catalog_item_uid_owner_id_uniq" ON "catalog_item" ("uid", "owner_id")

CREATE INDEX IF NOT EXISTS "catalog_item_ratio_price_created_born_opens_small_af8158bb_idx" ON "catalog_item" ("ratio", "price", "created", "born", "opens", "small", "big", "psmall", "pint")

