CREATE TABLE `attachments` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`chat_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`media_file_id` integer,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_file_id`) REFERENCES `media_files`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `attachments_chat` ON `attachments` (`chat_id`);--> statement-breakpoint
CREATE TABLE `chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`title_source` text NOT NULL,
	`platform` text NOT NULL,
	`is_group` integer NOT NULL,
	`date_order` text NOT NULL,
	`message_count` integer NOT NULL,
	`first_ts` integer,
	`last_ts` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`file_path` text,
	`file_size` integer NOT NULL,
	`sha256` text NOT NULL,
	`source_kind` text NOT NULL,
	`format` text NOT NULL,
	`messages_in_file` integer NOT NULL,
	`messages_added` integer NOT NULL,
	`lines_unparsed` integer NOT NULL,
	`warnings` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `imports_chat` ON `imports` (`chat_id`);--> statement-breakpoint
CREATE INDEX `imports_sha` ON `imports` (`sha256`);--> statement-breakpoint
CREATE TABLE `media_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`import_id` integer NOT NULL,
	`entry_name` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`mime` text NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `media_files_chat_name` ON `media_files` (`chat_id`,`entry_name`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`ts` integer NOT NULL,
	`author_id` integer,
	`kind` text NOT NULL,
	`subtype` text,
	`text` text NOT NULL,
	`edited` integer DEFAULT false NOT NULL,
	`source_line` integer NOT NULL,
	`import_id` integer NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_chat_seq` ON `messages` (`chat_id`,`seq`);--> statement-breakpoint
CREATE INDEX `messages_chat_ts` ON `messages` (`chat_id`,`ts`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_chat_name` ON `participants` (`chat_id`,`name`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stats_cache` (
	`chat_id` integer NOT NULL,
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`json` text NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `key`),
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`category` text NOT NULL,
	`key` text NOT NULL,
	`payment` text NOT NULL,
	`reservation_id` text,
	`status` text NOT NULL,
	`run` integer DEFAULT 1 NOT NULL,
	`model` text NOT NULL,
	`settlement` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `insight_jobs_chat` ON `insight_jobs` (`chat_id`,`category`);--> statement-breakpoint
CREATE UNIQUE INDEX `insight_jobs_key` ON `insight_jobs` (`key`);--> statement-breakpoint
CREATE TABLE `insights` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`type` text NOT NULL,
	`position` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer,
	`started_at` integer,
	`finished_at` integer,
	`context` text,
	`result` text,
	`error_code` text,
	`error` text,
	`paid` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `insight_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `insights_job_type` ON `insights` (`job_id`,`type`);--> statement-breakpoint
CREATE TABLE `embedding_cache` (
	`hash` text PRIMARY KEY NOT NULL,
	`task` text NOT NULL,
	`model` text NOT NULL,
	`dimensions` integer NOT NULL,
	`vector` blob NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `search_chunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`hash` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`first_message_id` integer NOT NULL,
	`last_message_id` integer NOT NULL,
	`start_ts` integer NOT NULL,
	`end_ts` integer NOT NULL,
	`message_count` integer NOT NULL,
	`author_ids` text NOT NULL,
	`text` text NOT NULL,
	`tokens` integer NOT NULL,
	`embedded` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `search_chunks_chat_seq` ON `search_chunks` (`chat_id`,`first_seq`);--> statement-breakpoint
CREATE INDEX `search_chunks_hash` ON `search_chunks` (`hash`);