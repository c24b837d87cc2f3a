/** Messages over time: per day, week or month; stacked by person; zoomable, and a zoom can become the filter. */
import { useState } from 'react';
import type { ChatStats } from '../../../src-shared/stats';
import { fmtDate, fmtInt, fmtMonth } from '../lib/format';
import type { Palette } from '../lib/theme';
import { axisStyle, Chart } from './Chart';
import { EmptyPanel, Panel } from './Panel';
import type { ColorIndex } from './PeoplePanels';
import { addDays, dayLabels, monthEnd, monthLabels } from './series';

type Grain = 'day' | 'week' | 'month';
const MAX_SERIES = 6;

function defaultGrain(stats: ChatStats): Grain {
  const days = stats.activity.daily.counts.length;
  return days > 3 * 365 ? 'month' : days > 120 ? 'week' : 'day';
}

function seriesFor(stats: ChatStats, grain: Grain) {
  const { daily, weekly, monthly } = stats.activity;
  const names = stats.people.map((p) => p.name);
  if (grain === 'day')
    return {
      labels: dayLabels(daily.start, daily.counts.length),
      total: daily.counts,
      byPerson: null,
      names,
    };
  const source = grain === 'week' ? weekly : monthly;
  const labels =
    grain === 'week'
      ? dayLabels(weekly.start, weekly.counts.length, 7)
      : monthLabels(monthly.start, monthly.counts.length);
  return { labels, total: source.counts, byPerson: source.byPerson, names };
}

export function Timeline(props: {
  stats: ChatStats;
  colorOf: ColorIndex;
  onRange: (from: string, to: string) => void;
}) {
  const { stats, colorOf, onRange } = props;
  const [grain, setGrain] = useState<Grain>(() => defaultGrain(stats));
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const data = seriesFor(stats, grain);
  const labelOf = (label: string) =>
    grain === 'month' ? fmtMonth(label) : grain === 'week' ? `Week of ${fmtDate(label)}` : fmtDate(label);

  const build = (p: Palette) => {
    const stacked = data.byPerson !== null && data.names.length > 1;
    const shown = stacked ? data.names.slice(0, MAX_SERIES) : [];
    // One person (an author filter): their colour; everyone together: the accent.
    const single = data.names.length === 1 ? p.people[colorOf(data.names[0]!) % p.people.length]! : p.accent;
    const series = stacked
      ? [
          ...shown.map((name, i) => ({
            name,
            type: 'bar' as const,
            stack: 'all',
            data: data.byPerson![i],
            barCategoryGap: '20%',
            itemStyle: { color: p.people[colorOf(name) % p.people.length] },
          })),
          ...(data.names.length > MAX_SERIES
            ? [
                {
                  name: 'Everyone else',
                  type: 'bar' as const,
                  stack: 'all',
                  data: data.total.map(
                    (t, j) => t - shown.reduce((s, _n, i) => s + (data.byPerson![i]![j] ?? 0), 0),
                  ),
                  itemStyle: { color: p.faint },
                },
              ]
            : []),
        ]
      : [
          {
            name: 'Messages',
            type: grain === 'day' ? ('line' as const) : ('bar' as const),
            data: data.total,
            showSymbol: false,
            sampling: 'lttb' as const,
            lineStyle: { width: 1.5, color: single },
            areaStyle: { color: single, opacity: 0.18 },
            itemStyle: { color: single },
          },
        ];
    return {
      grid: { left: 44, right: 16, top: stacked ? 36 : 16, bottom: 64 },
      legend: stacked
        ? { top: 0, left: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, textStyle: { color: p.text2 } }
        : undefined,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: { axisValue: string; seriesName: string; value: number; marker: string }[]) => {
          const head = `<strong>${labelOf(items[0]?.axisValue ?? '')}</strong>`;
          const total = items.reduce((s, i) => s + (i.value ?? 0), 0);
          const rows = items
            .filter((i) => i.value > 0)
            .map((i) => `${i.marker} ${i.seriesName}: ${fmtInt(i.value)}`);
          return [head, ...(rows.length > 1 ? rows : []), `${fmtInt(total)} messages`].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: data.labels,
        ...axisStyle(p),
        axisLabel: {
          color: p.muted,
          fontSize: 11.5,
          formatter: (v: string) => (grain === 'month' ? v : v.slice(0, 7)),
        },
      },
      yAxis: { type: 'value', ...axisStyle(p), minInterval: 1 },
      dataZoom: [
        { type: 'inside', minValueSpan: 7 },
        {
          type: 'slider',
          height: 22,
          bottom: 10,
          borderColor: p.border,
          fillerColor: `${p.accent}22`,
          handleStyle: { color: p.surface, borderColor: p.accent },
          moveHandleStyle: { color: p.accent, opacity: 0.3 },
          dataBackground: { lineStyle: { color: p.faint }, areaStyle: { color: p.bgSunken } },
          selectedDataBackground: {
            lineStyle: { color: p.accent },
            areaStyle: { color: p.accent, opacity: 0.2 },
          },
          textStyle: { color: p.muted },
          labelFormatter: (_v: number, label: string) => label,
        },
      ],
      series,
    };
  };

  const onZoom = (_params: unknown, chart: unknown) => {
    const option = (
      chart as { getOption(): { dataZoom?: { startValue?: number; endValue?: number }[] } }
    ).getOption();
    const z = option.dataZoom?.[0];
    if (z?.startValue === undefined || z.endValue === undefined) return;
    const whole = z.startValue <= 0 && z.endValue >= data.labels.length - 1;
    setZoom(whole ? null : [z.startValue, z.endValue]);
  };

  const applyZoom = () => {
    if (!zoom) return;
    const first = data.labels[zoom[0]];
    const last = data.labels[zoom[1]];
    if (!first || !last) return;
    const from = grain === 'month' ? `${first}-01` : first;
    const to = grain === 'month' ? monthEnd(last) : grain === 'week' ? addDays(last, 6) : last;
    onRange(from, to);
    setZoom(null);
  };

  return (
    <Panel
      title="Messages over time"
      note="Scroll or drag the handles to zoom."
      testId="timeline"
      actions={
        <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
          {zoom ? (
            <button className="btn small" onClick={applyZoom}>
              Filter to this range
            </button>
          ) : null}
          <div className="segmented" role="group" aria-label="Group by">
            {(['day', 'week', 'month'] as const).map((g) => (
              <button key={g} aria-pressed={grain === g} onClick={() => setGrain(g)}>
                {g === 'day' ? 'Days' : g === 'week' ? 'Weeks' : 'Months'}
              </button>
            ))}
          </div>
        </div>
      }
    >
      {data.labels.length === 0 ? (
        <EmptyPanel>No messages in this range.</EmptyPanel>
      ) : (
        <Chart
          height={320}
          label={`Messages per ${grain}, from ${data.labels[0]} to ${data.labels[data.labels.length - 1]}`}
          option={build}
          onEvents={{ datazoom: onZoom }}
          deps={[stats, grain]}
        />
      )}
    </Panel>
  );
}
