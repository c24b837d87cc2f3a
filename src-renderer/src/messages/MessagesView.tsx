/**
 * The whole chat, virtualised. A chat of a million messages is shown through a sliding window of WINDOW rows:
 * when the view nears the window's edge, the window moves and the scroll position stays on the same message.
 * Browsers cap an element's height (~33 million px in Chromium), and the virtualizer's bookkeeping grows with
 * its row count, so a window of thousands scrolls as smoothly as a short chat. Rows are measured as they
 * render (messages differ in length; images load later).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatSummary } from '../../../src-shared/api/library';
import { Icon } from '../components/Icon';
import { ErrorState } from '../components/States';
import { call, toApiError } from '../lib/api';
import { fmtDate, fmtInt } from '../lib/format';
import { chatPath, navigate } from '../lib/router';
import { foldTerm, MessageRow, PlaceholderRow } from './MessageRow';
import { useMessagePages } from './pages';
import { SearchPane } from './SearchPane';

const WINDOW = 20_000;
const EDGE = 3_000;
const ESTIMATE = 58;

export function MessagesView({ chat, params }: { chat: ChatSummary; params: URLSearchParams }) {
  const pages = useMessagePages(chat.id, chat.messageCount);
  const total = pages.total;
  const windowSize = Math.min(total, WINDOW);
  const [base, setBase] = useState(0);
  const [focused, setFocused] = useState<number | null>(null);
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [jumpDate, setJumpDate] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingScroll = useRef<{ index: number; align: 'start' | 'center'; offset?: number } | null>(null);

  // TanStack Virtual returns fresh functions each render by design; this component is not auto-memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: windowSize,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    overscan: 10,
    getItemKey: (index) => base + index,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (windowSize > 0) pages.want(base + first - 40, base + last + 40);
  }, [pages, base, first, last, windowSize]);

  // After the window moved, put the same message back where it was; scroll events until the next frame are
  // our own and never move the window again.
  const moving = useRef(false);
  useLayoutEffect(() => {
    const target = pendingScroll.current;
    if (!target) return;
    pendingScroll.current = null;
    if (target.offset !== undefined) {
      const [start] = virtualizer.getOffsetForIndex(target.index, 'start') ?? [0];
      virtualizer.scrollToOffset(start - target.offset);
    } else virtualizer.scrollToIndex(target.index, { align: target.align });
    const frame = requestAnimationFrame(() => (moving.current = false));
    return () => cancelAnimationFrame(frame);
  }, [base, virtualizer]);

  const moveWindow = useCallback((nextBase: number, target: NonNullable<typeof pendingScroll.current>) => {
    moving.current = true;
    pendingScroll.current = target;
    setBase(nextBase);
  }, []);

  // Slide the window when the user scrolls near its edges (only chats longer than WINDOW). Decided on the
  // scroll position itself, never on a render that may predate a jump.
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el || moving.current || total <= WINDOW) return;
    const top = virtualizer.getVirtualItemForOffset(el.scrollTop);
    const bottom = virtualizer.getVirtualItemForOffset(el.scrollTop + el.clientHeight);
    if (!top || !bottom) return;
    const nearTop = top.index < EDGE && base > 0;
    const nearBottom = bottom.index > windowSize - EDGE && base + windowSize < total;
    if (!nearTop && !nearBottom) return;
    const anchor = base + top.index;
    const nextBase = Math.max(0, Math.min(total - WINDOW, anchor - WINDOW / 2));
    if (nextBase === base) return;
    moveWindow(nextBase, { index: anchor - nextBase, align: 'start', offset: top.start - el.scrollTop });
  }, [base, moveWindow, total, virtualizer, windowSize]);

  const jumpTo = useCallback(
    async (seq: number) => {
      const target = Math.max(0, Math.min(total - 1, seq));
      await pages.load(target);
      setFocused(target);
      if (target < base || target >= base + windowSize) {
        const nextBase = Math.max(0, Math.min(total - WINDOW, target - WINDOW / 2));
        moveWindow(nextBase, { index: target - nextBase, align: 'center' });
      } else {
        virtualizer.scrollToIndex(target - base, { align: 'center' });
      }
    },
    [base, moveWindow, pages, total, virtualizer, windowSize],
  );

  // Deep links: #/chat/1/messages?seq=123 opens at that message.
  const initialSeq = params.get('seq');
  useEffect(() => {
    if (initialSeq !== null && /^\d+$/.test(initialSeq) && total > 0) void jumpTo(Number(initialSeq));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the link changes
  }, [initialSeq, total > 0]);

  const openHit = (seq: number) => {
    navigate(
      chatPath(
        chat.id,
        'messages',
        new URLSearchParams({ seq: String(seq), ...(query ? { q: query } : {}) }).toString(),
      ),
      { replace: true },
    );
    void jumpTo(seq);
  };

  const goToDate = () => {
    if (!jumpDate) return;
    setJumpError(null);
    call('messages-locate-date', { chatId: chat.id, at: jumpDate }).then(
      ({ seq }) => (seq === null ? setJumpError('No messages.') : void jumpTo(seq)),
      (e: unknown) => setJumpError(toApiError(e).message),
    );
  };

  const terms = useMemo(
    () =>
      query
        .trim()
        .split(/\s+/u)
        .map(foldTerm)
        .filter((t) => t.length > 0),
    [query],
  );
  // The first message actually in view (the rendered rows include some above it).
  const topIndex = virtualizer.getVirtualItemForOffset(virtualizer.scrollOffset ?? 0)?.index ?? first;
  const top = pages.get(base + topIndex);

  if (pages.error && total === 0) return <ErrorState error={pages.error} />;
  return (
    <div className="messages-layout">
      <section className="card message-pane" aria-label="Messages">
        <div className="message-toolbar">
          <label className="visually-hidden" htmlFor="jump-date">
            Jump to a date
          </label>
          <Icon name="calendar" />
          <input
            id="jump-date"
            className="input"
            type="date"
            value={jumpDate}
            min={chat.firstAt?.slice(0, 10)}
            max={chat.lastAt?.slice(0, 10)}
            onChange={(e) => setJumpDate(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && goToDate()}
            data-testid="jump-date"
          />
          <button className="btn small" onClick={goToDate} disabled={!jumpDate}>
            Go
          </button>
          {jumpError ? <span className="muted">{jumpError}</span> : null}
          <span className="position num" aria-live="off">
            {top ? `${fmtDate(top.at)} · ` : ''}
            {total > 0 ? `${fmtInt(base + topIndex + 1)} of ${fmtInt(total)}` : ''}
          </span>
        </div>
        {total === 0 ? (
          <div className="empty-panel" style={{ flex: 1 }}>
            This chat has no messages.
          </div>
        ) : (
          <div
            ref={scrollRef}
            className="message-scroller"
            onScroll={onScroll}
            tabIndex={0}
            aria-label="Chat history"
            data-testid="message-scroller"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
              {items.map((item) => {
                const seq = base + item.index;
                const m = pages.get(seq);
                const prev = seq > 0 ? pages.get(seq - 1) : undefined;
                const dayStart =
                  m !== undefined &&
                  (seq === 0 || (prev !== undefined && prev.at.slice(0, 10) !== m.at.slice(0, 10)));
                const showAuthor =
                  m !== undefined && (dayStart || prev?.author !== m.author || prev?.kind === 'system');
                return (
                  <div
                    key={item.key}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    className="message-slot"
                    style={{ transform: `translateY(${item.start}px)` }}
                  >
                    {m ? (
                      <MessageRow
                        message={m}
                        dayStart={dayStart}
                        authorIndex={Math.max(0, chat.participants.indexOf(m.author ?? ''))}
                        showAuthor={showAuthor}
                        focused={focused === seq}
                        terms={terms}
                      />
                    ) : (
                      <PlaceholderRow />
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </section>
      <SearchPane chatId={chat.id} query={query} onQuery={setQuery} onOpen={openHit} currentSeq={focused} />
    </div>
  );
}
