/** Reading the library: chats, windows of messages, full-text search. */
import type { ChatSummary, MessageView, SearchHit } from '../../src-shared/api/library';
import {
  formatWallClock,
  type DateOrder,
  type MediaType,
  type MessageKind,
  type MessageSubtype,
} from '../../src-shared/messages';
import type { Library } from '../db/open';
import { AppError } from '../errors';

interface ChatRow {
  id: number;
  title: string;
  titleSource: string;
  platform: string;
  isGroup: number;
  dateOrder: string;
  messageCount: number;
  firstTs: number | null;
  lastTs: number | null;
  createdAt: number;
  updatedAt: number;
}

const CHAT_COLUMNS = `id, title, title_source AS titleSource, platform, is_group AS isGroup, date_order AS dateOrder,
  message_count AS messageCount, first_ts AS firstTs, last_ts AS lastTs, created_at AS createdAt, updated_at AS updatedAt`;

function toSummary(row: ChatRow, participants: string[]): ChatSummary {
  return {
    id: row.id,
    title: row.title,
    titleSource: row.titleSource as ChatSummary['titleSource'],
    platform: row.platform as ChatSummary['platform'],
    isGroup: row.isGroup === 1,
    dateOrder: row.dateOrder as DateOrder,
    participants,
    messageCount: row.messageCount,
    firstAt: row.firstTs === null ? null : formatWallClock(row.firstTs),
    lastAt: row.lastTs === null ? null : formatWallClock(row.lastTs),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function listChats(library: Library): ChatSummary[] {
  const rows = library.sqlite
    .prepare(`SELECT ${CHAT_COLUMNS} FROM chats ORDER BY updated_at DESC`)
    .all() as ChatRow[];
  const names = new Map<number, string[]>();
  for (const p of library.sqlite
    .prepare('SELECT chat_id AS chatId, name FROM participants ORDER BY id')
    .all() as {
    chatId: number;
    name: string;
  }[]) {
    const list = names.get(p.chatId) ?? [];
    list.push(p.name);
    names.set(p.chatId, list);
  }
  return rows.map((row) => toSummary(row, names.get(row.id) ?? []));
}

export function getChatSummary(library: Library, chatId: number): ChatSummary {
  const row = library.sqlite.prepare(`SELECT ${CHAT_COLUMNS} FROM chats WHERE id = ?`).get(chatId) as
    ChatRow | undefined;
  if (!row) throw new AppError('chat-not-found', `There is no chat ${chatId} in the library.`);
  const participants = library.sqlite
    .prepare('SELECT name FROM participants WHERE chat_id = ? ORDER BY id')
    .pluck()
    .all(chatId) as string[];
  return toSummary(row, participants);
}

export function deleteChat(library: Library, chatId: number): boolean {
  return library.sqlite.prepare('DELETE FROM chats WHERE id = ?').run(chatId).changes > 0;
}

interface MessageRow {
  id: number;
  seq: number;
  ts: number;
  author: string | null;
  kind: string;
  subtype: string | null;
  text: string;
  edited: number;
  fileName: string | null;
  mediaType: string | null;
  mediaFileId: number | null;
}

const MESSAGE_SELECT = `SELECT m.id, m.seq, m.ts, p.name AS author, m.kind, m.subtype, m.text, m.edited,
  a.file_name AS fileName, f.media_type AS mediaType, a.media_file_id AS mediaFileId
  FROM messages m
  LEFT JOIN participants p ON p.id = m.author_id
  LEFT JOIN attachments a ON a.message_id = m.id
  LEFT JOIN media_files f ON f.id = a.media_file_id`;

function toView(row: MessageRow): MessageView {
  return {
    id: row.id,
    seq: row.seq,
    at: formatWallClock(row.ts),
    author: row.author,
    kind: row.kind as MessageKind,
    subtype: row.subtype as MessageSubtype,
    text: row.text,
    edited: row.edited === 1,
    attachment:
      row.fileName === null
        ? null
        : {
            fileName: row.fileName,
            mediaType: (row.mediaType ?? (row.kind === 'media' ? row.subtype : null)) as MediaType | null,
            mediaFileId: row.mediaFileId,
          },
  };
}

export function messagesPage(
  library: Library,
  chatId: number,
  fromSeq: number,
  limit: number,
): MessageView[] {
  return (
    library.sqlite
      .prepare(`${MESSAGE_SELECT} WHERE m.chat_id = ? AND m.seq >= ? ORDER BY m.seq LIMIT ?`)
      .all(chatId, fromSeq, limit) as MessageRow[]
  ).map(toView);
}

/** Every message of a chat in order, without building them all at once. */
export function* iterateMessages(library: Library, chatId: number): Generator<MessageView> {
  const stmt = library.sqlite.prepare(`${MESSAGE_SELECT} WHERE m.chat_id = ? ORDER BY m.seq`);
  for (const row of stmt.iterate(chatId) as Iterable<MessageRow>) yield toView(row);
}

export function messagesByIds(library: Library, ids: number[]): MessageView[] {
  if (ids.length === 0) return [];
  const stmt = library.sqlite.prepare(`${MESSAGE_SELECT} WHERE m.id = ?`);
  return ids.flatMap((id) => {
    const row = stmt.get(id) as MessageRow | undefined;
    return row ? [toView(row)] : [];
  });
}

/** Position of the first message at or after a wall-clock time, or the last message if none is. */
export function locateSeq(library: Library, chatId: number, ts: number): number | null {
  const at = library.sqlite
    .prepare('SELECT min(seq) FROM messages WHERE chat_id = ? AND ts >= ?')
    .pluck()
    .get(chatId, ts) as number | null;
  if (at !== null) return at;
  return library.sqlite.prepare('SELECT max(seq) FROM messages WHERE chat_id = ?').pluck().get(chatId) as
    number | null;
}

export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

/**
 * Full-text search in one chat. Every word of the query must occur (as a substring, ignoring case and
 * diacritics). Words of 3+ characters go through the trigram index; shorter ones filter the candidates.
 */
export function searchMessages(
  library: Library,
  chatId: number,
  query: string,
  limit: number,
): { hits: SearchHit[]; total: number } {
  const terms = [
    ...new Set(
      query
        .normalize('NFC')
        .split(/\s+/u)
        .filter((t) => t.length > 0),
    ),
  ];
  if (terms.length === 0) return { hits: [], total: 0 };
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  const params: unknown[] = [];
  let from: string;
  let highlightExpr: string;
  if (long.length > 0) {
    from = 'messages_fts JOIN messages m ON m.id = messages_fts.rowid';
    params.push(long.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND '));
    highlightExpr = `highlight(messages_fts, 0, '${HIGHLIGHT_START}', '${HIGHLIGHT_END}')`;
  } else {
    from = 'messages m';
    highlightExpr = 'm.text';
  }
  let where = long.length > 0 ? 'messages_fts MATCH ? AND m.chat_id = ?' : 'm.chat_id = ?';
  params.push(chatId);
  for (const t of short) {
    where += " AND m.text LIKE ? ESCAPE '\\'";
    params.push(`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const total = library.sqlite
    .prepare(`SELECT count(*) FROM ${from} WHERE ${where}`)
    .pluck()
    .get(...params) as number;
  const rows = library.sqlite
    .prepare(
      `SELECT m.id AS id, ${highlightExpr} AS highlighted FROM ${from} WHERE ${where} ORDER BY m.seq LIMIT ?`,
    )
    .all(...params, limit) as { id: number; highlighted: string }[];
  const views = new Map(
    messagesByIds(
      library,
      rows.map((r) => r.id),
    ).map((v) => [v.id, v]),
  );
  const hits = rows.flatMap((r) => {
    const message = views.get(r.id);
    if (!message) return [];
    const highlighted = short.length > 0 ? highlightTerms(r.highlighted, short) : r.highlighted;
    return [{ message, highlighted }];
  });
  return { hits, total };
}

function highlightTerms(text: string, terms: string[]): string {
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(new RegExp(`(${escaped.join('|')})`, 'giu'), `${HIGHLIGHT_START}$1${HIGHLIGHT_END}`);
}
