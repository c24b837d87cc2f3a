import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteChat,
  getChatSummary,
  listChats,
  locateSeq,
  messagesPage,
  searchMessages,
} from '../../../src-main/library/queries';
import { parseWallClock } from '../../../src-shared/messages';
import { seedChat, tempLibrary, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
beforeEach(() => {
  lib = tempLibrary();
});
afterEach(() => lib.dispose());

const chat = [
  {
    at: '2022-01-01T09:00',
    author: null,
    text: 'Messages and calls are end-to-end encrypted.',
    kind: 'system' as const,
    subtype: 'encryption' as const,
  },
  { at: '2022-01-01T09:01', author: 'Ana', text: 'Café at noon?' },
  { at: '2022-01-01T09:02', author: 'Bo', text: 'Sure, the cafe by the park' },
  {
    at: '2022-01-02T10:00',
    author: 'Ana',
    text: '',
    kind: 'media' as const,
    subtype: 'image' as const,
    attachment: 'IMG-1.jpg',
  },
  { at: '2022-01-03T11:00', author: 'Bo', text: 'ok 👍' },
];

describe('library queries', () => {
  it('summarises a chat', () => {
    const id = seedChat(lib, chat);
    expect(getChatSummary(lib, id)).toMatchObject({
      id,
      title: 'Ana, Bo',
      titleSource: 'participants',
      participants: ['Ana', 'Bo'],
      messageCount: 5,
      isGroup: false,
      firstAt: '2022-01-01T09:00:00',
      lastAt: '2022-01-03T11:00:00',
    });
    expect(listChats(lib).map((c) => c.id)).toEqual([id]);
  });

  it('pages messages in order with authors and attachments', () => {
    const id = seedChat(lib, chat);
    const page = messagesPage(lib, id, 2, 2);
    expect(page.map((m) => [m.seq, m.author, m.text])).toEqual([
      [2, 'Bo', 'Sure, the cafe by the park'],
      [3, 'Ana', ''],
    ]);
    expect(page[1]!.attachment).toEqual({ fileName: 'IMG-1.jpg', mediaType: 'image', mediaFileId: null });
  });

  it('searches substrings ignoring case and accents, and short words too', () => {
    const id = seedChat(lib, chat);
    const cafe = searchMessages(lib, id, 'CAFE', 10);
    expect(cafe.total).toBe(2);
    expect(cafe.hits.map((h) => h.highlighted)).toEqual([
      '\uE000Café\uE001 at noon?',
      'Sure, the \uE000cafe\uE001 by the park',
    ]);
    expect(searchMessages(lib, id, 'ok', 10).hits.map((h) => h.message.seq)).toEqual([4]);
    expect(searchMessages(lib, id, 'park sure', 10).total).toBe(1);
    expect(searchMessages(lib, id, 'nothing-like-this', 10).total).toBe(0);
  });

  it('locates a date', () => {
    const id = seedChat(lib, chat);
    expect(locateSeq(lib, id, parseWallClock('2022-01-02'))).toBe(3);
    expect(locateSeq(lib, id, parseWallClock('2030-01-01'))).toBe(4);
  });

  it('deletes a chat with its messages and index entries', () => {
    const id = seedChat(lib, chat);
    const other = seedChat(lib, [{ at: '2022-05-05T05:05', author: 'Cy', text: 'cafe again' }]);
    expect(deleteChat(lib, id)).toBe(true);
    expect(lib.sqlite.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(1);
    expect(searchMessages(lib, other, 'cafe', 10).total).toBe(1);
    expect(
      lib.sqlite
        .prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH \'"cafe"\'')
        .pluck()
        .get(),
    ).toBe(1);
  });
});
