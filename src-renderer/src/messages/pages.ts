/**
 * The messages of one chat, fetched in pages by position (`messages-page`) as the list scrolls. Only the
 * pages near the view are kept, so a million messages cost what a few thousand do. One instance per chat
 * and import (the caller keys it), so the cache never mixes two versions of a chat.
 */
import { useCallback, useRef, useState } from 'react';
import type { MessageView } from '../../../src-shared/api/library';
import { call, toApiError, type ApiError } from '../lib/api';

export const PAGE_SIZE = 300;
const KEEP_PAGES = 60;

export interface MessagePages {
  get(seq: number): MessageView | undefined;
  /** Makes sure the pages holding [from, to] are loaded or loading. */
  want(from: number, to: number): void;
  /** Resolves once the page holding `seq` is loaded. */
  load(seq: number): Promise<void>;
  total: number;
  error: ApiError | null;
}

export function useMessagePages(chatId: number, initialTotal: number): MessagePages {
  const pages = useRef(new Map<number, MessageView[]>());
  const pending = useRef(new Map<number, Promise<void>>());
  const lastUse = useRef(new Map<number, number>());
  const [, setVersion] = useState(0);
  const [total, setTotal] = useState(initialTotal);
  const [error, setError] = useState<ApiError | null>(null);

  const fetchPage = useCallback(
    (page: number): Promise<void> => {
      const existing = pending.current.get(page);
      if (existing) return existing;
      if (pages.current.has(page)) return Promise.resolve();
      const promise = call('messages-page', { chatId, fromSeq: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (result) => {
          pages.current.set(page, result.messages);
          lastUse.current.set(page, performance.now());
          pending.current.delete(page);
          setTotal(result.total);
          // Forget the pages used longest ago.
          if (pages.current.size > KEEP_PAGES) {
            const oldest = [...lastUse.current.entries()]
              .sort((a, b) => a[1] - b[1])
              .slice(0, pages.current.size - KEEP_PAGES);
            for (const [p] of oldest) {
              pages.current.delete(p);
              lastUse.current.delete(p);
            }
          }
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          pending.current.delete(page);
          setError(toApiError(e));
        },
      );
      pending.current.set(page, promise);
      return promise;
    },
    [chatId],
  );

  const get = useCallback((seq: number) => {
    const page = Math.floor(seq / PAGE_SIZE);
    const list = pages.current.get(page);
    if (list) lastUse.current.set(page, performance.now());
    return list?.[seq - page * PAGE_SIZE];
  }, []);

  const want = useCallback(
    (from: number, to: number) => {
      for (
        let page = Math.floor(Math.max(0, from) / PAGE_SIZE);
        page <= Math.floor(to / PAGE_SIZE);
        page += 1
      ) {
        if (page * PAGE_SIZE < total) void fetchPage(page);
      }
    },
    [fetchPage, total],
  );

  const load = useCallback((seq: number) => fetchPage(Math.floor(seq / PAGE_SIZE)), [fetchPage]);

  return { get, want, load, total, error };
}
