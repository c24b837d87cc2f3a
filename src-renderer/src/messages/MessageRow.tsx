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

/** Splits text into plain runs, links and highlighted terms. */
function renderText(text: string, terms: string[]): ReactNode[] {
  const out: ReactNode[] = [];
  let key = 0;
  const mark = (run: string) => {
    if (terms.length === 0) return out.push(run);
    const lower = run.toLocaleLowerCase();
    let i = 0;
    while (i < run.length) {
      let best = -1;
      let len = 0;
      for (const t of terms) {
        const at = lower.indexOf(t, i);
        if (at !== -1 && (best === -1 || at < best)) {
          best = at;
          len = t.length;
        }
      }
      if (best === -1) {
        out.push(run.slice(i));
        break;
      }
      if (best > i) out.push(run.slice(i, best));
      out.push(<mark key={`m${key++}`}>{run.slice(best, best + len)}</mark>);
      i = best + len;
    }
    return out.length;
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
