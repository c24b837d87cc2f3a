import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  LineBlocker,
  MAX_LINE_LENGTH,
  detectEncoding,
  readBlocks,
  utf8HasMarks,
} from '../../../src-main/import/text-blocks';

/** Every block must be whole lines ended by `\n`; returns the lines without their ends. */
function linesOf(block: string): string[] {
  expect(block.endsWith('\n')).toBe(true);
  expect(block).not.toMatch(/\r/);
  return block.slice(0, -1).split('\n');
}

async function lines(bytes: Buffer, chunkSize = 7) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: string[] = [];
  const info = await readBlocks(Readable.from(chunks), (b) => {
    out.push(...linesOf(b.text));
  });
  return { out, info };
}

const text = '1/2/22, 10:00 - Ana: héllo 👋\nsecond line\n1/2/22, 10:01 - Bo: ok';

describe('readBlocks', () => {
  it.each([
    ['utf-8', Buffer.from(text, 'utf8')],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ['utf-16le without BOM', Buffer.from(text, 'utf16le')],
  ])('decodes %s at any chunk boundary', async (_name, bytes) => {
    for (const size of [1, 3, 7, 4096, 1 << 20]) {
      const { out } = await lines(bytes, size);
      expect(out).toEqual(['1/2/22, 10:00 - Ana: héllo 👋', 'second line', '1/2/22, 10:01 - Bo: ok']);
    }
  });

  it('accepts LF, CRLF and CR line ends, even split across chunks', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const size of [1, 2, 3, 1 << 20]) {
        const { out } = await lines(Buffer.from(['a', 'b', '', 'c'].join(eol) + eol), size);
        expect(out).toEqual(['a', 'b', '', 'c']);
      }
    }
    expect((await lines(Buffer.from('a\r\n\r\nb'), 2)).out).toEqual(['a', '', 'b']);
    expect((await lines(Buffer.from('a\r\nb\rc\nd'), 3)).out).toEqual(['a', 'b', 'c', 'd']);
  });

  it('hashes the bytes and reports the encoding', async () => {
    const { info } = await lines(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x\n', 'utf16le')]));
    expect(info.encoding).toBe('utf-16le');
    expect(info.hadBom).toBe(true);
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('cuts a line longer than WhatsApp allows instead of holding it all', async () => {
    const huge = Buffer.alloc(MAX_LINE_LENGTH * 3, 'x');
    const { out, info } = await lines(Buffer.concat([huge, Buffer.from('\nnext')]), 65536);
    expect(out.map((l) => l.length)).toEqual([MAX_LINE_LENGTH, 4]);
    expect(info.oversizedLines).toBe(1);
  });

  it('hands a too-long line on as soon as it reaches the limit, before the rest of it is read', async () => {
    const chunk = Buffer.alloc(1 << 16, 'y');
    let chunksRead = 0;
    let seenAfter = -1;
    async function* source() {
      for (let i = 0; i < 64; i++) {
        chunksRead++;
        yield chunk;
      }
    }
    await readBlocks(Readable.from(source()), (block) => {
      if (seenAfter < 0 && linesOf(block.text).some((l) => l.length === MAX_LINE_LENGTH))
        seenAfter = chunksRead;
    });
    expect(seenAfter).toBeGreaterThan(0);
    expect(seenAfter).toBeLessThanOrEqual(MAX_LINE_LENGTH / chunk.length + 1);
  });

  it('says which batches may hold invisible marks, even when a mark is split between chunks', async () => {
    const plain = Buffer.from('1/2/22, 10:00 - Ana: plain text – with “quotes” and 👨‍👩‍👧\n'.repeat(50));
    const marked = Buffer.from('[1/2/22, 10:00:00] Ana: \u200eimage omitted\n');
    const hints = async (bytes: Buffer, size: number) => {
      const marks: boolean[] = [];
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      await readBlocks(Readable.from(chunks), (b) => {
        marks.push(b.marks);
      });
      return marks;
    };
    expect((await hints(plain, 1 << 20)).every((m) => !m)).toBe(true);
    expect(await hints(marked, 1 << 20)).toEqual([true]);
    // Every split of the mark's three bytes is still noticed.
    for (const size of [1, 2, 3, 5, 7])
      expect((await hints(Buffer.concat([plain, marked]), size)).some((m) => m)).toBe(true);
    for (const code of [0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff]) {
      expect(utf8HasMarks(Buffer.from(`a${String.fromCharCode(code)}b`))).toBe(true);
    }
    expect(utf8HasMarks(Buffer.from('a\u2019b\u201cc\u2026d\u200de'))).toBe(false);
  });

  it('flags bytes that are not valid UTF-8', async () => {
    const { out, info } = await lines(Buffer.from([0x61, 0xff, 0x62]));
    expect(out).toEqual(['a\uFFFDb']);
    expect(info.invalidBytes).toBe(true);
  });
});

describe('LineBlocker', () => {
  it('cuts text in pieces of any size into the same lines', () => {
    const text = 'one\r\ntwo\n\nthree\rfour\r\n' + 'x'.repeat(100) + '\nlast';
    const want = ['one', 'two', '', 'three', 'four', 'x'.repeat(100), 'last'];
    for (const size of [1, 2, 5, 64, 1 << 20]) {
      const blocker = new LineBlocker();
      const out: string[] = [];
      for (let i = 0; i < text.length; i += size) out.push(...blocker.push(text.slice(i, i + size)));
      out.push(...blocker.end());
      expect(out.flatMap(linesOf), `pieces of ${size}`).toEqual(want);
    }
  });

  it('cuts a too-long line inside one big piece', () => {
    const blocker = new LineBlocker();
    const out = [...blocker.push(`a\n${'z'.repeat(MAX_LINE_LENGTH + 10)}\nb\n`), ...blocker.end()];
    expect(out.flatMap(linesOf).map((l) => l.length)).toEqual([1, MAX_LINE_LENGTH, 1]);
    expect(blocker.oversized).toBe(1);
  });
});

describe('detectEncoding', () => {
  it('reads BOMs', () => {
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
    });
    expect(detectEncoding(Uint8Array.from([0xfe, 0xff, 0, 0x41]))).toEqual({
      encoding: 'utf-16be',
      bomLength: 2,
    });
  });
  it('does not mistake binary for UTF-16', () => {
    expect(detectEncoding(Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256)).encoding).toBe('utf-8');
  });
});
