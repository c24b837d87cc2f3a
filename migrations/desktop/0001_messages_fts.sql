-- Full-text index over message text. Trigram tokens find any substring of 3+ characters in every script
-- (CJK and Thai have no spaces for a word tokenizer to split on); diacritics and case are folded.
-- New messages are indexed by the import's writer in one statement (src-main/import/writer.ts: a per-row
-- insert trigger made FTS5 flush at every row, 6x slower); deletes and updates are followed here.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(
  `text`,
  content='messages',
  content_rowid='id',
  tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ad` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) VALUES ('delete', old.id, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_au` AFTER UPDATE OF `text` ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) VALUES ('delete', old.id, old.text);
  INSERT INTO `messages_fts`(rowid, `text`) VALUES (new.id, new.text);
END;
