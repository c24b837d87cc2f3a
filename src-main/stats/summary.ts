/** The readable summary `relivchats stats` prints: the same figures as the JSON, for a terminal. */
import type { ChatStats, MessageCounts, ResponseTime } from '../../src-shared/stats';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const int = (n: number) => Math.round(n).toLocaleString('en');
const pct = (share: number) => `${Math.round(share * 100)}%`;
const plural = (n: number, word: string) => `${int(n)} ${word}${n === 1 ? '' : 's'}`;

/** 45 s, 12 min, 3 h 20 min, 4 days. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) {
    const h = Math.floor(seconds / 3600);
    const m = Math.round((seconds % 3600) / 60);
    return m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  const days = seconds / 86_400;
  return days < 10 ? `${days.toFixed(1)} days` : plural(Math.round(days), 'day');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

const reply = (r: ResponseTime) => `${duration(r.medianSeconds)} / ${duration(r.p90Seconds)}`;

function mediaLine(c: MessageCounts): string {
  const parts = Object.entries(c.media)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${int(n)} ${type}`);
  if (c.locations > 0) parts.push(plural(c.locations, 'location'));
  if (c.polls > 0) parts.push(plural(c.polls, 'poll'));
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export function formatStats(stats: ChatStats, title: string): string[] {
  const { totals, activity, conversations, replies, group, filter } = stats;
  const lines: string[] = [];
  const scope = [
    filter.from || filter.to
      ? `${filter.from?.slice(0, 10) ?? '…'} → ${filter.to?.slice(0, 10) ?? '…'}`
      : null,
    filter.author ? `only ${filter.author}'s messages` : null,
  ].filter(Boolean);
  lines.push(`${title}${scope.length > 0 ? ` (${scope.join(', ')})` : ''}`);
  if (totals.messages === 0) {
    lines.push('No messages.');
    return lines;
  }
  lines.push(
    `${plural(totals.messages, 'message')}, ${activity.first!.slice(0, 10)} → ${activity.last!.slice(0, 10)} ` +
      `(${plural(activity.calendarDays, 'day')}, ${int(activity.activeDays)} active)`,
  );
  if (stats.languages.detected.length > 0) {
    lines.push(`Languages: ${stats.languages.detected.map((l) => `${l.name} ${pct(l.share)}`).join(', ')}`);
  }
  lines.push('');
  lines.push(
    ...table([
      [
        '',
        'messages',
        'share',
        'words',
        'words/msg',
        'media',
        'links',
        'emoji',
        'reply median/p90',
        'started',
      ],
      ...stats.people.map((p) => [
        p.name,
        int(p.messages),
        pct(p.share),
        int(p.words),
        p.averageWords.toFixed(1),
        int(p.mediaTotal),
        int(p.links),
        int(p.emoji),
        reply(p.responseTime),
        int(p.conversationsStarted),
      ]),
    ]),
  );
  lines.push('');
  lines.push(
    `Words: ${int(totals.words)} (${totals.averageWords.toFixed(1)} per message, ${totals.averageCharacters.toFixed(0)} characters)`,
  );
  lines.push(`Media: ${mediaLine(totals)}`);
  lines.push(
    `Links: ${int(totals.links)}${
      totals.topDomains.length > 0
        ? ` (${totals.topDomains
            .slice(0, 5)
            .map((d) => `${d.domain} ${int(d.count)}`)
            .join(', ')})`
        : ''
    }`,
  );
  lines.push(
    `Deleted ${int(totals.deleted)} · edited ${int(totals.edited)} · questions ${int(totals.questions)} · late at night (00–05 h) ${pct(totals.lateNightShare)}`,
  );
  if (totals.topEmoji.length > 0) {
    lines.push(
      `Emoji: ${totals.topEmoji
        .slice(0, 10)
        .map((e) => `${e.emoji} ${int(e.count)}`)
        .join('  ')}`,
    );
  }
  if (totals.topWords.length > 0) {
    lines.push(
      `Top words: ${totals.topWords
        .slice(0, 15)
        .map((w) => `${w.word} ${int(w.count)}`)
        .join(', ')}`,
    );
  }
  const peak = activity.mostActive;
  lines.push('');
  lines.push(
    `Most active: ${peak.day!.day} (${int(peak.day!.messages)}), ${String(peak.hour!.hour).padStart(2, '0')}:00, ` +
      `${WEEKDAYS[peak.weekday!.weekday]}s, ${peak.month!.month}, ${peak.year!.year}`,
  );
  if (activity.longestStreak) {
    const s = activity.longestStreak;
    lines.push(`Longest streak: ${plural(s.days, 'day')} (${s.from} → ${s.to})`);
  }
  if (activity.longestSilence) {
    const s = activity.longestSilence;
    lines.push(
      `Longest silence: ${duration(s.seconds)} (${s.from.replace('T', ' ')} → ${s.to.replace('T', ' ')})`,
    );
  }
  lines.push(
    `Conversations (after ${conversations.gapMinutes} min of silence): ${int(conversations.count)}, ` +
      `${conversations.averageMessages.toFixed(1)} messages on average (median ${conversations.medianMessages})` +
      (conversations.longest
        ? `; longest ${int(conversations.longest.messages)} on ${conversations.longest.from.slice(0, 10)}`
        : ''),
  );
  lines.push(
    `Replies: median ${duration(replies.responseTime.medianSeconds)}, 90% within ${duration(replies.responseTime.p90Seconds)}`,
  );
  if (replies.names.length > 1 && replies.names.length <= 8) {
    lines.push('Who replies to whom (row replies to column):');
    lines.push(
      ...table([
        ['', ...replies.names],
        ...replies.matrix.map((row, i) => [replies.names[i]!, ...row.map(int)]),
      ]).map((l) => `  ${l}`),
    );
  }
  const e = group.events;
  if (stats.isGroup || e.added + e.joined + e.left + e.removed > 0) {
    lines.push(
      `Members: ${int(e.added)} added, ${int(e.joined)} joined, ${int(e.left)} left, ${int(e.removed)} removed`,
    );
  }
  return lines;
}
