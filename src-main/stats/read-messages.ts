/**
 * Reads a chat's messages for the statistics pass, fast. better-sqlite3 pays per row far more than per
 * character, so messages come in blocks of BLOCK_MESSAGES: one row holding `ts,author,kind subtype edited,text`
 * per message (plain concatenation: SQL CASE expressions cost more than parsing here), joined by U+001E.
 * The block is lower-cased once and each message's text is handed over as a span of it, never copied.
 * Messages arrive in export order (the block query walks the (chat_id, seq) index).
 */
import { MEDIA_TYPES } from '../../src-shared/messages';
import type { Library } from '../db/open';

export const KIND_TEXT = 0;
export const KIND_MEDIA = 1;
export const KIND_DELETED = 2;
export const KIND_LOCATION = 3;
export const KIND_POLL = 4;
export const KIND_SYSTEM = 5;
/** A kind this version does not know: counted as a message, nothing more. */
export const KIND_OTHER = 6;
export const GROUP_EVENTS = ['added', 'joined', 'left', 'removed'] as const;

/** The subtype of media (index in MEDIA_TYPES) and system messages (1 + index in GROUP_EVENTS, else 0). */
const SUBTYPES = new Map<string, number>([
  ...MEDIA_TYPES.map((t, i) => [`media${t}`, i] as const),
  ...GROUP_EVENTS.map((t, i) => [`system${t}`, i + 1] as const),
]);
const MEDIA_OTHER = MEDIA_TYPES.indexOf('other');

const BLOCK_MESSAGES = 16_384;

export interface MessageVisitor {
  /**
   * One message. `author`: participant id minus the smallest one, -1 for none. Its text, lower-cased, is
   * lower[start, end) (texts of other kinds than text and media are left out).
   */
  (
    ts: number,
    author: number,
    kind: number,
    subtype: number,
    edited: boolean,
    lower: string,
    start: number,
    end: number,
  ): void;
}

const recordOf = (text: string) =>
  `ts || ',' || coalesce(author_id - CAST(? AS INTEGER), -1) || ',' || kind || coalesce(subtype, '') || edited
   || ',' || CASE WHEN kind IN ('text', 'media') THEN ${text} ELSE '' END`;

/** The smallest and largest value of a column among the messages matching `where`: two index probes. */
export function rangeOf(
  library: Library,
  column: 'ts' | 'seq',
  where: string,
  params: number[],
): [number | null, number | null] {
  // One aggregate per query: SQLite answers a lone min() or max() from an index.
  const one = (fn: string) =>
    library.sqlite
      .prepare(`SELECT ${fn}(${column}) FROM messages WHERE ${where}`)
      .pluck()
      .get(...params) as number | null;
  return [one('min'), one('max')];
}

/** Visits the messages matching `where` (on the messages table, with its parameters) in export order. */
export function forEachMessage(
  library: Library,
  where: string,
  params: number[],
  minAuthorId: number,
  visit: MessageVisitor,
): void {
  const { sqlite } = library;
  const [firstSeq, lastSeq] = rangeOf(library, 'seq', where, params);
  if (firstSeq === null || lastSeq === null) return;
  const query = (text: string) =>
    sqlite
      .prepare(
        `SELECT count(*), group_concat(${recordOf(text)}, char(30)) FROM messages INDEXED BY messages_chat_seq
         WHERE ${where} AND seq >= ? AND seq < ?`,
      )
      .raw();
  const fast = query('text');
  let safe: ReturnType<typeof query> | null = null;
  const ends = new Int32Array(BLOCK_MESSAGES);
  for (let from = firstSeq; from <= lastSeq; from += BLOCK_MESSAGES) {
    const args = [minAuthorId, ...params, from, from + BLOCK_MESSAGES];
    let [count, block] = fast.get(...args) as [number, string | null];
    if (block === null) continue;
    let lower = block.toLowerCase();
    const found = findEnds(lower, ends, count);
    if (found !== count) {
      // A text holds U+001E itself: read this block again with it replaced.
      safe ??= query(`replace(text, char(30), ' ')`);
      [count, block] = safe.get(...args) as [number, string];
      lower = block.toLowerCase();
      findEnds(lower, ends, count);
    }
    let i = 0;
    for (let m = 0; m < count; m++) {
      const end = ends[m]!;
      let c = lower.charCodeAt(i);
      const negative = c === 45;
      if (negative) i++;
      let ts = 0;
      while ((c = lower.charCodeAt(i++)) !== 44) ts = ts * 10 + c - 48;
      if (negative) ts = -ts;
      let author = 0;
      c = lower.charCodeAt(i);
      if (c === 45) {
        author = -1;
        i += 3;
      } else {
        while ((c = lower.charCodeAt(i++)) !== 44) author = author * 10 + c - 48;
      }
      const k = i;
      while (lower.charCodeAt(i) !== 44) i++;
      const edited = lower.charCodeAt(i - 1) === 49;
      let kind: number;
      let subtype = 0;
      switch (lower.charCodeAt(k)) {
        case 116: // t
          kind = KIND_TEXT;
          break;
        case 109: // m
          kind = KIND_MEDIA;
          subtype = SUBTYPES.get(lower.slice(k, i - 1)) ?? MEDIA_OTHER;
          break;
        case 115: // s
          kind = KIND_SYSTEM;
          subtype = i - 1 - k > 6 ? (SUBTYPES.get(lower.slice(k, i - 1)) ?? 0) : 0;
          break;
        case 100: // d
          kind = KIND_DELETED;
          break;
        case 108: // l
          kind = KIND_LOCATION;
          break;
        case 112: // p
          kind = KIND_POLL;
          break;
        default:
          kind = KIND_OTHER;
      }
      i++;
      visit(ts, author, kind, subtype, edited, lower, i, end);
      i = end + 1;
    }
  }
}

/** Records the end of each record (its separator or the end); returns how many records there are. */
function findEnds(lower: string, ends: Int32Array, expected: number): number {
  let n = 0;
  let at = lower.indexOf('\x1e');
  while (at >= 0) {
    if (n < expected) ends[n] = at;
    n++;
    at = lower.indexOf('\x1e', at + 1);
  }
  if (n < expected) ends[n] = lower.length;
  return n + 1;
}
