/**
 * The app in Chromium, against the web shell (the renderer cannot tell it from Electron): import by drop and
 * by picker with progress, the dashboard's numbers against `relivchats stats`, search and jump, media from
 * the zip, delete. Every page is saved in light and dark under artifacts/screenshots/. Speed is measured and
 * printed, not asserted.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src-shared/api/imports';
import type { ChatSummary, MessagePage } from '../../src-shared/api/library';
import type { ChatStats } from '../../src-shared/stats';
import { canRunBrowser, launchChromium } from '../support/browser';
import { runCli } from '../support/cli';
import { exportText, writeExport } from '../support/export-generator';
import { zipBuffer } from '../support/export-zip';
import { gradientPng } from '../support/images';
import {
  dropFile,
  ensureBuilt,
  navigateAndTime,
  root,
  screenshots,
  startIdleMonitor,
  startShell,
  type Shell,
} from './harness';

const browserAvailable = canRunBrowser();
const figures: string[] = [];
const report = (line: string) => {
  figures.push(line);
  process.stdout.write(`[e2e] ${line}\n`);
};

const NEEDLE = 'the lighthouse at Nazaré';
/** About 100 MB of export text. */
const BIG_MESSAGES = 1_950_000;

describe.runIf(browserAvailable)('RelivChats in Chromium (web shell)', () => {
  let dir: string;
  let libraryPath: string;
  let shell: Shell;
  let browser: Browser;
  let page: Page;
  let droppedChat: ChatSummary;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'relivchats-e2e-'));
    libraryPath = join(dir, 'library.sqlite');
    shell = await startShell(libraryPath);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(shell.url);
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (figures.length > 0)
      process.stdout.write(`\n[e2e] figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n\n`);
  });

  const statFromPage = async (stat: string) =>
    Number(
      await page
        .locator(`[data-testid="dashboard"] [data-stat="${stat}"]`)
        .first()
        .getAttribute('data-value'),
    );

  it('opens on an empty library and takes the token out of the address', async () => {
    await page.getByRole('heading', { name: 'Bring in your first chat' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await screenshots(page, 'library-empty');
  });

  it('imports an export dropped onto the window, showing its progress', async () => {
    const text = exportText({
      messages: 20_000,
      seed: 5,
      attachments: ['IMG-20210320-WA0001.png', 'IMG-20210402-WA0002.png'],
    }).replace(/(\n[^\n]* - Sam Rivera: )[^\n]*/, `$1Remember ${NEEDLE}? 🌊`);
    const zip = await zipBuffer([
      { name: 'WhatsApp Chat with Sam Rivera.txt', data: Buffer.from(text) },
      { name: 'IMG-20210320-WA0001.png', data: gradientPng([217, 115, 78]) },
      { name: 'IMG-20210402-WA0002.png', data: gradientPng([29, 122, 107]) },
    ]);
    await page.evaluate(() => {
      const w = window as unknown as { __progress: unknown[] };
      w.__progress = [];
      window.api.on('import-progress', (p) => w.__progress.push(p));
    });
    await dropFile(page, zip, 'WhatsApp Chat with Sam Rivera.zip');
    const card = page.locator('.import-card').first();
    await card.locator('[role="progressbar"]').waitFor();
    await screenshots(page, 'import-progress');
    await page.locator('.import-card[data-status="done"]').waitFor({ timeout: 60_000 });
    const progress = (await page.evaluate(
      () => (window as unknown as { __progress: unknown[] }).__progress,
    )) as {
      phase: string;
      bytesRead: number;
      bytesTotal: number;
      messages: number;
    }[];
    expect(progress.some((p) => p.phase === 'parsing' && p.bytesRead > 0 && p.messages > 0)).toBe(true);
    expect(progress.at(-1)!.bytesTotal).toBeGreaterThan(0);
    await expect.poll(() => card.getByTestId('import-summary').textContent()).toContain('20,001 messages');
    await screenshots(page, 'import-done');
    const chats = await shell.call<ChatSummary[]>('chats-list', {});
    expect(chats).toHaveLength(1);
    droppedChat = chats[0]!;
    expect(droppedChat.participants.sort()).toEqual(['Alex Morgan', 'Sam Rivera']);
  });

  it('shows the same numbers as `relivchats stats`', async () => {
    await page.locator('.import-card').getByRole('button', { name: 'Open chat' }).click();
    await page.locator('[data-testid="dashboard"][data-ready="true"]').waitFor();
    const cli = await runCli(['stats', String(droppedChat.id), '--json', '--db', libraryPath], {
      built: true,
    });
    expect(cli.stderr).toBe('');
    const stats = JSON.parse(cli.stdout) as ChatStats;
    expect(await statFromPage('totals.messages')).toBe(stats.totals.messages);
    expect(await statFromPage('activity.activeDays')).toBe(stats.activity.activeDays);
    expect(await statFromPage('activity.longestStreak.days')).toBe(stats.activity.longestStreak?.days ?? 0);
    expect(await statFromPage('activity.longestSilence.seconds')).toBe(
      stats.activity.longestSilence!.seconds,
    );
    expect(await statFromPage('conversations.count')).toBe(stats.conversations.count);
    expect(await statFromPage('replies.responseTime.medianSeconds')).toBe(
      stats.replies.responseTime.medianSeconds,
    );
    expect(await statFromPage('activity.lateNightShare')).toBeCloseTo(stats.activity.lateNightShare, 10);
    expect(await statFromPage('totals.questions')).toBe(stats.totals.questions);
    for (const person of stats.people) {
      const row = page.locator(`tr[data-person="${person.name}"]`);
      expect(Number(await row.locator('[data-stat="people.messages"]').getAttribute('data-value'))).toBe(
        person.messages,
      );
      expect(Number(await row.locator('[data-stat="people.words"]').getAttribute('data-value'))).toBe(
        person.words,
      );
    }
    await screenshots(page, 'dashboard', { scroll: true });

    // Filtered by person and year: still the CLI's numbers.
    await page.getByTestId('filter-person').selectOption('Sam Rivera');
    await page.getByLabel('Period').selectOption('2021');
    await page.locator('[data-testid="dashboard"][data-ready="true"] .figures').waitFor();
    await expect
      .poll(async () => page.locator('[data-testid="dashboard"]').getAttribute('data-ready'), {
        timeout: 20_000,
      })
      .toBe('true');
    const filtered = JSON.parse(
      (
        await runCli(
          [
            'stats',
            String(droppedChat.id),
            '--json',
            '--author',
            'Sam Rivera',
            '--from',
            '2021-01-01',
            '--to',
            '2021-12-31',
            '--db',
            libraryPath,
          ],
          { built: true },
        )
      ).stdout,
    ) as ChatStats;
    await expect.poll(() => statFromPage('totals.messages')).toBe(filtered.totals.messages);
    expect(await statFromPage('activity.activeDays')).toBe(filtered.activity.activeDays);
    expect(filtered.totals.messages).toBeLessThan(stats.totals.messages);
    await screenshots(page, 'dashboard-filtered');
  });

  it('finds a message and jumps to it; jumps to a date; shows media from the zip', async () => {
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByTestId('message-scroller').waitFor();
    await page.getByTestId('search-input').fill('lighthouse nazare');
    const hit = page.getByTestId('search-hits').locator('.hit').first();
    await hit.waitFor();
    expect(await hit.locator('mark').first().textContent()).toMatch(/lighthouse/i);
    const seq = Number(await hit.getAttribute('data-seq'));
    await hit.click();
    const focused = page.locator(`[data-seq="${seq}"] .focused`);
    await focused.waitFor();
    expect(await focused.textContent()).toContain(NEEDLE);
    await screenshots(page, 'messages-search');

    // Jump to a date: the first message shown on or after it.
    const target = '2021-09-01';
    const { seq: dateSeq } = await shell.call<{ seq: number }>('messages-locate-date', {
      chatId: droppedChat.id,
      at: target,
    });
    await page.getByTestId('jump-date').fill(target);
    await page.getByRole('button', { name: 'Go' }).click();
    await page.locator(`[data-seq="${dateSeq}"] .focused`).waitFor();

    // Media: the first message carrying an image from the zip.
    let mediaSeq = -1;
    for (let from = 0; mediaSeq < 0; from += 5000) {
      const window = await shell.call<MessagePage>('messages-page', {
        chatId: droppedChat.id,
        fromSeq: from,
        limit: 5000,
      });
      mediaSeq = window.messages.find((m) => m.attachment?.mediaFileId)?.seq ?? -1;
      if (window.messages.length < 5000) break;
    }
    expect(mediaSeq).toBeGreaterThanOrEqual(0);
    await page.evaluate(
      (s) => (location.hash = `#/chat/${location.hash.split('/')[2]}/messages?seq=${s}`),
      mediaSeq,
    );
    const image = page.locator(`[data-seq="${mediaSeq}"] img.media`);
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
    await screenshots(page, 'messages-media');
  });

  it('imports through the file picker, warns about an ambiguous date order and re-imports in the other one', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    const fixture = join(root, 'tests/fixtures/exports/android-ambiguous-order/WhatsApp Chat with Kim.txt');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Choose a file…' }).click(),
    ]);
    await chooser.setFiles(fixture);
    const done = page.locator('.import-card[data-status="done"]', { hasText: 'Kim' });
    await done.waitFor();
    await done.getByText(/days or months come first/).waitFor();
    await screenshots(page, 'import-warning');
    const before = (await shell.call<ChatSummary[]>('chats-list', {})).find((c) => c.title === 'Kim')!;
    expect(before.dateOrder).toBe('dmy');
    await done.getByRole('button', { name: 'Re-import as month/day/year' }).click();
    await expect
      .poll(async () =>
        (await shell.call<ChatSummary[]>('chats-list', {}))
          .filter((c) => c.title === 'Kim')
          .map((c) => c.dateOrder),
      )
      .toEqual(['mdy']);
    const kim = (await shell.call<ChatSummary[]>('chats-list', {})).find((c) => c.title === 'Kim')!;
    expect(kim.firstAt).toBe('2022-01-02T10:00:00');
    await page
      .locator('.import-card[data-status="done"]', { hasText: 'Kim' })
      .getByRole('button', { name: 'Dismiss' })
      .click();
  });

  it('explains clearly when a file is not a WhatsApp export', async () => {
    await dropFile(page, Buffer.from('Shopping list\n- eggs\n- milk\n'), 'notes.txt');
    const failed = page.locator('.import-card[data-status="failed"]');
    await failed.waitFor();
    expect(await failed.getByRole('alert').textContent()).toMatch(/WhatsApp/);
    await screenshots(page, 'import-error');
    await failed.getByRole('button', { name: 'Dismiss' }).click();
    expect((await shell.call<ChatSummary[]>('chats-list', {})).map((c) => c.title).sort()).toEqual([
      'Kim',
      'Sam Rivera',
    ]);
  });

  it('has a library page, and places for insights and settings', async () => {
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.locator('[data-testid="chat-card"]').nth(1).waitFor();
    await screenshots(page, 'library');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Credits server' }).waitFor();
    await screenshots(page, 'settings');
    // The Insights tab (its own issue) has its place in every chat.
    await page.evaluate((id) => (location.hash = `#/chat/${id}`), droppedChat.id);
    await page.getByRole('link', { name: /^Insights/ }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/chat/${droppedChat.id}/insights`);
    await page.waitForTimeout(500);
    await screenshots(page, 'insights');
  });

  it('deletes a chat after asking', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    const card = page.locator(`[data-testid="chat-card"][data-chat-id="${droppedChat.id}"]`);
    await card.hover();
    await card.getByRole('button', { name: `Delete ${droppedChat.title}` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await screenshots(page, 'delete-dialog');
    await dialog.getByRole('button', { name: 'Delete chat' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await shell.call<ChatSummary[]>('chats-list', {})).map((c) => c.title)).toEqual(['Kim']);
  });

  it('measures: a 100k-message dashboard, and scrolling a long chat', async () => {
    const file = join(dir, 'WhatsApp Chat with Book club.txt');
    await writeExport(file, {
      messages: 100_000,
      people: ['Ana', 'Bruno', 'Carla', 'Duarte', 'Eva', 'Filipa'],
      group: true,
      seed: 21,
      start: '2020-01-11T19:00',
    });
    const upload = await shell.upload(file, 'WhatsApp Chat with Book club.txt');
    const imported = await shell.call<ImportResult>('chats-import', {
      source: { kind: 'upload', ...upload },
      opId: 'e2e-100k',
    });
    expect(imported.messages).toBeGreaterThan(100_000);
    await page.getByRole('link', { name: 'Library' }).click();
    await page.locator(`[data-chat-id="${imported.chatId}"]`).waitFor();
    await page.evaluate(() => document.fonts.ready);
    const ready = '[data-testid="dashboard"][data-ready="true"] [data-testid="timeline"] canvas';
    const library = async () => {
      await page.getByRole('link', { name: 'Library' }).click();
      await page.locator(`[data-chat-id="${imported.chatId}"]`).waitFor();
    };
    // The first open may compute the statistics (when the import did not store them).
    const first = await navigateAndTime(page, `#/chat/${imported.chatId}`, ready);
    // A fresh page (reloaded on the library), statistics in the store: what opening a chat costs.
    await library();
    await page.reload();
    await page.locator(`[data-chat-id="${imported.chatId}"]`).waitFor();
    const fresh = await navigateAndTime(page, `#/chat/${imported.chatId}`, ready);
    await library();
    const again = await navigateAndTime(page, `#/chat/${imported.chatId}`, ready);
    report(
      `dashboard of a ${imported.messages.toLocaleString('en')}-message chat, navigation to interactive: ` +
        `${fresh.toFixed(0)} ms (fresh page, statistics from the store), ${again.toFixed(0)} ms (opened again), ` +
        `${first.toFixed(0)} ms (first open right after the import)`,
    );
    await screenshots(page, 'dashboard-group', { scroll: true });

    await page.getByRole('link', { name: 'Messages' }).click();
    const scroller = page.getByTestId('message-scroller');
    await scroller.waitFor();
    const frames = await scroller.evaluate(async (el) => {
      const gaps: number[] = [];
      let last = performance.now();
      let running = true;
      const tick = () => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      for (let i = 0; i < 120; i += 1) {
        el.scrollTop += i % 40 === 39 ? 250_000 : 900;
        await new Promise((r) => requestAnimationFrame(r));
      }
      running = false;
      gaps.sort((a, b) => a - b);
      return { frames: gaps.length, p95: gaps[Math.floor(gaps.length * 0.95)]!, max: gaps.at(-1)! };
    });
    report(
      `scrolling the 100k-message chat (120 scroll steps, 3 long jumps): ${frames.frames} frames, p95 ${frames.p95.toFixed(1)} ms, worst ${frames.max.toFixed(1)} ms`,
    );
    expect(await page.locator('[data-testid="message-scroller"] .message-row').count()).toBeGreaterThan(5);
    await screenshots(page, 'messages');
  });

  it('cancels a 100 MB import, then imports it with the main loop free', async () => {
    const big = join(dir, 'WhatsApp Chat with Everyone.txt');
    const bytes = await writeExport(big, {
      messages: BIG_MESSAGES,
      people: ['Inês', 'João', 'Kiko', 'Leonor', 'Miguel'],
      seed: 99,
      start: '2016-05-02T09:30',
    });
    report(`big export: ${(bytes / 2 ** 20).toFixed(0)} MB, ${BIG_MESSAGES.toLocaleString('en')} messages`);
    await page.getByRole('link', { name: 'Library' }).click();

    // Cancel from the tray while it runs: nothing is left behind.
    const pick = async () => {
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByRole('button', { name: 'Choose a file…' }).click(),
      ]);
      await chooser.setFiles(big);
    };
    await pick();
    const running = page.locator('.import-card[data-status="running"]');
    await running
      .locator('[data-testid="import-figures"]', { hasText: 'MB of' })
      .waitFor({ timeout: 60_000 });
    await running.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = page.locator('.import-card[data-status="cancelled"]');
    await cancelled.waitFor({ timeout: 60_000 });
    await cancelled.getByRole('button', { name: 'Dismiss' }).click();
    expect((await shell.call<ChatSummary[]>('chats-list', {})).some((c) => c.title === 'Everyone')).toBe(
      false,
    );

    // The whole import, with the shell's event loop watched all along (and, as a control, an idle process's).
    const control = startIdleMonitor();
    await control.read(true);
    await shell.eventLoop(true);
    const started = performance.now();
    await pick();
    await page
      .locator('.import-card[data-status="done"]', { hasText: 'Everyone' })
      .waitFor({ timeout: 900_000 });
    const seconds = (performance.now() - started) / 1000;
    const loop = await shell.eventLoop();
    const idle = await control.read();
    control.stop();
    report(
      `${(bytes / 2 ** 20).toFixed(0)} MB import through the UI: ${seconds.toFixed(1)} s; web shell event loop delay max ${loop.maxMs.toFixed(1)} ms, p99 ${loop.p99Ms.toFixed(1)} ms (${loop.samples} samples); an idle Node process meanwhile: max ${idle.maxMs.toFixed(1)} ms, p99 ${idle.p99Ms.toFixed(1)} ms`,
    );
    const chat = (await shell.call<ChatSummary[]>('chats-list', {})).find((c) => c.title === 'Everyone')!;
    expect(chat.messageCount).toBe(BIG_MESSAGES + 1);

    // A chat of about two million messages: open it at the end, and in the middle.
    const ready = `[data-testid="message-scroller"] [data-seq="${chat.messageCount - 1}"]`;
    const openEnd = await navigateAndTime(
      page,
      `#/chat/${chat.id}/messages?seq=${chat.messageCount - 1}`,
      ready,
    );
    const middle = Math.floor(chat.messageCount / 2);
    const openMiddle = await navigateAndTime(
      page,
      `#/chat/${chat.id}/messages?seq=${middle}`,
      `[data-testid="message-scroller"] [data-seq="${middle}"]`,
    );
    report(
      `${(chat.messageCount / 1e6).toFixed(2)}M-message chat: last message shown in ${openEnd.toFixed(0)} ms, middle in ${openMiddle.toFixed(0)} ms`,
    );
    await page.locator(`[data-seq="${middle}"] .focused`).waitFor();
  }, 1_200_000);
});

// Keeps the figures of a run for the report (artifacts/ is git-ignored).
afterAll(() => {
  if (figures.length > 0) {
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    writeFileSync(join(root, 'artifacts', 'e2e-figures.txt'), `${figures.join('\n')}\n`);
  }
});
