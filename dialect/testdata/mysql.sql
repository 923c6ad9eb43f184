CREATE TABLE IF NOT EXISTS `owner` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(50) NOT NULL
) DEFAULT CHARSET=utf8mb4

CREATE TABLE IF NOT EXISTS `category` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `title` varchar(100) NOT NULL,
    CONSTRAINT `category_title_uniq` UNIQUE (`title`)
) DEFAULT CHARSET=utf8mb4

CREATE TABLE IF NOT EXISTS `catalog_item` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `flag` bool DEFAULT 1 NOT NULL,
    `small` smallint DEFAULT -3 NOT NULL,
    `qty` integer,
    `big` bigint DEFAULT 9007199254740993 NOT NULL,
    `psmall` smallint UNSIGNED DEFAULT 0 NOT NULL,
    `pint` integer UNSIGNED NOT NULL,
    `pbig` bigint UNSIGNED,
    `ratio` double precision DEFAULT 0.5 NOT NULL,
    `price` numeric(10, 2) DEFAULT 9.99 NOT NULL,
    `status` varchar(20) DEFAULT 'draft' NOT NULL,
    `name` varchar(200) NOT NULL,
    `note` longtext DEFAULT ('it''s a \\ test'),
    `born` date,
    `opens` time(6),
    `created` datetime(6) NOT NULL,
    `ttl` bigint DEFAULT NULL,
    `uid` char(36) NOT NULL,
    `meta` json DEFAULT ('{}'),
    `blob` longblob,
    `category_id` bigint,
    `owner_id` bigint NOT NULL,
    CONSTRAINT `catalog_item_name_uniq` UNIQUE (`name`),
    CONSTRAINT `catalog_item_uid_uniq` UNIQUE (`uid`),
    CONSTRAINT `catalog_item_name_status_uniq` UNIQUE (`name`, `status`),
    CONSTRAINT `catalog_item_owner_id_born_uniq` UNIQUE (`owner_id`, `born`),
    CONSTRAINT `catalog_item_psmall_check` CHECK (`psmall` >= 0),
    CONSTRAINT `catalog_item_pint_check` CHECK (`pint` >= 0),
    CONSTRAINT `catalog_item_pbig_check` CHECK (`pbig` >= 0),
    CONSTRAINT `catalog_item_status_check` CHECK (`status` IN ('draft', 'published', 'o''brien')),
    CONSTRAINT `catalog_item_category_id_fk` FOREIGN KEY (`category_id`) REFERENCES `category` (`id`) ON DELETE SET NULL,
    CONSTRAINT `item_owner_fk` FOREIGN KEY (`owner_id`) REFERENCES `owner` (`id`) ON DELETE CASCADE
) DEFAULT CHARSET=utf8mb4

CREATE INDEX IF NOT EXISTS `catalog_item_name_created_idx` ON `catalog_item` (`name`, `created`)

CREATE INDEX IF NOT EXISTS `item_status_ix` ON `catalog_item` (`status`)

CREATE UNIQUE INDEX IF NOT EXISTS `catalog_item_uid_owner_id_uniq` ON `catalog_item` (`uid`, `owner_id`)

CREATE INDEX IF NOT EXISTS `catalog_item_ratio_price_created_born_opens_small_af8158bb_idx` ON `catalog_item` (`ratio`, `price`, `created`, `born`, `opens`, `small`, `big`, `psmall`, `pint`)

