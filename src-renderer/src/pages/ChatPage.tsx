/** One chat: its header and tabs (Overview = statistics, Messages, Insights). */
import { lazy, Suspense } from 'react';
import type { ChatSummary } from '../../../src-shared/api/library';
import { AvatarStack } from '../components/Avatar';
import { Icon } from '../components/Icon';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { Dashboard } from '../dashboard/Dashboard';
import { call } from '../lib/api';
import { useChats } from '../lib/chats';
import { fmtInt, fmtSpan, plural } from '../lib/format';
import { chatPath } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { MessagesView } from '../messages/MessagesView';

// Insights (catalog, schemas, charts) load with their tab, not with the app.
const InsightsPage = lazy(() =>
  import('../insights/InsightsPage').then((m) => ({ default: m.InsightsPage })),
);

type Tab = 'overview' | 'messages' | 'insights';

function Header({ chat }: { chat: ChatSummary }) {
  return (
    <header className="chat-header">
      <AvatarStack names={chat.participants} />
      <div className="info">
        <h1>{chat.title}</h1>
        <div className="meta">
          {chat.participants.length <= 4
            ? chat.participants.join(', ')
            : plural(chat.participants.length, 'person', 'people')}{' '}
          · {fmtInt(chat.messageCount)} messages · {fmtSpan(chat.firstAt, chat.lastAt)}
        </div>
      </div>
    </header>
  );
}

function Tabs({ chatId, tab }: { chatId: number; tab: Tab }) {
  const link = (t: Tab, label: string, extra?: string) => (
    <a className="tab" href={`#${chatPath(chatId, t)}`} aria-current={tab === t ? 'page' : undefined}>
      {label}
      {extra ? <span className="soon">{extra}</span> : null}
    </a>
  );
  return (
    <nav className="tabs" aria-label="Chat">
      {link('overview', 'Overview')}
      {link('messages', 'Messages')}
      {link('insights', 'Insights')}
    </nav>
  );
}

export function ChatPage({ chatId, tab, params }: { chatId: number; tab: Tab; params: URLSearchParams }) {
  const library = useChats();
  // The library list already has the summary; fetch only when it does not (a deep link before it loads).
  const known = library.data?.find((c) => c.id === chatId);
  const fetched = useAsync(
    () => (known ? Promise.resolve(known) : call('chats-get', { chatId })),
    [chatId, known?.updatedAt, known === undefined],
  );
  const chat = known ?? fetched.data;

  if (!chat) {
    if (fetched.error) {
      return (
        <div className="page">
          {fetched.error.code === 'chat-not-found' ? (
            <EmptyState
              icon="chat"
              title="This chat is not in the library"
              actions={
                <a className="btn" href="#/">
                  <Icon name="arrowLeft" /> Library
                </a>
              }
            >
              It may have been deleted.
            </EmptyState>
          ) : (
            <ErrorState error={fetched.error} onRetry={fetched.reload} />
          )}
        </div>
      );
    }
    return (
      <div className="page">
        <Loading label="Opening the chat…" />
      </div>
    );
  }
  return (
    <div className={tab === 'messages' ? 'page fill' : 'page'}>
      <Header chat={chat} />
      <Tabs chatId={chat.id} tab={tab} />
      {tab === 'overview' ? (
        <Dashboard chat={chat} />
      ) : tab === 'messages' ? (
        <MessagesView key={chat.updatedAt} chat={chat} params={params} />
      ) : (
        <Suspense fallback={<Loading />}>
          <InsightsPage chat={chat} />
        </Suspense>
      )}
    </div>
  );
}
