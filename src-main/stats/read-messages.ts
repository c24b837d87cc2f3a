/**
 * Reads a chat's messages for the statistics pass, fast. better-sqlite3 pays per row far more than per
 * character, so messages come in blocks of BLOCK_MESSAGES, one row per block: the timestamps, the authors,
 * `kind subtype edited` (plain concatenations: SQL CASE expressions cost more than parsing here) each as a
 * comma-separated list, and the texts joined by U+001E. Each message's text is handed over as a span of
 * that block, never copied. Messages arrive in export order (the block query walks the (chat_id, seq)
 * index, and each aggregate takes the rows in that order).
 */
import { MEDIA_TYPES } from '../../src-shared/messages';
import { GROUP_EVENTS } from '../../src-shared/stats';
import type { Library } from '../db/open';

export const KIND_TEXT = 0;
export const KIND_MEDIA = 1;
export const KIND_DELETED = 2;
export const KIND_LOCATION = 3;
export const KIND_POLL = 4;
export const KIND_SYSTEM = 5;
/** A kind this version does not know: counted as a message, nothing more. */
export const KIND_OTHER = 6;

/** The subtype of media (index in MEDIA_TYPES) and system messages (1 + index in GROUP_EVENTS, else 0). */
const SUBTYPES = new Map<string, number>([
  ...MEDIA_TYPES.map((t, i) => [`media${t}`, i] as const),
  ...GROUP_EVENTS.map((t, i) => [`system${t}`, i + 1] as const),
]);
const MEDIA_OTHER = MEDIA_TYPES.indexOf('other');

const BLOCK_MESSAGES = 16_384;

export interface MessageVisitor {
  /**
   * One message. `author`: participant id minus the smallest one, -1 for none. Its text (of every kind; the
   * statistics read only text and media captions) is block[start, end), as written (not lower-cased).
   */
  (
    ts: number,
    author: number,
    kind: number,
    subtype: number,
    edited: boolean,
    block: string,
    start: number,
    end: number,
  ): void;
}

const blockQuery = (text: string) => `count(*), group_concat(ts), group_concat(coalesce(author_id, -1)),
  group_concat(kind || coalesce(subtype, '') || edited), group_concat(${text}, char(30))`;

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
        `SELECT ${blockQuery(text)} FROM messages INDEXED BY messages_chat_seq WHERE ${where} AND seq >= ? AND seq < ?`,
      )
      .raw();
  const fast = query('text');
  let safe: ReturnType<typeof query> | null = null;
  const ends = new Int32Array(BLOCK_MESSAGES);
  for (let from = firstSeq; from <= lastSeq; from += BLOCK_MESSAGES) {
    const args = [...params, from, from + BLOCK_MESSAGES];
    let row = fast.get(...args) as [number, string | null, string, string, string];
    const count = row[0];
    if (count === 0) continue;
    if (findEnds(row[4], ends, count) !== count) {
      // A text holds U+001E itself: read this block again with it replaced.
      safe ??= query(`replace(text, char(30), ' ')`);
      row = safe.get(...args) as typeof row;
      findEnds(row[4], ends, count);
    }
    const [, times, authors, kinds, block] = row as [number, string, string, string, string];
    let t = 0;
    let a = 0;
    let k = 0;
    let start = 0;
    for (let m = 0; m < count; m++) {
      let c = times.charCodeAt(t);
      const negative = c === 45;
      if (negative) t++;
      let ts = 0;
      while ((c = times.charCodeAt(t++)) >= 48) ts = ts * 10 + c - 48; // to the comma or the end (NaN)
      if (negative) ts = -ts;
      let author = 0;
      if (authors.charCodeAt(a) === 45) {
        author = -1;
        a += 3;
      } else {
        while ((c = authors.charCodeAt(a++)) >= 48) author = author * 10 + c - 48;
        author -= minAuthorId;
      }
      const k0 = k;
      while (k < kinds.length && kinds.charCodeAt(k) !== 44) k++;
      const edited = kinds.charCodeAt(k - 1) === 49;
      let kind: number;
      let subtype = 0;
      switch (kinds.charCodeAt(k0)) {
        case 116: // t
          kind = KIND_TEXT;
          break;
        case 109: // m
          kind = KIND_MEDIA;
          subtype = SUBTYPES.get(kinds.slice(k0, k - 1)) ?? MEDIA_OTHER;
          break;
        case 115: // s
          kind = KIND_SYSTEM;
          subtype = k - 1 - k0 > 6 ? (SUBTYPES.get(kinds.slice(k0, k - 1)) ?? 0) : 0;
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
      k++;
      const end = ends[m]!;
      visit(ts, author, kind, subtype, edited, block, start, end);
      start = end + 1;
    }
  }
}

/** Records the end of each text (its separator or the end); returns how many texts there are. */
function findEnds(block: string | null, ends: Int32Array, expected: number): number {
  if (block === null) return 0;
  let n = 0;
  let at = block.indexOf('\x1e');
  while (at >= 0) {
    if (n < expected) ends[n] = at;
    n++;
    at = block.indexOf('\x1e', at + 1);
  }
  if (n < expected) ends[n] = block.length;
  return n + 1;
}
