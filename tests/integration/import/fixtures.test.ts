/**
 * The fixture corpus (tests/fixtures/exports): one small real-looking export per format family, imported
 * through the whole pipeline (file → reader → parser → SQLite) and compared with hand-written expectations.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importExport } from '../../../src-main/import/pipeline';
import { getChatSummary, iterateMessages } from '../../../src-main/library/queries';
import { tempLibrary, type TempLibrary } from '../../support/library';
import { zipBuffer } from '../../support/export-zip';

const ROOT = join(import.meta.dirname, '../../fixtures/exports');

interface Expected {
  file: string;
  zip?: string;
  title: string;
  titleSource?: string;
  platform: 'android' | 'ios';
  dateOrder: string;
  participants: string[];
  warnings?: string[];
  unparsed?: number;
  missingMedia?: string[];
  monthFirst?: string[];
  messages: Record<string, unknown>[];
}

const fixtures = readdirSync(ROOT).sort();

/** Messages as `relivchats messages --jsonl` prints them. */
function storedMessages(library: TempLibrary, chatId: number) {
  return [...iterateMessages(library, chatId)].map((m) => {
    const line: Record<string, unknown> = { at: m.at, author: m.author, text: m.text, kind: m.kind };
    if (m.subtype !== null) line.subtype = m.subtype;
    if (m.edited) line.edited = true;
    if (m.attachment) line.attachment = m.attachment.fileName;
    return line;
  });
}

let library: TempLibrary;
beforeEach(() => {
  library = tempLibrary();
});
afterEach(() => library.dispose());

describe.each(fixtures)('%s', (name) => {
  const dir = join(ROOT, name);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

  it('imports exactly the expected messages', async () => {
    const result = await importExport(library, { path: join(dir, expected.file) });
    expect(storedMessages(library, result.chatId)).toEqual(expected.messages);
    expect(result).toMatchObject({
      outcome: 'created',
      title: expected.title,
      platform: expected.platform,
      dateOrder: expected.dateOrder,
      participants: expected.participants,
      messages: expected.messages.length,
      linesUnparsed: expected.unparsed ?? 0,
    });
    expect(result.warnings.map((w) => w.code)).toEqual(expected.warnings ?? []);
    expect(result.firstAt).toBe(expected.messages.map((m) => m.at as string).sort()[0]);
    expect(getChatSummary(library, result.chatId).titleSource).toBe(expected.titleSource ?? 'file-name');
  });

  if (expected.zip) {
    it('imports the zip with its media linked', async () => {
      const media = readdirSync(join(dir, 'media'));
      const textName = expected.platform === 'ios' ? '_chat.txt' : expected.file;
      const zipPath = join(library.dir, expected.zip!);
      writeFileSync(
        zipPath,
        await zipBuffer([
          { name: textName, data: { path: join(dir, expected.file) } },
          ...media.map((m) => ({ name: m, data: { path: join(dir, 'media', m) } })),
        ]),
      );
      const result = await importExport(library, { path: zipPath });
      expect(result.title).toBe(expected.title);
      expect(result.mediaFiles).toBe(media.length);
      expect(storedMessages(library, result.chatId)).toEqual(expected.messages);
      const linked = library.sqlite
        .prepare(
          'SELECT file_name FROM attachments WHERE chat_id = ? AND media_file_id IS NOT NULL ORDER BY file_name',
        )
        .pluck()
        .all(result.chatId);
      expect(linked).toEqual(media.filter((m) => expected.messages.some((e) => e.attachment === m)).sort());
      const missing = result.warnings.find((w) => w.code === 'missing-media');
      expect(missing?.details).toEqual(expected.missingMedia ? { files: expected.missingMedia } : undefined);
    });
  }

  if (expected.monthFirst) {
    it('reads the dates month first when told to', async () => {
      const result = await importExport(library, { path: join(dir, expected.file), dateOrder: 'mdy' });
      expect(result.warnings.map((w) => w.code)).not.toContain('ambiguous-date-order');
      expect(storedMessages(library, result.chatId).map((m) => m.at)).toEqual(expected.monthFirst);
    });
  }
});
