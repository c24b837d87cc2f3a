/**
 * One echarts chart, drawn when it scrolls into view (the dashboard becomes interactive at once, however
 * many charts it holds), in the page's colours, described for screen readers.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { memo } from 'react';
import { useInView } from '../lib/use-in-view';
import { usePalette, type Palette } from '../lib/theme';
import { echarts, type EChartsOption } from './echarts';

/** Colours, type and tooltips every chart shares. */
export function baseOption(p: Palette): EChartsOption {
  return {
    animationDuration: 350,
    color: p.people,
    textStyle: { fontFamily: p.font, color: p.text2 },
    aria: { enabled: true },
    tooltip: {
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text, fontSize: 12.5 },
      extraCssText: 'border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.12);',
    },
  };
}

export function axisStyle(p: Palette) {
  return {
    axisLine: { lineStyle: { color: p.border } },
    axisTick: { show: false },
    axisLabel: { color: p.muted, fontSize: 11.5 },
    splitLine: { lineStyle: { color: p.border, type: 'dashed' as const } },
  };
}

interface ChartProps {
  option: (p: Palette) => EChartsOption;
  height: number;
  label: string;
  onEvents?: Record<string, (params: unknown, chart: unknown) => void>;
  /** The data the option is built from: the chart is rebuilt only when one of these changes. */
  deps: unknown[];
}

function ChartView(props: ChartProps) {
  const palette = usePalette();
  const [ref, visible] = useInView<HTMLDivElement>();
  const option = { ...baseOption(palette), ...props.option(palette) };
  return (
    <div ref={ref} className="chart" style={{ height: props.height }} role="img" aria-label={props.label}>
      {visible ? (
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge
          lazyUpdate
          style={{ height: props.height, width: '100%' }}
          {...(props.onEvents ? { onEvents: props.onEvents } : {})}
        />
      ) : null}
    </div>
  );
}

// Option builders are new closures on every render of their panel; compare what they are built from.
export const Chart = memo(
  ChartView,
  (a, b) =>
    a.height === b.height &&
    a.label === b.label &&
    a.deps.length === b.deps.length &&
    a.deps.every((d, i) => Object.is(d, b.deps[i])),
);
