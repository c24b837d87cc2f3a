/** Groups: who joined and left, how many were active, who replies to whom. */
import type { ChatStats } from '../../../src-shared/stats';
import { fmtInt } from '../lib/format';
import type { Palette } from '../lib/theme';
import { axisStyle, Chart } from './Chart';
import { EmptyPanel, Panel } from './Panel';
import { monthLabels } from './series';

export function MembershipPanel({ stats }: { stats: ChatStats }) {
  const { monthly, events } = stats.group;
  const labels = monthLabels(monthly.start, monthly.activeMembers.length);
  const build = (p: Palette) => ({
    grid: { left: 40, right: 40, top: 36, bottom: 28 },
    legend: {
      top: 0,
      left: 0,
      itemWidth: 10,
      itemHeight: 10,
      icon: 'roundRect',
      textStyle: { color: p.text2 },
    },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, ...axisStyle(p) },
    yAxis: [
      { type: 'value', ...axisStyle(p), minInterval: 1 },
      { type: 'value', ...axisStyle(p), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Active members',
        type: 'line',
        yAxisIndex: 1,
        data: monthly.activeMembers,
        showSymbol: false,
        lineStyle: { color: p.accent, width: 2 },
        itemStyle: { color: p.accent },
      },
      { name: 'Added', type: 'bar', stack: 'in', data: monthly.added, itemStyle: { color: p.people[2] } },
      { name: 'Joined', type: 'bar', stack: 'in', data: monthly.joined, itemStyle: { color: p.people[5] } },
      {
        name: 'Left',
        type: 'bar',
        stack: 'out',
        data: monthly.left.map((v) => -v),
        itemStyle: { color: p.people[1] },
      },
      {
        name: 'Removed',
        type: 'bar',
        stack: 'out',
        data: monthly.removed.map((v) => -v),
        itemStyle: { color: p.people[7] },
      },
    ],
  });
  return (
    <Panel
      title="Members"
      note={`${fmtInt(events.added + events.joined)} came in, ${fmtInt(events.left + events.removed)} went out.`}
      size="half"
      testId="members"
    >
      {labels.length === 0 ? (
        <EmptyPanel>No activity in this range.</EmptyPanel>
      ) : (
        <Chart
          height={260}
          label="Members joining and leaving, and active members, per month"
          option={build}
          deps={[stats]}
        />
      )}
    </Panel>
  );
}

const MATRIX_MAX = 12;

export function ReplyMatrixPanel({ stats }: { stats: ChatStats }) {
  const names = stats.replies.names.slice(0, MATRIX_MAX);
  const m = stats.replies.matrix;
  const cells = names.flatMap((_, i) => names.map((_, j) => [j, names.length - 1 - i, m[i]?.[j] ?? 0]));
  const max = Math.max(1, ...cells.map((c) => c[2]!));
  const build = (p: Palette) => ({
    grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      formatter: ({ value }: { value: [number, number, number] }) =>
        `<strong>${names[names.length - 1 - value[1]]}</strong> replied to <strong>${names[value[0]]}</strong><br/>${fmtInt(value[2])} times`,
    },
    xAxis: {
      type: 'category',
      data: names,
      ...axisStyle(p),
      axisLabel: { color: p.muted, rotate: 35, fontSize: 11 },
      splitLine: { show: false },
    },
    yAxis: { type: 'category', data: [...names].reverse(), ...axisStyle(p), splitLine: { show: false } },
    visualMap: { show: false, min: 0, max, inRange: { color: p.heat } },
    series: [
      {
        type: 'heatmap',
        data: cells,
        itemStyle: { borderColor: p.surface, borderWidth: 2, borderRadius: 3 },
      },
    ],
  });
  return (
    <Panel title="Who replies to whom" note="Rows reply to columns." size="half" testId="reply-matrix">
      {names.length < 2 ? (
        <EmptyPanel>Needs at least two people.</EmptyPanel>
      ) : (
        <Chart
          height={Math.max(220, 60 + names.length * 26)}
          label="Reply counts between people"
          option={build}
          deps={[stats]}
        />
      )}
    </Panel>
  );
}
