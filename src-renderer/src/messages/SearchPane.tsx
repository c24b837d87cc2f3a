/** Full-text search in the chat; each hit shows its matches (U+E000…U+E001 from the backend) and jumps to the message. */
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../src-shared/api/library';
import { Icon } from '../components/Icon';
import { call, toApiError, type ApiError } from '../lib/api';
import { fmtDateTime, fmtInt } from '../lib/format';

const START = '\uE000';
const END = '\uE001';

export function Highlighted({ text }: { text: string }) {
  const parts = text.split(new RegExp(`(${START}[^${END}]*${END})`, 'u'));
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith(START) ? <mark key={i}>{part.slice(1, -1)}</mark> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

export function SearchPane(props: {
  chatId: number;
  query: string;
  onQuery: (q: string) => void;
  onOpen: (seq: number) => void;
  currentSeq: number | null;
}) {
  const { chatId, query } = props;
  const q = query.trim();
  // The answer for the last query searched; `busy` while it is not the current one.
  const [answer, setAnswer] = useState<{
    q: string;
    result?: { hits: SearchHit[]; total: number };
    error?: ApiError;
  } | null>(null);

  useEffect(() => {
    if (!q) return;
    let live = true;
    const t = setTimeout(() => {
      call('messages-search', { chatId, query: q, limit: 300 }).then(
        (result) => live && setAnswer({ q, result }),
        (e: unknown) => live && setAnswer({ q, error: toApiError(e) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [chatId, q]);

  const busy = q !== '' && answer?.q !== q;
  const result = !busy && q ? answer?.result : undefined;
  const error = !busy && q ? answer?.error : undefined;

  return (
    <aside className="card search-pane" aria-label="Search this chat">
      <div className="head">
        <label className="visually-hidden" htmlFor="chat-search">
          Search messages
        </label>
        <div style={{ position: 'relative' }}>
          <span style={{ position: 'absolute', left: 11, top: 9, color: 'var(--faint)' }}>
            <Icon name="search" size={17} />
          </span>
          <input
            id="chat-search"
            className="input"
            type="search"
            placeholder="Search messages"
            value={query}
            onChange={(e) => props.onQuery(e.target.value)}
            style={{ width: '100%', paddingLeft: 36 }}
            autoComplete="off"
            data-testid="search-input"
          />
        </div>
        <div className="summary" role="status" aria-live="polite">
          {!q
            ? 'Any word or part of a word (3+ letters), ignoring case and accents.'
            : busy
              ? 'Searching…'
              : error
                ? error.message
                : result
                  ? result.total === 0
                    ? 'No messages found.'
                    : `${fmtInt(result.total)} message${result.total === 1 ? '' : 's'} found${result.total > result.hits.length ? ` · first ${fmtInt(result.hits.length)}` : ''}`
                  : ''}
        </div>
      </div>
      {!q ? (
        <div className="empty-panel search-empty">
          <Icon name="search" size={28} />
          Results appear here; pick one to jump to it.
        </div>
      ) : null}
      {result && result.hits.length > 0 ? (
        <ul className="hits" data-testid="search-hits">
          {result.hits.map((hit) => (
            <li key={hit.message.id}>
              <button
                className="hit"
                onClick={() => props.onOpen(hit.message.seq)}
                aria-current={props.currentSeq === hit.message.seq ? 'true' : undefined}
                data-seq={hit.message.seq}
              >
                <div className="meta">
                  {hit.message.author ?? 'System'} · {fmtDateTime(hit.message.at)}
                </div>
                <div className="text">
                  <Highlighted text={hit.highlighted} />
                </div>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </aside>
  );
}
