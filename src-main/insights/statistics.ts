/**
 * Local statistics an insight's context includes, as short pseudonymised lines: the model reads figures it
 * could never infer from excerpts (who writes more, who starts conversations, how fast each replies).
 */
import type { ContextStat } from '../../src-shared/insights/catalog';
import type { ChatStats, PersonStats } from '../../src-shared/stats';
import type { Pseudonymiser } from './privacy';

/** At most this many people in the lines (big groups: the most active). */
const MAX_PEOPLE = 10;

const pct = (share: number) => `${Math.round(share * 100)}%`;
const int = (n: number) => Math.round(n).toLocaleString('en');

function duration(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

export function statisticsLines(
  stats: ChatStats,
  wanted: readonly ContextStat[],
  p: Pseudonymiser,
): string[] {
  const people = stats.people.slice(0, MAX_PEOPLE);
  const who = (person: PersonStats) => p.author(person.name) ?? person.name;
  const each = (f: (person: PersonStats) => string) => people.map((x) => `${who(x)} ${f(x)}`).join(', ');
  const lines: string[] = [];
  const more =
    stats.people.length > MAX_PEOPLE ? ` (the ${MAX_PEOPLE} most active of ${stats.people.length})` : '';
  if (wanted.includes('balance')) {
    lines.push(`Share of messages${more}: ${each((x) => `${pct(x.share)} (${int(x.messages)})`)}`);
    lines.push(`Average words per message: ${each((x) => x.averageWords.toFixed(1))}`);
    lines.push(
      `Messages with a question: ${each((x) => pct(x.messages === 0 ? 0 : x.questions / x.messages))}`,
    );
  }
  if (wanted.includes('initiations') && stats.conversations.count > 0) {
    lines.push(
      `Conversations started (of ${int(stats.conversations.count)}): ` +
        each((x) => pct(x.conversationsStarted / stats.conversations.count)),
    );
    lines.push(
      `Double texts (writing again after 10+ minutes without an answer): ${each((x) => int(x.doubleTexts))}`,
    );
  }
  if (wanted.includes('response-times')) {
    lines.push(
      `Median reply time: ${each((x) => duration(x.responseTime.medianSeconds))}; ` +
        `90th percentile: ${each((x) => duration(x.responseTime.p90Seconds))}`,
    );
  }
  if (wanted.includes('activity')) {
    const a = stats.activity;
    const parts = [`${int(a.activeDays)} active days of ${int(a.calendarDays)}`];
    if (a.longestStreak)
      parts.push(
        `longest daily streak ${a.longestStreak.days} days (${a.longestStreak.from} to ${a.longestStreak.to})`,
      );
    if (a.longestSilence)
      parts.push(
        `longest silence ${duration(a.longestSilence.seconds)} (from ${a.longestSilence.from.slice(0, 10)})`,
      );
    if (a.mostActive.month) parts.push(`busiest month ${a.mostActive.month.month}`);
    parts.push(`${pct(a.lateNightShare)} of messages sent between midnight and 5 am`);
    lines.push(`Activity: ${parts.join('; ')}`);
  }
  return lines;
}
