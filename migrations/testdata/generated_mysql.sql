-- migration 0002_v2 (1cdf4a410c3e)
ALTER TABLE `post` RENAME COLUMN `title` TO `headline`;
ALTER TABLE `post` DROP COLUMN `body`;
CREATE TABLE IF NOT EXISTS `comment` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `text` longtext NOT NULL,
    `post_id` bigint NOT NULL,
    CONSTRAINT `comment_post_id_fk` FOREIGN KEY (`post_id`) REFERENCES `post` (`id`) ON DELETE CASCADE
) DEFAULT CHARSET=utf8mb4;
ALTER TABLE `post` ADD COLUMN `views` bigint DEFAULT 0 NOT NULL;
ALTER TABLE `post` DROP CONSTRAINT `post_status_check`;
ALTER TABLE `post` ADD CONSTRAINT `post_status_check` CHECK (`status` IN ('draft', 'published', 'archived'));
ALTER TABLE `post` ADD CONSTRAINT `post_headline_author_id_uniq` UNIQUE (`headline`, `author_id`);
CREATE INDEX IF NOT EXISTS `post_headline_idx` ON `post` (`headline`);
-- backwards
-- migration 0002_v2 (1cdf4a410c3e)
DROP INDEX `post_headline_idx` ON `post`;
ALTER TABLE `post` DROP INDEX `post_headline_author_id_uniq`;
ALTER TABLE `post` DROP CONSTRAINT `post_status_check`;
ALTER TABLE `post` ADD CONSTRAINT `post_status_check` CHECK (`status` IN ('draft', 'published'));
ALTER TABLE `post` DROP COLUMN `views`;
DROP TABLE IF EXISTS `comment`;
ALTER TABLE `post` ADD COLUMN `body` longtext;
ALTER TABLE `post` RENAME COLUMN `headline` TO `title`;
