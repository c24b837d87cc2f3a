/** Streaks, silences and peaks: the chat's story in a few lines. */
import type { ReactNode } from 'react';
import type { ChatStats } from '../../../src-shared/stats';
import {
  fmtDate,
  fmtDateTime,
  fmtDecimal,
  fmtDuration,
  fmtInt,
  fmtMonth,
  fmtSpan,
  WEEKDAYS,
} from '../lib/format';
import { Panel } from './Panel';

function Stat({
  label,
  value,
  sub,
  stat,
  raw,
}: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  stat?: string;
  raw?: number | null;
}) {
  return (
    <div data-stat={stat} data-value={raw ?? undefined}>
      <div className="label">{label}</div>
      <div className="value num">{value}</div>
      {sub ? <div className="sub">{sub}</div> : null}
    </div>
  );
}

export function StreaksPanel({ stats }: { stats: ChatStats }) {
  const { activity } = stats;
  const streak = activity.longestStreak;
  const silence = activity.longestSilence;
  const m = activity.mostActive;
  return (
    <Panel title="Streaks and silences" size="half" testId="streaks">
      <div className="stat-list">
        <Stat
          label="Longest daily streak"
          value={streak ? `${fmtInt(streak.days)} days` : '–'}
          sub={streak ? fmtSpan(streak.from, streak.to) : undefined}
          stat="streak.days"
          raw={streak?.days ?? 0}
        />
        <Stat
          label="Longest silence"
          value={silence ? fmtDuration(silence.seconds) : '–'}
          sub={silence ? `${fmtDateTime(silence.from)} → ${fmtDateTime(silence.to)}` : undefined}
        />
        <Stat
          label="Busiest day"
          value={m.day ? fmtDate(m.day.day) : '–'}
          sub={m.day ? `${fmtInt(m.day.messages)} messages` : undefined}
          stat="mostActive.day.messages"
          raw={m.day?.messages ?? null}
        />
        <Stat
          label="Busiest month"
          value={m.month ? fmtMonth(m.month.month) : '–'}
          sub={m.month ? `${fmtInt(m.month.messages)} messages` : undefined}
        />
        <Stat
          label="Busiest weekday"
          value={m.weekday ? WEEKDAYS[m.weekday.weekday] : '–'}
          sub={m.weekday ? `${fmtInt(m.weekday.messages)} messages` : undefined}
        />
        <Stat
          label="Busiest year"
          value={m.year ? String(m.year.year) : '–'}
          sub={m.year ? `${fmtInt(m.year.messages)} messages` : undefined}
        />
      </div>
    </Panel>
  );
}

export function HabitsPanel({ stats }: { stats: ChatStats }) {
  const { totals, conversations } = stats;
  const doubleTexts = stats.people.reduce((n, p) => n + p.doubleTexts, 0);
  const longest = conversations.longest;
  return (
    <Panel title="Habits" size="half" testId="habits">
      <div className="stat-list">
        <Stat
          label="Words per message"
          value={fmtDecimal(totals.averageWords)}
          sub={`${fmtDecimal(totals.averageCharacters)} characters`}
        />
        <Stat
          label="Questions asked"
          value={fmtInt(totals.questions)}
          stat="totals.questions"
          raw={totals.questions}
        />
        <Stat
          label="Longest conversation"
          value={longest ? `${fmtInt(longest.messages)} messages` : '–'}
          sub={
            longest
              ? `${fmtDateTime(longest.from)}, ${fmtDuration((Date.parse(`${longest.to}Z`) - Date.parse(`${longest.from}Z`)) / 1000)}`
              : undefined
          }
        />
        <Stat
          label="Double texts"
          value={fmtInt(doubleTexts)}
          sub="A second message after 10+ minutes of no answer"
        />
        <Stat label="Deleted" value={fmtInt(totals.deleted)} sub={`${fmtInt(totals.edited)} edited`} />
        <Stat
          label="Conversation length"
          value={`${fmtInt(conversations.medianMessages)} messages`}
          sub={`Median; ${fmtDuration(conversations.averageDurationSeconds)} on average`}
        />
      </div>
    </Panel>
  );
}
