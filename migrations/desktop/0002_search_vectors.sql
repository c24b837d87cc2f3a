-- Binary-quantised chunk vectors for the KNN prefilter (exact cosine rescoring reads the float vectors from
-- embedding_cache), partitioned by chat; rowid = search_chunks.id. The dates are metadata columns so a date
-- filter narrows the KNN itself. See src-main/search-index/vector-store.ts and bench/vector.ts.
CREATE VIRTUAL TABLE `search_vectors` USING vec0(
  chat_id integer partition key,
  embedding bit[768],
  start_ts integer,
  end_ts integer
);
--> statement-breakpoint
-- A vec0 table cannot take foreign keys: every way a chunk row goes (re-chunking, chats-delete, a re-import
-- that replaces the chat — the cascade from chats fires this too) takes its vector with it.
CREATE TRIGGER `search_chunks_vectors_ad` AFTER DELETE ON `search_chunks` BEGIN
  DELETE FROM `search_vectors` WHERE rowid = old.id;
END;
