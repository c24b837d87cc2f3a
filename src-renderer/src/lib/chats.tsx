/** The library's chats, loaded once and refreshed whenever the backend says the library changed. */
import { createContext, useContext, type ReactNode } from 'react';
import type { ChatSummary } from '../../../src-shared/api/library';
import { call, useApiEvent } from './api';
import { useAsync, type AsyncState } from './use-async';

const ChatsContext = createContext<AsyncState<ChatSummary[]> | null>(null);

export function ChatsProvider({ children }: { children: ReactNode }) {
  const state = useAsync(() => call('chats-list', {}), []);
  useApiEvent('library-changed', () => state.reload());
  return <ChatsContext.Provider value={state}>{children}</ChatsContext.Provider>;
}

export function useChats(): AsyncState<ChatSummary[]> {
  const value = useContext(ChatsContext);
  if (!value) throw new Error('useChats outside ChatsProvider');
  return value;
}
