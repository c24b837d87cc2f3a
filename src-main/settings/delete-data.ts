/**
 * "Delete all local data": every chat and everything computed from it (messages, statistics, the search
 * index, insights), cached embeddings, the cached balance and every setting, uploads the web shell kept,
 * and the stored Gemini key — then the file is compacted so the deleted text is not left in free pages.
 * Running insight jobs are stopped first (what they captured is settled). The coins are on the credits
 * server and are not touched, nor is a local credits server's database (it is the server's ledger).
 */
import { statSync } from 'node:fs';
import type { AppContext } from '../context';
import { GEMINI_KEY_SECRET } from '../gemini/access';
import { deleteChat, listChats } from '../library/queries';
import { pruneEmbeddingCache } from '../search-index/store';
import { sweepUploads } from '../web-shell/uploads';
import { SettingsStore } from './store';

/** The library's size on disk: the file and its write-ahead log. */
export function libraryBytes(path: string): number {
  let bytes = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      bytes += statSync(file).size;
    } catch {
      // absent (e.g. an in-memory library, or no WAL right now)
    }
  }
  return bytes;
}

export async function deleteAllLocalData(
  ctx: AppContext,
): Promise<{ chatsDeleted: number; bytesBefore: number; bytesAfter: number }> {
  const bytesBefore = libraryBytes(ctx.library.path);
  const chats = listChats(ctx.library);
  for (const chat of chats) {
    for (const job of ctx.insights.store.jobsOfChat(chat.id)) {
      if (job.status === 'running') await ctx.insights.cancel(job.id);
    }
  }
  let deleted = 0;
  for (const chat of chats) {
    if (deleteChat(ctx.library, chat.id)) {
      deleted += 1;
      ctx.emit('library-changed', { chatId: chat.id, change: 'deleted' });
    }
  }
  pruneEmbeddingCache(ctx.library, 0);
  ctx.account.forgetLocal();
  new SettingsStore(ctx.library).clear();
  await ctx.secrets.delete(GEMINI_KEY_SECRET);
  ctx.uploads.clear();
  sweepUploads(ctx, 0);
  ctx.library.sqlite.exec('VACUUM');
  ctx.library.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  ctx.emit('account-changed', { reason: 'settings' });
  return { chatsDeleted: deleted, bytesBefore, bytesAfter: libraryBytes(ctx.library.path) };
}
