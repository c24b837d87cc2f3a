/**
 * A word cloud in plain SVG. echarts-wordcloud only supports echarts 5, and downgrading every chart for one
 * of them is a bad trade; placing ~100 words on a spiral is a few dozen lines: each word, biggest first,
 * walks an Archimedean spiral out from the centre until its box overlaps no word already placed.
 */
import { useEffect, useMemo, useState } from 'react';
import { useInView } from '../lib/use-in-view';
import { fmtInt } from '../lib/format';
import { usePalette } from '../lib/theme';

interface Placed {
  word: string;
  count: number;
  x: number;
  y: number;
  size: number;
  w: number;
  h: number;
  color: string;
}

const MAX_WORDS = 90;

function layout(
  words: { word: string; count: number }[],
  width: number,
  height: number,
  font: string,
  colors: string[],
): Placed[] {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx || words.length === 0) return [];
  const list = words.slice(0, MAX_WORDS);
  const max = list[0]!.count;
  const min = list[list.length - 1]!.count;
  const biggest = Math.min(64, Math.max(28, width / 11));
  const smallest = 12;
  const placed: Placed[] = [];
  const overlaps = (a: { x: number; y: number; w: number; h: number }) =>
    placed.some(
      (b) => a.x < b.x + b.w + 4 && b.x < a.x + a.w + 4 && a.y < b.y + b.h + 2 && b.y < a.y + a.h + 2,
    );
  for (const [i, { word, count }] of list.entries()) {
    const t = max === min ? 1 : Math.sqrt((count - min) / (max - min));
    const size = Math.round(smallest + t * (biggest - smallest));
    ctx.font = `${size > 24 ? 650 : 550} ${size}px ${font}`;
    const w = ctx.measureText(word).width;
    const h = size * 1.05;
    const stretch = width / height;
    for (let step = 0; step < 2400; step += 1) {
      const angle = step * 0.21;
      const r = 1.6 * angle;
      const x = width / 2 + r * Math.cos(angle) * stretch - w / 2;
      const y = height / 2 + r * Math.sin(angle) - h / 2;
      if (x < 0 || y < 0 || x + w > width || y + h > height) continue;
      const box = { x, y, w, h };
      if (overlaps(box)) continue;
      placed.push({ word, count, x, y, size, w, h, color: colors[i % colors.length]! });
      break;
    }
  }
  return placed;
}

export function WordCloud({
  words,
  height = 300,
}: {
  words: { word: string; count: number }[];
  height?: number;
}) {
  const [ref, visible] = useInView<HTMLDivElement>();
  const [width, setWidth] = useState(0);
  const palette = usePalette();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  const colors = useMemo(
    () => [palette.accent, palette.people[1]!, palette.people[2]!, palette.text2, palette.people[4]!],
    [palette],
  );
  const placed = useMemo(
    () => (visible && width > 0 ? layout(words, width, height, palette.font, colors) : []),
    [visible, words, width, height, palette.font, colors],
  );
  return (
    <div ref={ref}>
      <svg
        className="wordcloud"
        width={width}
        height={height}
        role="img"
        aria-label={`Most used words: ${words
          .slice(0, 15)
          .map((w) => w.word)
          .join(', ')}`}
      >
        {placed.map((p) => (
          <text
            key={p.word}
            x={p.x}
            y={p.y + p.size * 0.82}
            fontSize={p.size}
            fontWeight={p.size > 24 ? 650 : 550}
            fill={p.color}
          >
            <title>{`${p.word}: ${fmtInt(p.count)}`}</title>
            {p.word}
          </text>
        ))}
      </svg>
    </div>
  );
}
