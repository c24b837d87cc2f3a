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
  let pendingCut = false; // pending already reached MAX_LINE_LENGTH; drop the rest of that line
  let skipLf = false; // the previous chunk ended with CR: a leading LF belongs to it
  let lineNo = 1;
  let bytesRead = 0;
  let oversizedLines = 0;
  let invalidBytes = false;
  let headBuf: Buffer | null = Buffer.alloc(0);

  const split = (text: string, final: boolean): string[] => {
    const out: string[] = [];
    let start = 0;
    if (skipLf && text.charCodeAt(0) === 10) start = 1;
    skipLf = false;
    const len = text.length;
    for (let i = start; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      appendPending(text, start, i);
      out.push(pending);
      pending = '';
      pendingCut = false;
      if (c === 13) {
        if (i + 1 < len) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else skipLf = true;
      }
      start = i + 1;
    }
    appendPending(text, start, len);
    if (final && (pending.length > 0 || pendingCut)) {
      out.push(pending);
      pending = '';
      pendingCut = false;
    }
    return out;
  };

  const appendPending = (text: string, from: number, to: number) => {
    if (from >= to || pendingCut) return;
    const room = MAX_LINE_LENGTH - pending.length;
    if (to - from > room) {
      pending += text.slice(from, from + room);
      pendingCut = true;
      oversizedLines++;
    } else {
      pending = pending.length === 0 ? text.slice(from, to) : pending + text.slice(from, to);
    }
  };

  const emit = async (lines: string[]) => {
    if (lines.length === 0) return;
    const firstLineNo = lineNo;
    lineNo += lines.length;
    await onBatch({ lines, firstLineNo, bytesRead });
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
    await emit(split(decode(bytes, false), false));
  }
  if (headBuf) {
    const detected = detectEncoding(headBuf);
    encoding = detected.encoding;
    hadBom = detected.bomLength > 0;
    decoder = new TextDecoder(encoding, { ignoreBOM: true });
    await emit(split(decode(headBuf.subarray(detected.bomLength), true), true));
  } else {
    await emit(split(decode(new Uint8Array(0), true), true));
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
