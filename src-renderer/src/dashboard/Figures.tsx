/** The headline numbers. Each carries its raw value (`data-stat`/`data-value`) so tests compare exactly. */
import type { ReactNode } from 'react';
import type { ChatStats } from '../../../src-shared/stats';
import { fmtDate, fmtDecimal, fmtDuration, fmtInt, fmtPercent, fmtSpan } from '../lib/format';

function Figure(props: {
  label: string;
  stat: string;
  value: number | null;
  children: ReactNode;
  sub?: ReactNode;
}) {
  return (
    <div className="card figure" data-stat={props.stat} data-value={props.value ?? ''}>
      <div className="label">{props.label}</div>
      <div className="value num">{props.children}</div>
      {props.sub ? <div className="sub">{props.sub}</div> : null}
    </div>
  );
}

const unit = (text: string) => <span className="unit">{text}</span>;

export function Figures({ stats }: { stats: ChatStats }) {
  const { totals, activity, conversations, replies } = stats;
  const streak = activity.longestStreak;
  const silence = activity.longestSilence;
  return (
    <div className="figures">
      <Figure
        label="Messages"
        stat="totals.messages"
        value={totals.messages}
        sub={`${fmtInt(totals.words)} words`}
      >
        {fmtInt(totals.messages)}
      </Figure>
      <Figure
        label="Active days"
        stat="activity.activeDays"
        value={activity.activeDays}
        sub={`of ${fmtInt(activity.calendarDays)} days (${fmtPercent(activity.calendarDays ? activity.activeDays / activity.calendarDays : 0)})`}
      >
        {fmtInt(activity.activeDays)}
      </Figure>
      <Figure
        label="Longest streak"
        stat="activity.longestStreak.days"
        value={streak?.days ?? 0}
        sub={streak ? fmtSpan(streak.from, streak.to) : 'No messages'}
      >
        {fmtInt(streak?.days ?? 0)}
        {unit(streak?.days === 1 ? 'day' : 'days')}
      </Figure>
      <Figure
        label="Longest silence"
        stat="activity.longestSilence.seconds"
        value={silence?.seconds ?? null}
        sub={silence ? fmtSpan(silence.from, silence.to) : 'Never quiet'}
      >
        {silence ? fmtDuration(silence.seconds) : '–'}
      </Figure>
      <Figure
        label="Conversations"
        stat="conversations.count"
        value={conversations.count}
        sub={`${fmtDecimal(conversations.averageMessages)} messages each on average`}
      >
        {fmtInt(conversations.count)}
      </Figure>
      <Figure
        label="Typical reply"
        stat="replies.responseTime.medianSeconds"
        value={replies.responseTime.medianSeconds}
        sub={
          replies.responseTime.p90Seconds !== null
            ? `9 in 10 within ${fmtDuration(replies.responseTime.p90Seconds)}`
            : 'No replies yet'
        }
      >
        {fmtDuration(replies.responseTime.medianSeconds)}
      </Figure>
      <Figure
        label="Late at night"
        stat="activity.lateNightShare"
        value={activity.lateNightShare}
        sub="of messages, 00:00–04:59"
      >
        {fmtPercent(activity.lateNightShare)}
      </Figure>
      <Figure
        label="Together since"
        stat="activity.durationSeconds"
        value={activity.durationSeconds}
        sub={activity.first ? `${fmtDuration(activity.durationSeconds)} of messages` : ' '}
      >
        {activity.first ? fmtDate(activity.first) : '–'}
      </Figure>
    </div>
  );
}
