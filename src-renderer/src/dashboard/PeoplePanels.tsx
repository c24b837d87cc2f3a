/** Who writes what: shares, reply times, who starts and ends conversations. */
import { useState } from 'react';
import type { ChatStats, PersonStats } from '../../../src-shared/stats';
import { Avatar } from '../components/Avatar';
import { fmtDecimal, fmtDuration, fmtInt, fmtPercent } from '../lib/format';
import { personVar, type Palette } from '../lib/theme';
import { axisStyle, Chart } from './Chart';
import { EmptyPanel, Panel } from './Panel';

const TOP = 10;

/** Everyone's colour follows their rank in the unfiltered chat (stable when a filter changes the order). */
export type ColorIndex = (name: string) => number;

export function SharesPanel({ stats, colorOf }: { stats: ChatStats; colorOf: ColorIndex }) {
  const [all, setAll] = useState(false);
  const people = all ? stats.people : stats.people.slice(0, TOP);
  const maxShare = Math.max(0.0001, ...stats.people.map((p) => p.share));
  const pie = (p: Palette) => {
    const top = stats.people.slice(0, 7);
    const rest = stats.people.slice(7).reduce((n, x) => n + x.messages, 0);
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} messages ({d}%)' },
      series: [
        {
          type: 'pie',
          radius: ['58%', '88%'],
          padAngle: 2,
          itemStyle: { borderRadius: 6 },
          label: { show: false },
          data: [
            ...top.map((x) => ({
              name: x.name,
              value: x.messages,
              itemStyle: { color: p.people[colorOf(x.name) % 8] },
            })),
            ...(rest > 0 ? [{ name: 'Everyone else', value: rest, itemStyle: { color: p.faint } }] : []),
          ],
        },
      ],
    };
  };
  return (
    <Panel title="Who writes" note="Share of messages, words and more, per person." testId="shares">
      {stats.people.length === 0 ? (
        <EmptyPanel>Nobody wrote in this range.</EmptyPanel>
      ) : (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: '168px minmax(0, 1fr)',
            gap: 20,
            alignItems: 'start',
          }}
        >
          <Chart height={168} label="Share of messages per person" option={pie} deps={[stats]} />
          <div style={{ overflowX: 'auto' }}>
            <table className="people-table">
              <thead>
                <tr>
                  <th>Person</th>
                  <th>Messages</th>
                  <th style={{ textAlign: 'left' }}>Share</th>
                  <th>Words</th>
                  <th>Words / msg</th>
                  <th>Media</th>
                  <th>Emoji</th>
                  <th>Questions</th>
                  <th>Late night</th>
                </tr>
              </thead>
              <tbody>
                {people.map((person: PersonStats) => (
                  <tr key={person.name} data-person={person.name}>
                    <td>
                      <div className="person-cell">
                        <Avatar name={person.name} index={colorOf(person.name)} small />
                        <span>{person.name}</span>
                      </div>
                    </td>
                    <td className="num" data-stat="people.messages" data-value={person.messages}>
                      {fmtInt(person.messages)}
                    </td>
                    <td style={{ textAlign: 'left' }}>
                      <span
                        className="share-bar"
                        style={{
                          width: `${(person.share / maxShare) * 80}px`,
                          background: personVar(colorOf(person.name)),
                        }}
                      />
                      {fmtPercent(person.share)}
                    </td>
                    <td className="num" data-stat="people.words" data-value={person.words}>
                      {fmtInt(person.words)}
                    </td>
                    <td className="num">{fmtDecimal(person.averageWords)}</td>
                    <td className="num">{fmtInt(person.mediaTotal)}</td>
                    <td className="num">{fmtInt(person.emoji)}</td>
                    <td className="num">{fmtInt(person.questions)}</td>
                    <td className="num">{fmtPercent(person.lateNightShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {stats.people.length > TOP ? (
              <button className="btn small ghost" style={{ marginTop: 8 }} onClick={() => setAll((a) => !a)}>
                {all ? 'Show fewer' : `Show all ${stats.people.length} people`}
              </button>
            ) : null}
          </div>
        </div>
      )}
    </Panel>
  );
}

/** Two bars per person, one in their colour and one muted, people down the side (most active on top). */
function personBars(
  p: Palette,
  people: PersonStats[],
  colorOf: ColorIndex,
  bars: { main: BarSpec; second: BarSpec },
) {
  return {
    grid: { left: 8, right: 24, top: 28, bottom: 24, containLabel: true },
    legend: {
      top: 0,
      right: 0,
      itemWidth: 10,
      itemHeight: 10,
      icon: 'roundRect',
      textStyle: { color: p.text2 },
    },
    yAxis: {
      type: 'category',
      data: people.map((x) => x.name).reverse(),
      ...axisStyle(p),
      splitLine: { show: false },
    },
    series: [
      {
        name: bars.main.name,
        type: 'bar',
        data: people
          .map((x) => ({ value: bars.main.value(x), itemStyle: { color: p.people[colorOf(x.name) % 8] } }))
          .reverse(),
        barGap: '15%',
        itemStyle: { borderRadius: [0, 4, 4, 0] },
      },
      {
        name: bars.second.name,
        type: 'bar',
        data: people.map(bars.second.value).reverse(),
        itemStyle: { color: p.faint, opacity: 0.55, borderRadius: [0, 4, 4, 0] },
      },
    ],
  };
}

interface BarSpec {
  name: string;
  value: (person: PersonStats) => number;
}

export function ResponseTimesPanel({ stats, colorOf }: { stats: ChatStats; colorOf: ColorIndex }) {
  const people = stats.people.filter((p) => p.responseTime.replies > 0).slice(0, TOP);
  const build = (p: Palette) => ({
    ...personBars(p, people, colorOf, {
      main: { name: 'Typical (median)', value: (x) => Math.max(1, x.responseTime.medianSeconds ?? 1) },
      second: { name: '9 in 10 within', value: (x) => Math.max(1, x.responseTime.p90Seconds ?? 1) },
    }),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { name: string; seriesName: string; value: number; marker: string }[]) =>
        [
          `<strong>${items[0]?.name ?? ''}</strong>`,
          ...items.map((i) => `${i.marker} ${i.seriesName}: ${fmtDuration(i.value)}`),
        ].join('<br/>'),
    },
    xAxis: {
      type: 'log',
      min: 1,
      logBase: 60,
      ...axisStyle(p),
      axisLabel: { color: p.muted, fontSize: 11.5, formatter: (v: number) => fmtDuration(v) },
    },
  });
  return (
    <Panel
      title="Reply times"
      note="How long each person takes to answer, within a conversation."
      size="half"
      testId="response-times"
    >
      {people.length === 0 ? (
        <EmptyPanel>No replies in this range.</EmptyPanel>
      ) : (
        <Chart
          height={Math.max(160, 60 + people.length * 38)}
          label="Median and 90th percentile reply time per person"
          option={build}
          deps={[stats]}
        />
      )}
    </Panel>
  );
}

export function StartersPanel({ stats, colorOf }: { stats: ChatStats; colorOf: ColorIndex }) {
  const people = stats.people.slice(0, TOP);
  const { conversations } = stats;
  const build = (p: Palette) => ({
    ...personBars(p, people, colorOf, {
      main: { name: 'Started', value: (x) => x.conversationsStarted },
      second: { name: 'Had the last word', value: (x) => x.conversationsEnded },
    }),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', ...axisStyle(p), minInterval: 1 },
  });
  return (
    <Panel
      title="Conversation starters"
      note={`A conversation starts after ${fmtInt(conversations.gapMinutes)} minutes of silence.`}
      size="half"
      testId="starters"
    >
      {people.length === 0 || conversations.count === 0 ? (
        <EmptyPanel>No conversations in this range.</EmptyPanel>
      ) : (
        <Chart
          height={Math.max(160, 60 + people.length * 38)}
          label="Conversations started and ended per person"
          option={build}
          deps={[stats]}
        />
      )}
    </Panel>
  );
}
