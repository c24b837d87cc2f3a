/** What is written: words, emoji, media, links, message lengths. */
import type { ReactNode } from 'react';
import type { Bucket, ChatStats } from '../../../src-shared/stats';
import { MEDIA_TYPES, type MediaType } from '../../../src-shared/messages';
import { Avatar } from '../components/Avatar';
import { fmtInt, fmtPercent } from '../lib/format';
import type { Palette } from '../lib/theme';
import { axisStyle, Chart } from './Chart';
import { EmptyPanel, Panel } from './Panel';
import type { ColorIndex } from './PeoplePanels';
import { WordCloud } from './WordCloud';

export function WordsPanel({ stats }: { stats: ChatStats }) {
  const langs = stats.languages.detected.map((l) => l.name);
  return (
    <Panel
      title="Words"
      note={
        langs.length > 0 ? `Common ${langs.slice(0, 3).join(', ')} words left out.` : 'Common words left out.'
      }
      size="two-thirds"
      testId="wordcloud"
    >
      {stats.totals.topWords.length === 0 ? (
        <EmptyPanel>No words in this range.</EmptyPanel>
      ) : (
        <WordCloud words={stats.totals.topWords} />
      )}
    </Panel>
  );
}

export function RankList({
  items,
  max,
}: {
  items: { key: string; label: ReactNode; value: number }[];
  max?: number;
}) {
  const top = max ?? Math.max(1, ...items.map((i) => i.value));
  return (
    <ol className="rank-list">
      {items.map((item) => (
        <li key={item.key}>
          <span className="name">{item.label}</span>
          <span className="num muted">{fmtInt(item.value)}</span>
          <div className="bar">
            <div style={{ width: `${(item.value / top) * 100}%` }} />
          </div>
        </li>
      ))}
    </ol>
  );
}

export function TopWordsPanel({ stats }: { stats: ChatStats }) {
  const words = stats.totals.topWords.slice(0, 10);
  return (
    <Panel title="Top words" size="third">
      {words.length === 0 ? (
        <EmptyPanel>No words in this range.</EmptyPanel>
      ) : (
        <RankList items={words.map((w) => ({ key: w.word, label: w.word, value: w.count }))} />
      )}
    </Panel>
  );
}

export function EmojiPanel({ stats, colorOf }: { stats: ChatStats; colorOf: ColorIndex }) {
  const { totals } = stats;
  const people = stats.people.filter((p) => p.topEmoji.length > 0).slice(0, 6);
  return (
    <Panel
      title="Emoji"
      note={`${fmtInt(totals.emoji)} emoji in ${fmtPercent(totals.messages ? totals.messagesWithEmoji / totals.messages : 0)} of messages.`}
      testId="emoji"
    >
      {totals.topEmoji.length === 0 ? (
        <EmptyPanel>No emoji in this range.</EmptyPanel>
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: 28 }}>
          <div className="emoji-grid">
            {totals.topEmoji.slice(0, 24).map((e) => (
              <div className="emoji-cell" key={e.emoji} title={`${e.emoji} ${fmtInt(e.count)} times`}>
                <span className="glyph">{e.emoji}</span>
                <span className="count num">{fmtInt(e.count)}</span>
              </div>
            ))}
          </div>
          {stats.people.length > 1 ? (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              {people.map((p) => (
                <div key={p.name} style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
                  <Avatar name={p.name} index={colorOf(p.name)} small />
                  <span
                    style={{
                      width: 110,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                      fontSize: 13,
                    }}
                  >
                    {p.name}
                  </span>
                  <span style={{ fontSize: 20, letterSpacing: 2, whiteSpace: 'nowrap', overflow: 'hidden' }}>
                    {p.topEmoji
                      .slice(0, 5)
                      .map((e) => e.emoji)
                      .join('')}
                  </span>
                </div>
              ))}
            </div>
          ) : null}
        </div>
      )}
    </Panel>
  );
}

const MEDIA_NAMES: Record<MediaType, string> = {
  image: 'Photos',
  video: 'Videos',
  audio: 'Audio',
  voice: 'Voice notes',
  sticker: 'Stickers',
  gif: 'GIFs',
  document: 'Documents',
  contact: 'Contacts',
  'view-once': 'View once',
  other: 'Other',
};

export function MediaPanel({ stats }: { stats: ChatStats }) {
  const { totals } = stats;
  const rows = MEDIA_TYPES.map((t): { key: string; label: string; value: number } => ({
    key: t,
    label: MEDIA_NAMES[t],
    value: totals.media[t] ?? 0,
  }))
    .concat([
      { key: 'location', label: 'Locations', value: totals.locations },
      { key: 'poll', label: 'Polls', value: totals.polls },
    ])
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value);
  return (
    <Panel title="Media" note={`${fmtInt(totals.mediaTotal)} media messages.`} size="half" testId="media">
      {rows.length === 0 ? <EmptyPanel>No media in this range.</EmptyPanel> : <RankList items={rows} />}
    </Panel>
  );
}

export function LinksPanel({ stats }: { stats: ChatStats }) {
  const { totals } = stats;
  return (
    <Panel title="Links" note={`${fmtInt(totals.links)} links shared.`} size="half" testId="links">
      {totals.topDomains.length === 0 ? (
        <EmptyPanel>No links in this range.</EmptyPanel>
      ) : (
        <RankList
          items={totals.topDomains
            .slice(0, 8)
            .map((d) => ({ key: d.domain, label: d.domain, value: d.count }))}
        />
      )}
    </Panel>
  );
}

function bucketLabel(b: { min: number; max: number | null }) {
  if (b.max === null) return `${b.min}+`;
  return b.min === b.max ? `${b.min}` : `${b.min}–${b.max}`;
}

export function LengthPanel(props: { title: string; unit: string; buckets: Bucket[]; testId?: string }) {
  const { title, unit, buckets } = props;
  const build = (p: Palette) => ({
    grid: { left: 40, right: 8, top: 8, bottom: 36 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: buckets.map(bucketLabel),
      name: unit,
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: p.muted },
      ...axisStyle(p),
      axisLabel: { color: p.muted, fontSize: 11, interval: 0 },
    },
    yAxis: { type: 'value', ...axisStyle(p), minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: title,
        data: buckets.map((b) => b.count),
        itemStyle: { color: p.accent, borderRadius: [4, 4, 0, 0] },
      },
    ],
  });
  return (
    <Panel title={title} size="half" testId={props.testId}>
      {buckets.every((b) => b.count === 0) ? (
        <EmptyPanel>Nothing in this range.</EmptyPanel>
      ) : (
        <Chart height={200} label={`${title} by ${unit}`} option={build} deps={[buckets]} />
      )}
    </Panel>
  );
}
