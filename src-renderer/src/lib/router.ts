/** Hash routes (`#/chat/3/messages?seq=120`): they work the same under app:// and the web shell. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'library' }
  | { page: 'chat'; chatId: number; tab: 'overview' | 'messages' | 'insights'; params: URLSearchParams }
  | { page: 'settings' }
  | { page: 'account' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(query);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'library')) return { page: 'library' };
  if (parts[0] === 'settings' && parts.length === 1) return { page: 'settings' };
  if (parts[0] === 'account' && parts.length === 1) return { page: 'account' };
  if (parts[0] === 'chat' && parts[1] && /^[1-9]\d*$/.test(parts[1])) {
    const tab = parts[2] ?? 'overview';
    if ((tab === 'overview' || tab === 'messages' || tab === 'insights') && parts.length <= 3) {
      return { page: 'chat', chatId: Number(parts[1]), tab, params };
    }
  }
  return { page: 'not-found', path };
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const hash = `#${path}`;
  if (options.replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = path;
}

export const chatPath = (
  chatId: number,
  tab: 'overview' | 'messages' | 'insights' = 'overview',
  query = '',
) => `/chat/${chatId}${tab === 'overview' ? '' : `/${tab}`}${query ? `?${query}` : ''}`;
