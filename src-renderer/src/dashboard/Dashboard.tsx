/** The chat's statistics, every one as a picture, filtered by person and date range. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChatSummary } from '../../../src-shared/api/library';
import { ErrorState, Skeleton } from '../components/States';
import { call } from '../lib/api';
import { fmtInt } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { CalendarHeatmap, HourBars, WeekHeatmap } from './ActivityCharts';
import { EmojiPanel, LengthPanel, LinksPanel, MediaPanel, TopWordsPanel, WordsPanel } from './ContentPanels';
import { Figures } from './Figures';
import { MembershipPanel, ReplyMatrixPanel } from './GroupPanels';
import { HabitsPanel, StreaksPanel } from './Highlights';
import { ResponseTimesPanel, SharesPanel, StartersPanel } from './PeoplePanels';
import { Timeline } from './Timeline';

interface Filter {
  author: string;
  from: string;
  to: string;
}

const NO_FILTER: Filter = { author: '', from: '', to: '' };

function periods(chat: ChatSummary): { label: string; from: string; to: string }[] {
  if (!chat.firstAt || !chat.lastAt) return [];
  const first = Number(chat.firstAt.slice(0, 4));
  const last = Number(chat.lastAt.slice(0, 4));
  const end = chat.lastAt.slice(0, 10);
  const back = (days: number) =>
    new Date(Date.parse(`${end}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const list = [
    { label: 'Last 30 days', from: back(29), to: end },
    { label: 'Last 12 months', from: back(364), to: end },
  ];
  for (let y = last; y >= first; y -= 1)
    list.push({ label: String(y), from: `${y}-01-01`, to: `${y}-12-31` });
  return list;
}

function Filters(props: { chat: ChatSummary; filter: Filter; onChange: (f: Filter) => void; busy: boolean }) {
  const { chat, filter, onChange } = props;
  const options = useMemo(() => periods(chat), [chat]);
  const current =
    options.find((o) => o.from === filter.from && o.to === filter.to)?.label ??
    (filter.from || filter.to ? 'custom' : 'all');
  const min = chat.firstAt?.slice(0, 10);
  const max = chat.lastAt?.slice(0, 10);
  return (
    <div className="card filters" role="search" aria-label="Filter the statistics">
      <label className="field">
        Person
        <select
          className="select"
          value={filter.author}
          onChange={(e) => onChange({ ...filter, author: e.target.value })}
          data-testid="filter-person"
        >
          <option value="">Everyone</option>
          {chat.participants.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Period
        <select
          className="select"
          value={current}
          onChange={(e) => {
            const o = options.find((x) => x.label === e.target.value);
            onChange({ ...filter, from: o?.from ?? '', to: o?.to ?? '' });
          }}
        >
          <option value="all">All time</option>
          {options.map((o) => (
            <option key={o.label} value={o.label}>
              {o.label}
            </option>
          ))}
          {current === 'custom' ? <option value="custom">Custom</option> : null}
        </select>
      </label>
      <label className="field">
        From
        <input
          className="input"
          type="date"
          value={filter.from}
          min={min}
          max={max}
          onChange={(e) => onChange({ ...filter, from: e.target.value })}
          data-testid="filter-from"
        />
      </label>
      <label className="field">
        To
        <input
          className="input"
          type="date"
          value={filter.to}
          min={min}
          max={max}
          onChange={(e) => onChange({ ...filter, to: e.target.value })}
          data-testid="filter-to"
        />
      </label>
      {filter !== NO_FILTER && (filter.author || filter.from || filter.to) ? (
        <button className="btn ghost" onClick={() => onChange(NO_FILTER)} style={{ alignSelf: 'flex-end' }}>
          Clear
        </button>
      ) : null}
      <div className="spacer" />
      {props.busy ? (
        <div className="computing" role="status">
          <div className="spinner" /> Computing…
        </div>
      ) : null}
    </div>
  );
}

function DashboardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading statistics">
      <div className="figures">
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} height={96} />
        ))}
      </div>
      <Skeleton height={380} />
    </div>
  );
}

export function Dashboard({ chat }: { chat: ChatSummary }) {
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  // Typing a date fires on every keystroke: wait until the filter has settled.
  const [settled, setSettled] = useState<Filter>(NO_FILTER);
  useEffect(() => {
    const t = setTimeout(() => setSettled(filter), filter === NO_FILTER ? 0 : 250);
    return () => clearTimeout(t);
  }, [filter]);
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  const stats = useAsync(
    () =>
      call('stats-get', {
        chatId: chat.id,
        ...(settled.author ? { author: settled.author } : {}),
        ...(valid(settled.from) ? { from: settled.from } : {}),
        ...(valid(settled.to) ? { to: settled.to } : {}),
      }),
    [chat.id, chat.updatedAt, settled],
  );
  const colorOf = useCallback(
    (name: string) => Math.max(0, chat.participants.indexOf(name)),
    [chat.participants],
  );
  const onRange = useCallback((from: string, to: string) => setFilter((f) => ({ ...f, from, to })), []);
  const data = stats.data;

  if (stats.error && !data)
    return (
      <ErrorState title="The statistics could not be computed" error={stats.error} onRetry={stats.reload} />
    );
  return (
    <div data-testid="dashboard" data-ready={data && !stats.loading ? 'true' : 'false'}>
      <Filters chat={chat} filter={filter} onChange={setFilter} busy={stats.loading && data !== undefined} />
      {stats.error ? (
        <p className="notice error" role="alert" style={{ marginBottom: 16 }}>
          {stats.error.message}
        </p>
      ) : null}
      {!data ? (
        <DashboardSkeleton />
      ) : (
        <div style={{ opacity: stats.loading ? 0.6 : 1, transition: 'opacity .2s' }}>
          {data.totals.messages === 0 ? (
            <p className="notice" style={{ marginBottom: 16 }}>
              No messages {settled.author ? `from ${settled.author} ` : ''}in this range.
            </p>
          ) : null}
          <Figures stats={data} />
          <div className="panels">
            <Timeline stats={data} colorOf={colorOf} onRange={onRange} />
            <WeekHeatmap stats={data} />
            <HourBars stats={data} />
            <CalendarHeatmap stats={data} />
            {data.people.length > 1 || !settled.author ? (
              <SharesPanel stats={data} colorOf={colorOf} />
            ) : null}
            <ResponseTimesPanel stats={data} colorOf={colorOf} />
            <StartersPanel stats={data} colorOf={colorOf} />
            <StreaksPanel stats={data} />
            <HabitsPanel stats={data} />
            <WordsPanel stats={data} />
            <TopWordsPanel stats={data} />
            <EmojiPanel stats={data} colorOf={colorOf} />
            <MediaPanel stats={data} />
            <LinksPanel stats={data} />
            <LengthPanel
              title="Message length"
              unit="words"
              buckets={data.totals.lengthDistribution}
              testId="message-length"
            />
            <LengthPanel
              title="Conversation length"
              unit="messages"
              buckets={data.conversations.lengthDistribution}
            />
            {data.isGroup ? <MembershipPanel stats={data} /> : null}
            {data.replies.names.length > 2 ? <ReplyMatrixPanel stats={data} /> : null}
          </div>
          <p className="muted" style={{ fontSize: 12, marginTop: 20, textAlign: 'right' }}>
            Computed offline from {fmtInt(chat.messageCount)} messages.
          </p>
        </div>
      )}
    </div>
  );
}
