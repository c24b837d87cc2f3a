/**
 * Files that are not exports, or broken ones, through the whole pipeline: a clear error with a stable code,
 * and nothing written to the library.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importExport } from '../../../src-main/import/pipeline';
import { listChats } from '../../../src-main/library/queries';
import { zipBuffer } from '../../support/export-zip';
import { EXPORT_STYLES, generateMessages, renderExport } from '../../support/export-generator';
import { tempLibrary, type TempLibrary } from '../../support/library';

let library: TempLibrary;
beforeEach(() => {
  library = tempLibrary();
});
afterEach(() => library.dispose());

const chatText = renderExport(EXPORT_STYLES['android-en-gb'], generateMessages({ seed: 3, count: 300 }));

function file(name: string, data: Buffer | string): string {
  const path = join(library.dir, name);
  writeFileSync(path, data);
  return path;
}

/** Nothing of a failed import is left: no chat, no import record, no message. */
function expectEmptyLibrary() {
  expect(listChats(library)).toEqual([]);
  for (const table of ['imports', 'messages', 'participants', 'media_files', 'attachments']) {
    expect(library.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
  }
}

async function expectRefused(path: string, code: string, message?: RegExp) {
  const error = await importExport(library, { path }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'AppError', code });
  if (message) expect((error as Error).message).toMatch(message);
  expectEmptyLibrary();
}

describe('bad input', () => {
  it('refuses an empty file', async () => {
    await expectRefused(file('WhatsApp Chat with Ana.txt', ''), 'empty-file', /empty/);
  });

  it('refuses a text that is not an export', async () => {
    const prose = 'It was a bright cold day in April, and the clocks were striking thirteen.\n'.repeat(2000);
    await expectRefused(file('novel.txt', prose), 'not-whatsapp', /not a WhatsApp chat export/);
  });

  it('refuses binary files (a PDF, random bytes, a PNG renamed .txt)', async () => {
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n'),
      randomBytes(20_000, 7),
    ]);
    await expectRefused(file('chat.pdf', pdf), 'not-whatsapp');
    await expectRefused(file('chat.txt', randomBytes(50_000, 11)), 'not-whatsapp');
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(10_000, 5),
    ]);
    await expectRefused(file('photo.txt', png), 'not-whatsapp');
  });

  it('refuses a 200 MB single line after reading its first megabyte, without holding it', async () => {
    const path = join(library.dir, 'one-line.txt');
    const out = createWriteStream(path);
    const block = Buffer.alloc(1 << 20, 'a');
    for (let i = 0; i < 200; i++) if (!out.write(block)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    const rssBefore = process.memoryUsage().rss;
    let read = 0;
    const error = await importExport(library, {
      path,
      onProgress: (p) => {
        read = Math.max(read, p.bytesRead);
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not-whatsapp' });
    // Refused early: far from all 200 MB were read, and memory did not grow by the file's size.
    expect(read).toBeLessThan(50 << 20);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 << 20);
    expectEmptyLibrary();
  });

  it('imports UTF-16 without a byte-order mark', async () => {
    const result = await importExport(library, {
      path: file('WhatsApp Chat with Ana.txt', Buffer.from(chatText, 'utf16le')),
    });
    expect(result.messages).toBe(300);
    const big = Buffer.from(chatText, 'utf16le').swap16();
    const again = await importExport(library, { path: file('WhatsApp Chat with Bo.txt', big) });
    expect(again.messages).toBe(300);
  });

  it('refuses a truncated zip', async () => {
    const zip = await zipBuffer([{ name: 'WhatsApp Chat with Ana.txt', data: Buffer.from(chatText) }]);
    await expectRefused(
      file('WhatsApp Chat with Ana.zip', zip.subarray(0, Math.floor(zip.length * 0.6))),
      'bad-zip',
      /damaged|not a valid zip/,
    );
  });

  it('refuses a zip whose chat text is corrupt', async () => {
    const zip = await zipBuffer([{ name: 'WhatsApp Chat with Ana.txt', data: Buffer.from(chatText) }]);
    // Flip bytes inside the deflated data; the directory stays intact.
    for (let i = 200; i < 260; i++) zip[i] = zip[i]! ^ 0x5a;
    await expectRefused(file('WhatsApp Chat with Ana.zip', zip), 'bad-zip');
  });

  it('refuses a zip without a chat text', async () => {
    const zip = await zipBuffer([
      { name: 'IMG-20220101-WA0001.jpg', data: randomBytes(2000, 3) },
      { name: 'notes/readme.md', data: Buffer.from('# hello') },
    ]);
    await expectRefused(file('photos.zip', zip), 'not-whatsapp', /no chat text/);
  });

  it('refuses a zip whose text is not an export, and a .zip that is no zip', async () => {
    const zip = await zipBuffer([{ name: '_chat.txt', data: Buffer.from('hello\nworld\n'.repeat(600)) }]);
    await expectRefused(file('WhatsApp Chat - Ana.zip', zip), 'not-whatsapp');
    await expectRefused(file('WhatsApp Chat - Bo.zip', chatText), 'bad-zip', /not a valid zip/);
  });

  it('keeps the rest of a file whose first lines are not understood, and says where', async () => {
    const result = await importExport(library, {
      path: file('WhatsApp Chat with Ana.txt', `Chat exported by Helper 2.0\n\n${chatText}`),
    });
    expect(result.messages).toBe(300);
    expect(result.linesUnparsed).toBe(1);
    expect(result.warnings.find((w) => w.code === 'unparsed-lines')?.details).toEqual({
      count: 1,
      samples: [{ line: 1, text: 'Chat exported by Helper 2.0' }],
    });
  });
});

/** Deterministic pseudo-random bytes. */
function randomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
