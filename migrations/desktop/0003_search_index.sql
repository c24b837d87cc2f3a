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