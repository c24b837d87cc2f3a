/**
 * End-to-end harness: the built web shell in a child process (as `npm run web` runs it), on a temp library,
 * a Chromium page on it, screenshots in light and dark, and the shell's API for set-up and checks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotsDir = join(root, 'artifacts', 'screenshots');

/** `npm test` builds first; a lone `vitest --project e2e` builds here if needed. */
export function ensureBuilt(): void {
  const built = [
    'out/main/web-shell.js',
    'out/main/cli.js',
    'out/renderer/index.html',
    'out/renderer/web-shell-client.js',
  ];
  if (built.every((f) => existsSync(join(root, f)))) return;
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('npm run build failed');
}

export interface Shell {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  call<T = unknown>(name: string, args: unknown): Promise<T>;
  upload(path: string, name: string): Promise<{ uploadId: string; fileName: string }>;
  eventLoop(reset?: boolean): Promise<{ maxMs: number; p99Ms: number; meanMs: number; samples: number }>;
  stop(): Promise<void>;
}

export async function startShell(
  libraryPath: string,
  /** Another build's web shell (e.g. the test sign-in build), and its environment (default: this one's). */
  options: { entry?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Shell> {
  const child = spawn(
    process.execPath,
    [options.entry ?? join(root, 'out/main/web-shell.js'), '--db', libraryPath, '--diagnostics'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web shell did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`the web shell exited (${code}):\n${output}`)));
  });
  const origin = url.slice(0, url.indexOf('/#'));
  const token = url.slice(url.indexOf('#token=') + 7);
  const post = async <T>(path: string, body: BodyInit, type: string): Promise<T> => {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
    const answer = (await res.json()) as {
      ok: boolean;
      result: T;
      error?: { code: string; message: string };
    };
    if (!answer.ok) throw Object.assign(new Error(answer.error!.message), { code: answer.error!.code });
    return answer.result;
  };
  return {
    url,
    origin,
    token,
    child,
    call: (name, args) => post(`/api/invoke/${name}`, JSON.stringify(args), 'application/json'),
    upload: async (path, name) => {
      const { openAsBlob } = await import('node:fs');
      return post(
        `/api/upload?name=${encodeURIComponent(name)}`,
        await openAsBlob(path),
        'application/octet-stream',
      );
    },
    eventLoop: async (reset = false) => {
      const res = await fetch(`${origin}/api/diagnostics/event-loop${reset ? '?reset=1' : ''}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await res.json()) as { result: never }).result;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/**
 * An idle Node process measuring its own event-loop delay: the control for the web shell's figure. On a
 * loaded machine the OS alone delays a process by tens of milliseconds now and then.
 */
export function startIdleMonitor(): {
  read(reset?: boolean): Promise<{ maxMs: number; p99Ms: number }>;
  stop(): void;
} {
  const script = `
    import { monitorEventLoopDelay } from 'node:perf_hooks';
    import { createInterface } from 'node:readline';
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    createInterface({ input: process.stdin }).on('line', (line) => {
      process.stdout.write(JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 }) + '\\n');
      if (line === 'reset') h.reset();
    });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  return {
    read: (reset = false) =>
      new Promise((resolve) => {
        waiting.push((line) => resolve(JSON.parse(line) as { maxMs: number; p99Ms: number }));
        child.stdin!.write(reset ? 'reset\n' : 'read\n');
      }),
    stop: () => {
      child.kill();
    },
  };
}

/**
 * Saves `<name>-light.png` and `<name>-dark.png`. With `scroll`, the page's scrolling area is captured in
 * viewport-high parts (`<name>-light-2.png`, …) so charts that draw on sight are in every picture.
 */
export async function screenshots(
  page: Page,
  name: string,
  options: { scroll?: boolean } = {},
): Promise<string[]> {
  mkdirSync(screenshotsDir, { recursive: true });
  const saved: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(250);
    if (!options.scroll) {
      const path = join(screenshotsDir, `${name}-${scheme}.png`);
      await page.screenshot({ path });
      saved.push(path);
      continue;
    }
    const height = await page.evaluate(() => document.getElementById('main')!.scrollHeight);
    const view = page.viewportSize()!.height;
    for (let y = 0, i = 1; y < height; y += view - 60, i += 1) {
      await page.evaluate((top) => document.getElementById('main')!.scrollTo(0, top), y);
      await page.waitForTimeout(450);
      const path = join(screenshotsDir, `${name}-${scheme}${i === 1 ? '' : `-${i}`}.png`);
      await page.screenshot({ path });
      saved.push(path);
    }
    await page.evaluate(() => document.getElementById('main')!.scrollTo(0, 0));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return saved;
}

/** Drops a file onto the window the way a user's drag does (a real DataTransfer with a File). */
export async function dropFile(page: Page, bytes: Buffer, name: string): Promise<void> {
  await page.evaluate(
    ({ b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const file = new File([data], name, { type: name.endsWith('.zip') ? 'application/zip' : 'text/plain' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const target = document.querySelector('[data-testid="dropzone"]') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
        );
      }
    },
    { b64: bytes.toString('base64'), name },
  );
}

/**
 * Navigates to `hash` and measures, in the page, the time until `ready` is in the document and the main
 * thread is free again (the next frame, then a task): when the page has drawn and answers input.
 */
export function navigateAndTime(page: Page, hash: string, ready: string): Promise<number> {
  return page.evaluate(
    ({ hash, ready }) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (!document.querySelector(ready)) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        location.hash = hash;
      }),
    { hash, ready },
  );
}
