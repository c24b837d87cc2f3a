/**
 * Writes one import into the library. Runs inside the pipeline's transaction; every statement is prepared
 * once. A chat that is continued keeps its messages; only those after what it already holds are added.
 */
import { basename } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { ImportWarning } from '../../src-shared/api/imports';
import { GROUP_ONLY_SYSTEM_TYPES, type DateOrder, type SystemType } from '../../src-shared/messages';
import type { Library } from '../db/open';
import type { MediaEntry } from './export-file';
import type { ExportFormat, ParsedMessage } from './parser/types';

/** Messages that must all be found in a chat for a new export to continue it. */
export const CONTINUATION_PROBE = 5;

/**
 * The chat, if any, that a newer export of the same chat continues: the export's first written messages
 * (up to five; system notices are the same in every chat and prove nothing) are all in it, same time,
 * author and text. A newer export starts inside the old one (WhatsApp caps how much history it exports).
 */
export function findChatContaining(library: Library, firstMessages: ParsedMessage[]): number | null {
  const probe = firstMessages.filter((m) => m.author !== null).slice(0, CONTINUATION_PROBE);
  if (probe.length === 0) return null;
  const find = library.sqlite.prepare(
    `SELECT 1 FROM messages m LEFT JOIN participants p ON p.id = m.author_id
     WHERE m.chat_id = ? AND m.ts = ? AND m.text = ? AND m.kind = ? AND p.name IS ? LIMIT 1`,
  );
  // Newest chat first; a few indexed probes per chat (a library holds few chats, messages by the million).
  const chatIds = library.sqlite.prepare('SELECT id FROM chats ORDER BY id DESC').pluck().all() as number[];
  return (
    chatIds.find((id) => probe.every((m) => find.get(id, m.ts, m.text, m.kind, m.author) !== undefined)) ??
    null
  );
}

/** The chat an identical chat text (same bytes, read in the same date order) was imported into. */
export function findImportOfText(library: Library, sha256: string, dateOrder: DateOrder): number | null {
  const row = library.sqlite
    .prepare(
      `SELECT i.chat_id AS chatId FROM imports i JOIN chats c ON c.id = i.chat_id
       WHERE i.sha256 = ? AND c.date_order = ? ORDER BY i.id DESC LIMIT 1`,
    )
    .get(sha256, dateOrder) as { chatId: number } | undefined;
  return row?.chatId ?? null;
}

interface BeginImport {
  fileName: string;
  filePath: string | null;
  fileSize: number;
  sha256: string;
  sourceKind: 'txt' | 'zip';
  format: ExportFormat;
  startedAt: number;
  media: MediaEntry[];
}

export class ChatWriter {
  readonly #sqlite: Library['sqlite'];
  readonly #insertMessage: Statement;
  readonly #insertAttachment: Statement;
  readonly #insertParticipant: Statement;
  #importId = 0;
  #chatId = 0;
  #created = false;
  #nextSeq = 0;
  #added = 0;
  #participants = new Map<string, number>();
  /** Messages of a continued chat at its latest timestamp, by key, to skip their repeats. */
  #boundaryTs = Number.NEGATIVE_INFINITY;
  #boundaryKeys = new Map<string, number>();
  #media = new Map<string, number>();
  #hasMedia = false;
  readonly missingMedia: string[] = [];
  #sawGroupEvent = false;

  constructor(library: Library) {
    this.#sqlite = library.sqlite;
    this.#insertMessage = this.#sqlite.prepare(
      `INSERT INTO messages (chat_id, seq, ts, author_id, kind, subtype, text, edited, source_line, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertAttachment = this.#sqlite.prepare(
      'INSERT INTO attachments (message_id, chat_id, file_name, media_file_id) VALUES (?, ?, ?, ?)',
    );
    this.#insertParticipant = this.#sqlite.prepare('INSERT INTO participants (chat_id, name) VALUES (?, ?)');
  }

  get hasChat(): boolean {
    return this.#chatId !== 0;
  }

  deleteChat(chatId: number): void {
    this.#sqlite.prepare('DELETE FROM chats WHERE id = ?').run(chatId);
  }

  beginImport(info: BeginImport): void {
    this.#pendingImport = info;
  }

  /**
   * The full-text index (migrations/desktop/0001) is filled by the writer, all new rows in one statement:
   * through a per-row trigger FTS5 flushes its pending terms at every insert, and 100k messages took 4.5 s
   * against 0.7 s. Deletes and updates are still followed by triggers.
   */
  #indexNewMessages(): void {
    if (this.#firstId === 0) return;
    this.#sqlite
      .prepare(
        'INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id BETWEEN ? AND ?',
      )
      .run(this.#firstId, this.#lastId);
  }

  /** Rowids of the first and last message this import added (ids only grow: AUTOINCREMENT). */
  #firstId = 0;
  #lastId = 0;
  #pendingImport: BeginImport | null = null;

  createChat(chat: { title: string | null; platform: 'android' | 'ios'; dateOrder: DateOrder }): void {
    const now = Date.now();
    const result = this.#sqlite
      .prepare(
        `INSERT INTO chats (title, title_source, platform, is_group, date_order, message_count, created_at, updated_at)
         VALUES (?, ?, ?, 0, ?, 0, ?, ?)`,
      )
      .run(
        chat.title ?? '',
        chat.title ? 'file-name' : 'participants',
        chat.platform,
        chat.dateOrder,
        now,
        now,
      );
    this.#chatId = Number(result.lastInsertRowid);
    this.#created = true;
    this.#startImportRow();
  }

  continueChat(chatId: number): void {
    this.#chatId = chatId;
    for (const row of this.#sqlite
      .prepare('SELECT id, name FROM participants WHERE chat_id = ?')
      .all(chatId) as {
      id: number;
      name: string;
    }[]) {
      this.#participants.set(row.name, row.id);
    }
    const last = this.#sqlite
      .prepare('SELECT max(seq) AS seq, max(ts) AS ts FROM messages WHERE chat_id = ?')
      .get(chatId) as { seq: number | null; ts: number | null };
    this.#nextSeq = (last.seq ?? -1) + 1;
    if (last.ts !== null) {
      this.#boundaryTs = last.ts;
      const atBoundary = this.#sqlite
        .prepare(
          `SELECT m.ts, p.name AS author, m.text, m.kind FROM messages m LEFT JOIN participants p ON p.id = m.author_id
           WHERE m.chat_id = ? AND m.ts = ?`,
        )
        .all(chatId, last.ts) as { ts: number; author: string | null; text: string; kind: string }[];
      for (const m of atBoundary) {
        const key = messageKey(m);
        this.#boundaryKeys.set(key, (this.#boundaryKeys.get(key) ?? 0) + 1);
      }
    }
    this.#startImportRow();
  }

  #startImportRow(): void {
    const info = this.#pendingImport!;
    const result = this.#sqlite
      .prepare(
        `INSERT INTO imports (chat_id, file_name, file_path, file_size, sha256, source_kind, format, messages_in_file,
           messages_added, lines_unparsed, warnings, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, '[]', ?, ?)`,
      )
      .run(
        this.#chatId,
        info.fileName,
        info.filePath,
        info.fileSize,
        info.sha256,
        info.sourceKind,
        JSON.stringify(info.format),
        info.startedAt,
        info.startedAt,
      );
    this.#importId = Number(result.lastInsertRowid);
    if (info.media.length > 0) {
      this.#hasMedia = true;
      const insert = this.#sqlite.prepare(
        'INSERT INTO media_files (chat_id, import_id, entry_name, size, media_type, mime) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const m of info.media) {
        const id = Number(
          insert.run(this.#chatId, this.#importId, m.entryName, m.size, m.mediaType, m.mime).lastInsertRowid,
        );
        this.#media.set(basename(m.entryName), id);
      }
    }
  }

  add(message: ParsedMessage): void {
    if (message.ts < this.#boundaryTs) return;
    if (message.ts === this.#boundaryTs) {
      const key = messageKey(message);
      const left = this.#boundaryKeys.get(key) ?? 0;
      if (left > 0) {
        this.#boundaryKeys.set(key, left - 1);
        return;
      }
    }
    let authorId: number | null = null;
    if (message.author !== null) {
      authorId = this.#participants.get(message.author) ?? null;
      if (authorId === null) {
        authorId = Number(this.#insertParticipant.run(this.#chatId, message.author).lastInsertRowid);
        this.#participants.set(message.author, authorId);
      }
    }
    if (
      message.kind === 'system' &&
      message.subtype !== null &&
      GROUP_ONLY_SYSTEM_TYPES.has(message.subtype as SystemType)
    ) {
      this.#sawGroupEvent = true;
    }
    const id = this.#insertMessage.run(
      this.#chatId,
      this.#nextSeq++,
      message.ts,
      authorId,
      message.kind,
      message.subtype,
      message.text,
      message.edited ? 1 : 0,
      message.line,
      this.#importId,
    ).lastInsertRowid as number;
    if (this.#firstId === 0) this.#firstId = id;
    this.#lastId = id;
    this.#added++;
    if (message.attachment !== null) {
      const mediaFileId = this.#media.get(basename(message.attachment)) ?? null;
      if (mediaFileId === null && this.#hasMedia && this.missingMedia.length < 1000)
        this.missingMedia.push(message.attachment);
      this.#insertAttachment.run(id, this.#chatId, message.attachment, mediaFileId);
    }
  }

  finishImport(report: {
    messagesInFile: number;
    linesUnparsed: number;
    warnings: ImportWarning[];
    finishedAt: number;
    /** The chat's name as the export writes it (iOS), for a chat the file name did not name. */
    chatName?: string | null;
  }): { chatId: number; created: boolean; added: number } {
    const sqlite = this.#sqlite;
    this.#indexNewMessages();
    const totals = sqlite
      .prepare('SELECT count(*) AS n, min(ts) AS first, max(ts) AS last FROM messages WHERE chat_id = ?')
      .get(this.#chatId) as { n: number; first: number | null; last: number | null };
    const people = sqlite
      .prepare(
        // Participants are inserted in the order they first write.
        'SELECT name FROM participants WHERE chat_id = ? ORDER BY id',
      )
      .pluck()
      .all(this.#chatId) as string[];
    const chat = sqlite
      .prepare('SELECT title, is_group AS isGroup FROM chats WHERE id = ?')
      .get(this.#chatId) as {
      title: string;
      isGroup: number;
    };
    const isGroup = chat.isGroup === 1 || this.#sawGroupEvent || people.length > 2;
    sqlite
      .prepare(
        `UPDATE chats SET message_count = ?, first_ts = ?, last_ts = ?, is_group = ?, updated_at = ?,
           title_source = CASE WHEN title = '' THEN ? ELSE title_source END,
           title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?`,
      )
      .run(
        totals.n,
        totals.first,
        totals.last,
        isGroup ? 1 : 0,
        report.finishedAt,
        report.chatName ? 'chat-name' : 'participants',
        report.chatName || titleFromParticipants(people),
        this.#chatId,
      );
    sqlite
      .prepare(
        `UPDATE imports SET messages_in_file = ?, messages_added = ?, lines_unparsed = ?, warnings = ?, finished_at = ?
         WHERE id = ?`,
      )
      .run(
        report.messagesInFile,
        this.#added,
        report.linesUnparsed,
        JSON.stringify(report.warnings),
        report.finishedAt,
        this.#importId,
      );
    return { chatId: this.#chatId, created: this.#created, added: this.#added };
  }
}

function messageKey(m: { ts: number; author: string | null; text: string; kind: string }): string {
  return `${m.ts}\u0000${m.author ?? ''}\u0000${m.kind}\u0000${m.text}`;
}

function titleFromParticipants(people: string[]): string {
  if (people.length === 0) return 'WhatsApp chat';
  if (people.length <= 3) return people.join(', ');
  return `${people.slice(0, 3).join(', ')} and ${people.length - 3} more`;
}
