import { lazy, Suspense } from 'react';
import { AccountProvider } from './account/session';
import { ErrorState, Loading } from './components/States';
import { DropOverlay } from './components/DropOverlay';
import { Sidebar } from './components/Sidebar';
import { ImportsProvider } from './imports/ImportManager';
import { ImportTray } from './imports/ImportTray';
import { ApiError, hasApi } from './lib/api';
import { ChatsProvider } from './lib/chats';
import { parseRoute, useHash } from './lib/router';
import { ChatPage } from './pages/ChatPage';
import { LibraryPage } from './pages/LibraryPage';
import { NotFoundPage } from './pages/PlaceholderPages';

// Pages most visits never open load on demand (the sign-in code and the insight catalog are large).
const AccountPage = lazy(() => import('./account/AccountPage').then((m) => ({ default: m.AccountPage })));
const SettingsPage = lazy(() => import('./settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));

function Page() {
  const route = parseRoute(useHash());
  switch (route.page) {
    case 'library':
      return <LibraryPage />;
    case 'chat':
      return <ChatPage key={route.chatId} chatId={route.chatId} tab={route.tab} params={route.params} />;
    case 'settings':
      return <SettingsPage />;
    case 'account':
      return <AccountPage />;
    default:
      return <NotFoundPage />;
  }
}

export function App() {
  if (!hasApi()) {
    return (
      <main className="page">
        <ErrorState
          title="RelivChats is not connected"
          error={
            new ApiError({
              code: 'no-backend',
              message: 'Open the app, or run `npm run web` and open the address it prints.',
            })
          }
        />
      </main>
    );
  }
  return (
    <ChatsProvider>
      <AccountProvider>
        <ImportsProvider>
          <button className="btn skip-link" onClick={() => document.getElementById('main')?.focus()}>
            Skip to content
          </button>
          <div className="shell">
            <Sidebar />
            <main className="main" id="main" tabIndex={-1}>
              <Suspense fallback={<Loading />}>
                <Page />
              </Suspense>
            </main>
          </div>
          <ImportTray />
          <DropOverlay />
        </ImportsProvider>
      </AccountProvider>
    </ChatsProvider>
  );
}
