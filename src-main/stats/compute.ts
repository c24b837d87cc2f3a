/**
 * Computes a chat's statistics in one pass over its messages in export order (read in blocks, see
 * ./read-messages.ts), with counters in typed arrays indexed by person, day, week and month (the span is
 * known before the pass from the ts index). Text work lives in ./text.ts, languages in ./language.ts.
 */
import {
  CONVERSATION_LENGTH_BUCKETS,
  DOUBLE_TEXT_SECONDS,
  GROUP_EVENTS,
  LATE_NIGHT_END_HOUR,
  MESSAGE_LENGTH_BUCKETS,
  REPLY_MATRIX_PEOPLE,
  TOP_DOMAINS,
  TOP_DOMAINS_PER_PERSON,
  TOP_EMOJI,
  TOP_EMOJI_PER_PERSON,
  TOP_WORDS,
  TOP_WORDS_PER_PERSON,
  type ActivityStats,
  type Bucket,
  type ChatStats,
  type ConversationStats,
  type GroupStats,
  type MessageCounts,
  type PersonStats,
  type ResponseTime,
  type StatsFilter,
} from '../../src-shared/stats';
import { formatWallClock, MEDIA_TYPES, type MediaType } from '../../src-shared/messages';
import type { Library } from '../db/open';
import { AppError } from '../errors';
import {
  civilOf,
  dayNumber,
  formatDay,
  formatMonth,
  monthNumber,
  SECONDS_PER_DAY,
  weekdayOf,
} from './calendar';
import { type IntCounter, quantile, TopN, U32List } from './counters';
import { detectLanguages, LanguageSample, stopWordListsFor, stopWordsOf } from './language';
import {
  forEachMessage,
  rangeOf,
  KIND_DELETED,
  KIND_LOCATION,
  KIND_MEDIA,
  KIND_POLL,
  KIND_SYSTEM,
  KIND_TEXT,
} from './read-messages';
import { isRankableWord, TextAnalyzer } from './text';

/** Bump whenever the computation or the shape changes: stored statistics of another version are recomputed. */
export const STATS_VERSION = 3;

export interface StatsQuery {
  /** Wall-clock seconds, inclusive. */
  fromTs: number | null;
  /** Wall-clock seconds, exclusive. */
  toTs: number | null;
  author: string | null;
  gapMinutes: number;
}

const NM = MEDIA_TYPES.length;
const NL = MESSAGE_LENGTH_BUCKETS.length + 1;
const NC = CONVERSATION_LENGTH_BUCKETS.length + 1;

function bucketIndex(bounds: readonly number[], value: number): number {
  let i = 0;
  while (i < bounds.length && value > bounds[i]!) i++;
  return i;
}

function buckets(bounds: readonly number[], counts: ArrayLike<number>): Bucket[] {
  return Array.from({ length: bounds.length + 1 }, (_, i) => ({
    min: i === 0 ? Math.min(bounds[0]!, 1) : bounds[i - 1]! + 1,
    max: i < bounds.length ? bounds[i]! : null,
    count: counts[i]!,
  }));
}

function responseTime(sorted: Uint32Array): ResponseTime {
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return {
    replies: sorted.length,
    medianSeconds: quantile(sorted, 0.5),
    p90Seconds: quantile(sorted, 0.9),
    averageSeconds: sorted.length > 0 ? sum / sorted.length : null,
  };
}

function argmax(counts: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < counts.length; i++)
    if (counts[i]! > 0 && (best < 0 || counts[i]! > counts[best]!)) best = i;
  return best;
}

/** The chat's statistics for a query. Throws chat-not-found / author-not-found. */
export function computeChatStats(library: Library, chatId: number, query: StatsQuery): ChatStats {
  const started = performance.now();
  const { sqlite } = library;
  const chat = sqlite.prepare('SELECT is_group AS isGroup FROM chats WHERE id = ?').get(chatId) as
    { isGroup: number } | undefined;
  if (!chat) throw new AppError('chat-not-found', `There is no chat ${chatId} in the library.`);
  const participants = sqlite
    .prepare('SELECT id, name FROM participants WHERE chat_id = ? ORDER BY id')
    .all(chatId) as { id: number; name: string }[];
  let only = -1;
  if (query.author !== null) {
    only = participants.findIndex((p) => p.name === query.author);
    if (only < 0) {
      throw new AppError('author-not-found', `Nobody named "${query.author}" wrote in chat ${chatId}.`, {
        participants: participants.map((p) => p.name),
      });
    }
  }

  let where = 'chat_id = ?';
  const params: number[] = [chatId];
  if (query.fromTs !== null) {
    where += ' AND ts >= ?';
    params.push(query.fromTs);
  }
  if (query.toTs !== null) {
    where += ' AND ts < ?';
    params.push(query.toTs);
  }
  const [minTs, maxTs] = rangeOf(library, 'ts', where, params);

  const acc = new Accumulator(participants.length, minTs ?? 0, maxTs ?? 0, query.gapMinutes * 60, only);
  if (minTs !== null) {
    const minId = participants[0]?.id ?? 0; // ordered by id
    const indexOf = new Int32Array(participants.length === 0 ? 0 : participants.at(-1)!.id - minId + 1);
    participants.forEach((p, i) => (indexOf[p.id - minId] = i));
    forEachMessage(library, where, params, minId, (ts, author, kind, subtype, edited, block, start, end) => {
      if (kind === KIND_SYSTEM || author < 0) acc.system(ts, subtype);
      else acc.message(ts, indexOf[author]!, kind, subtype, edited, block, start, end);
    });
  }

  const filter: StatsFilter = {
    from: query.fromTs === null ? null : formatWallClock(query.fromTs),
    to: query.toTs === null ? null : formatWallClock(query.toTs - 1),
    author: query.author,
    gapMinutes: query.gapMinutes,
  };
  return {
    version: STATS_VERSION,
    chatId,
    computedAt: Date.now(),
    ...acc.result(
      participants.map((p) => p.name),
      chat.isGroup === 1,
      filter,
    ),
    computeMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

class Accumulator {
  readonly P: number;
  readonly day0: number;
  readonly D: number;
  readonly month0: number;
  readonly M: number;
  readonly week0: number;
  readonly W: number;
  readonly dayWords: number;
  readonly monthOfDay: Int32Array;
  readonly weekOfDay: Int32Array;
  readonly weekdayOfDay: Uint8Array;

  // Per person (counted messages only).
  readonly messages: Uint32Array;
  readonly textMessages: Uint32Array;
  readonly words: Float64Array;
  readonly characters: Float64Array;
  readonly media: Uint32Array;
  readonly locations: Uint32Array;
  readonly polls: Uint32Array;
  readonly links: Uint32Array;
  readonly deleted: Uint32Array;
  readonly edited: Uint32Array;
  readonly questions: Uint32Array;
  readonly emoji: Uint32Array;
  readonly withEmoji: Uint32Array;
  readonly lateNight: Uint32Array;
  readonly lengths: Uint32Array;
  readonly hours: Uint32Array;
  readonly weekly: Uint32Array;
  readonly monthly: Uint32Array;
  readonly dayBits: Uint32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  // Overall (counted messages only).
  readonly daily: Uint32Array;
  readonly heat = new Uint32Array(7 * 24);

  // Everyone's messages: conversations, replies, silences, membership.
  readonly written: Uint32Array;
  readonly started: Uint32Array;
  readonly ended: Uint32Array;
  readonly doubleTexts: Uint32Array;
  readonly responses: U32List[];
  readonly matrix: Uint32Array;
  readonly activeMember: Uint8Array;
  readonly events: Uint32Array;
  readonly conversationLengths = new U32List(1024);
  conversationSeconds = 0;
  longestConversation = { messages: 0, from: 0, to: 0 };
  longestSilence = { seconds: -1, from: 0, to: 0 };
  prevAuthor = -1;
  prevTs = 0;
  conversationStart = 0;
  conversationMessages = 0;

  readonly text: TextAnalyzer;
  readonly sample = new LanguageSample();

  constructor(
    people: number,
    minTs: number,
    maxTs: number,
    readonly gapSeconds: number,
    readonly only: number,
  ) {
    const P = (this.P = people);
    this.day0 = dayNumber(minTs);
    const D = (this.D = dayNumber(maxTs) - this.day0 + 1);
    this.month0 = monthNumber(this.day0);
    const M = (this.M = monthNumber(this.day0 + D - 1) - this.month0 + 1);
    this.week0 = Math.floor((this.day0 + 3) / 7);
    const W = (this.W = Math.floor((this.day0 + D - 1 + 3) / 7) - this.week0 + 1);
    this.monthOfDay = new Int32Array(D);
    this.weekOfDay = new Int32Array(D);
    this.weekdayOfDay = new Uint8Array(D);
    let monthNo = this.month0;
    for (let d = 0; d < D; d++) {
      const day = this.day0 + d;
      if (d > 0 && civilOf(day).dayOfMonth === 1) monthNo++;
      this.monthOfDay[d] = monthNo - this.month0;
      this.weekOfDay[d] = Math.floor((day + 3) / 7) - this.week0;
      this.weekdayOfDay[d] = weekdayOf(day);
    }
    const u32 = (n: number) => new Uint32Array(n);
    this.messages = u32(P);
    this.textMessages = u32(P);
    this.words = new Float64Array(P);
    this.characters = new Float64Array(P);
    this.media = u32(P * NM);
    this.locations = u32(P);
    this.polls = u32(P);
    this.links = u32(P);
    this.deleted = u32(P);
    this.edited = u32(P);
    this.questions = u32(P);
    this.emoji = u32(P);
    this.withEmoji = u32(P);
    this.lateNight = u32(P);
    this.lengths = u32(P * NL);
    this.hours = u32(P * 24);
    this.weekly = u32(P * W);
    this.monthly = u32(P * M);
    this.dayWords = (D + 31) >> 5;
    this.dayBits = u32(P * this.dayWords);
    this.first = new Float64Array(P).fill(Number.POSITIVE_INFINITY);
    this.last = new Float64Array(P).fill(Number.NEGATIVE_INFINITY);
    this.daily = u32(D);
    this.written = u32(P);
    this.started = u32(P);
    this.ended = u32(P);
    this.doubleTexts = u32(P);
    this.responses = Array.from({ length: P }, () => new U32List(256));
    this.matrix = u32(P * P);
    this.activeMember = new Uint8Array(P * M);
    this.events = u32(GROUP_EVENTS.length * M);
    this.text = new TextAnalyzer(P);
  }

  /** `event`: 1 + index in GROUP_EVENTS, 0 for other system messages. */
  system(ts: number, event: number): void {
    if (event > 0) this.events[(event - 1) * this.M + this.monthOfDay[dayNumber(ts) - this.day0]!]!++;
  }

  /** A message by person p; its text is block[start, end). */
  message(
    ts: number,
    p: number,
    kind: number,
    subtype: number,
    edited: boolean,
    block: string,
    start: number,
    end: number,
  ): void {
    const day = Math.floor(ts / SECONDS_PER_DAY);
    const d = day - this.day0;
    this.#converse(ts, p, d);
    if (this.only >= 0 && p !== this.only) return;

    const hour = ((ts - day * SECONDS_PER_DAY) / 3600) | 0;
    this.messages[p]!++;
    this.daily[d]!++;
    this.heat[this.weekdayOfDay[d]! * 24 + hour]!++;
    this.hours[p * 24 + hour]!++;
    this.weekly[p * this.W + this.weekOfDay[d]!]!++;
    this.monthly[p * this.M + this.monthOfDay[d]!]!++;
    this.dayBits[p * this.dayWords + (d >> 5)]! |= 1 << (d & 31);
    if (hour < LATE_NIGHT_END_HOUR) this.lateNight[p]!++;
    if (ts < this.first[p]!) this.first[p] = ts;
    if (ts > this.last[p]!) this.last[p] = ts;
    if (edited) this.edited[p]!++;

    if (kind === KIND_TEXT) {
      if (start < end) this.#text(block, start, end, p);
    } else if (kind === KIND_MEDIA) {
      this.media[p * NM + subtype]!++;
      if (start < end) this.#text(block, start, end, p);
    } else if (kind === KIND_DELETED) this.deleted[p]!++;
    else if (kind === KIND_LOCATION) this.locations[p]!++;
    else if (kind === KIND_POLL) this.polls[p]!++;
  }

  #converse(ts: number, p: number, d: number): void {
    this.written[p]!++;
    this.activeMember[this.monthOfDay[d]! * this.P + p] = 1;
    const prev = this.prevAuthor;
    // Export order rules: a message stamped before its predecessor is taken as sent with it.
    const t = prev >= 0 && ts < this.prevTs ? this.prevTs : ts;
    const gap = t - this.prevTs;
    if (prev < 0 || gap > this.gapSeconds) {
      if (prev >= 0) this.#endConversation();
      this.started[p]!++;
      this.conversationStart = t;
      this.conversationMessages = 1;
    } else {
      this.conversationMessages++;
      if (p !== prev) {
        this.responses[p]!.push(gap);
        this.matrix[p * this.P + prev]!++;
      }
    }
    if (prev >= 0 && gap > this.longestSilence.seconds)
      this.longestSilence = { seconds: gap, from: this.prevTs, to: t };
    if (p === prev && gap >= DOUBLE_TEXT_SECONDS) this.doubleTexts[p]!++;
    this.prevAuthor = p;
    this.prevTs = t;
  }

  #endConversation(): void {
    const n = this.conversationMessages;
    this.ended[this.prevAuthor]!++;
    this.conversationLengths.push(n);
    this.conversationSeconds += this.prevTs - this.conversationStart;
    if (n > this.longestConversation.messages)
      this.longestConversation = { messages: n, from: this.conversationStart, to: this.prevTs };
  }

  #text(block: string, start: number, end: number, p: number): void {
    const t = this.text;
    t.analyze(block, start, end, p);
    this.textMessages[p]!++;
    this.words[p]! += t.lastWords;
    this.characters[p]! += t.lastCharacters;
    this.lengths[p * NL + bucketIndex(MESSAGE_LENGTH_BUCKETS, t.lastWords)]!++;
    if (t.lastLinks > 0) this.links[p]! += t.lastLinks;
    else this.sample.offer(p, block, start, end);
    if (t.lastQuestion) this.questions[p]!++;
    if (t.lastEmoji > 0) {
      this.emoji[p]! += t.lastEmoji;
      this.withEmoji[p]!++;
    }
  }

  result(
    names: string[],
    isGroup: boolean,
    filter: StatsFilter,
  ): Omit<ChatStats, 'version' | 'chatId' | 'computedAt' | 'computeMs'> {
    if (this.prevAuthor >= 0) this.#endConversation();
    const P = this.P;
    const byMessages = (counts: Uint32Array) =>
      Array.from({ length: P }, (_, i) => i)
        .filter((i) => counts[i]! > 0)
        .sort(
          (a, b) =>
            counts[b]! - counts[a]! || (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b),
        );
    const people = byMessages(this.messages);
    const writers = byMessages(this.written).slice(0, REPLY_MATRIX_PEOPLE);

    const languages = detectLanguages(this.sample);
    const stopWordLists = [...new Set(languages.flatMap((l) => stopWordListsFor(l.code)))];
    const stopWords = stopWordsOf(stopWordLists);
    const { text } = this;
    const rankable = new Uint8Array(text.words.length);
    text.words.forEach((w, id) => (rankable[id] = !stopWords.has(w) && isRankableWord(w) ? 1 : 0));

    const total = this.messages.reduce((a, b) => a + b, 0);
    const everyone = Array.from({ length: P }, (_, i) => i);
    const totals = this.#counts(everyone, TOP_WORDS, TOP_EMOJI, TOP_DOMAINS, rankable);
    const peopleStats: PersonStats[] = people.map((p) => ({
      name: names[p]!,
      ...this.#counts([p], TOP_WORDS_PER_PERSON, TOP_EMOJI_PER_PERSON, TOP_DOMAINS_PER_PERSON, rankable),
      share: this.messages[p]! / total,
      conversationsStarted: this.started[p]!,
      conversationsEnded: this.ended[p]!,
      responseTime: responseTime(this.responses[p]!.sorted()),
      doubleTexts: this.doubleTexts[p]!,
    }));

    const allResponses = new Uint32Array(this.responses.reduce((n, list) => n + list.length, 0));
    let offset = 0;
    for (const list of this.responses) {
      allResponses.set(list.values(), offset);
      offset += list.length;
    }
    return {
      isGroup,
      filter,
      totals,
      people: peopleStats,
      activity: this.#activity(people, totals),
      conversations: this.#conversations(),
      replies: {
        responseTime: responseTime(allResponses.sort()),
        names: writers.map((p) => names[p]!),
        matrix: writers.map((i) => writers.map((j) => this.matrix[i * P + j]!)),
      },
      group: this.#group(),
      languages: { detected: languages, stopWords: stopWordLists },
    };
  }

  /** Counts summed over some people; top lists from their counters (one person) or the chat's totals. */
  #counts(
    ps: number[],
    topWords: number,
    topEmoji: number,
    topDomains: number,
    rankable: Uint8Array,
  ): MessageCounts {
    const sum = (a: ArrayLike<number>) => ps.reduce((n, p) => n + a[p]!, 0);
    const sumAt = (a: ArrayLike<number>, width: number, i: number) =>
      ps.reduce((n, p) => n + a[p * width + i]!, 0);
    const messages = sum(this.messages);
    const textMessages = sum(this.textMessages);
    const words = sum(this.words);
    const characters = sum(this.characters);
    const media = Object.fromEntries(MEDIA_TYPES.map((t, i) => [t, sumAt(this.media, NM, i)])) as Record<
      MediaType,
      number
    >;
    const lateNight = sum(this.lateNight);
    const first = ps.reduce((m, p) => Math.min(m, this.first[p]!), Number.POSITIVE_INFINITY);
    const last = ps.reduce((m, p) => Math.max(m, this.last[p]!), Number.NEGATIVE_INFINITY);
    let activeDays = 0;
    for (let w = 0; w < this.dayWords; w++) {
      let bits = 0;
      for (const p of ps) bits |= this.dayBits[p * this.dayWords + w]!;
      activeDays += popcount(bits);
    }
    const { text } = this;
    const single = ps.length === 1 ? ps[0]! : -1;
    const top = (
      limit: number,
      totals: Uint32Array,
      perPerson: IntCounter[],
      size: number,
      keep?: Uint8Array,
    ) => {
      const heap = new TopN(limit);
      if (single >= 0) perPerson[single]!.forEach((id, n) => (!keep || keep[id]) && heap.offer(id, n));
      else for (let id = 0; id < size; id++) if (!keep || keep[id]) heap.offer(id, totals[id]!);
      return heap.result();
    };
    return {
      messages,
      textMessages,
      words,
      characters,
      averageWords: textMessages > 0 ? words / textMessages : 0,
      averageCharacters: textMessages > 0 ? characters / textMessages : 0,
      lengthDistribution: buckets(
        MESSAGE_LENGTH_BUCKETS,
        Array.from({ length: NL }, (_, i) => sumAt(this.lengths, NL, i)),
      ),
      media,
      mediaTotal: Object.values(media).reduce((a, b) => a + b, 0),
      locations: sum(this.locations),
      polls: sum(this.polls),
      links: sum(this.links),
      topDomains: top(topDomains, text.domainTotals, text.personDomains, text.domains.length).map(
        ([id, count]) => ({
          domain: text.domains[id]!,
          count,
        }),
      ),
      deleted: sum(this.deleted),
      edited: sum(this.edited),
      questions: sum(this.questions),
      emoji: sum(this.emoji),
      messagesWithEmoji: sum(this.withEmoji),
      topEmoji: top(topEmoji, text.emojiTotals, text.personEmoji, text.emojiForms.length).map(
        ([id, count]) => ({
          emoji: text.emojiForms[id]!,
          count,
        }),
      ),
      topWords: top(topWords, text.wordTotals, text.personWords, text.words.length, rankable).map(
        ([id, count]) => ({
          word: text.words[id]!,
          count,
        }),
      ),
      lateNight,
      lateNightShare: messages > 0 ? lateNight / messages : 0,
      activeDays,
      first: Number.isFinite(first) ? formatWallClock(first) : null,
      last: Number.isFinite(last) ? formatWallClock(last) : null,
    };
  }

  #activity(people: number[], totals: MessageCounts): ActivityStats {
    const hours = new Array<number>(24).fill(0);
    const weekdays = new Array<number>(7).fill(0);
    const heatmap = Array.from({ length: 7 }, (_, w) =>
      Array.from({ length: 24 }, (_, h) => {
        const n = this.heat[w * 24 + h]!;
        hours[h]! += n;
        weekdays[w]! += n;
        return n;
      }),
    );
    const byPersonHours = people.map((p) => Array.from(this.hours.subarray(p * 24, p * 24 + 24)));
    const firstTs = people.reduce((m, p) => Math.min(m, this.first[p]!), Number.POSITIVE_INFINITY);
    const lastTs = people.reduce((m, p) => Math.max(m, this.last[p]!), Number.NEGATIVE_INFINITY);
    if (people.length === 0) {
      return {
        daily: { start: null, counts: [] },
        weekly: { start: null, counts: [], byPerson: [] },
        monthly: { start: null, counts: [], byPerson: [] },
        yearly: { start: null, counts: [] },
        hours,
        weekdays,
        heatmap,
        byPersonHours,
        mostActive: { day: null, hour: null, weekday: null, month: null, year: null },
        activeDays: 0,
        calendarDays: 0,
        longestStreak: null,
        longestSilence: this.#silence(),
        first: null,
        last: null,
        durationSeconds: 0,
        lateNightShare: 0,
      };
    }
    // Series run from the first to the last counted message.
    const firstDay = dayNumber(firstTs) - this.day0;
    const lastDay = dayNumber(lastTs) - this.day0;
    const daily = Array.from(this.daily.subarray(firstDay, lastDay + 1));
    const series = (perPerson: Uint32Array, width: number, from: number, to: number) => {
      const byPerson = people.map((p) =>
        Array.from(perPerson.subarray(p * width + from, p * width + to + 1)),
      );
      const counts = new Array<number>(to - from + 1).fill(0);
      for (const row of byPerson) row.forEach((n, i) => (counts[i]! += n));
      return { counts, byPerson };
    };
    const weekFrom = this.weekOfDay[firstDay]!;
    const weekly = series(this.weekly, this.W, weekFrom, this.weekOfDay[lastDay]!);
    const monthFrom = this.monthOfDay[firstDay]!;
    const monthly = series(this.monthly, this.M, monthFrom, this.monthOfDay[lastDay]!);
    const month0 = this.month0 + monthFrom;
    const year0 = Math.floor(month0 / 12);
    const yearly = new Array<number>(Math.floor((month0 + monthly.counts.length - 1) / 12) - year0 + 1).fill(
      0,
    );
    monthly.counts.forEach((n, i) => (yearly[Math.floor((month0 + i) / 12) - year0]! += n));

    let streak: ActivityStats['longestStreak'] = null;
    let run = 0;
    for (let i = 0; i < daily.length; i++) {
      run = daily[i]! > 0 ? run + 1 : 0;
      if (run > 0 && (streak === null || run > streak.days)) {
        const end = this.day0 + firstDay + i;
        streak = { days: run, from: formatDay(end - run + 1), to: formatDay(end) };
      }
    }
    const day = argmax(daily);
    const hour = argmax(hours);
    const weekday = argmax(weekdays);
    const month = argmax(monthly.counts);
    const year = argmax(yearly);
    return {
      daily: { start: formatDay(this.day0 + firstDay), counts: daily },
      weekly: { start: formatDay((this.week0 + weekFrom) * 7 - 3), ...weekly },
      monthly: { start: formatMonth(month0), ...monthly },
      yearly: { start: year0, counts: yearly },
      hours,
      weekdays,
      heatmap,
      byPersonHours,
      mostActive: {
        day: { day: formatDay(this.day0 + firstDay + day), messages: daily[day]! },
        hour: { hour, messages: hours[hour]! },
        weekday: { weekday, messages: weekdays[weekday]! },
        month: { month: formatMonth(month0 + month), messages: monthly.counts[month]! },
        year: { year: year0 + year, messages: yearly[year]! },
      },
      activeDays: totals.activeDays,
      calendarDays: daily.length,
      longestStreak: streak,
      longestSilence: this.#silence(),
      first: totals.first,
      last: totals.last,
      durationSeconds: lastTs - firstTs,
      lateNightShare: totals.lateNightShare,
    };
  }

  #silence(): ActivityStats['longestSilence'] {
    const s = this.longestSilence;
    return s.seconds < 0
      ? null
      : { seconds: s.seconds, from: formatWallClock(s.from), to: formatWallClock(s.to) };
  }

  #conversations(): ConversationStats {
    const lengths = this.conversationLengths.sorted();
    const count = lengths.length;
    const counts = new Uint32Array(NC);
    let sum = 0;
    for (const n of lengths) {
      counts[bucketIndex(CONVERSATION_LENGTH_BUCKETS, n)]!++;
      sum += n;
    }
    const longest = this.longestConversation;
    return {
      gapMinutes: this.gapSeconds / 60,
      count,
      averageMessages: count > 0 ? sum / count : 0,
      medianMessages: quantile(lengths, 0.5) ?? 0,
      averageDurationSeconds: count > 0 ? this.conversationSeconds / count : 0,
      lengthDistribution: buckets(CONVERSATION_LENGTH_BUCKETS, counts),
      longest:
        longest.messages === 0
          ? null
          : {
              messages: longest.messages,
              from: formatWallClock(longest.from),
              to: formatWallClock(longest.to),
            },
    };
  }

  #group(): GroupStats {
    const { M, P } = this;
    const hasAny = this.written.some((n) => n > 0) || this.events.some((n) => n > 0);
    const perMonth = (event: number) => Array.from(this.events.subarray(event * M, event * M + M));
    const activeMembers = Array.from({ length: M }, (_, m) => {
      let n = 0;
      for (let p = 0; p < P; p++) n += this.activeMember[m * P + p]!;
      return n;
    });
    const monthly = {
      start: hasAny ? formatMonth(this.month0) : null,
      added: hasAny ? perMonth(0) : [],
      joined: hasAny ? perMonth(1) : [],
      left: hasAny ? perMonth(2) : [],
      removed: hasAny ? perMonth(3) : [],
      activeMembers: hasAny ? activeMembers : [],
    };
    const total = (event: number) => perMonth(event).reduce((a, b) => a + b, 0);
    return { events: { added: total(0), joined: total(1), left: total(2), removed: total(3) }, monthly };
  }
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
