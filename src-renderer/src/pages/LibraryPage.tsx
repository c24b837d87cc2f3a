/** The library: every imported chat, and the way in for new ones (drop anywhere, or pick). */
import { useState } from 'react';
import type { ChatSummary } from '../../../src-shared/api/library';
import { AvatarStack } from '../components/Avatar';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { EmptyState, ErrorState, Skeleton } from '../components/States';
import { useImports } from '../imports/ImportManager';
import { call, toApiError } from '../lib/api';
import { useChats } from '../lib/chats';
import { fmtCompact, fmtInt, fmtSpan, plural } from '../lib/format';
import { chatPath } from '../lib/router';

function DropZone({ large }: { large: boolean }) {
  const { pick } = useImports();
  return (
    <div className={`dropzone${large ? ' large' : ''}`} data-testid="dropzone">
      <div className="icon-circle">
        <Icon name="upload" size={22} />
      </div>
      <div className="grow">
        <h2 style={{ fontSize: large ? 19 : 15 }}>
          {large ? 'Bring in your first chat' : 'Import another chat'}
        </h2>
        <p className="hint">
          Drop a WhatsApp export (.zip or .txt) anywhere in this window
          {large ? ' — in WhatsApp: open the chat › More › Export chat.' : '.'}
        </p>
      </div>
      <button className="btn primary" onClick={pick}>
        <Icon name="file" />
        Choose a file…
      </button>
    </div>
  );
}

function ChatCard({ chat, onDelete }: { chat: ChatSummary; onDelete: () => void }) {
  const others = chat.participants;
  return (
    <article className="card chat-card" data-testid="chat-card" data-chat-id={chat.id}>
      <div className="title-row">
        <AvatarStack names={others} />
        <div style={{ minWidth: 0, flex: 1, paddingRight: 28 }}>
          <h2>
            <a href={`#${chatPath(chat.id)}`} style={{ color: 'inherit', textDecoration: 'none' }}>
              {chat.title}
            </a>
          </h2>
          <div className="people" title={others.join(', ')}>
            {others.length > 0 ? others.join(', ') : 'No participants'}
          </div>
        </div>
      </div>
      <div className="facts">
        <div>
          <strong className="num" data-testid="chat-message-count">
            {fmtInt(chat.messageCount)}
          </strong>
          messages
        </div>
        <div>
          <strong className="num">{fmtInt(chat.participants.length)}</strong>
          {chat.participants.length === 1 ? 'person' : 'people'}
        </div>
      </div>
      <div className="span">
        <Icon name="calendar" size={14} />
        {fmtSpan(chat.firstAt, chat.lastAt)}
        {chat.isGroup ? ' · group' : ''}
      </div>
      <button className="btn ghost icon small delete" aria-label={`Delete ${chat.title}`} onClick={onDelete}>
        <Icon name="trash" size={16} />
      </button>
    </article>
  );
}

export function LibraryPage() {
  const chats = useChats();
  const [toDelete, setToDelete] = useState<ChatSummary | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const confirmDelete = () => {
    if (!toDelete) return;
    setDeleting(true);
    call('chats-delete', { chatId: toDelete.id }).then(
      () => {
        setDeleting(false);
        setToDelete(null);
        chats.reload();
      },
      (error: unknown) => {
        setDeleting(false);
        setToDelete(null);
        setDeleteError(toApiError(error).message);
      },
    );
  };

  const list = chats.data ?? [];
  const total = list.reduce((n, c) => n + c.messageCount, 0);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Library</h1>
          <p className="subtitle">
            {chats.data
              ? list.length === 0
                ? 'No chats yet.'
                : `${plural(list.length, 'chat')} · ${fmtCompact(total)} messages`
              : ' '}
          </p>
        </div>
      </header>
      {chats.error && !chats.data ? (
        <ErrorState title="The library could not be read" error={chats.error} onRetry={chats.reload} />
      ) : !chats.data ? (
        <div className="chat-grid" aria-busy>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={160} />
          ))}
        </div>
      ) : (
        <>
          <DropZone large={list.length === 0} />
          {deleteError ? (
            <p className="notice error" role="alert" style={{ marginTop: 16 }}>
              {deleteError}
            </p>
          ) : null}
          {list.length > 0 ? (
            <div className="chat-grid">
              {list.map((chat) => (
                <ChatCard key={chat.id} chat={chat} onDelete={() => setToDelete(chat)} />
              ))}
            </div>
          ) : (
            <EmptyState icon="chat" title="Your chats stay here, on this computer">
              Statistics are computed offline the moment a chat arrives. Nothing is uploaded anywhere.
            </EmptyState>
          )}
        </>
      )}
      {toDelete ? (
        <ConfirmDialog
          title={`Delete “${toDelete.title}”?`}
          confirmLabel="Delete chat"
          danger
          busy={deleting}
          onConfirm={confirmDelete}
          onCancel={() => setToDelete(null)}
        >
          <p>
            Its {fmtInt(toDelete.messageCount)} messages and everything computed from them leave this library.
            The export file itself is not touched, so you can import it again.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
