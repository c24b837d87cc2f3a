/**
 * Importing again: the same text changes nothing, a newer export of the chat adds only its new messages,
 * and a cancelled import leaves nothing behind.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importExport } from '../../../src-main/import/pipeline';
import { iterateMessages, listChats, searchMessages } from '../../../src-main/library/queries';
import { zipBuffer } from '../../support/export-zip';
import {
  EXPORT_STYLES,
  expectedMessage,
  generateMessages,
  renderExport,
  type ChatMessage,
} from '../../support/export-generator';
import { tempLibrary, type TempLibrary } from '../../support/library';

let library: TempLibrary;
beforeEach(() => {
  library = tempLibrary();
});
afterEach(() => library.dispose());

const style = EXPORT_STYLES['ios-en-us'];
const chat: ChatMessage[] = [...generateMessages({ seed: 9, count: 2000, authors: 4, spanDays: 60 })];

function write(name: string, messages: ChatMessage[] | Buffer): string {
  const path = join(library.dir, name);
  writeFileSync(path, Buffer.isBuffer(messages) ? messages : renderExport(style, messages));
  return path;
}

function stored(chatId: number) {
  return [...iterateMessages(library, chatId)].map((m) => ({
    at: m.at,
    author: m.author,
    text: m.text,
    kind: m.kind,
  }));
}

const expected = (messages: ChatMessage[]) =>
  messages.map((m) => {
    const { at, author, text, kind } = expectedMessage(style, m);
    return { at, author, text, kind };
  });

describe('re-import', () => {
  it('the same file again changes nothing and says so', async () => {
    const path = write('WhatsApp Chat - Crew.txt', chat);
    const first = await importExport(library, { path });
    const second = await importExport(library, { path });
    expect(second).toMatchObject({
      outcome: 'unchanged',
      chatId: first.chatId,
      messagesAdded: 0,
      messages: 2000,
    });
    expect(second.warnings[0]?.message).toMatch(/already in the library/);
    expect(library.sqlite.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(2000);
    // The same text inside a zip is the same export.
    const zip = write('WhatsApp Chat - Crew.zip', await zipBuffer([{ name: '_chat.txt', data: { path } }]));
    expect(await importExport(library, { path: zip })).toMatchObject({
      outcome: 'unchanged',
      chatId: first.chatId,
    });
  });

  it('a newer export adds only the messages after what the library holds', async () => {
    const older = write('WhatsApp Chat - Crew.txt', chat.slice(0, 1200));
    const first = await importExport(library, { path: older });
    expect(first).toMatchObject({ outcome: 'created', messages: 1200 });
    const newer = write('WhatsApp Chat - Crew (1).txt', chat);
    const second = await importExport(library, { path: newer });
    expect(second).toMatchObject({
      outcome: 'updated',
      chatId: first.chatId,
      messagesAdded: 800,
      messages: 2000,
    });
    expect(stored(first.chatId)).toEqual(expected(chat));
    expect(listChats(library)).toHaveLength(1);
  });

  it('a newer export that starts later (old messages dropped from the phone) still continues the chat', async () => {
    const first = await importExport(library, { path: write('a.txt', chat.slice(0, 1500)) });
    const second = await importExport(library, { path: write('b.txt', chat.slice(1000)) });
    expect(second).toMatchObject({
      outcome: 'updated',
      chatId: first.chatId,
      messagesAdded: 500,
      messages: 2000,
    });
    expect(stored(first.chatId)).toEqual(expected(chat));
  });

  it('indexes every stored message for full-text search, across imports', async () => {
    const first = await importExport(library, { path: write('a.txt', chat.slice(0, 1200)) });
    await importExport(library, { path: write('b.txt', chat) });
    const words = ['tomorrow', 'dinner', 'привет'];
    for (const word of words) {
      const like = library.sqlite
        .prepare('SELECT count(*) FROM messages WHERE chat_id = ? AND text LIKE ?')
        .pluck()
        .get(first.chatId, `%${word}%`);
      expect(like).toBeGreaterThan(0);
      expect(searchMessages(library, first.chatId, word, 10).total).toBe(like);
    }
    // Deleting messages takes them out of the index (trigger).
    const before = searchMessages(library, first.chatId, 'dinner', 10).total;
    const victim = searchMessages(library, first.chatId, 'dinner', 1).hits[0]!.message.id;
    library.sqlite.prepare('DELETE FROM messages WHERE id = ?').run(victim);
    expect(searchMessages(library, first.chatId, 'dinner', 10).total).toBe(before - 1);
  });

  it('another chat becomes another chat', async () => {
    const other = [...generateMessages({ seed: 77, count: 50, start: '2019-05-01T10:00:00' })];
    const a = await importExport(library, { path: write('a.txt', chat) });
    const b = await importExport(library, { path: write('b.txt', other) });
    expect(b.outcome).toBe('created');
    expect(b.chatId).not.toBe(a.chatId);
  });
});

describe('telling chats apart', () => {
  const android = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');
  const notice =
    '12/03/2023, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.';

  it('two chats opened the same minute with the same notice and greeting stay two chats', async () => {
    const a = await importExport(library, {
      path: write(
        'WhatsApp Chat with Ana.txt',
        android([notice, '12/03/2023, 09:00 - Ana: Hi', '12/03/2023, 09:01 - Ana: How was the trip?']),
      ),
    });
    const b = await importExport(library, {
      path: write(
        'WhatsApp Chat with Bo.txt',
        android([notice, '12/03/2023, 09:00 - Ana: Hi', '12/03/2023, 09:01 - Ana: Lunch?']),
      ),
    });
    expect(b.outcome).toBe('created');
    expect(b.chatId).not.toBe(a.chatId);
    expect(listChats(library)).toHaveLength(2);
  });

  it('a newer export that starts inside the old one continues it', async () => {
    const lines = Array.from(
      { length: 12 },
      (_, i) => `12/03/2023, 10:${String(i).padStart(2, '0')} - ${i % 2 ? 'Bo' : 'Ana'}: message ${i}`,
    );
    const a = await importExport(library, {
      path: write('old.txt', android([notice, ...lines.slice(0, 8)])),
    });
    const b = await importExport(library, { path: write('new.txt', android(lines.slice(3))) });
    expect(b).toMatchObject({ chatId: a.chatId, outcome: 'updated', messagesAdded: 4, messages: 13 });
  });
});

describe('cancel', () => {
  const big = [...generateMessages({ seed: 5, count: 60_000, authors: 3 })];

  it.each(['scanning', 'parsing'] as const)('during %s leaves nothing behind', async (phase) => {
    const path = write('WhatsApp Chat - Big.txt', big);
    const controller = new AbortController();
    const error = await importExport(library, {
      path,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === phase) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(listChats(library)).toEqual([]);
    expect(library.sqlite.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
    expect(library.sqlite.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0);
    expect(library.sqlite.prepare('SELECT count(*) FROM messages_fts').pluck().get()).toBe(0);
    // The library is usable afterwards: the same file imports completely.
    expect(await importExport(library, { path })).toMatchObject({ outcome: 'created', messages: 60_000 });
  });
});
