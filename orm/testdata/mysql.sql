-- Golden SQL of package orm for dialect mysql. Regenerate: go test ./orm -run TestGoldenSQL -update

-- Migrate[Category]
CREATE TABLE IF NOT EXISTS `category` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(100) NOT NULL
) DEFAULT CHARSET=utf8mb4

-- Migrate[Product]
CREATE TABLE IF NOT EXISTS `product` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(200) NOT NULL,
    `description` longtext,
    `price` numeric(10, 2) DEFAULT 0 NOT NULL,
    `status` varchar(20) DEFAULT 'draft' NOT NULL,
    `category_id` bigint,
    `created_at` datetime(6) NOT NULL,
    `updated_at` datetime(6) NOT NULL,
    CONSTRAINT `product_status_check` CHECK (`status` IN ('draft', 'published')),
    CONSTRAINT `product_category_id_fk` FOREIGN KEY (`category_id`) REFERENCES `category` (`id`) ON DELETE CASCADE
) DEFAULT CHARSET=utf8mb4
CREATE INDEX IF NOT EXISTS `product_name_idx` ON `product` (`name`)
CREATE INDEX IF NOT EXISTS `product_category_id_idx` ON `product` (`category_id`)
CREATE INDEX IF NOT EXISTS `product_name_created_at_idx` ON `product` (`name`, `created_at`)

-- Migrate[AuditedProduct]
CREATE TABLE IF NOT EXISTS `audited_product` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `created_at` datetime(6) NOT NULL,
    `updated_at` datetime(6) NOT NULL,
    `created_by` varchar(100),
    `updated_by` varchar(100),
    `name` varchar(200) NOT NULL
) DEFAULT CHARSET=utf8mb4

-- Migrate[OrderItem]
CREATE TABLE IF NOT EXISTS `order_item` (
    `code` varchar(20) NOT NULL PRIMARY KEY,
    `http_status` integer NOT NULL,
    `user_id` bigint NOT NULL,
    `qty` integer UNSIGNED DEFAULT 1 NOT NULL,
    CONSTRAINT `order_item_qty_check` CHECK (`qty` >= 0)
) DEFAULT CHARSET=utf8mb4

-- Migrate[Everything]
CREATE TABLE IF NOT EXISTS `everything` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `char` varchar(50) NOT NULL,
    `text` longtext NOT NULL,
    `small` smallint DEFAULT 0 NOT NULL,
    `int` integer DEFAULT 0 NOT NULL,
    `big` bigint DEFAULT 0 NOT NULL,
    `pos_small` integer UNSIGNED DEFAULT 0 NOT NULL,
    `pos` bigint UNSIGNED DEFAULT 0 NOT NULL,
    `pos_big` bigint UNSIGNED DEFAULT 0 NOT NULL,
    `float` double precision DEFAULT 0 NOT NULL,
    `dec` numeric(12, 4) DEFAULT 0 NOT NULL,
    `flag` bool DEFAULT 0 NOT NULL,
    `day` date NOT NULL,
    `clock` time(6) NOT NULL,
    `at` datetime(6) NOT NULL,
    `span` bigint NOT NULL,
    `email` varchar(254) NOT NULL,
    `url` varchar(200) NOT NULL,
    `slug` varchar(50) NOT NULL,
    `uuid` char(36) NOT NULL,
    `uuid_text` char(36),
    `doc` json,
    `tags` json NOT NULL,
    `blob` longblob,
    `n_str` longtext,
    `n_int` bigint,
    `n_time` datetime(6),
    `n_dec` numeric(8, 3),
    `n_bool` bool,
    `n_float` double precision,
    `nuuid` char(36),
    `n_duration` bigint,
    CONSTRAINT `everything_uuid_uniq` UNIQUE (`uuid`),
    CONSTRAINT `everything_pos_small_check` CHECK (`pos_small` >= 0),
    CONSTRAINT `everything_pos_check` CHECK (`pos` >= 0),
    CONSTRAINT `everything_pos_big_check` CHECK (`pos_big` >= 0)
) DEFAULT CHARSET=utf8mb4
CREATE INDEX IF NOT EXISTS `everything_slug_idx` ON `everything` (`slug`)

-- Migrate[Node] (self reference)
CREATE TABLE IF NOT EXISTS `node` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(30) NOT NULL,
    `parent_id` bigint,
    CONSTRAINT `node_name_uniq` UNIQUE (`name`),
    CONSTRAINT `node_parent_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `node` (`id`) ON DELETE SET NULL
) DEFAULT CHARSET=utf8mb4
CREATE INDEX IF NOT EXISTS `node_parent_id_idx` ON `node` (`parent_id`)

-- Migrate[SmallParent]
CREATE TABLE IF NOT EXISTS `small_parent` (
    `id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `code` varchar(5) NOT NULL
) DEFAULT CHARSET=utf8mb4

-- Migrate[Child] (FK to an int32 key)
CREATE TABLE IF NOT EXISTS `child` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `parent_id` integer NOT NULL,
    `rank` smallint DEFAULT 0 NOT NULL,
    CONSTRAINT `child_parent_id_rank_uniq` UNIQUE (`parent_id`, `rank`),
    CONSTRAINT `child_parent_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `small_parent` (`id`) ON DELETE NO ACTION
) DEFAULT CHARSET=utf8mb4
CREATE INDEX IF NOT EXISTS `child_parent_id_idx` ON `child` (`parent_id`)

-- Migrate[Label]
CREATE TABLE IF NOT EXISTS `label` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(30) NOT NULL,
    CONSTRAINT `label_name_uniq` UNIQUE (`name`)
) DEFAULT CHARSET=utf8mb4

-- Migrate[Article] (ManyToMany: the join table after the table)
CREATE TABLE IF NOT EXISTS `article` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `title` varchar(100) NOT NULL
) DEFAULT CHARSET=utf8mb4
CREATE TABLE IF NOT EXISTS `article_labels` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `article_id` bigint NOT NULL,
    `label_id` bigint NOT NULL,
    CONSTRAINT `article_labels_article_id_label_id_uniq` UNIQUE (`article_id`, `label_id`),
    CONSTRAINT `article_labels_article_id_fk` FOREIGN KEY (`article_id`) REFERENCES `article` (`id`) ON DELETE CASCADE,
    CONSTRAINT `article_labels_label_id_fk` FOREIGN KEY (`label_id`) REFERENCES `label` (`id`) ON DELETE CASCADE
) DEFAULT CHARSET=utf8mb4
CREATE INDEX IF NOT EXISTS `article_labels_article_id_idx` ON `article_labels` (`article_id`)
CREATE INDEX IF NOT EXISTS `article_labels_label_id_idx` ON `article_labels` (`label_id`)

-- Migrate[Person] (ManyToMany to self, db_table)
CREATE TABLE IF NOT EXISTS `person` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(30) NOT NULL
) DEFAULT CHARSET=utf8mb4
CREATE TABLE IF NOT EXISTS `person_friend` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `from_person_id` bigint NOT NULL,
    `to_person_id` bigint NOT NULL,
    CONSTRAINT `person_friend_from_person_id_to_person_id_uniq` UNIQUE (`from_person_id`, `to_person_id`),
    CONSTRAINT `person_friend_from_person_id_fk` FOREIGN KEY (`from_person_id`) REFERENCES `person` (`id`) ON DELETE CASCADE,
    CONSTRAINT `person_friend_to_person_id_fk` FOREIGN KEY (`to_person_id`) REFERENCES `person` (`id`) ON DELETE CASCADE
) DEFAULT CHARSET=utf8mb4
CREATE INDEX IF NOT EXISTS `person_friend_from_person_id_idx` ON `person_friend` (`from_person_id`)
CREATE INDEX IF NOT EXISTS `person_friend_to_person_id_idx` ON `person_friend` (`to_person_id`)

-- Migrate[Account]
CREATE TABLE IF NOT EXISTS `account` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `login` varchar(30) NOT NULL
) DEFAULT CHARSET=utf8mb4

-- Migrate[Profile] (OneToOne: UNIQUE, no second index)
CREATE TABLE IF NOT EXISTS `profile` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `account_id` bigint NOT NULL,
    `bio` longtext NOT NULL,
    CONSTRAINT `profile_account_id_uniq` UNIQUE (`account_id`),
    CONSTRAINT `profile_account_id_fk` FOREIGN KEY (`account_id`) REFERENCES `account` (`id`) ON DELETE CASCADE
) DEFAULT CHARSET=utf8mb4

-- TableExists[Product]
SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ? AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')
   args: "product"

-- Create Product (auto key)
INSERT INTO `product` (`name`, `description`, `price`, `status`, `category_id`, `created_at`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?, ?)
   args: "Widget", NULL, "9.99", "draft", int64(7), <now>, <now>

-- Save Product (update every column)
UPDATE `product` SET `name` = ?, `description` = ?, `price` = ?, `status` = ?, `category_id` = ?, `created_at` = ?, `updated_at` = ? WHERE `id` = ?
   args: "", NULL, "0.00", "draft", int64(7), <now>, <now>, int64(1)

-- Save Product UpdateFields(name, price)
UPDATE `product` SET `name` = ?, `price` = ? WHERE `id` = ?
   args: "", "0.00", int64(1)

-- Save Product with a zero key (insert)
INSERT INTO `product` (`name`, `description`, `price`, `status`, `category_id`, `created_at`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?, ?)
   args: "New", NULL, "0.00", "draft", NULL, <now>, <now>

-- Get Product by pk
SELECT `id`, `name`, `description`, `price`, `status`, `category_id`, `created_at`, `updated_at` FROM `product` WHERE `id` = ?
   args: int64(1)
   error: sqlorm: Product matching query does not exist: sqlorm: object does not exist

-- Get Product by fields
SELECT `product`.`id`, `product`.`name`, `product`.`description`, `product`.`price`, `product`.`status`, `product`.`category_id`, `product`.`created_at`, `product`.`updated_at` FROM `product` WHERE `product`.`category_id` = ? AND `product`.`description` IS NULL AND `product`.`name` = ? AND `product`.`status` = ? LIMIT 21
   args: int64(7), "Widget", "draft"
   error: sqlorm: Product matching query does not exist: sqlorm: object does not exist

-- Filter.Count
SELECT COUNT(*) FROM `product` WHERE `product`.`status` = ?
   args: "published"

-- All (Meta.Ordering)
SELECT `product`.`id`, `product`.`name`, `product`.`description`, `product`.`price`, `product`.`status`, `product`.`category_id`, `product`.`created_at`, `product`.`updated_at` FROM `product` WHERE `product`.`category_id` = ? ORDER BY `product`.`created_at` DESC
   args: int64(7)

-- OrderBy(name, -pk).All
SELECT `product`.`id`, `product`.`name`, `product`.`description`, `product`.`price`, `product`.`status`, `product`.`category_id`, `product`.`created_at`, `product`.`updated_at` FROM `product` ORDER BY `product`.`name` ASC, `product`.`id` DESC

-- Refresh Product
SELECT `id`, `name`, `description`, `price`, `status`, `category_id`, `created_at`, `updated_at` FROM `product` WHERE `id` = ?
   args: int64(1)
   error: sqlorm: Product matching query does not exist: sqlorm: object does not exist

-- Delete Product
DELETE FROM `product` WHERE `id` = ?
   args: int64(1)

-- Create OrderItem (explicit string key)
INSERT INTO `order_item` (`code`, `http_status`, `user_id`, `qty`) VALUES (?, ?, ?, ?)
   args: "A-1", int64(200), int64(9), int64(1)

-- Create Everything (every field kind)
INSERT INTO `everything` (`char`, `text`, `small`, `int`, `big`, `pos_small`, `pos`, `pos_big`, `float`, `dec`, `flag`, `day`, `clock`, `at`, `span`, `email`, `url`, `slug`, `uuid`, `uuid_text`, `doc`, `tags`, `blob`, `n_str`, `n_int`, `n_time`, `n_dec`, `n_bool`, `n_float`, `nuuid`, `n_duration`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
   args: "héllo", "long text", int64(-3), int64(70000), int64(1099511627776), int64(7), int64(4000000000), int64(4611686018427387904), float64(0.1), "12345678.1234", int64(1), "2024-03-09", "14:05:06.123456", "2024-03-09 13:05:06.123456", int64(129600000005), "a@example.com", "https://example.com/x", "a-slug", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "{\"a\":1,\"b\":[\"x\"]}", "[\"t1\",\"t2\"]", []byte(000102), "s", int64(5), "2024-03-09 13:05:06.123456", "1.500", int64(1), float64(2.5), "6ba7b810-9dad-11d1-80b4-00c04fd430c8", int64(5400000000)

-- Get Everything by uuid, time and bool
SELECT `everything`.`id`, `everything`.`char`, `everything`.`text`, `everything`.`small`, `everything`.`int`, `everything`.`big`, `everything`.`pos_small`, `everything`.`pos`, `everything`.`pos_big`, `everything`.`float`, `everything`.`dec`, `everything`.`flag`, `everything`.`day`, `everything`.`clock`, `everything`.`at`, `everything`.`span`, `everything`.`email`, `everything`.`url`, `everything`.`slug`, `everything`.`uuid`, `everything`.`uuid_text`, `everything`.`doc`, `everything`.`tags`, `everything`.`blob`, `everything`.`n_str`, `everything`.`n_int`, `everything`.`n_time`, `everything`.`n_dec`, `everything`.`n_bool`, `everything`.`n_float`, `everything`.`nuuid`, `everything`.`n_duration` FROM `everything` WHERE `everything`.`at` = ? AND `everything`.`day` = ? AND `everything`.`flag` = ? AND `everything`.`uuid` = ? LIMIT 21
   args: "2024-03-09 13:05:06.123456", "2024-03-09", int64(1), "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
   error: sqlorm: Everything matching query does not exist: sqlorm: object does not exist
