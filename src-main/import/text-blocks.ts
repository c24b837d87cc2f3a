/**
 * Bytes of an export → blocks of whole lines of text. Detects the encoding (UTF-8 with or without BOM, UTF-16 LE/BE with a
 * BOM, or without one when the zero bytes give it away), accepts LF, CRLF and CR line ends, and never holds
 * more than one chunk plus one line in memory.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { CancelledError } from '../errors';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** WhatsApp caps a message at 65,536 characters; a longer line is not from WhatsApp and is cut here. */
export const MAX_LINE_LENGTH = 1 << 20;

export interface TextBlock {
  /**
   * Whole lines, each ended by `\n` (CRLF and CR line ends become LF; a last line without one gets one).
   * The parser reads lines in place from it: no string per line.
   */
  text: string;
  /** Bytes consumed so far. */
  bytesRead: number;
  /**
   * False when none of these lines can hold an invisible mark (U+200E/F, U+202A–E, U+2066–9, U+FEFF): found
   * from the bytes at memchr speed, it spares the parser a scan of every message for them.
   */
  marks: boolean;
}

export interface ReadTextResult {
  encoding: TextEncoding;
  hadBom: boolean;
  sha256: string;
  /** Lines longer than MAX_LINE_LENGTH (cut to that length). */
  oversizedLines: number;
  /** U+FFFD produced by bytes that are not valid in the encoding. */
  invalidBytes: boolean;
}

export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // No BOM: UTF-16 text of mostly Latin, digits and punctuation (every header) has a zero in every other byte.
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(head.length, 4096) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (pairs >= 8 && oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05)
    return { encoding: 'utf-16le', bomLength: 0 };
  if (pairs >= 8 && evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05)
    return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Streams `source` as blocks of whole lines. The promise resolves with what was learnt about the bytes once
 * the stream ends; `onBlock` may be async (backpressure: the next chunk is read after it settles).
 */
export async function readBlocks(
  source: Readable,
  onBlock: (block: TextBlock) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<ReadTextResult> {
  const hash = createHash('sha256');
  const lines = new LineBlocker();
  let decoder: TextDecoder | undefined;
  let encoding: TextEncoding = 'utf-8';
  let hadBom = false;
  let bytesRead = 0;
  let invalidBytes = false;
  let headBuf: Buffer | null = Buffer.alloc(0);
  let prevMarks = false; // the previous chunk had marks (its unfinished line may carry them over)
  let prevTail = 0; // its last byte: a mark may be split across chunks

  const emit = async (bytes: Uint8Array, final: boolean) => {
    const chunkMarks = encoding !== 'utf-8' || SPLIT_MARK_BYTES.has(prevTail) || utf8HasMarks(bytes);
    const marks = chunkMarks || (lines.pending > 0 && prevMarks);
    prevMarks = chunkMarks;
    prevTail = bytes.length > 0 ? bytes[bytes.length - 1]! : 0;
    const text = decoder!.decode(bytes, { stream: !final });
    if (!invalidBytes && text.includes('\uFFFD')) invalidBytes = true;
    const blocks = lines.push(text);
    if (final) blocks.push(...lines.end());
    for (const block of blocks) await onBlock({ text: block, bytesRead, marks });
  };

  const start = (head: Buffer): Buffer => {
    const detected = detectEncoding(head);
    encoding = detected.encoding;
    hadBom = detected.bomLength > 0;
    decoder = new TextDecoder(encoding, { ignoreBOM: true });
    return head.subarray(detected.bomLength);
  };

  for await (const chunk of source as AsyncIterable<Buffer>) {
    if (signal?.aborted) {
      source.destroy();
      throw new CancelledError();
    }
    hash.update(chunk);
    bytesRead += chunk.length;
    let bytes: Buffer = chunk;
    if (headBuf) {
      // Wait for a few bytes to decide the encoding.
      headBuf = Buffer.concat([headBuf, chunk]);
      if (headBuf.length < 4096) continue;
      bytes = start(headBuf);
      headBuf = null;
    }
    await emit(bytes, false);
  }
  await emit(headBuf ? start(headBuf) : new Uint8Array(0), true);
  return { encoding, hadBom, sha256: hash.digest('hex'), oversizedLines: lines.oversized, invalidBytes };
}

/**
 * Decoded text, in pieces of any size → blocks of whole lines ending in `\n`. Holds back the unfinished
 * last line until its end arrives. A line that reaches MAX_LINE_LENGTH is handed on at once, cut, and the
 * rest of it dropped: a file of one endless line never builds up, and is judged from its first megabyte.
 */
export class LineBlocker {
  #pending = ''; // the unfinished last line
  #dropping = false; // the current line was handed on cut: drop the rest of it
  #skipLf = false; // the last piece ended with CR: a leading LF belongs to it
  /** Lines longer than MAX_LINE_LENGTH (cut to that length). */
  oversized = 0;

  /** Length of the unfinished line held back. */
  get pending(): number {
    return this.#pending.length;
  }

  /** The blocks that `text` completes (usually one, or two when a line was held back). */
  push(text: string): string[] {
    const out: string[] = [];
    if (this.#skipLf) {
      this.#skipLf = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    if (text.includes('\r')) {
      if (text.charCodeAt(text.length - 1) === 13) this.#skipLf = true;
      text = text.replace(CR_LINE_END, '\n');
    }
    // In pieces no longer than a line may be, so only the held-back line can grow too long.
    if (text.length <= MAX_LINE_LENGTH) this.#piece(text, out);
    else
      for (let at = 0; at < text.length; at += MAX_LINE_LENGTH)
        this.#piece(text.slice(at, at + MAX_LINE_LENGTH), out);
    return out;
  }

  /** The last line, if the text did not end with a line end. */
  end(): string[] {
    const last = this.#pending;
    this.#pending = '';
    this.#dropping = false;
    this.#skipLf = false;
    return last.length > 0 ? [`${last}\n`] : [];
  }

  #piece(t: string, out: string[]): void {
    let from = 0;
    if (this.#dropping) {
      const nl = t.indexOf('\n');
      if (nl < 0) return;
      this.#dropping = false;
      from = nl + 1;
    }
    const first = t.indexOf('\n', from);
    if (first < 0) return this.#hold(t, from, t.length, out);
    let start = from;
    if (this.#pending.length > 0) {
      // The held-back line ends here: on its own, so the rest of the piece needs no copy.
      const line = this.#pending + t.slice(from, first);
      this.#pending = '';
      if (line.length >= MAX_LINE_LENGTH) {
        out.push(`${line.slice(0, MAX_LINE_LENGTH)}\n`);
        this.oversized++;
      } else out.push(`${line}\n`);
      start = first + 1;
    }
    const last = t.lastIndexOf('\n');
    if (last >= start) out.push(start === 0 && last === t.length - 1 ? t : t.slice(start, last + 1));
    this.#hold(t, last + 1, t.length, out);
  }

  #hold(t: string, from: number, to: number, out: string[]): void {
    if (from >= to) return;
    const room = MAX_LINE_LENGTH - this.#pending.length;
    if (to - from >= room) {
      out.push(`${this.#pending}${t.slice(from, from + room)}\n`);
      this.#pending = '';
      this.#dropping = true;
      this.oversized++;
    } else this.#pending = this.#pending.length === 0 ? t.slice(from, to) : this.#pending + t.slice(from, to);
  }
}

const CR_LINE_END = /\r\n?/g;

/** Bytes a chunk can end with in the middle of a mark's encoding. */
const SPLIT_MARK_BYTES = new Set([0xe2, 0xef, 0x80, 0x81, 0xbb]);
const E2_80 = Buffer.from([0xe2, 0x80]);
const E2_81 = Buffer.from([0xe2, 0x81]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Whether UTF-8 bytes encode an invisible mark: U+200E/F and U+202A–E are E2 80 xx, U+2066–9 E2 81 xx. */
export function utf8HasMarks(bytes: Uint8Array): boolean {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = b.indexOf(E2_80); i >= 0; i = b.indexOf(E2_80, i + 2)) {
    const t = b[i + 2];
    if (t === undefined || t === 0x8e || t === 0x8f || (t >= 0xaa && t <= 0xae)) return true;
  }
  for (let i = b.indexOf(E2_81); i >= 0; i = b.indexOf(E2_81, i + 2)) {
    const t = b[i + 2];
    if (t === undefined || (t >= 0xa6 && t <= 0xa9)) return true;
  }
  return b.includes(UTF8_BOM) || (b.length > 0 && b[b.length - 1] === 0xe2);
}
