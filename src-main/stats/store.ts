/**
 * Statistics in the store (stats_cache): computed at import, read back on open, computed on demand for a
 * filtered request and kept for next time. A row is valid for one state of the chat (its key starts with the
 * chat's fingerprint: last update and message count) and one STATS_VERSION; anything else is recomputed, so
 * a re-import or a newer app never serves stale figures even if nobody refreshed them.
 */
import { DEFAULT_CONVERSATION_GAP_MINUTES, type ChatStats } from '../../src-shared/stats';
import { parseWallClock } from '../../src-shared/messages';
import type { Library } from '../db/open';
import { AppError } from '../errors';
import { computeChatStats, STATS_VERSION, type StatsQuery } from './compute';
import { SECONDS_PER_DAY } from './calendar';

export interface StatsRequest {
  /** `YYYY-MM-DD[THH:MM[:SS]]`, inclusive; a date alone means from its start. */
  from?: string | undefined;
  /** `YYYY-MM-DD[THH:MM[:SS]]`, inclusive; a date alone means to its end. */
  to?: string | undefined;
  author?: string | undefined;
  gapMinutes?: number | undefined;
}

/** Filtered results kept per chat besides the default one (least recently computed go first). */
const MAX_CACHED_PER_CHAT = 32;

function wallClockArg(value: string, name: string): number {
  const ts = parseWallClock(value);
  if (Number.isNaN(ts))
    throw new AppError('invalid-date', `--${name} "${value}" is not a date (YYYY-MM-DD).`);
  return ts;
}

export function toQuery(request: StatsRequest): StatsQuery {
  const fromTs = request.from === undefined ? null : wallClockArg(request.from, 'from');
  let toTs: number | null = null;
  if (request.to !== undefined) {
    const to = wallClockArg(request.to, 'to');
    // Inclusive to the precision given: the whole day, the whole minute, the second.
    toTs = to + (request.to.length === 10 ? SECONDS_PER_DAY : request.to.length === 16 ? 60 : 1);
  }
  if (fromTs !== null && toTs !== null && toTs <= fromTs) {
    throw new AppError('invalid-date', `The range ${request.from} – ${request.to} is empty.`);
  }
  const gapMinutes = request.gapMinutes ?? DEFAULT_CONVERSATION_GAP_MINUTES;
  if (!(gapMinutes > 0)) throw new AppError('invalid-arguments', 'The conversation gap must be positive.');
  return { fromTs, toTs, author: request.author ?? null, gapMinutes };
}

function fingerprint(library: Library, chatId: number): string {
  const chat = library.sqlite
    .prepare('SELECT updated_at AS updatedAt, message_count AS messageCount FROM chats WHERE id = ?')
    .get(chatId) as { updatedAt: number; messageCount: number } | undefined;
  if (!chat) throw new AppError('chat-not-found', `There is no chat ${chatId} in the library.`);
  return `${chat.updatedAt}:${chat.messageCount}`;
}

const keyOf = (print: string, q: StatsQuery) =>
  `${print}|${q.fromTs ?? ''}|${q.toTs ?? ''}|${q.author ?? ''}|${q.gapMinutes}`;

function readCached(library: Library, chatId: number, key: string): ChatStats | null {
  const row = library.sqlite
    .prepare('SELECT version, json FROM stats_cache WHERE chat_id = ? AND key = ?')
    .get(chatId, key) as { version: number; json: string } | undefined;
  return row && row.version === STATS_VERSION ? (JSON.parse(row.json) as ChatStats) : null;
}

/**
 * Stores statistics and drops the chat's stale rows. With `wait: false` (the UI's process) a library busy
 * with another writer (an import in a worker) is not waited for: the figures are simply not kept this time.
 */
function store(
  library: Library,
  chatId: number,
  print: string,
  key: string,
  stats: ChatStats,
  wait: boolean,
): void {
  const { sqlite } = library;
  const write = sqlite.transaction(() => {
    sqlite
      .prepare(
        'INSERT OR REPLACE INTO stats_cache (chat_id, key, version, json, computed_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(chatId, key, STATS_VERSION, JSON.stringify(stats), stats.computedAt);
    sqlite
      .prepare('DELETE FROM stats_cache WHERE chat_id = ? AND (version != ? OR substr(key, 1, ?) != ?)')
      .run(chatId, STATS_VERSION, print.length + 1, `${print}|`);
    sqlite
      .prepare(
        `DELETE FROM stats_cache WHERE chat_id = ? AND key NOT IN (
           SELECT key FROM stats_cache WHERE chat_id = ? ORDER BY key = ? DESC, computed_at DESC LIMIT ?)`,
      )
      .run(chatId, chatId, keyOf(print, toQuery({})), MAX_CACHED_PER_CHAT + 1);
  });
  if (wait) return write.immediate();
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    write.immediate();
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

/** The statistics for a request if the store has them and they are current (cheap: one row). */
export function storedChatStats(
  library: Library,
  chatId: number,
  request: StatsRequest = {},
): ChatStats | null {
  return readCached(library, chatId, keyOf(fingerprint(library, chatId), toQuery(request)));
}

/** The statistics for a request: from the store when they are there and current, else computed and kept. */
export function getChatStats(library: Library, chatId: number, request: StatsRequest = {}): ChatStats {
  const query = toQuery(request);
  const print = fingerprint(library, chatId);
  const key = keyOf(print, query);
  const cached = readCached(library, chatId, key);
  if (cached) return cached;
  const stats = computeChatStats(library, chatId, query);
  store(library, chatId, print, key, stats, false);
  return stats;
}

/**
 * Computes and stores a chat's default statistics unless current ones are stored: call it after an import
 * commits (in process or in the import worker), so opening the chat reads them back at once.
 */
export function refreshChatStats(library: Library, chatId: number): void {
  const query = toQuery({});
  const print = fingerprint(library, chatId);
  const key = keyOf(print, query);
  if (readCached(library, chatId, key)) return;
  store(library, chatId, print, key, computeChatStats(library, chatId, query), true);
}
