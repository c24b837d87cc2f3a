/**
 * The web shell: the built renderer and the same handler map, over loopback HTTP and a WebSocket, for
 * machines without Electron (and for the end-to-end tests in Chromium). A tiny client in the page
 * (src-renderer/web-shell-client.ts) provides `window.api`, so the UI cannot tell it from the desktop app.
 *
 *   GET  /…                     the renderer (index.html for client routes), with a CSP
 *   POST /api/session           token → session cookie (for media and the event socket)
 *   POST /api/invoke/<name>     JSON arguments → `{ ok, result | error }`
 *   POST /api/upload?name=…     the export's bytes → `{ uploadId, fileName }`
 *   GET  /api/events            WebSocket of push events
 *   GET  /media/<id>            a media file from an imported zip
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { accountConnectSources } from './account/clerk';
import { createAppContext, type CreateContextOptions } from './app-context';
import type { AppContext } from './context';
import { dispatch } from './dispatch';
import { resumeInsightJobs } from './insights/handlers';
import { AppError, toErrorShape } from './errors';
import { mediaHeaders, mediaIdFromPath, openMedia } from './media';
import { assetContentType, contentSecurityPolicy, resolveAssetPath } from './renderer-assets';
import { checkAccess, newToken, sessionCookie, type RequestHeaders } from './web-shell/access';
import { receiveUpload, sweepUploads } from './web-shell/uploads';

export const WEB_SHELL_CLIENT = 'web-shell-client.js';
const MAX_JSON_BYTES = 1 << 20;
const UPLOAD_TTL_MS = 60 * 60 * 1000;

export interface WebShellOptions extends Omit<CreateContextOptions, 'emit'> {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token (tests); by default a new random one. */
  token?: string;
  maxUploadBytes?: number;
  /** Serves `/api/diagnostics/event-loop` (the e2e run measures the main loop during a big import). */
  diagnostics?: boolean;
}

export interface WebShell {
  /** The address to open, with the token in the fragment (never sent to the server, never in a Referer). */
  url: string;
  origin: string;
  port: number;
  token: string;
  ctx: AppContext;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  send(res, status, { ok: false, error: { code, message } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    throw new AppError('bad-request', 'Send JSON (content-type: application/json).');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new AppError('bad-request', 'The request is too large.');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('bad-request', 'The request body is not valid JSON.');
  }
}

function headersOf(req: IncomingMessage): RequestHeaders {
  return {
    host: req.headers.host,
    origin: req.headers.origin,
    authorization: req.headers.authorization,
    cookie: req.headers.cookie,
  };
}

/** index.html with the client that provides `window.api` loaded before the app. */
function loadIndexHtml(rendererDir: string): string {
  const html = readFileSync(resolveAssetPath(rendererDir, '/')!, 'utf8');
  const tag = `<script type="module" src="./${WEB_SHELL_CLIENT}"></script>`;
  if (!html.includes('<head>')) throw new Error('index.html has no <head>');
  return html.replace('<head>', `<head>\n    ${tag}`);
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const indexPath = resolveAssetPath(options.rendererDir, '/')!;
  if (!existsSync(indexPath) || !existsSync(resolveAssetPath(options.rendererDir, `/${WEB_SHELL_CLIENT}`)!)) {
    throw new AppError(
      'not-built',
      `The UI is not built (${indexPath} is missing). Run \`npm run build\` first.`,
    );
  }
  const indexHtml = loadIndexHtml(options.rendererDir);
  const token = options.token ?? newToken();
  const maxUploadBytes = options.maxUploadBytes ?? 2 * 2 ** 30;
  const sockets = new Set<WebSocket>();
  const ctx = createAppContext({
    ...options,
    emit: (event, payload) => {
      const message = JSON.stringify({ event, payload });
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
    },
  });
  resumeInsightJobs(ctx); // insights that were generating when the app last stopped carry on
  sweepUploads(ctx, 0);
  const sweeper = setInterval(() => sweepUploads(ctx, UPLOAD_TTL_MS), 10 * 60 * 1000);
  sweeper.unref();
  const loopDelay = options.diagnostics ? monitorEventLoopDelay({ resolution: 5 }) : null;
  loopDelay?.enable();

  let port = 0;
  let eventSockets: string[] = [];
  // Per page load: signing in needs Clerk's frontend API, which the settings can change.
  const csp = () => contentSecurityPolicy({ connect: [...eventSockets, ...accountConnectSources(ctx)] });
  const access = (req: IncomingMessage, via: 'bearer' | 'cookie') =>
    checkAccess(headersOf(req), { token, port, via });

  const serveAsset = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method', 'Not allowed.');
    const path = resolveAssetPath(options.rendererDir, pathname);
    const common = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    };
    if (path === indexPath) {
      res.writeHead(200, {
        ...common,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp(),
        'cache-control': 'no-store',
      });
      return res.end(req.method === 'HEAD' ? undefined : indexHtml);
    }
    if (!path || !existsSync(path)) return sendError(res, 404, 'not-found', 'Not found.');
    res.writeHead(200, {
      ...common,
      'content-type': assetContentType(path),
      'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(path).pipe(res);
  };

  const serveMedia = async (res: ServerResponse, id: number) => {
    let media;
    try {
      media = await openMedia(ctx.library, id);
    } catch (error) {
      const shape = toErrorShape(error);
      return sendError(res, 404, shape.code, shape.message);
    }
    res.writeHead(200, mediaHeaders(media));
    media.stream.pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { pathname } = url;
    // Every route, even the page itself, checks the Host (DNS rebinding).
    const host = checkAccess(headersOf(req), { token, port, via: 'bearer' });
    if (!host.ok && host.status === 421) return sendError(res, 421, 'wrong-host', host.message);

    if (!pathname.startsWith('/api/') && !pathname.startsWith('/media/')) {
      return serveAsset(req, res, pathname);
    }
    const mediaId = mediaIdFromPath(pathname);
    if (mediaId !== null && req.method === 'GET') {
      const ok = access(req, 'cookie');
      if (!ok.ok) return sendError(res, ok.status, 'forbidden', ok.message);
      return serveMedia(res, mediaId);
    }
    if (req.method !== 'POST' && pathname !== '/api/diagnostics/event-loop') {
      return sendError(res, 405, 'method', 'Use POST.');
    }
    const ok = access(req, 'bearer');
    if (!ok.ok) return sendError(res, ok.status, 'forbidden', ok.message);

    if (pathname === '/api/session') {
      return send(res, 200, { ok: true, result: {} }, { 'set-cookie': sessionCookie(token) });
    }
    if (pathname === '/api/upload') {
      const declared = req.headers['content-length'];
      const result = await receiveUpload(ctx, req, {
        fileName: url.searchParams.get('name') ?? 'export',
        declaredBytes: declared === undefined ? null : Number(declared),
        maxBytes: maxUploadBytes,
      });
      return send(res, 200, { ok: true, result });
    }
    if (pathname.startsWith('/api/invoke/')) {
      const name = decodeURIComponent(pathname.slice('/api/invoke/'.length));
      const result = await dispatch(ctx, name, await readJson(req));
      return send(res, 200, { ok: true, result: result ?? null });
    }
    if (pathname === '/api/diagnostics/event-loop' && loopDelay) {
      const figures = {
        maxMs: loopDelay.max / 1e6,
        p99Ms: loopDelay.percentile(99) / 1e6,
        meanMs: loopDelay.mean / 1e6,
        samples: loopDelay.count,
      };
      if (url.searchParams.get('reset') === '1') loopDelay.reset();
      return send(res, 200, { ok: true, result: figures });
    }
    return sendError(res, 404, 'not-found', 'Not found.');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const shape = toErrorShape(error);
      if (res.headersSent) return res.destroy();
      // The request may still be streaming (a refused upload): answer, then stop reading.
      send(
        res,
        shape.code === 'upload-too-large' ? 413 : 200,
        { ok: false, error: shape },
        { connection: 'close' },
      );
      req.resume();
    });
  });
  server.requestTimeout = 0; // uploads of large exports take as long as they take
  server.headersTimeout = 30_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ok = access(req, 'cookie');
    // A browser always sends Origin on a WebSocket; demand it so another site cannot open one.
    if (url.pathname !== '/api/events' || !ok.ok || !req.headers.origin) {
      socket.end(`HTTP/1.1 ${ok.ok ? 404 : ok.status} Refused\r\nconnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  eventSockets = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];

  let closed = false;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    ctx,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      loopDelay?.disable();
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sweepUploads(ctx, 0);
      ctx.close();
    },
  };
}
