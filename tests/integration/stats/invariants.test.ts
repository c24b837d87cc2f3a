/** Properties every chat's statistics keep, on generated chats. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeChatStats } from '../../../src-main/stats/compute';
import { toQuery } from '../../../src-main/stats/store';
import { formatWallClock, parseWallClock } from '../../../src-shared/messages';
import type { ChatStats } from '../../../src-shared/stats';
import { seedChat, tempLibrary, type SeedMessage, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
beforeAll(() => {
  lib = tempLibrary();
});
afterAll(() => lib.dispose());

const START = parseWallClock('2021-03-27T20:00');
const TEXTS = [
  'ok',
  'Are you there?',
  'haha 😂😂',
  'see https://www.example.com/x',
  'Café at noon, www.foo.org',
  '👨‍👩‍👧 🇫🇷',
  '',
  "I'm late, sorry",
  '¿Vienes mañana?',
  '我们今天去吃饭',
];

/** A chat: gaps from seconds to months (sometimes a minute backwards), three people, every kind. */
const chatArb = fc
  .array(
    fc.record({
      gap: fc.oneof(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 600, max: 86_400 }),
        fc.integer({ min: 86_400, max: 86_400 * 90 }),
        fc.constant(-60),
      ),
      author: fc.constantFrom('Ana', 'Bo', 'Cy', null),
      kind: fc.constantFrom('text', 'text', 'text', 'media', 'deleted', 'location', 'poll'),
      text: fc.constantFrom(...TEXTS),
      edited: fc.boolean(),
      event: fc.constantFrom('added', 'joined', 'left', 'removed', 'encryption'),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((drafts) => {
    let ts = START;
    return drafts.map((d): SeedMessage => {
      ts += d.gap;
      const at = formatWallClock(ts);
      if (d.author === null)
        return { at, author: null, text: d.event, kind: 'system', subtype: d.event as never };
      const kind = d.kind as SeedMessage['kind'];
      return {
        at,
        author: d.author,
        kind,
        text: kind === 'text' || kind === 'media' ? d.text : '',
        subtype: kind === 'media' ? 'image' : null,
        edited: d.edited,
      };
    });
  });

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function checkInvariants(s: ChatStats): void {
  const { totals, people, activity, conversations, replies } = s;
  const authored = totals.messages;
  expect(sum(people.map((p) => p.messages))).toBe(authored);
  for (const key of [
    'words',
    'characters',
    'emoji',
    'links',
    'deleted',
    'edited',
    'questions',
    'textMessages',
  ] as const) {
    expect(sum(people.map((p) => p[key]))).toBe(totals[key]);
  }
  expect(sum(activity.daily.counts)).toBe(authored);
  expect(sum(activity.weekly.counts)).toBe(authored);
  expect(sum(activity.monthly.counts)).toBe(authored);
  expect(sum(activity.yearly.counts)).toBe(authored);
  expect(sum(activity.hours)).toBe(authored);
  expect(sum(activity.weekdays)).toBe(authored);
  expect(sum(activity.heatmap.flat())).toBe(authored);
  people.forEach((p, i) => {
    expect(sum(activity.weekly.byPerson[i]!)).toBe(p.messages);
    expect(sum(activity.monthly.byPerson[i]!)).toBe(p.messages);
    expect(sum(activity.byPersonHours[i]!)).toBe(p.messages);
    expect(sum(p.lengthDistribution.map((b) => b.count))).toBe(p.textMessages);
    expect(p.activeDays).toBeLessThanOrEqual(activity.activeDays);
  });
  expect(activity.activeDays).toBe(activity.daily.counts.filter((n) => n > 0).length);
  expect(activity.activeDays).toBeLessThanOrEqual(activity.calendarDays);
  expect(activity.longestStreak?.days ?? 0).toBeLessThanOrEqual(activity.activeDays);
  expect(activity.longestSilence?.seconds ?? 0).toBeGreaterThanOrEqual(0);
  // Conversations and replies see everyone: without an author filter they cover every message.
  expect(sum(conversations.lengthDistribution.map((b) => b.count))).toBe(conversations.count);
  if (s.filter.author === null) {
    expect(Math.round(conversations.averageMessages * conversations.count)).toBe(authored);
    expect(sum(people.map((p) => p.conversationsStarted))).toBe(conversations.count);
    expect(sum(people.map((p) => p.conversationsEnded))).toBe(conversations.count);
    expect(replies.names).toEqual(people.map((p) => p.name));
    people.forEach((p, i) => expect(sum(replies.matrix[i]!)).toBe(p.responseTime.replies));
  }
  for (const r of [replies.responseTime, ...people.map((p) => p.responseTime)]) {
    if (r.replies === 0) continue;
    expect(r.medianSeconds!).toBeGreaterThanOrEqual(0);
    expect(r.p90Seconds!).toBeGreaterThanOrEqual(r.medianSeconds!);
    expect(r.p90Seconds!).toBeLessThanOrEqual(conversations.gapMinutes * 60);
    expect(r.averageSeconds!).toBeGreaterThanOrEqual(0);
  }
  expect(sum(replies.matrix.flat())).toBe(replies.responseTime.replies);
}

/** What may differ between two computations of the same figures. */
const comparable = (s: ChatStats) => ({
  ...s,
  chatId: 0,
  computedAt: 0,
  computeMs: 0,
  isGroup: false,
  filter: null,
});

describe('statistics invariants', () => {
  it('hold on generated chats, with and without an author', () => {
    fc.assert(
      fc.property(
        chatArb,
        fc.constantFrom(null, 'Ana', 'Bo'),
        fc.integer({ min: 1, max: 600 }),
        (chat, author, gap) => {
          const id = seedChat(lib, chat);
          const authors = new Set(chat.map((m) => m.author).filter((a) => a !== null));
          if (author !== null && !authors.has(author)) return;
          checkInvariants(
            computeChatStats(lib, id, toQuery({ gapMinutes: gap, ...(author ? { author } : {}) })),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a date range gives the statistics of a chat holding only that range', () => {
    fc.assert(
      fc.property(chatArb, fc.nat(), fc.nat(), (chat, a, b) => {
        const days = [...new Set(chat.map((m) => m.at.slice(0, 10)))].sort();
        const from = days[a % days.length]!;
        const to = days[Math.max(a % days.length, b % days.length)]!;
        const whole = seedChat(lib, chat);
        const inRange = chat.filter((m) => m.at.slice(0, 10) >= from && m.at.slice(0, 10) <= to);
        const filtered = computeChatStats(lib, whole, toQuery({ from, to }));
        checkInvariants(filtered);
        const subset = computeChatStats(lib, seedChat(lib, inRange), toQuery({}));
        expect(comparable(filtered)).toEqual(comparable(subset));
      }),
      { numRuns: 60 },
    );
  });
});
