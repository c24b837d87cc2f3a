/** The web shell over real HTTP and WebSocket, on an ephemeral port, with a stand-in renderer folder. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ChatWriter } from '../../../src-main/import/writer';
import { startWebShell, WEB_SHELL_CLIENT, type WebShell } from '../../../src-main/web-shell';
import { SESSION_COOKIE } from '../../../src-main/web-shell/access';
import { uploadsDir } from '../../../src-main/web-shell/uploads';
import { seedChat, toParsed } from '../../support/library';
import { zipBuffer } from '../../support/export-zip';
import { gradientPng } from '../../support/images';

let dir: string;
let shell: WebShell;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relivchats-web-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(
    join(renderer, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  writeFileSync(join(renderer, WEB_SHELL_CLIENT), '// client');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  shell = await startWebShell({
    libraryPath: join(dir, 'data', 'library.sqlite'),
    dataDir: join(dir, 'data'),
    rendererDir: renderer,
    maxUploadBytes: 1024,
  });
});

afterEach(async () => {
  await shell.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = () => ({ authorization: `Bearer ${shell.token}` });

async function invoke(name: string, args: unknown, headers: Record<string, string> = auth()) {
  const res = await fetch(`${shell.origin}/api/invoke/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string } },
  };
}

/** A raw request with any Host header (fetch will not send a forged one). */
async function withHost(host: string, path: string) {
  const { request } = await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: shell.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web shell', () => {
  it('prints an address whose fragment carries the token', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/#token=${shell.token}`);
  });

  it('serves the renderer with a CSP and the client that provides window.api', async () => {
    const res = await fetch(`${shell.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ws://127.0.0.1:${shell.port}`,
    );
    const html = await res.text();
    expect(html).toContain(`<script type="module" src="./${WEB_SHELL_CLIENT}"></script>`);
    expect(html.indexOf(WEB_SHELL_CLIENT)).toBeLessThan(html.indexOf('<title>'));
    expect((await fetch(`${shell.origin}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${shell.origin}/assets/%2e%2e/%2e%2e/data/library.sqlite`)).status).toBe(404);
  });

  it('refuses other Host names, even for the page (DNS rebinding)', async () => {
    expect(await withHost(`attacker.example:${shell.port}`, '/')).toBe(421);
    expect(await withHost(`attacker.example:${shell.port}`, '/api/invoke/chats-list')).toBe(421);
    expect(await withHost(`localhost:${shell.port}`, '/')).toBe(200);
  });

  it('requires the token on every call', async () => {
    expect((await invoke('chats-list', {}, {})).status).toBe(401);
    expect((await invoke('chats-list', {}, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await invoke('chats-list', {}, { ...auth(), origin: 'https://attacker.example' })).status).toBe(
      403,
    );
    const cookieOnly = await invoke('chats-list', {}, { cookie: `${SESSION_COOKIE}=${shell.token}` });
    expect(cookieOnly.status).toBe(401);
    expect(await invoke('chats-list', {})).toEqual({ status: 200, body: { ok: true, result: [] } });
  });

  it('passes errors through as their shape', async () => {
    expect((await invoke('no-such-request', {})).body).toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
    expect((await invoke('chats-get', { chatId: 'x' })).body).toMatchObject({
      error: { code: 'invalid-arguments' },
    });
    expect((await invoke('chats-get', { chatId: 99 })).body).toMatchObject({
      error: { code: 'chat-not-found' },
    });
  });

  it('receives uploads within the limit and registers them', async () => {
    const upload = (name: string, body: string | Buffer) =>
      fetch(`${shell.origin}/api/upload?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: auth(),
        body,
      });
    const ok = (await (await upload('WhatsApp Chat.txt', 'hello')).json()) as {
      result: { uploadId: string; fileName: string; bytes: number };
    };
    expect(ok.result).toMatchObject({ fileName: 'WhatsApp Chat.txt', bytes: 5 });
    expect(shell.ctx.uploads.get(ok.result.uploadId)).toMatch(/\.txt$/);

    const big = await upload('big.zip', Buffer.alloc(4096));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'upload-too-large' } });
    expect(await (await upload('notes.pdf', 'x')).json()).toMatchObject({ error: { code: 'not-whatsapp' } });
    expect(await (await upload('empty.txt', '')).json()).toMatchObject({ error: { code: 'empty-file' } });
    expect(readdirSync(uploadsDir(join(dir, 'data')))).toHaveLength(1);
    expect((await fetch(`${shell.origin}/api/upload?name=x.txt`, { method: 'POST', body: 'x' })).status).toBe(
      401,
    );
  });

  it('serves media from the zip to a browser holding the session cookie', async () => {
    const png = gradientPng([10, 20, 30]);
    const zipPath = join(dir, 'export.zip');
    writeFileSync(
      zipPath,
      await zipBuffer([
        { name: 'chat.txt', data: Buffer.from('x') },
        { name: 'IMG-1.png', data: png },
      ]),
    );
    const lib = shell.ctx.library;
    lib.sqlite.transaction(() => {
      const writer = new ChatWriter(lib);
      writer.beginImport({
        fileName: 'export.zip',
        filePath: zipPath,
        fileSize: 1,
        sha256: 'x',
        sourceKind: 'zip',
        format: { platform: 'android', dateOrder: 'dmy' },
        startedAt: Date.now(),
        media: [{ entryName: 'IMG-1.png', size: png.length, mime: 'image/png', mediaType: 'image' }],
      });
      writer.createChat({ title: 'Media', platform: 'android', dateOrder: 'dmy' });
      for (const m of toParsed([
        { at: '2024-01-01T10:00', author: 'A', kind: 'media', subtype: 'image', attachment: 'IMG-1.png' },
      ]))
        writer.add(m);
      writer.finishImport({ messagesInFile: 1, linesUnparsed: 0, warnings: [], finishedAt: Date.now() });
    })();
    const id = lib.sqlite.prepare('SELECT id FROM media_files').pluck().get() as number;

    expect((await fetch(`${shell.origin}/media/${id}`)).status).toBe(401);
    const session = await fetch(`${shell.origin}/api/session`, { method: 'POST', headers: auth() });
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toContain('HttpOnly');
    const media = await fetch(`${shell.origin}/media/${id}`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/png');
    expect(media.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await media.arrayBuffer()).equals(png)).toBe(true);
    expect(
      (await fetch(`${shell.origin}/media/${id + 1}`, { headers: { cookie: cookie.split(';')[0]! } })).status,
    ).toBe(404);
  });

  it('pushes events over a WebSocket that needs the session and our origin', async () => {
    const chatId = seedChat(shell.ctx.library, [{ at: '2024-01-01T10:00', author: 'A', text: 'hi' }]);
    const url = `ws://127.0.0.1:${shell.port}/api/events`;
    const cookie = `${SESSION_COOKIE}=${shell.token}`;
    const refused = (headers: Record<string, string>) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('open', () => (ws.close(), resolve(false)));
        ws.on('error', () => resolve(true));
      });
    expect(await refused({ origin: shell.origin })).toBe(true);
    expect(await refused({ cookie, origin: 'https://attacker.example' })).toBe(true);
    expect(await refused({ cookie })).toBe(true);

    const ws = new WebSocket(url, { headers: { cookie, origin: shell.origin } });
    await new Promise((resolve, reject) => (ws.on('open', resolve), ws.on('error', reject)));
    const event = new Promise((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))));
    await invoke('chats-delete', { chatId });
    expect(await event).toEqual({ event: 'library-changed', payload: { chatId, change: 'deleted' } });
    ws.close();
  });

  it('removes uploads no import refers to when it stops', async () => {
    await fetch(`${shell.origin}/api/upload?name=a.txt`, { method: 'POST', headers: auth(), body: 'abc' });
    const folder = uploadsDir(join(dir, 'data'));
    expect(readdirSync(folder)).toHaveLength(1);
    await shell.close();
    expect(existsSync(folder) ? readdirSync(folder) : []).toHaveLength(0);
  });
});
