/**
 * Settings: the credits server (an address, one started on this computer, or none), the user's own Gemini
 * key (kept in the OS keychain in the desktop app, never shown back), and deleting all local data.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  DELETE_ALL_CONFIRMATION,
  type CreditsMode,
  type ServerCheck,
  type SettingsView,
} from '../../../src-shared/api/settings';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorState, Loading } from '../components/States';
import { call, useApiEvent } from '../lib/api';
import { fmtBytes, plural } from '../lib/format';
import { useAction } from '../lib/use-action';
import { useAsync } from '../lib/use-async';
import './settings.css';

function Section(props: { id: string; title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <section className="card set-section" aria-labelledby={props.id} data-testid={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p className="muted set-intro">{props.intro}</p>
      {props.children}
    </section>
  );
}

const MODES: { mode: CreditsMode; label: string }[] = [
  { mode: 'none', label: 'None' },
  { mode: 'remote', label: 'Server address' },
  { mode: 'local', label: 'On this computer' },
];

const LOCAL_STATE: Record<SettingsView['credits']['local']['state'], string> = {
  stopped: 'Stopped',
  starting: 'Starting…',
  running: 'Running',
  failed: 'Did not start',
};

/** Remounted (by its key) whenever the saved choice changes, so the form always starts from it. */
/** The server check survives the reload a new sign-in service needs. */
const CARRIED_CHECK = 'relivchats.settings.check';
function carriedCheck(): ServerCheck | null {
  const carried = sessionStorage.getItem(CARRIED_CHECK);
  return carried ? (JSON.parse(carried) as ServerCheck) : null;
}

function CreditsServer(props: {
  settings: SettingsView;
  onSaved: (s: SettingsView) => void;
  check: ServerCheck | null;
  onCheck: (check: ServerCheck | null) => void;
}) {
  const { settings, onSaved, check, onCheck: setCheck } = props;
  const credits = settings.credits;
  const [mode, setMode] = useState<CreditsMode>(credits.mode);
  const [url, setUrl] = useState(credits.url ?? '');
  const [publishableKey, setPublishableKey] = useState(credits.publishableKey ?? '');
  const { busy, error, run } = useAction();

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const signInKey = async () => (await call('account-status', {})).publishableKey;
      const before = await signInKey();
      const answer = await call('settings-set-credits-server', {
        mode,
        // Left empty, the key is the one the server names in /health (or the one saved before).
        ...(mode === 'remote'
          ? { url, ...(publishableKey.trim() ? { publishableKey: publishableKey.trim() } : {}) }
          : {}),
      });
      setCheck(answer.check);
      onSaved(answer.settings);
      // The page's security policy names the sign-in service: load it again for another one (a local
      // server brings its own).
      if ((await signInKey()) !== before) {
        if (answer.check) sessionStorage.setItem(CARRIED_CHECK, JSON.stringify(answer.check));
        window.location.reload();
      }
    });
  };
  const local = credits.local;
  const toggleLocal = () =>
    void run(async () => {
      onSaved(await call('settings-local-server', { action: local.state === 'running' ? 'stop' : 'start' }));
    });

  return (
    <Section
      id="settings-credits"
      title="Credits server"
      intro="Coins and sign-in come from a credits server. Without one, statistics and insights with your own Gemini key work as they are."
    >
      {credits.urlFromEnvironment ? (
        <p className="notice">
          RELIVCHATS_SERVER_URL is set, so {credits.effectiveUrl} is used whatever is chosen here.
        </p>
      ) : null}
      <form onSubmit={save} className="set-form">
        <div className="segmented" role="group" aria-label="Credits server">
          {MODES.map((m) => (
            <button key={m.mode} type="button" aria-pressed={mode === m.mode} onClick={() => setMode(m.mode)}>
              {m.label}
            </button>
          ))}
        </div>
        {mode === 'remote' ? (
          <>
            <label className="field">
              Address
              <input
                className="input"
                type="url"
                required
                placeholder="https://credits.example.com"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                data-testid="server-url"
              />
            </label>
            <label className="field">
              Sign-in key (Clerk publishable key; leave empty when the server names it)
              <input
                className="input"
                placeholder="pk_live_…"
                value={publishableKey}
                onChange={(e) => setPublishableKey(e.target.value)}
                data-testid="publishable-key"
              />
            </label>
          </>
        ) : null}
        {mode === 'local' ? (
          <div className="set-local" data-testid="local-server">
            <div>
              <strong data-testid="local-server-state">{LOCAL_STATE[local.state]}</strong>
              {local.url ? <span className="muted"> at {local.url}</span> : null}
            </div>
            {local.error ? <p className="notice error">{local.error}</p> : null}
            {local.disabled.length > 0 ? (
              <p className="notice">Running without {local.disabled.join('; ')}.</p>
            ) : null}
            <p className="muted set-small">
              Its ledger lives in <code>{local.dataDir}</code>. Clerk, Stripe and Gemini keys go in{' '}
              <code>{local.configFile}</code> as <code>KEY=value</code> lines (see the README, “Credits
              server”).
            </p>
            {credits.mode === 'local' ? (
              <button type="button" className="btn" onClick={toggleLocal} disabled={busy}>
                {local.state === 'running' ? 'Stop it' : 'Start it'}
              </button>
            ) : null}
          </div>
        ) : null}
        <div className="set-row">
          <button className="btn primary" type="submit" disabled={busy} data-testid="save-server">
            {busy ? 'Saving…' : mode === 'local' && credits.mode !== 'local' ? 'Save and start' : 'Save'}
          </button>
          {credits.effectiveUrl ? (
            <span className="muted set-small" data-testid="server-in-use">
              In use: {credits.effectiveUrl}
            </span>
          ) : null}
        </div>
        {check ? (
          <p className={`notice${check.ok ? ' ok' : ' error'}`} role="status" data-testid="server-check">
            {check.message}
          </p>
        ) : null}
        {error ? <p className="notice error">{error.message}</p> : null}
      </form>
    </Section>
  );
}

function GeminiKey({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView) => void }) {
  const gemini = settings.gemini;
  const [key, setKey] = useState('');
  const { busy, error, run } = useAction();
  const where =
    gemini.protection === 'os-keychain'
      ? 'encrypted with your system’s keychain'
      : 'in a file only your user can read, in the data folder';
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      onSaved(await call('settings-gemini-key', { key }));
      setKey('');
    });
  };
  return (
    <Section
      id="settings-gemini"
      title="Your Gemini API key"
      intro={`With a key of your own, insights cost no coins: Google bills your key. It is stored ${where}.`}
    >
      <p data-testid="gemini-status">
        {gemini.fromEnvironment
          ? 'A key is set in the environment (GEMINI_API_KEY): it is used.'
          : gemini.keyHint
            ? `A key is saved (ending in …${gemini.keyHint}).`
            : 'No key saved.'}
      </p>
      <form onSubmit={save} className="set-form set-inline">
        <input
          className="input"
          type="password"
          autoComplete="off"
          aria-label="Gemini API key"
          placeholder={gemini.keyHint ? 'Replace the key' : 'Paste your key (AIza…)'}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          data-testid="gemini-key"
        />
        <button className="btn primary" type="submit" disabled={busy || key.trim() === ''}>
          Save key
        </button>
        {gemini.keyHint ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void run(async () => onSaved(await call('settings-gemini-key', { key: null })))}
          >
            Remove
          </button>
        ) : null}
      </form>
      <p className="muted set-small">
        Get one at aistudio.google.com (“Get API key”). Only the excerpts you preview are ever sent.
      </p>
      {error ? <p className="notice error">{error.message}</p> : null}
    </Section>
  );
}

function LocalData({ settings, onDeleted }: { settings: SettingsView; onDeleted: () => void }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const data = settings.data;
  const remove = () =>
    void run(async () => {
      const result = await call('settings-delete-all-data', { confirm: DELETE_ALL_CONFIRMATION });
      setAsking(false);
      setTyped('');
      setDone(
        `Deleted ${plural(result.chatsDeleted, 'chat')}; the library is now ${fmtBytes(result.bytesAfter)}.`,
      );
      onDeleted();
    });
  return (
    <Section
      id="settings-data"
      title="Data on this computer"
      intro="Your chats, their statistics, search index and insights live in one library file."
    >
      <dl className="set-facts">
        <dt>Folder</dt>
        <dd>
          <code>{data.dataDir}</code>
        </dd>
        <dt>Library</dt>
        <dd data-testid="library-facts">
          {plural(data.chats, 'chat')} · {fmtBytes(data.bytes)}
        </dd>
      </dl>
      <button className="btn danger" onClick={() => setAsking(true)} data-testid="delete-all">
        Delete all local data…
      </button>
      {done ? (
        <p className="notice ok" role="status">
          {done}
        </p>
      ) : null}
      {asking ? (
        <ConfirmDialog
          title="Delete all local data?"
          confirmLabel="Delete everything"
          danger
          busy={busy || typed.trim() !== DELETE_ALL_CONFIRMATION}
          onConfirm={remove}
          onCancel={() => {
            setAsking(false);
            setTyped('');
          }}
        >
          <p>
            Every chat, its statistics, search index and insights, the saved settings and your saved Gemini
            key are removed from this computer. This cannot be undone. Your coins stay on the credits server.
          </p>
          <label className="field">
            Type “{DELETE_ALL_CONFIRMATION}” to confirm
            <input
              className="input"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              data-testid="delete-confirm"
            />
          </label>
          {error ? <p className="notice error">{error.message}</p> : null}
        </ConfirmDialog>
      ) : null}
    </Section>
  );
}

export function SettingsPage() {
  const loaded = useAsync(() => call('settings-get', {}), []);
  // What a save answered, until a fresh read (after 'settings-changed') replaces it.
  const [saved, setSaved] = useState<{ view: SettingsView; over: SettingsView | undefined } | null>(null);
  useApiEvent('settings-changed', () => loaded.reload());
  const settings = saved && saved.over === loaded.data ? saved.view : loaded.data;
  const onSaved = (view: SettingsView) => setSaved({ view, over: loaded.data });
  const [check, setCheck] = useState<ServerCheck | null>(carriedCheck);
  useEffect(() => sessionStorage.removeItem(CARRIED_CHECK), []);
  return (
    <div className="page set-page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="subtitle">Where coins come from, your own Gemini key, and your data.</p>
        </div>
      </header>
      {loaded.error && !settings ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : null}
      {!settings && !loaded.error ? <Loading /> : null}
      {settings ? (
        <div className="set-sections">
          <CreditsServer
            key={`${settings.credits.mode} ${settings.credits.url} ${settings.credits.publishableKey}`}
            settings={settings}
            onSaved={onSaved}
            check={check}
            onCheck={setCheck}
          />
          <GeminiKey settings={settings} onSaved={onSaved} />
          <LocalData
            settings={settings}
            onDeleted={() => {
              setCheck(null);
              loaded.reload();
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
