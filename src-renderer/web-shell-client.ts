/**
 * `window.api` for the web shell (src-main/web-shell.ts), loaded before the app: the same WindowApi the
 * Electron preload provides, over HTTP and a WebSocket. The access token arrives in the URL fragment, is
 * kept in sessionStorage (a reload still works) and removed from the address bar.
 *
 * Files: a drop anywhere on the window, or `files-pick` (a file input), is uploaded and handed to the UI
 * as `files-received` / the result of `files-pick`, exactly like the desktop app's paths.
 */
import type { ApiErrorShape } from '../src-shared/api/endpoint';
import type { ImportSource } from '../src-shared/api/imports';
import type { ApiArgs, ApiName, ApiResult, WindowApi } from '../src-shared/contract';
import { acceptFileDrops, createEventHub } from './door';

const TOKEN_KEY = 'relivchats.web-shell.token';

function takeToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const token = takeToken();
const events = createEventHub();

const errorShape = (code: string, message: string): ApiErrorShape => ({ code, message });

async function post(path: string, body: BodyInit | null, contentType: string | null): Promise<unknown> {
  if (!token) {
    throw errorShape(
      'no-token',
      'This page needs its access key: open the address `npm run web` printed (it ends in #token=…).',
    );
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
  } catch {
    throw errorShape('offline', 'The web shell is not answering. Is `npm run web` still running?');
  }
  let answer: { ok: boolean; result?: unknown; error?: ApiErrorShape };
  try {
    answer = (await response.json()) as typeof answer;
  } catch {
    throw errorShape('internal', `The web shell answered ${response.status} without a result.`);
  }
  if (!answer.ok) throw answer.error ?? errorShape('internal', `HTTP ${response.status}`);
  return answer.result;
}

// The session cookie lets the browser itself load media and open the event socket.
const session = token ? post('/api/session', null, null) : Promise.resolve();
session.catch(() => {});

function connectEvents(delay = 250) {
  const socket = new WebSocket(`ws://${location.host}/api/events`);
  socket.addEventListener('message', (message) => {
    const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
    events.emitRaw(event, payload);
  });
  socket.addEventListener('open', () => (delay = 250));
  socket.addEventListener('close', () => setTimeout(() => connectEvents(Math.min(delay * 2, 5000)), delay));
}
if (token) void session.then(() => connectEvents());

async function upload(file: File): Promise<ImportSource> {
  const result = (await post(
    `/api/upload?name=${encodeURIComponent(file.name)}`,
    file,
    'application/octet-stream',
  )) as { uploadId: string; fileName: string };
  return { kind: 'upload', uploadId: result.uploadId, fileName: result.fileName };
}

async function uploadAll(files: File[], via: 'drop' | 'menu'): Promise<ImportSource[]> {
  try {
    const sources = await Promise.all(files.map(upload));
    if (via === 'drop') events.emit('files-received', { sources, via });
    return sources;
  } catch (error) {
    const message = (error as ApiErrorShape).message ?? String(error);
    if (via === 'drop') events.emit('files-rejected', { message });
    throw error;
  }
}

/** A file input, clicked while the user's click still counts as one; resolves with [] on cancel. */
function pickFiles(): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.zip,.txt,application/zip,text/plain';
    input.multiple = true;
    input.style.display = 'none';
    input.dataset.webShellPicker = '';
    const done = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => done([...(input.files ?? [])]));
    input.addEventListener('cancel', () => done([]));
    document.body.append(input);
    input.click();
  });
}

acceptFileDrops<File>(window, (files) => void uploadAll(files, 'drop').catch(() => {}));

const api = {
  async invoke<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>> {
    if (name === 'files-pick') {
      const files = await pickFiles();
      return { sources: await uploadAll(files, 'menu') } as ApiResult<N>;
    }
    await session;
    return (await post(
      `/api/invoke/${encodeURIComponent(name)}`,
      JSON.stringify(args ?? {}),
      'application/json',
    )) as ApiResult<N>;
  },
  on: events.on,
} satisfies WindowApi;

Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false });
