/**
 * The paying user's loop, end to end in Chromium: the web shell (a build with the test-only sign-in) +
 * the real credits server (in this process, PGlite) + the fake Stripe and the fake Gemini behind it +
 * session tokens signed by a test Clerk key. Choose the server in the settings → sign in → 50 coins → buy
 * 500 (Checkout opens in a new tab; Stripe's webhook arrives signed) → the balance rises → unlock a
 * category with coins → six insights → the balance falls by exactly what was captured, on the page and in
 * the server's ledger → offline, the last known balance. Pages are saved as artifacts/screenshots/account-*.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Purchase } from '../../src-shared/api/account';
import type { JobView } from '../../src-shared/insights/types';
import { openLibrary } from '../../src-main/db/open';
import { queryRows } from '../../server/db/tx';
import { checkInvariants } from '../../server/ledger/invariants';
import { canRunBrowser, launchChromium } from '../support/browser';
import { createClerkTestKeys } from '../support/clerk-tokens';
import { startFakeGemini } from '../support/fake-gemini';
import { startFakeStripe } from '../support/fake-stripe';
import { seedChat } from '../support/library';
import { coupleChat, groundedAnswer } from '../integration/insights/support';
import { GEMINI_SERVER_KEY, startTestServer, type TestServer } from '../integration/server/support/server';
import { build } from './account-builds';
import { screenshots, startShell, type Shell } from './harness';

const browserAvailable = canRunBrowser();
const USER = 'user_e2e';

describe.runIf(browserAvailable)('Account and coins in Chromium (web shell + credits server)', () => {
  let dir: string;
  let server: TestServer;
  let tokens: Server;
  let shell: Shell;
  let browser: Browser;
  let page: Page;
  let chatId: number;

  const available = async () =>
    Number((await page.getByTestId('balance-available').textContent())!.replace(/\D/g, ''));
  const waitForAvailable = (coins: number) =>
    page
      .getByTestId('balance-available')
      .filter({ hasText: new RegExp(`^${coins.toLocaleString('en-US').replace(',', '[,.\\s]?')}\\s*coins$`) })
      .waitFor({ timeout: 30_000 });
  const ledger = async () =>
    (
      await queryRows(
        server.server.db.db,
        sql`SELECT kind, amount FROM entries WHERE user_id = ${USER} ORDER BY id`,
      )
    ).map((row) => ({ kind: String(row.kind), amount: Number(row.amount) }));

  beforeAll(async () => {
    const outDir = build('test-sign-in');
    const clerk = createClerkTestKeys();
    server = await startTestServer('pglite', {
      outsiders: {
        clerk,
        stripe: await startFakeStripe(),
        gemini: await startFakeGemini({ apiKey: GEMINI_SERVER_KEY, answer: groundedAnswer }),
        webhookSecret: `whsec_${randomBytes(16).toString('hex')}`,
      },
    });
    // The test's token endpoint: what Clerk would issue this user, signed by the key the server trusts.
    tokens = createServer((req, res) => {
      const sub = new URL(req.url ?? '/', 'http://x').searchParams.get('sub') ?? '';
      res.end(clerk.token(sub));
    });
    await new Promise<void>((r) => tokens.listen(0, '127.0.0.1', () => r()));

    dir = mkdtempSync(join(tmpdir(), 'relivchats-e2e-account-'));
    const libraryPath = join(dir, 'library.sqlite');
    const library = openLibrary({ path: libraryPath });
    chatId = seedChat(library, coupleChat(), { title: 'Alex & Sam' });
    library.close();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RELIVCHATS_DATA_DIR: dir,
      RELIVCHATS_TEST_SIGN_IN: `http://127.0.0.1:${(tokens.address() as AddressInfo).port}/token`,
    };
    // No Gemini key of the user's own, no credits server from the environment: coins it is.
    for (const name of [
      'GEMINI_API_KEY',
      'GEMINI_BASE_URL',
      'RELIVCHATS_SERVER_URL',
      'RELIVCHATS_SERVER_TOKEN',
    ])
      delete env[name];
    shell = await startShell(libraryPath, { entry: join(outDir, 'main', 'web-shell.js'), env });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(shell.url);
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await new Promise((r) => tokens?.close(r));
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('chooses the credits server in the settings', async () => {
    // Nothing set up yet: the Account page says where to go, and that nothing else needs it.
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { name: 'Coins need a credits server' }).waitFor();
    await screenshots(page, 'account-no-server');
    await page.getByRole('link', { name: 'Choose one in the settings' }).click();
    await page.getByRole('heading', { name: 'Credits server' }).waitFor();
    await page.getByRole('button', { name: 'Server address' }).click();
    await page.getByTestId('server-url').fill(server.url);
    await page.getByTestId('save-server').click();
    await page.getByTestId('server-check').filter({ hasText: 'The credits server answers' }).waitFor();
    await page.getByTestId('server-in-use').filter({ hasText: server.url }).waitFor();
    await screenshots(page, 'account-settings');
    // Self-hosting: the server beside the app, with where its ledger and settings live (not started here).
    await page.getByRole('button', { name: 'On this computer' }).click();
    await page.getByTestId('local-server-state').filter({ hasText: 'Stopped' }).waitFor();
    await expect(page.getByTestId('save-server').textContent()).resolves.toBe('Save and start');
    await screenshots(page, 'account-settings-local');
    await page.getByRole('button', { name: 'Server address' }).click();
  });

  it('signs in and shows the signup bonus; signed out, nothing nags', async () => {
    // Signed out, the insights page offers both ways and no balance.
    await page.evaluate((id) => (location.hash = `#/chat/${id}/insights`), chatId);
    await page.getByTestId('unlock-coins').waitFor();
    await expect(page.getByTestId('coins-available').count()).resolves.toBe(0);
    await expect(page.getByTestId('sidebar-coins').count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to use coins' }).waitFor();
    await screenshots(page, 'account-signed-out');
    await page.getByRole('button', { name: 'Sign in with the test key' }).click();
    await waitForAvailable(50);
    await expect(page.getByTestId('balance-reserved').textContent()).resolves.toMatch(/^0\s*coins$/);
    await page.locator('[data-testid="transactions"] tr[data-kind="signup_bonus"]').waitFor();
    await page.getByTestId('sidebar-coins').filter({ hasText: '50 coins' }).waitFor();
    await screenshots(page, 'account-signed-in');
  });

  it('buys coins: Checkout opens in a new tab, Stripe’s signed webhook arrives, the balance rises', async () => {
    const [checkout] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('package-coins-500').getByRole('button').click(),
    ]);
    // The tab opens at the click (so no pop-up blocker stops it) and goes to Stripe once the server answers.
    await page.locator('[data-testid="purchase"][data-status="pending"]').waitFor();
    const [purchase] = (await shell.call<{ purchases: Purchase[] }>('account-purchases', {})).purchases;
    expect(purchase).toMatchObject({ packageId: 'coins-500', coins: 500, status: 'pending' });
    await checkout.waitForURL((url) => url.href === purchase!.url);
    await checkout.close();
    await screenshots(page, 'account-checkout-open');

    // The buyer pays at Stripe; Stripe posts the event to the server, signed with the webhook secret.
    const event = server.stripe.event('checkout.session.completed', server.stripe.pay(purchase!.sessionId));
    const delivered = await server.deliver(event);
    expect(delivered).toMatchObject({ status: 200, body: { received: true } });
    // The app learns of it through the status endpoint it polls while the checkout is open.
    await waitForAvailable(550);
    await page.locator('[data-testid="purchase"][data-status="paid"]').waitFor();
    await page.locator('[data-testid="transactions"] tr[data-kind="purchase"]').waitFor();
    await screenshots(page, 'account-purchased');
  });

  it('unlocks a category with coins: the price before, six insights, what was captured after', async () => {
    await page.evaluate((id) => (location.hash = `#/chat/${id}/insights`), chatId);
    await page.getByTestId('category-romantic').click();
    await expect(page.locator('.ins-price').textContent()).resolves.toMatch(/400\s*coins/);
    await page.getByTestId('coins-available').filter({ hasText: '550' }).waitFor();
    await expect(page.getByTestId('unlock-coins').textContent()).resolves.toBe('Unlock for 400 coins');
    await screenshots(page, 'account-unlock-price');

    await page.getByTestId('unlock-coins').click();
    await page.getByTestId('job').waitFor();
    await page
      .getByTestId('job-status')
      .filter({ hasText: /^Unlocked$/ })
      .waitFor({ timeout: 90_000 });
    await expect(page.locator('[data-testid="insight-status"]', { hasText: 'Ready' }).count()).resolves.toBe(
      6,
    );
    await page.getByTestId('job').filter({ hasText: '400 coins paid' }).waitFor();
    await page.getByTestId('sidebar-coins').filter({ hasText: '150 coins' }).waitFor();
    await screenshots(page, 'account-unlocked');
  });

  it('the balance fell by exactly what was captured, on the page and in the server’s ledger', async () => {
    const { jobs } = await shell.call<{ jobs: JobView[] }>('insights-list', { chatId });
    const paid = jobs.find((j) => j.payment === 'credits')!;
    const captured = paid.settlements.reduce((sum, s) => sum + s.captured, 0);
    expect(captured).toBe(400); // six of six succeeded: the whole price

    await page.getByRole('link', { name: /^Account/ }).click();
    await waitForAvailable(550 - captured);
    await expect(page.getByTestId('balance-reserved').textContent()).resolves.toMatch(/^0\s*coins$/);
    await page
      .locator('[data-testid="transactions"] tr[data-kind="capture"]')
      .filter({ hasText: '−400' })
      .waitFor();
    await screenshots(page, 'account-after-unlock');

    // The server's own records agree: entries, account and invariants.
    const entries = await ledger();
    expect(entries.map((e) => e.kind)).toEqual(['signup_bonus', 'purchase', 'reserve', 'capture']);
    expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(await available());
    expect(-entries.find((e) => e.kind === 'capture')!.amount).toBe(captured);
    const me = await server.call('GET', '/api/me', { user: USER });
    expect(me.body).toMatchObject({ balance: 550 - captured, reserved: 0, available: 550 - captured });
    expect(await checkInvariants(server.server.db.db)).toEqual([]);
    // The proxy metered Gemini for this reservation, with the server's key (never the app's).
    expect(server.gemini.requests.filter((r) => r.method === 'generateContent')).toHaveLength(6);
    expect(new Set(server.gemini.requests.map((r) => r.apiKey))).toEqual(new Set([GEMINI_SERVER_KEY]));
  });

  it('offline, shows the last known balance as such', async () => {
    const before = await available();
    await server.server.close();
    await page.reload();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    await page.getByTestId('balance-offline').waitFor();
    expect(await available()).toBe(before);
    await expect(page.getByTestId('balance-offline').textContent()).resolves.toMatch(
      /last known balance, as of/,
    );
    await screenshots(page, 'account-offline');
  });

  it('deletes all local data only after the typed confirmation', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByTestId('delete-all').click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete everything' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('delete-confirm').fill('delete everything');
    await screenshots(page, 'account-delete-all');
    await confirm.click();
    await page.getByTestId('library-facts').filter({ hasText: '0 chats' }).waitFor();
    await expect(page.locator('[role="listitem"].nav-link').count()).resolves.toBe(0);
    expect(await shell.call('chats-list', {})).toEqual([]);
    // The saved settings went too: no credits server is chosen any more.
    await page.locator('button[aria-pressed="true"]', { hasText: 'None' }).waitFor();
    await screenshots(page, 'account-deleted', { scroll: true });
  });
});
