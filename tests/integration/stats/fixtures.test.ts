/**
 * Statistics of small chats counted by hand. Times are wall-clock, as in exports: 2023-03-26 is the night
 * Europe springs forward (02:00 → 03:00), yet a message at 02:30 exists and counts at hour 2.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeChatStats } from '../../../src-main/stats/compute';
import { toQuery } from '../../../src-main/stats/store';
import { ChatStats } from '../../../src-shared/stats';
import { seedChat, tempLibrary, type SeedMessage, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
beforeEach(() => {
  lib = tempLibrary();
});
afterEach(() => lib.dispose());

const stats = (chatId: number, request: Parameters<typeof toQuery>[0] = {}) => {
  const result = computeChatStats(lib, chatId, toQuery(request));
  ChatStats.parse(result); // the shape the UI is promised
  return result;
};

const pair: SeedMessage[] = [
  { at: '2023-03-25T23:50', author: 'Ana', text: 'Hi Bo, are you awake?' }, // 1
  { at: '2023-03-25T23:55', author: 'Bo', text: 'Yes! 😂😂' }, // 2: replies after 300 s
  { at: '2023-03-26T00:10', author: 'Ana', text: 'Look https://www.example.com/a' }, // 3: after 900 s
  { at: '2023-03-26T00:11', author: 'Ana', kind: 'media', subtype: 'image', attachment: 'IMG-1.jpg' }, // 4
  { at: '2023-03-26T02:30', author: 'Bo', text: 'Nice photo' }, // 5: a new conversation
  { at: '2023-03-26T02:29', author: 'Ana', text: 'Thanks 👍🏽' }, // 6: a minute "early": replies after 0 s
  { at: '2023-03-26T02:45', author: 'Ana', kind: 'deleted' }, // 7: 15 min after her own: a double text
  { at: '2023-03-27T10:00', author: null, text: 'Ana added Cy', kind: 'system', subtype: 'added' }, // 8
  { at: '2025-03-26T12:00', author: 'Bo', text: 'Two years later' }, // 9: two years of silence
  { at: '2025-03-26T12:05', author: 'Bo', text: 'Hello?' }, // 10
  { at: '2025-03-26T12:20', author: 'Bo', text: 'Anyone' }, // 11: 15 min after his own: a double text
  { at: '2025-03-26T12:21', author: 'Ana', text: 'Here', edited: true }, // 12: replies after 60 s
];

const zeros = (n: number) => new Array<number>(n).fill(0);
const lengthBuckets = (counts: Record<number, number>) =>
  [0, 1, 2, 3, 4, 6, 11, 21, 51].map((min) => counts[min] ?? 0);

describe('a two-person chat counted by hand', () => {
  it('totals and per person', () => {
    const s = stats(seedChat(lib, pair));
    expect(s.isGroup).toBe(true); // an 'added' event makes it a group
    expect(s.people.map((p) => p.name)).toEqual(['Ana', 'Bo']);
    const [ana, bo] = s.people;
    expect(ana).toMatchObject({
      messages: 6,
      share: 6 / 11,
      textMessages: 4,
      words: 8,
      characters: 21 + 30 + 9 + 4,
      averageWords: 2,
      averageCharacters: 16,
      mediaTotal: 1,
      links: 1,
      topDomains: [{ domain: 'example.com', count: 1 }],
      deleted: 1,
      edited: 1,
      questions: 1,
      emoji: 1,
      messagesWithEmoji: 1,
      topEmoji: [{ emoji: '👍🏽', count: 1 }],
      lateNight: 4,
      lateNightShare: 4 / 6,
      activeDays: 3,
      first: '2023-03-25T23:50:00',
      last: '2025-03-26T12:21:00',
      conversationsStarted: 1,
      conversationsEnded: 3,
      responseTime: { replies: 3, medianSeconds: 60, p90Seconds: 900, averageSeconds: 320 },
      doubleTexts: 1,
    });
    expect(ana!.media.image).toBe(1);
    expect(ana!.lengthDistribution.map((b) => b.count)).toEqual(lengthBuckets({ 1: 3, 4: 1 }));
    expect(bo).toMatchObject({
      messages: 5,
      textMessages: 5,
      words: 8,
      characters: 7 + 10 + 15 + 6 + 6,
      mediaTotal: 0,
      links: 0,
      deleted: 0,
      edited: 0,
      questions: 1,
      emoji: 2,
      messagesWithEmoji: 1,
      topEmoji: [{ emoji: '😂', count: 2 }],
      lateNight: 1,
      activeDays: 3,
      conversationsStarted: 2,
      conversationsEnded: 0,
      responseTime: { replies: 1, medianSeconds: 300, p90Seconds: 300, averageSeconds: 300 },
      doubleTexts: 1,
    });
    expect(bo!.lengthDistribution.map((b) => b.count)).toEqual(lengthBuckets({ 1: 3, 2: 1, 3: 1 }));
    expect(s.totals).toMatchObject({
      messages: 11,
      textMessages: 9,
      words: 16,
      characters: 64 + 44,
      mediaTotal: 1,
      links: 1,
      deleted: 1,
      edited: 1,
      questions: 2,
      emoji: 3,
      messagesWithEmoji: 2,
      lateNight: 5,
      activeDays: 3,
      first: '2023-03-25T23:50:00',
      last: '2025-03-26T12:21:00',
    });
    expect(s.totals.lengthDistribution.map((b) => b.count)).toEqual(
      lengthBuckets({ 1: 6, 2: 1, 3: 1, 4: 1 }),
    );
  });

  it('time: midnight, the DST night, a gap of two years', () => {
    const { activity } = stats(seedChat(lib, pair));
    expect(activity.daily.start).toBe('2023-03-25');
    expect(activity.daily.counts).toHaveLength(733); // 2024 is a leap year
    expect(activity.daily.counts.slice(0, 3)).toEqual([2, 5, 0]);
    expect(activity.daily.counts.at(-1)).toBe(4);
    expect(activity.calendarDays).toBe(733);
    expect(activity.activeDays).toBe(3);
    const hours = zeros(24);
    Object.assign(hours, { 23: 2, 0: 2, 2: 3, 12: 4 });
    expect(activity.hours).toEqual(hours);
    expect(activity.weekdays).toEqual([0, 0, 4, 0, 0, 2, 5]); // Wed, Sat, Sun
    expect(activity.heatmap[5]![23]).toBe(2);
    expect(activity.heatmap[6]![0]).toBe(2);
    expect(activity.heatmap[6]![2]).toBe(3);
    expect(activity.heatmap[2]![12]).toBe(4);
    expect(activity.byPersonHours[0]![2]).toBe(2);
    expect(activity.weekly.start).toBe('2023-03-20');
    expect(activity.weekly.counts).toHaveLength(106);
    expect([activity.weekly.counts[0], activity.weekly.counts[105]]).toEqual([7, 4]);
    expect(activity.weekly.byPerson.map((w) => [w[0], w[105]])).toEqual([
      [5, 1],
      [2, 3],
    ]);
    expect(activity.monthly.start).toBe('2023-03');
    expect(activity.monthly.counts).toEqual([7, ...zeros(23), 4]);
    expect(activity.yearly).toEqual({ start: 2023, counts: [7, 0, 4] });
    expect(activity.mostActive).toEqual({
      day: { day: '2023-03-26', messages: 5 },
      hour: { hour: 12, messages: 4 },
      weekday: { weekday: 6, messages: 5 },
      month: { month: '2023-03', messages: 7 },
      year: { year: 2023, messages: 7 },
    });
    expect(activity.longestStreak).toEqual({ days: 2, from: '2023-03-25', to: '2023-03-26' });
    expect(activity.longestSilence).toEqual({
      seconds: 731 * 86_400 + 9 * 3600 + 15 * 60,
      from: '2023-03-26T02:45:00',
      to: '2025-03-26T12:00:00',
    });
    expect(activity.first).toBe('2023-03-25T23:50:00');
    expect(activity.durationSeconds).toBe(731 * 86_400 + 12 * 3600 + 31 * 60);
    expect(activity.lateNightShare).toBe(5 / 11);
  });

  it('conversations, replies and membership', () => {
    const s = stats(seedChat(lib, pair));
    expect(s.conversations).toEqual({
      gapMinutes: 30,
      count: 3,
      averageMessages: 11 / 3,
      medianMessages: 4,
      averageDurationSeconds: (1260 + 900 + 1260) / 3,
      lengthDistribution: [
        { min: 1, max: 1, count: 0 },
        { min: 2, max: 2, count: 0 },
        { min: 3, max: 5, count: 3 },
        { min: 6, max: 10, count: 0 },
        { min: 11, max: 20, count: 0 },
        { min: 21, max: 50, count: 0 },
        { min: 51, max: 100, count: 0 },
        { min: 101, max: null, count: 0 },
      ],
      longest: { messages: 4, from: '2023-03-25T23:50:00', to: '2023-03-26T00:11:00' },
    });
    expect(s.replies).toEqual({
      responseTime: { replies: 4, medianSeconds: 60, p90Seconds: 900, averageSeconds: 315 },
      names: ['Ana', 'Bo'],
      matrix: [
        [0, 3],
        [1, 0],
      ],
    });
    expect(s.group.events).toEqual({ added: 1, joined: 0, left: 0, removed: 0 });
    expect(s.group.monthly.start).toBe('2023-03');
    expect(s.group.monthly.added).toEqual([1, ...zeros(24)]);
    expect(s.group.monthly.activeMembers).toEqual([2, ...zeros(23), 2]);
  });

  it('a longer silence threshold merges conversations', () => {
    const s = stats(seedChat(lib, pair), { gapMinutes: 180 });
    expect(s.conversations.count).toBe(2);
    expect(s.conversations.longest).toEqual({
      messages: 7,
      from: '2023-03-25T23:50:00',
      to: '2023-03-26T02:45:00',
    });
    expect(s.people.map((p) => p.conversationsStarted)).toEqual([1, 1]);
    expect(s.people[1]!.responseTime.replies).toBe(2); // 300 s, and 8,340 s for message 5
    expect(s.people[1]!.responseTime.p90Seconds).toBe(8340);
  });

  it('a date range counts what is in it, as if nothing else existed', () => {
    const s = stats(seedChat(lib, pair), { from: '2023-03-26', to: '2023-03-26' });
    expect(s.filter).toEqual({
      from: '2023-03-26T00:00:00',
      to: '2023-03-26T23:59:59',
      author: null,
      gapMinutes: 30,
    });
    expect(s.totals.messages).toBe(5);
    expect(s.activity.daily).toEqual({ start: '2023-03-26', counts: [5] });
    expect(s.conversations.count).toBe(2);
    expect(s.people.map((p) => [p.name, p.messages, p.conversationsStarted])).toEqual([
      ['Ana', 4, 1],
      ['Bo', 1, 1],
    ]);
    expect(s.replies.matrix).toEqual([
      [0, 1],
      [0, 0],
    ]);
    expect(s.activity.longestSilence).toEqual({
      seconds: 8340,
      from: '2023-03-26T00:11:00',
      to: '2023-03-26T02:30:00',
    });
    expect(s.group.events.added).toBe(0);
  });

  it('an author filter counts their messages; replies still see everyone', () => {
    const s = stats(seedChat(lib, pair), { author: 'Bo' });
    expect(s.filter.author).toBe('Bo');
    expect(s.people.map((p) => p.name)).toEqual(['Bo']);
    expect(s.totals).toMatchObject({ messages: 5, words: 8, emoji: 2, questions: 1, links: 0 });
    expect(s.activity.daily.start).toBe('2023-03-25');
    expect(s.activity.hours[12]).toBe(3);
    expect(s.conversations.count).toBe(3);
    expect(s.replies.names).toEqual(['Ana', 'Bo']);
    expect(s.people[0]!.responseTime.medianSeconds).toBe(300);
  });

  it('rejects an unknown chat or author', () => {
    const id = seedChat(lib, pair);
    expect(() => stats(id + 1)).toThrow(expect.objectContaining({ code: 'chat-not-found' }));
    expect(() => stats(id, { author: 'Cy' })).toThrow(expect.objectContaining({ code: 'author-not-found' }));
  });
});

describe('edge cases', () => {
  it('a chat of one message', () => {
    const s = stats(seedChat(lib, [{ at: '2022-01-01T00:00', author: 'Ana', text: 'Hello' }]));
    expect(s.totals).toMatchObject({ messages: 1, words: 1, characters: 5, lateNight: 1, activeDays: 1 });
    expect(s.activity).toMatchObject({
      daily: { start: '2022-01-01', counts: [1] },
      weekly: { start: '2021-12-27', counts: [1], byPerson: [[1]] },
      monthly: { start: '2022-01', counts: [1], byPerson: [[1]] },
      yearly: { start: 2022, counts: [1] },
      calendarDays: 1,
      longestStreak: { days: 1, from: '2022-01-01', to: '2022-01-01' },
      longestSilence: null,
      durationSeconds: 0,
    });
    expect(s.conversations).toMatchObject({ count: 1, medianMessages: 1, averageDurationSeconds: 0 });
    expect(s.people[0]).toMatchObject({
      share: 1,
      conversationsStarted: 1,
      conversationsEnded: 1,
      responseTime: { replies: 0, medianSeconds: null, p90Seconds: null, averageSeconds: null },
      doubleTexts: 0,
    });
    expect(s.replies).toEqual({
      responseTime: { replies: 0, medianSeconds: null, p90Seconds: null, averageSeconds: null },
      names: ['Ana'],
      matrix: [[0]],
    });
  });

  it('one author across midnight', () => {
    const s = stats(
      seedChat(lib, [
        { at: '2022-12-31T23:59:59', author: 'Ana', text: 'Last of the year' },
        { at: '2023-01-01T00:00:00', author: 'Ana', text: 'First of the year' },
        { at: '2023-01-01T00:20:00', author: 'Ana', text: 'Still me' },
      ]),
    );
    expect(s.activity.daily).toEqual({ start: '2022-12-31', counts: [1, 2] });
    expect(s.activity.yearly).toEqual({ start: 2022, counts: [1, 2] });
    expect(s.activity.monthly).toMatchObject({ start: '2022-12', counts: [1, 2] });
    expect(s.activity.heatmap[5]![23]).toBe(1); // Saturday 23:00
    expect(s.activity.heatmap[6]![0]).toBe(2); // Sunday 00:00
    expect(s.conversations.count).toBe(1);
    expect(s.people[0]).toMatchObject({ doubleTexts: 1, responseTime: { replies: 0 } });
    expect(s.replies.matrix).toEqual([[0]]);
  });

  it('a chat with no messages from anyone', () => {
    const s = stats(
      seedChat(lib, [
        { at: '2022-01-01T09:00', author: null, text: 'created', kind: 'system', subtype: 'created' },
        { at: '2022-02-01T09:00', author: null, text: 'X joined', kind: 'system', subtype: 'joined' },
      ]),
    );
    expect(s.people).toEqual([]);
    expect(s.totals.messages).toBe(0);
    expect(s.activity.daily).toEqual({ start: null, counts: [] });
    expect(s.activity.mostActive.day).toBeNull();
    expect(s.conversations.count).toBe(0);
    expect(s.group.events.joined).toBe(1);
    expect(s.group.monthly).toMatchObject({ start: '2022-01', joined: [0, 1], activeMembers: [0, 0] });
  });

  it('a range with nothing in it', () => {
    const s = stats(seedChat(lib, pair), { from: '2024-01-01', to: '2024-12-31' });
    expect(s.totals.messages).toBe(0);
    expect(s.group.monthly.start).toBeNull();
  });

  it('a big group: everyone counted, the reply matrix among the 30 most active', () => {
    // Person i writes i + 1 messages, everyone in turn: 40 people, 820 messages.
    const chat: SeedMessage[] = [];
    for (let round = 0; round < 40; round++) {
      for (let i = round; i < 40; i++) {
        const minute = chat.length;
        chat.push({
          at: `2022-01-01T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
          author: `P${i}`,
          text: 'hi',
        });
      }
    }
    const s = stats(seedChat(lib, chat));
    expect(s.people).toHaveLength(40);
    expect(s.people[0]).toMatchObject({ name: 'P39', messages: 40 });
    expect(s.replies.names).toHaveLength(30);
    expect(s.replies.names.slice(0, 2)).toEqual(['P39', 'P38']);
    expect(s.replies.matrix).toHaveLength(30);
    expect(s.replies.matrix.every((row) => row.length === 30)).toBe(true);
  });

  /** Statistics of a chat where Ana and Bo take turns, a minute apart. */
  const statsOfTurns = (lines: string[]) =>
    stats(
      seedChat(
        lib,
        lines.map((text, i) => ({ at: `2022-06-01T10:0${i}`, author: i % 2 ? 'Bo' : 'Ana', text })),
      ),
    );

  it('top words leave out the chat fillers of English, and keep what people say with them', () => {
    const lines = [
      'so yeah I just miss you, haha',
      "ok so no I don't know, lol",
      'yes! just got home, miss you so much',
      "it's okay, I'm going to sleep now haha",
      'so sorry, I really miss the sea, yeah',
    ];
    const s = statsOfTurns(lines);
    expect(s.languages.detected.map((l) => l.code)).toEqual(['eng']);
    const words = s.totals.topWords.map((w) => w.word);
    expect(words.slice(0, 2)).toEqual(['miss', 'haha']);
    for (const filler of ['so', 'yeah', 'just', 'no', 'yes', 'ok', "don't", "it's", "i'm", 'know'])
      expect(words).not.toContain(filler);
    expect(words).toEqual(expect.arrayContaining(['lol', 'home', 'sorry', 'sea']));
  });

  it('top words leave out Spanish chat speech too', () => {
    const lines = [
      'bueno pues yo estoy en la playa con los niños, es que hace un sol increíble',
      'si, q bien! yo también quiero ir a la playa mañana, está todo listo?',
      'vale, tengo la comida y los niños tienen sus cosas, vamos a la playa temprano',
    ];
    const s = statsOfTurns(lines);
    expect(s.languages.stopWords).toEqual(['spa', 'spaChat']);
    const words = s.totals.topWords.map((w) => w.word);
    expect(words.slice(0, 2)).toEqual(['playa', 'niños']);
    for (const filler of ['bueno', 'pues', 'yo', 'estoy', 'es', 'si', 'q', 'vale', 'tengo', 'vamos', 'está'])
      expect(words).not.toContain(filler);
  });

  it('top words leave out stop words of the detected language', () => {
    const text =
      'We are going to the beach tomorrow with the kids and the dog, and then we will have dinner at the ' +
      'little restaurant near the harbour because the weather should be lovely all day long.';
    const s = stats(
      seedChat(lib, [
        { at: '2022-06-01T10:00', author: 'Ana', text },
        { at: '2022-06-01T10:01', author: 'Bo', text: 'The beach! The beach again? Lovely.' },
      ]),
    );
    expect(s.languages.detected.map((l) => l.code)).toEqual(['eng']);
    expect(s.languages.stopWords).toEqual(['eng', 'engChat']);
    const words = s.totals.topWords.map((w) => w.word);
    expect(words.slice(0, 2)).toEqual(['beach', 'lovely']);
    expect(words).not.toContain('the');
    expect(words).not.toContain('and');
    expect(words).not.toContain('going'); // chat speech the package's English list lacks
    // Ties go to the word used first in the chat ("lovely" was Ana's).
    expect(s.people[1]!.topWords).toEqual([
      { word: 'beach', count: 2 },
      { word: 'lovely', count: 1 },
      { word: 'again', count: 1 },
    ]);
  });
});
