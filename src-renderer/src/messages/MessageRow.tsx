/** One message: a bubble with author and time, media from the zip inline, links and search matches marked. */
import { memo, type ReactNode } from 'react';
import type { MessageView } from '../../../src-shared/api/library';
import { Icon } from '../components/Icon';
import { fmtLongDate, fmtTime } from '../lib/format';
import { personVar } from '../lib/theme';

const MEDIA_WORDS: Record<string, string> = {
  image: 'A photo',
  video: 'A video',
  audio: 'An audio file',
  voice: 'A voice note',
  sticker: 'A sticker',
  gif: 'A GIF',
  document: 'A document',
  contact: 'A contact card',
  'view-once': 'A view-once photo',
};
const omitted = (subtype: string | null) =>
  `${(subtype && MEDIA_WORDS[subtype]) ?? 'Media'} — not included in the export`;

const URL_RE = /\b(https?:\/\/[^\s<>"]+|www\.[^\s<>"]+)/giu;

/**
 * Text folded for matching the way the search does (case and accents ignored), with each folded
 * character's index in the original, so a match can be marked in the text as written.
 */
function fold(text: string): { folded: string; index: number[] } {
  let folded = '';
  const index: number[] = [];
  let i = 0;
  for (const char of text) {
    const f = char.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
    for (let k = 0; k < f.length; k += 1) index.push(i);
    folded += f;
    i += char.length;
  }
  index.push(i);
  return { folded, index };
}

export const foldTerm = (term: string) => fold(term).folded;

/** Splits text into plain runs, links and marked search terms (terms already folded). */
function renderText(text: string, terms: string[]): ReactNode[] {
  const out: ReactNode[] = [];
  let key = 0;
  const mark = (run: string) => {
    if (terms.length === 0 || run === '') {
      out.push(run);
      return;
    }
    const { folded, index } = fold(run);
    let at = 0; // in folded
    let written = 0; // in run
    while (at < folded.length) {
      let best = -1;
      let len = 0;
      for (const t of terms) {
        const found = folded.indexOf(t, at);
        if (found !== -1 && (best === -1 || found < best)) {
          best = found;
          len = t.length;
        }
      }
      if (best === -1) break;
      const from = index[best]!;
      const to = index[best + len]!;
      if (from > written) out.push(run.slice(written, from));
      out.push(<mark key={`m${key++}`}>{run.slice(from, to)}</mark>);
      written = to;
      at = best + len;
    }
    if (written < run.length) out.push(run.slice(written));
  };
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    mark(text.slice(last, m.index));
    const url = m[0].replace(/[.,;:!?)]+$/u, '');
    const href = url.startsWith('www.') ? `https://${url}` : url;
    out.push(
      <a key={`a${key++}`} href={href} target="_blank" rel="noreferrer noopener">
        {url}
      </a>,
    );
    last = m.index + url.length;
  }
  mark(text.slice(last));
  return out;
}

function Attachment({ attachment }: { attachment: NonNullable<MessageView['attachment']> }) {
  const { mediaFileId, mediaType, fileName } = attachment;
  if (mediaFileId === null) {
    return (
      <span className="attachment">
        <Icon name={mediaType === 'image' ? 'image' : 'file'} size={15} />
        {fileName} <span className="muted">(not in the export)</span>
      </span>
    );
  }
  const src = `media/${mediaFileId}`;
  if (mediaType === 'image' || mediaType === 'sticker' || mediaType === 'gif') {
    return <img className="media" src={src} alt={fileName} loading="lazy" decoding="async" />;
  }
  if (mediaType === 'video')
    return <video className="media" src={src} controls preload="none" aria-label={fileName} />;
  if (mediaType === 'audio' || mediaType === 'voice') {
    return <audio className="media" src={src} controls preload="none" aria-label={fileName} />;
  }
  return (
    <a className="attachment" href={src} target="_blank" rel="noreferrer noopener">
      <Icon name="file" size={15} />
      {fileName}
    </a>
  );
}

export const MessageRow = memo(function MessageRow(props: {
  message: MessageView;
  dayStart: boolean;
  authorIndex: number;
  showAuthor: boolean;
  focused: boolean;
  terms: string[];
}) {
  const { message: m, dayStart } = props;
  const divider = dayStart ? (
    <div className="day-divider">
      <span>{fmtLongDate(m.at)}</span>
    </div>
  ) : null;
  if (m.kind === 'system') {
    return (
      <div className={`message-row system${dayStart ? ' day-start' : ''}`} data-seq={m.seq}>
        {divider}
        <span className={`system-text${props.focused ? ' bubble focused' : ''}`}>
          {renderText(m.text, props.terms)} · {fmtTime(m.at)}
        </span>
      </div>
    );
  }
  return (
    <div className={`message-row${dayStart ? ' day-start' : ''}`} data-seq={m.seq}>
      {divider}
      <div className={`bubble${props.focused ? ' focused' : ''}`}>
        {props.showAuthor && m.author ? (
          <div className="author" style={{ color: personVar(props.authorIndex) }}>
            {m.author}
          </div>
        ) : null}
        {m.attachment ? <Attachment attachment={m.attachment} /> : null}
        {m.kind === 'deleted' ? (
          <span className="kind-note">This message was deleted</span>
        ) : m.kind === 'media' && !m.attachment && !m.text ? (
          <span className="kind-note">{omitted(m.subtype)}</span>
        ) : m.kind === 'location' ? (
          <span>📍 {renderText(m.text, props.terms)}</span>
        ) : m.kind === 'poll' ? (
          <span>📊 {renderText(m.text, props.terms)}</span>
        ) : (
          renderText(m.text, props.terms)
        )}
        <span className="time">
          {m.edited ? 'edited · ' : ''}
          {fmtTime(m.at)}
        </span>
      </div>
    </div>
  );
});

export function PlaceholderRow() {
  return (
    <div className="message-row" aria-hidden>
      <div className="skeleton" style={{ height: 38, width: '42%', borderRadius: 12 }} />
    </div>
  );
}
