/**
 * Insights in Chromium through the web shell, with the fake Gemini as the user's own key: the categories
 * with price and contents, the "what will be sent" preview, six cards generating side by side, the rendered
 * insights, a quote opening its message, retrying a failed insight, and the Markdown export. Pages are saved
 * under artifacts/screenshots/insights-*.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src-main/db/open';
import { canRunBrowser, launchChromium } from '../support/browser';
import { startFakeGemini, type FakeGemini } from '../support/fake-gemini';
import { seedChat } from '../support/library';
import { coupleChat, groundedAnswer, inventedAnswer } from '../integration/insights/support';
import { ensureBuilt, screenshots, startShell, type Shell } from './harness';

const browserAvailable = canRunBrowser();

describe.runIf(browserAvailable)('Insights in Chromium (web shell, own Gemini key)', () => {
  let dir: string;
  let shell: Shell;
  let browser: Browser;
  let page: Page;
  let fake: FakeGemini;
  let chatId: number;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    ensureBuilt();
    fake = await startFakeGemini({ answer: groundedAnswer, apiKey: 'e2e-key' });
    dir = mkdtempSync(join(tmpdir(), 'relivchats-e2e-insights-'));
    const libraryPath = join(dir, 'library.sqlite');
    const library = openLibrary({ path: libraryPath });
    chatId = seedChat(library, coupleChat(), { title: 'Alex & Sam' });
    library.close();
    // The shell inherits this environment: the fake is "the user's own key".
    for (const [key, value] of Object.entries({
      GEMINI_API_KEY: 'e2e-key',
      GEMINI_BASE_URL: fake.url,
      RELIVCHATS_DATA_DIR: dir,
    })) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    shell = await startShell(libraryPath);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(shell.url);
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await fake?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the categories with price and contents, and exactly what would be sent', async () => {
    await page.evaluate((id) => (location.hash = `#/chat/${id}/insights`), chatId);
    await page.getByTestId('category-romantic').waitFor();
    for (const id of ['romantic', 'friendship', 'family', 'work', 'group'])
      await expect(page.getByTestId(`category-${id}`).textContent()).resolves.toContain('400 coins');
    await expect(page.locator('.ins-contents li').count()).resolves.toBe(6);
    await expect(page.locator('.ins-contents').textContent()).resolves.toContain('Love languages');
    await screenshots(page, 'insights-categories');

    await page.getByTestId('preview-button').click();
    await page.getByTestId('preview').waitFor();
    await page.locator('.ins-preview-item summary').first().click();
    const sent = await page.locator('.ins-preview-item pre').first().textContent();
    expect(sent).toMatch(/\[#\d+\] \d{4}-\d{2}-\d{2} \d{2}:\d{2} Person [AB]: /);
    expect(sent).not.toMatch(/Alex|Sam|Morgan|Rivera|07700/);
    await expect(page.getByTestId('preview').textContent()).resolves.toContain('Person A is Alex Morgan');
    await screenshots(page, 'insights-preview');
  });

  it('generates six insights side by side and renders them with their quotes', async () => {
    fake.reset();
    fake.setLatency((r) => (r.method === 'generateContent' ? 1500 : 0));
    await page.getByTestId('unlock-own-key').click();
    await page.getByTestId('job').waitFor();
    await page.locator('[data-testid="insight-status"]', { hasText: 'Generating' }).first().waitFor();
    await expect(
      page.locator('[data-testid^="insight-"][aria-busy="true"]').count(),
    ).resolves.toBeGreaterThan(1);
    await screenshots(page, 'insights-generating');
    await page
      .getByTestId('job-status')
      .filter({ hasText: /^Unlocked$/ })
      .waitFor({ timeout: 60_000 });
    fake.setLatency(0);
    await expect(page.locator('[data-testid="insight-status"]', { hasText: 'Ready' }).count()).resolves.toBe(
      6,
    );
    // The six calls overlapped: all six were in flight before the first answered.
    const calls = fake.requests.filter((r) => r.method === 'generateContent').map((r) => r.at);
    expect(calls).toHaveLength(6);
    expect(Math.max(...calls) - Math.min(...calls)).toBeLessThan(1500);
    await expect(page.locator('.ins-summary').first().textContent()).resolves.toContain('Alex Morgan');
    await screenshots(page, 'insights-ready', { scroll: true });
  });

  it('opens the quoted message in the Messages view', async () => {
    const quote = page.getByTestId('evidence').first();
    const text = (await quote.locator('q').textContent())!;
    await quote.click();
    await page.waitForFunction(() => /\/messages\?seq=\d+/.test(location.hash));
    await page.getByText(text, { exact: false }).first().waitFor();
    await screenshots(page, 'insights-quote-opened');
  });

  it('retries a failed insight and exports everything to Markdown', async () => {
    fake.setAnswer((request) =>
      request.prompt.includes('Assess the overall health')
        ? inventedAnswer(request)
        : groundedAnswer(request),
    );
    await page.evaluate((id) => (location.hash = `#/chat/${id}/insights`), chatId);
    await page.getByTestId('category-friendship').click();
    await page.getByTestId('unlock-own-key').click();
    await page.getByTestId('job-status').filter({ hasText: 'Partly generated' }).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('insight-health').locator('.notice.error').count()).resolves.toBe(1);
    await screenshots(page, 'insights-failed');

    fake.setAnswer(groundedAnswer);
    await page.getByTestId('retry-failed').click();
    await page
      .getByTestId('job-status')
      .filter({ hasText: /^Unlocked$/ })
      .waitFor({ timeout: 60_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    expect(download.suggestedFilename()).toBe('alex-sam-friendship-insights.md');
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toMatch(/^# Friendship insights — Alex & Sam/);
    expect(markdown.match(/^## /gm)).toHaveLength(6);
    expect(markdown).toContain('> “');
  });
});
