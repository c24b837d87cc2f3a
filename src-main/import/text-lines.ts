/**
 * Bytes of an export → lines of text. Detects the encoding (UTF-8 with or without BOM, UTF-16 LE/BE with a
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

export interface LineBatch {
  /** Complete lines, without their line ends. */
  lines: string[];
  /** 1-based number of lines[0] in the file. */
  firstLineNo: number;
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
  lineCount: number;
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
 * Streams `source` as batches of lines. The promise resolves with what was learnt about the bytes once the
 * stream ends; `onBatch` may be async (backpressure: the next chunk is read after it settles).
 */
export async function readLines(
  source: Readable,
  onBatch: (batch: LineBatch) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<ReadTextResult> {
  const hash = createHash('sha256');
  let decoder: TextDecoder | undefined;
  let encoding: TextEncoding = 'utf-8';
  let hadBom = false;
  let pending = ''; // the unfinished last line
  let dropping = false; // the current line reached MAX_LINE_LENGTH and was handed on: drop the rest of it
  let skipLf = false; // the previous chunk ended with CR: a leading LF belongs to it
  let lineNo = 1;
  let bytesRead = 0;
  let oversizedLines = 0;
  let invalidBytes = false;
  let headBuf: Buffer | null = Buffer.alloc(0);

  /** Ends the current line (already cut at MAX_LINE_LENGTH if it was too long). */
  const endLine = (out: string[], text: string, from: number, to: number) => {
    if (dropping) {
      dropping = false;
      return;
    }
    appendPending(out, text, from, to);
    if (dropping) {
      dropping = false;
      return;
    }
    out.push(pending);
    pending = '';
  };

  const split = (text: string, final: boolean): string[] => {
    const out: string[] = [];
    let start = 0;
    if (skipLf && text.charCodeAt(0) === 10) start = 1;
    skipLf = false;
    const len = text.length;
    if (text.indexOf('\r', start) < 0) {
      // LF only (nearly every export): let the engine find the line ends.
      for (let i = text.indexOf('\n', start); i >= 0; i = text.indexOf('\n', start)) {
        endLine(out, text, start, i);
        start = i + 1;
      }
    } else {
      for (let i = start; i < len; i++) {
        const c = text.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        endLine(out, text, start, i);
        if (c === 13) {
          if (i + 1 < len) {
            if (text.charCodeAt(i + 1) === 10) i++;
          } else skipLf = true;
        }
        start = i + 1;
      }
    }
    appendPending(out, text, start, len);
    if (final) {
      if (pending.length > 0) out.push(pending);
      pending = '';
      dropping = false;
    }
    return out;
  };

  /**
   * Adds text to the unfinished line. A line that reaches MAX_LINE_LENGTH is handed on at once, cut, and the
   * rest of it dropped: a file of one endless line never builds up, and is judged from its first megabyte.
   */
  const appendPending = (out: string[], text: string, from: number, to: number) => {
    if (from >= to || dropping) return;
    const room = MAX_LINE_LENGTH - pending.length;
    if (to - from >= room) {
      out.push(pending + text.slice(from, from + room));
      pending = '';
      dropping = true;
      oversizedLines++;
    } else {
      pending = pending.length === 0 ? text.slice(from, to) : pending + text.slice(from, to);
    }
  };

  let prevMarks = false; // the previous chunk had marks (its unfinished line may carry them over)
  let prevTail = 0; // its last byte: a mark may be split across chunks

  const decodeLines = (bytes: Uint8Array, final: boolean): { lines: string[]; marks: boolean } => {
    const chunkMarks = encoding !== 'utf-8' || SPLIT_MARK_BYTES.has(prevTail) || utf8HasMarks(bytes);
    const carried = pending.length > 0 && prevMarks;
    const lines = split(decode(bytes, final), final);
    prevMarks = chunkMarks;
    prevTail = bytes.length > 0 ? bytes[bytes.length - 1]! : 0;
    return { lines, marks: chunkMarks || carried };
  };

  const emit = async ({ lines, marks }: { lines: string[]; marks: boolean }) => {
    if (lines.length === 0) return;
    const firstLineNo = lineNo;
    lineNo += lines.length;
    await onBatch({ lines, firstLineNo, bytesRead, marks });
  };

  const decode = (bytes: Uint8Array, final: boolean): string => {
    const text = decoder!.decode(bytes, { stream: !final });
    if (!invalidBytes && text.includes('\uFFFD')) invalidBytes = true;
    return text;
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
      bytes = headBuf;
      headBuf = null;
      const detected = detectEncoding(bytes);
      encoding = detected.encoding;
      hadBom = detected.bomLength > 0;
      decoder = new TextDecoder(encoding, { ignoreBOM: true });
      bytes = bytes.subarray(detected.bomLength);
    }
    await emit(decodeLines(bytes, false));
  }
  if (headBuf) {
    const detected = detectEncoding(headBuf);
    encoding = detected.encoding;
    hadBom = detected.bomLength > 0;
    decoder = new TextDecoder(encoding, { ignoreBOM: true });
    await emit(decodeLines(headBuf.subarray(detected.bomLength), true));
  } else {
    await emit(decodeLines(new Uint8Array(0), true));
  }
  return {
    encoding,
    hadBom,
    sha256: hash.digest('hex'),
    lineCount: lineNo - 1,
    oversizedLines,
    invalidBytes,
  };
}

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
