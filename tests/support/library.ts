/** Test helpers for the desktop library: a fresh database and chats seeded without going through a parser. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary, type Library } from '../../src-main/db/open';
import type { ParsedMessage } from '../../src-main/import/parser/types';
import { ChatWriter } from '../../src-main/import/writer';
import { parseWallClock, type DateOrder } from '../../src-shared/messages';

export interface TempLibrary extends Library {
  dir: string;
  /** Closes the library and removes its folder. */
  dispose(): void;
}

export function tempLibrary(): TempLibrary {
  const dir = mkdtempSync(join(tmpdir(), 'relivchats-test-'));
  const library = openLibrary({ path: join(dir, 'library.sqlite') });
  return {
    ...library,
    dir,
    dispose() {
      library.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A message for seeding: `at` as `YYYY-MM-DDTHH:MM[:SS]`; the rest defaults to a text message. */
export interface SeedMessage {
  at: string;
  author: string | null;
  text?: string;
  kind?: ParsedMessage['kind'];
  subtype?: ParsedMessage['subtype'];
  edited?: boolean;
  attachment?: string | null;
}

export function toParsed(messages: SeedMessage[]): ParsedMessage[] {
  return messages.map((m, i) => {
    const ts = parseWallClock(m.at);
    if (Number.isNaN(ts)) throw new Error(`bad seed time ${m.at}`);
    return {
      ts,
      author: m.author,
      text: m.text ?? '',
      kind: m.kind ?? (m.author === null ? 'system' : 'text'),
      subtype: m.subtype ?? null,
      edited: m.edited ?? false,
      attachment: m.attachment ?? null,
      line: i + 1,
    };
  });
}

/** Stores a chat exactly as an import would (same writer), in one transaction. Returns its id. */
export function seedChat(
  library: Library,
  messages: SeedMessage[] | ParsedMessage[],
  options: { title?: string; platform?: 'android' | 'ios'; dateOrder?: DateOrder } = {},
): number {
  const parsed =
    messages.length > 0 && 'ts' in messages[0]!
      ? (messages as ParsedMessage[])
      : toParsed(messages as SeedMessage[]);
  return library.sqlite.transaction(() => {
    const writer = new ChatWriter(library);
    writer.beginImport({
      fileName: 'seed.txt',
      filePath: null,
      fileSize: 0,
      sha256: `seed-${Math.random()}`,
      sourceKind: 'txt',
      format: { platform: options.platform ?? 'android', dateOrder: options.dateOrder ?? 'dmy' },
      startedAt: Date.now(),
      media: [],
    });
    writer.createChat({
      title: options.title ?? null,
      platform: options.platform ?? 'android',
      dateOrder: options.dateOrder ?? 'dmy',
    });
    for (const m of parsed) writer.add(m);
    return writer.finishImport({
      messagesInFile: parsed.length,
      linesUnparsed: 0,
      warnings: [],
      finishedAt: Date.now(),
    }).chatId;
  })();
}
