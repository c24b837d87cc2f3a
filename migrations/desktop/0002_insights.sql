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
CREATE UNIQUE INDEX `insights_job_type` ON `insights` (`job_id`,`type`);