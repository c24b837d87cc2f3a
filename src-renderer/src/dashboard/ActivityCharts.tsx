/** When people write: the week at a glance (weekday × hour) and every day of every year (a calendar). */
import { useState } from 'react';
import type { ChatStats } from '../../../src-shared/stats';
import { fmtDate, fmtInt, WEEKDAYS, WEEKDAYS_SHORT } from '../lib/format';
import type { Palette } from '../lib/theme';
import { axisStyle, Chart } from './Chart';
import { EmptyPanel, Panel } from './Panel';
import { dayLabels } from './series';

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}`);

export function WeekHeatmap({ stats }: { stats: ChatStats }) {
  const { heatmap, mostActive } = stats.activity;
  const max = Math.max(1, ...heatmap.flat());
  const cells = heatmap.flatMap((row, d) => row.map((v, h) => [h, 6 - d, v]));
  const build = (p: Palette) => ({
    grid: { left: 40, right: 8, top: 6, bottom: 26 },
    tooltip: {
      formatter: ({ value }: { value: [number, number, number] }) =>
        `<strong>${WEEKDAYS[6 - value[1]]}, ${HOURS[value[0]]}:00–${HOURS[value[0]]}:59</strong><br/>${fmtInt(value[2])} messages`,
    },
    xAxis: {
      type: 'category',
      data: HOURS,
      ...axisStyle(p),
      splitLine: { show: false },
      axisLine: { show: false },
    },
    yAxis: {
      type: 'category',
      data: [...WEEKDAYS_SHORT].reverse(),
      ...axisStyle(p),
      axisLine: { show: false },
      splitLine: { show: false },
    },
    visualMap: { show: false, min: 0, max, inRange: { color: p.heat } },
    series: [
      {
        type: 'heatmap',
        data: cells,
        itemStyle: { borderColor: p.surface, borderWidth: 2, borderRadius: 4 },
        emphasis: { itemStyle: { borderColor: p.text, borderWidth: 1 } },
      },
    ],
  });
  const peak =
    mostActive.weekday && mostActive.hour
      ? `Busiest: ${WEEKDAYS[mostActive.weekday.weekday]}s, and around ${HOURS[mostActive.hour.hour]}:00.`
      : undefined;
  return (
    <Panel title="Weekday and hour" note={peak} size="half" testId="week-heatmap">
      {stats.totals.messages === 0 ? (
        <EmptyPanel>No messages in this range.</EmptyPanel>
      ) : (
        <Chart
          height={250}
          label={`Messages by weekday and hour. ${peak ?? ''}`}
          option={build}
          deps={[stats]}
        />
      )}
    </Panel>
  );
}

export function HourBars({ stats }: { stats: ChatStats }) {
  const { hours, weekdays } = stats.activity;
  const [mode, setMode] = useState<'hours' | 'weekdays'>('hours');
  const labels = mode === 'hours' ? HOURS : WEEKDAYS_SHORT;
  const values = mode === 'hours' ? hours : weekdays;
  const build = (p: Palette) => ({
    grid: { left: 44, right: 8, top: 8, bottom: 26 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels, ...axisStyle(p) },
    yAxis: { type: 'value', ...axisStyle(p), minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: 'Messages',
        data: values,
        itemStyle: { color: p.accent, borderRadius: [4, 4, 0, 0] },
      },
    ],
  });
  return (
    <Panel
      title="Daily rhythm"
      size="half"
      actions={
        <div className="segmented" role="group" aria-label="Show">
          <button aria-pressed={mode === 'hours'} onClick={() => setMode('hours')}>
            Hours
          </button>
          <button aria-pressed={mode === 'weekdays'} onClick={() => setMode('weekdays')}>
            Weekdays
          </button>
        </div>
      }
    >
      <Chart
        height={250}
        label={`Messages per ${mode === 'hours' ? 'hour of the day' : 'weekday'}`}
        option={build}
        deps={[stats, mode]}
      />
    </Panel>
  );
}

const YEARS_SHOWN = 4;

export function CalendarHeatmap({ stats }: { stats: ChatStats }) {
  const { daily } = stats.activity;
  const [all, setAll] = useState(false);
  const labels = dayLabels(daily.start, daily.counts.length);
  const years = [...new Set(labels.map((d) => d.slice(0, 4)))].reverse();
  const shown = all ? years : years.slice(0, YEARS_SHOWN);
  const max = Math.max(1, ...daily.counts);
  const cell = 14;
  const yearHeight = cell * 7 + 34;
  const build = (p: Palette) => ({
    tooltip: {
      formatter: ({ value }: { value: [string, number] }) =>
        `<strong>${fmtDate(value[0])}</strong><br/>${fmtInt(value[1])} messages`,
    },
    visualMap: {
      show: false,
      min: 0,
      max,
      inRange: { color: p.heat.slice(1) },
      outOfRange: { color: p.heat[0] },
    },
    calendar: shown.map((year, i) => ({
      top: 24 + i * yearHeight,
      left: 46,
      right: 8,
      cellSize: ['auto', cell],
      range: year,
      orient: 'horizontal',
      splitLine: { show: false },
      itemStyle: { color: p.heat[0], borderColor: p.surface, borderWidth: 2.5 },
      yearLabel: {
        show: true,
        position: 'left',
        color: p.text2,
        fontWeight: 600,
        fontSize: 12.5,
        margin: 30,
      },
      monthLabel: { color: p.muted, fontSize: 11, nameMap: 'en' },
      dayLabel: { color: p.faint, fontSize: 10, firstDay: 1, nameMap: ['S', 'M', '', 'W', '', 'F', ''] },
    })),
    series: shown.map((year, i) => ({
      type: 'heatmap',
      coordinateSystem: 'calendar',
      calendarIndex: i,
      data: labels.flatMap((d, j) =>
        d.startsWith(year) && daily.counts[j]! > 0 ? [[d, daily.counts[j]]] : [],
      ),
    })),
  });
  return (
    <Panel
      title="Every day"
      note="Darker days had more messages."
      testId="calendar"
      actions={
        years.length > YEARS_SHOWN ? (
          <button className="btn small ghost" onClick={() => setAll((a) => !a)}>
            {all ? `Latest ${YEARS_SHOWN} years` : `All ${years.length} years`}
          </button>
        ) : null
      }
    >
      {labels.length === 0 ? (
        <EmptyPanel>No messages in this range.</EmptyPanel>
      ) : (
        <Chart
          height={24 + shown.length * yearHeight}
          label={`Calendar of messages per day, ${shown.length} year(s)`}
          option={build}
          deps={[stats, all]}
        />
      )}
    </Panel>
  );
}
