import { useAccount } from '../account/session';
import { useChats } from '../lib/chats';
import { fmtCompact } from '../lib/format';
import { chatPath, parseRoute, useHash } from '../lib/router';
import { Icon } from './Icon';

export function Sidebar() {
  const route = parseRoute(useHash());
  const chats = useChats();
  const { balance } = useAccount();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="chat" size={18} />
        </span>
        RelivChats
      </div>
      <a className="nav-link" href="#/" aria-current={route.page === 'library' ? 'page' : undefined}>
        <Icon name="library" />
        <span className="label">Library</span>
      </a>
      {chats.data && chats.data.length > 0 ? (
        <>
          <div className="nav-section" id="nav-chats">
            Chats
          </div>
          <div role="list" aria-labelledby="nav-chats">
            {chats.data.map((chat) => (
              <a
                key={chat.id}
                role="listitem"
                className="nav-link"
                href={`#${chatPath(chat.id)}`}
                aria-current={route.page === 'chat' && route.chatId === chat.id ? 'page' : undefined}
              >
                <Icon name="chat" />
                <span className="label">{chat.title}</span>
                <span className="badge">{fmtCompact(chat.messageCount)}</span>
              </a>
            ))}
          </div>
        </>
      ) : null}
      <div className="nav-section">You</div>
      <a className="nav-link" href="#/account" aria-current={route.page === 'account' ? 'page' : undefined}>
        <Icon name="user" />
        <span className="label">Account</span>
        {balance ? (
          <span
            className="coins"
            data-testid="sidebar-coins"
            title={balance.offline ? 'last known' : undefined}
          >
            {fmtCompact(balance.available)} coins
          </span>
        ) : null}
      </a>
      <a className="nav-link" href="#/settings" aria-current={route.page === 'settings' ? 'page' : undefined}>
        <Icon name="settings" />
        <span className="label">Settings</span>
      </a>
      <div className="sidebar-footer">Your chats stay on this computer.</div>
    </nav>
  );
}
