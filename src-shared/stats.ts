/**
 * The free statistics of one chat, as the backend computes them and the UI renders them. Every field is
 * documented with `.describe()`.
 *
 * Conventions:
 * - "Messages" are messages written by a participant (every kind except `system`). System events only feed
 *   `group`.
 * - Times are wall-clock, as written in the export (no time zone): `YYYY-MM-DDTHH:MM:SS`, days `YYYY-MM-DD`,
 *   months `YYYY-MM`. Weeks start on Monday; weekday 0 is Monday.
 * - Every per-person array is aligned with `people` (the same index is the same person).
 * - With an author filter, counts cover that person's messages only; conversations, replies and silences
 *   are still found among everyone's messages (a reply needs someone to reply to), and `people` holds only
 *   that person.
 * - The order is the export's order. A message stamped earlier than the one before it (clock skew) counts
 *   as sent at the same time as that one: gaps and response times are never negative.
 */
import { z } from 'zod';
import { MEDIA_TYPES } from './messages';

const count = (what: string) => z.number().int().nonnegative().describe(what);
const share = (what: string) => z.number().min(0).max(1).describe(what);
const wallClock = (what: string) => z.string().describe(`${what} (wall-clock YYYY-MM-DDTHH:MM:SS)`);
const day = (what: string) => z.string().describe(`${what} (YYYY-MM-DD)`);
const month = (what: string) => z.string().describe(`${what} (YYYY-MM)`);
const counts = (what: string) => z.array(z.number().int().nonnegative()).describe(what);

/**
 * Upper bounds (inclusive) of the message-length buckets, in words; the last bucket is open. 0 words: a
 * text of emoji or punctuation only.
 */
export const MESSAGE_LENGTH_BUCKETS = [0, 1, 2, 3, 5, 10, 20, 50] as const;
/** Upper bounds (inclusive) of the conversation-length buckets, in messages; the last bucket is open. */
export const CONVERSATION_LENGTH_BUCKETS = [1, 2, 5, 10, 20, 50, 100] as const;
/** Messages sent from 00:00 to this hour (exclusive) are "late at night". */
export const LATE_NIGHT_END_HOUR = 5;
/** A message by the same person as the previous message, at least this long after it, is a double text. */
export const DOUBLE_TEXT_SECONDS = 10 * 60;
export const DEFAULT_CONVERSATION_GAP_MINUTES = 30;
export const TOP_WORDS = 200;
export const TOP_WORDS_PER_PERSON = 50;
export const TOP_EMOJI = 50;
export const TOP_EMOJI_PER_PERSON = 20;
export const TOP_DOMAINS = 20;
export const TOP_DOMAINS_PER_PERSON = 10;
/** The reply matrix covers at most this many people (the most active): a big group's would be unreadable. */
export const REPLY_MATRIX_PEOPLE = 30;

export const Bucket = z
  .object({
    min: count('Smallest value in the bucket'),
    max: z.number().int().nullable().describe('Largest value in the bucket; null for the open last bucket'),
    count: count('How many fall in it'),
  })
  .describe('One bar of a histogram');
export type Bucket = z.infer<typeof Bucket>;

export const WordCount = z.object({
  word: z.string().describe('Lower-cased word'),
  count: count('Times it was written'),
});
export const EmojiCount = z.object({
  emoji: z.string().describe('One emoji as people see it (a ZWJ sequence, a skin tone, a flag: one emoji)'),
  count: count('Times it was used'),
});
export const DomainCount = z.object({
  domain: z.string().describe('Host name, lower-cased, without `www.`'),
  count: count('Links to it'),
});

export const ResponseTime = z
  .object({
    replies: count('Replies measured: messages that follow someone else’s within a conversation'),
    medianSeconds: z
      .number()
      .int()
      .nullable()
      .describe('Median reply time (nearest rank: half of the replies took at most this); null if none'),
    p90Seconds: z
      .number()
      .int()
      .nullable()
      .describe('90th percentile (nearest rank: 90% of the replies took at most this); null if none'),
    averageSeconds: z.number().nullable().describe('Mean reply time; null if none'),
  })
  .describe(
    'Time from the previous person’s message to this reply, at speaker changes within a conversation',
  );
export type ResponseTime = z.infer<typeof ResponseTime>;

/** What is counted for everyone together and for each person. */
export const MessageCounts = z.object({
  messages: count('Messages written (every kind but system)'),
  textMessages: count('Messages with text: text messages and media with a caption'),
  words: count('Words in texts and captions (links excluded)'),
  characters: count('Characters (Unicode code points) in texts and captions'),
  averageWords: z.number().describe('words / textMessages (0 without text)'),
  averageCharacters: z.number().describe('characters / textMessages (0 without text)'),
  lengthDistribution: z
    .array(Bucket)
    .describe('Messages with text by length in words (buckets: MESSAGE_LENGTH_BUCKETS)'),
  media: z.record(z.enum(MEDIA_TYPES), count('Media messages of this type')).describe('Media by type'),
  mediaTotal: count('Media messages of every type'),
  locations: count('Shared locations'),
  polls: count('Polls'),
  links: count('Links (http://, https://, www.) in texts and captions'),
  topDomains: z.array(DomainCount).describe('Most linked domains, most first (TOP_DOMAINS / per person)'),
  deleted: count('Messages deleted (shown as "This message was deleted")'),
  edited: count('Messages edited after sending'),
  questions: count('Messages with a question mark (?, ¿, ؟, ？)'),
  emoji: count('Emoji used, each counted once as a grapheme'),
  messagesWithEmoji: count('Messages with at least one emoji'),
  topEmoji: z.array(EmojiCount).describe('Most used emoji, most first (TOP_EMOJI / per person)'),
  topWords: z
    .array(WordCount)
    .describe(
      'Most used words without stop words, numbers and one-letter words, most first; word-cloud data',
    ),
  lateNight: count('Messages sent from 00:00 to 04:59'),
  lateNightShare: share('lateNight / messages (0 without messages)'),
  activeDays: count('Days with at least one message'),
  first: wallClock('First message').nullable(),
  last: wallClock('Last message').nullable(),
});
export type MessageCounts = z.infer<typeof MessageCounts>;

export const PersonStats = MessageCounts.extend({
  name: z.string().describe('The participant’s name as in the export'),
  share: share('This person’s messages / all messages'),
  conversationsStarted: count('Conversations whose first message is this person’s'),
  conversationsEnded: count('Conversations whose last message is this person’s'),
  responseTime: ResponseTime,
  doubleTexts: count(
    'Messages sent at least DOUBLE_TEXT_SECONDS after this person’s own previous message, nobody writing in between',
  ),
});
export type PersonStats = z.infer<typeof PersonStats>;

const peak = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ ...shape, messages: count('Messages then') }).nullable();

export const ActivityStats = z.object({
  daily: z
    .object({
      start: day('The first day').nullable(),
      counts: counts(
        'Messages per day, one entry per calendar day from `start` (timeline and calendar heatmap)',
      ),
    })
    .describe('Every day from the first to the last message, days without messages included'),
  weekly: z.object({
    start: day('Monday of the first week').nullable(),
    counts: counts('Messages per week from `start`'),
    byPerson: z.array(counts('Messages per week')).describe('Per person (aligned with `people`)'),
  }),
  monthly: z.object({
    start: month('The first month').nullable(),
    counts: counts('Messages per month from `start`'),
    byPerson: z.array(counts('Messages per month')).describe('Per person (aligned with `people`)'),
  }),
  yearly: z.object({
    start: z.number().int().nullable().describe('The first year'),
    counts: counts('Messages per year from `start`'),
  }),
  hours: counts('Messages per hour of the day, 0–23'),
  weekdays: counts('Messages per weekday, Monday first'),
  heatmap: z.array(counts('Messages per hour, 0–23')).describe('7 rows (Monday first) × 24 hours'),
  byPersonHours: z.array(counts('Messages per hour, 0–23')).describe('Per person (aligned with `people`)'),
  mostActive: z.object({
    day: peak({ day: day('The day with the most messages') }),
    hour: peak({ hour: z.number().int().min(0).max(23).describe('The hour of day with the most messages') }),
    weekday: peak({
      weekday: z.number().int().min(0).max(6).describe('The weekday with the most, 0 = Monday'),
    }),
    month: peak({ month: month('The month with the most messages') }),
    year: peak({ year: z.number().int().describe('The year with the most messages') }),
  }),
  activeDays: count('Days with at least one message'),
  calendarDays: count('Calendar days from the first to the last message, both included'),
  longestStreak: z
    .object({
      days: count('Consecutive days with messages'),
      from: day('First day of the streak'),
      to: day('Last day of the streak'),
    })
    .nullable()
    .describe('The longest run of consecutive days with messages (the earliest if tied)'),
  longestSilence: z
    .object({
      seconds: count('Length of the silence'),
      from: wallClock('The message before it'),
      to: wallClock('The message that broke it'),
    })
    .nullable()
    .describe('The longest time without any message (the earliest if tied); null with fewer than 2 messages'),
  first: wallClock('First message').nullable(),
  last: wallClock('Last message').nullable(),
  durationSeconds: count('From the first to the last message'),
  lateNightShare: share('Share of messages sent from 00:00 to 04:59'),
});
export type ActivityStats = z.infer<typeof ActivityStats>;

export const ConversationStats = z
  .object({
    gapMinutes: z.number().positive().describe('A silence longer than this starts a new conversation'),
    count: count('Conversations'),
    averageMessages: z.number().describe('Messages per conversation, on average (0 without conversations)'),
    medianMessages: count('Median messages per conversation (nearest rank; 0 without conversations)'),
    averageDurationSeconds: z.number().describe('From first to last message, on average'),
    lengthDistribution: z
      .array(Bucket)
      .describe('Conversations by number of messages (buckets: CONVERSATION_LENGTH_BUCKETS)'),
    longest: z
      .object({
        messages: count('Messages in it'),
        from: wallClock('Its first message'),
        to: wallClock('Its last message'),
      })
      .nullable()
      .describe('The conversation with the most messages (the earliest if tied)'),
  })
  .describe('Conversations: runs of messages without a silence longer than gapMinutes');
export type ConversationStats = z.infer<typeof ConversationStats>;

export const ReplyStats = z.object({
  responseTime: ResponseTime.describe('Everyone’s replies together'),
  names: z
    .array(z.string())
    .describe(
      'Who wrote in the range, most messages first, at most REPLY_MATRIX_PEOPLE (without an author filter: the start of people’s order)',
    ),
  matrix: z
    .array(counts('Replies to each of `names`'))
    .describe(
      'matrix[i][j]: how many times names[i] replied to names[j] (a speaker change in a conversation)',
    ),
});
export type ReplyStats = z.infer<typeof ReplyStats>;

/** The system events counted as membership changes. */
export const GROUP_EVENTS = ['added', 'joined', 'left', 'removed'] as const;
export const GroupStats = z
  .object({
    events: z
      .record(z.enum(GROUP_EVENTS), count('System messages of this type'))
      .describe('Members added, joined (by link), left, removed'),
    monthly: z
      .object({
        start: month('The month of the first message or event in the range').nullable(),
        added: counts('Per month from `start`'),
        joined: counts('Per month from `start`'),
        left: counts('Per month from `start`'),
        removed: counts('Per month from `start`'),
        activeMembers: counts(
          'People who wrote at least one message, per month from `start` (everyone, even with an author filter)',
        ),
      })
      .describe('Membership over time'),
  })
  .describe('Membership events (groups) and active members per month (any chat)');
export type GroupStats = z.infer<typeof GroupStats>;

export const LanguageStats = z.object({
  detected: z
    .array(
      z.object({
        code: z.string().describe('ISO 639-3 code (franc)'),
        name: z.string().describe('English name'),
        share: share('Share of the sampled text detected as this language'),
      }),
    )
    .describe('The chat’s languages, most used first'),
  stopWords: z
    .array(z.string())
    .describe(
      'Stop-word lists removed from topWords: stopword package names, and `<name>Chat` for the chat speech added to a list',
    ),
});

export const StatsFilter = z.object({
  from: wallClock('Messages at or after').nullable(),
  to: wallClock('Messages at or before').nullable(),
  author: z.string().nullable().describe('Only this person’s messages are counted'),
  gapMinutes: z.number().positive().describe('Silence that starts a new conversation'),
});
export type StatsFilter = z.infer<typeof StatsFilter>;

export const ChatStats = z.object({
  version: z.number().int().describe('Version of the computation (STATS_VERSION)'),
  chatId: z.number().int(),
  computedAt: z.number().int().describe('When they were computed, ms since the epoch (real time)'),
  computeMs: z.number().describe('How long computing took'),
  isGroup: z.boolean(),
  filter: StatsFilter,
  totals: MessageCounts.describe('Everyone together'),
  people: z
    .array(PersonStats)
    .describe('One entry per person who wrote in the range, most messages first (then by name)'),
  activity: ActivityStats,
  conversations: ConversationStats,
  replies: ReplyStats,
  group: GroupStats,
  languages: LanguageStats,
});
export type ChatStats = z.infer<typeof ChatStats>;
