/**
 * Settings through dispatch on a real AppContext: choosing a credits server (checked, saved even when
 * unreachable), the credits server started beside the app (its own thread, PGlite in the data folder,
 * configured from credits-server.env), the user's Gemini key in the secret store, and deleting all local
 * data (only with the exact confirmation).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AccountStatus, Balance } from '../../../src-shared/api/account';
import {
  DELETE_ALL_CONFIRMATION,
  type ServerCheck,
  type SettingsView,
} from '../../../src-shared/api/settings';
import type { PushEventName } from '../../../src-shared/contract';
import { createAppContext } from '../../../src-main/app-context';
import type { AppContext } from '../../../src-main/context';
import { dispatch } from '../../../src-main/dispatch';
import { GEMINI_KEY_SECRET } from '../../../src-main/gemini/access';
import { SettingsStore } from '../../../src-main/settings/store';
import { createClerkTestKeys } from '../../support/clerk-tokens';
import { seedChat } from '../../support/library';
import { coupleChat } from '../insights/support';

describe('settings', () => {
  let dir: string;
  let ctx: AppContext & { close(): void };
  let emitted: { event: PushEventName; payload: unknown }[];
  const call = <T>(name: string, args: unknown = {}) => dispatch(ctx, name, args) as Promise<T>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relivchats-settings-'));
    emitted = [];
    ctx = createAppContext({
      libraryPath: join(dir, 'library.sqlite'),
      dataDir: dir,
      emit: (event, payload) => emitted.push({ event, payload }),
    });
  });
  afterEach(async () => {
    await ctx.account.server.local.stop();
    ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no credits server until one is chosen; a remote one is checked and saved', async () => {
    const fresh = await call<SettingsView>('settings-get');
    expect(fresh.credits).toMatchObject({ mode: 'none', url: null, effectiveUrl: null });
    expect(fresh.data).toMatchObject({ dataDir: dir, chats: 0 });
    expect(fresh.gemini).toMatchObject({ keySet: false, keyHint: null, protection: 'user-file' });

    const unreachable = await call<{ settings: SettingsView; check: ServerCheck }>(
      'settings-set-credits-server',
      {
        mode: 'remote',
        url: 'http://127.0.0.1:9/',
        publishableKey: createClerkTestKeys().publishableKey,
      },
    );
    expect(unreachable.check).toMatchObject({
      ok: false,
      message: expect.stringMatching(/cannot be reached/),
    });
    expect(unreachable.settings.credits).toMatchObject({ mode: 'remote', url: 'http://127.0.0.1:9' });
    // Saved in the library: a new context (the next start) knows it, and the page's CSP lets Clerk in.
    ctx.close();
    ctx = createAppContext({ libraryPath: join(dir, 'library.sqlite'), dataDir: dir });
    const status = await call<AccountStatus>('account-status');
    expect(status).toMatchObject({
      serverUrl: 'http://127.0.0.1:9',
      publishableKey: expect.stringMatching(/^pk_test_/),
    });
    const { accountConnectSources } = await import('../../../src-main/account/clerk');
    expect(accountConnectSources(ctx)).toEqual(['https://clerk.relivchats.test']);

    await expect(
      call('settings-set-credits-server', { mode: 'remote', url: 'ftp://example.com' }),
    ).rejects.toMatchObject({
      code: 'invalid-arguments',
    });
    await call('settings-set-credits-server', { mode: 'none' });
    expect(await call<AccountStatus>('account-status')).toMatchObject({
      serverUrl: null,
      publishableKey: null,
    });
  });

  it('starts a credits server beside the app, signs in against it, and stops it', async () => {
    const clerk = createClerkTestKeys();
    const env = Object.entries({ ...clerk.env(), PORT: '0', LOG_LEVEL: 'warn' })
      .map(([k, v]) => `${k}="${v.replace(/\n/g, '\\n')}"`)
      .join('\n');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'credits-server.env'), env);

    const { settings, check } = await call<{ settings: SettingsView; check: ServerCheck }>(
      'settings-set-credits-server',
      { mode: 'local' },
    );
    expect(check).toMatchObject({ ok: true });
    const local = settings.credits.local;
    expect(local).toMatchObject({ state: 'running', dataDir: join(dir, 'server-db'), error: null });
    expect(local.disabled.join(' ')).toMatch(/payments/); // no Stripe keys in its settings file
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${local.url}/health`)).json()).toEqual({
      ok: true,
      database: 'pglite',
      clerkPublishableKey: clerk.publishableKey,
    });
    expect(emitted.some((e) => e.event === 'settings-changed')).toBe(true);

    // Its Clerk instance is the app's: the publishable key comes from its settings file.
    expect(await call<AccountStatus>('account-status')).toMatchObject({
      serverUrl: local.url,
      publishableKey: clerk.publishableKey,
    });
    await call('account-session', { token: clerk.token('user_local') });
    expect(await call<Balance>('account-balance')).toMatchObject({ available: 50, userId: 'user_local' });
    expect(existsSync(join(dir, 'server-db'))).toBe(true);

    // Chosen as a remote server by its address alone, it names its sign-in key itself (checked before the
    // local one stops).
    const other = createAppContext({ libraryPath: join(dir, 'other.sqlite'), dataDir: join(dir, 'other') });
    try {
      await dispatch(other, 'settings-set-credits-server', { mode: 'remote', url: local.url });
      expect(await dispatch(other, 'account-status', {})).toMatchObject({
        serverUrl: local.url,
        publishableKey: clerk.publishableKey,
      });
    } finally {
      other.close();
    }

    const stopped = await call<SettingsView>('settings-local-server', { action: 'stop' });
    expect(stopped.credits.local).toMatchObject({ state: 'stopped', url: null });
    await expect(fetch(`${local.url}/health`)).rejects.toThrow();
    // Still the choice: the next call that needs it starts it again, on the same ledger.
    expect(await call<Balance>('account-balance')).toMatchObject({ available: 50 });
    expect(readFileSync(join(dir, 'credits-server.log'), 'utf8')).not.toContain(
      clerk.token('x').split('.')[2],
    );
  });

  it('says why the local server did not start', async () => {
    writeFileSync(join(dir, 'credits-server.env'), 'PORT=0\nCLERK_JWT_KEY=not-a-key\n');
    const { settings, check } = await call<{ settings: SettingsView; check: ServerCheck }>(
      'settings-set-credits-server',
      { mode: 'local' },
    );
    expect(check).toMatchObject({ ok: false, message: expect.stringMatching(/CLERK_JWT_KEY/) });
    expect(settings.credits.local).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/CLERK_JWT_KEY/),
    });
  });

  it('keeps the Gemini key in the secret store, never shows it, and forgets it', async () => {
    const key = 'AIzaSyTEST-key-0123456789abcd';
    const saved = await call<SettingsView>('settings-gemini-key', { key });
    expect(saved.gemini).toMatchObject({ keySet: true, keyHint: 'abcd' });
    expect(JSON.stringify(saved)).not.toContain(key);
    expect(await ctx.secrets.get(GEMINI_KEY_SECRET)).toBe(key);
    const gateway = await ctx.gemini();
    expect(gateway.access).toMatchObject({ via: 'own-key', apiKey: key });

    await expect(call('settings-gemini-key', { key: 'has spaces in it' })).rejects.toMatchObject({
      code: 'invalid-arguments',
    });
    expect((await call<SettingsView>('settings-gemini-key', { key: null })).gemini.keySet).toBe(false);
    expect(await ctx.secrets.get(GEMINI_KEY_SECRET)).toBeNull();
  });

  it('deletes all local data only with the exact confirmation', async () => {
    const a = seedChat(ctx.library, coupleChat(60), { title: 'A' });
    const b = seedChat(ctx.library, coupleChat(30), { title: 'B' });
    await ctx.secrets.set(GEMINI_KEY_SECRET, 'AIzaSyTEST-key-0123456789abcd');
    await call('settings-set-credits-server', { mode: 'remote', url: 'http://127.0.0.1:9' });
    await expect(call('settings-delete-all-data', { confirm: 'yes' })).rejects.toMatchObject({
      code: 'invalid-arguments',
    });
    expect((await call<SettingsView>('settings-get')).data.chats).toBe(2);

    const result = await call<{ chatsDeleted: number; bytesBefore: number; bytesAfter: number }>(
      'settings-delete-all-data',
      { confirm: DELETE_ALL_CONFIRMATION },
    );
    expect(result.chatsDeleted).toBe(2);
    expect(result.bytesAfter).toBeLessThanOrEqual(result.bytesBefore);
    const after = await call<SettingsView>('settings-get');
    expect(after.data.chats).toBe(0);
    expect(after.credits.mode).toBe('none');
    expect(after.gemini.keySet).toBe(false);
    const count = (table: string) =>
      ctx.library.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    for (const table of [
      'messages',
      'participants',
      'messages_fts',
      'stats_cache',
      'insight_jobs',
      'settings',
    ])
      expect(count(table), table).toBe(0);
    expect(new SettingsStore(ctx.library).get('credits.server', z.unknown())).toBeNull();
    const deleted = emitted.filter((e) => e.event === 'library-changed').map((e) => e.payload);
    expect(deleted).toHaveLength(2);
    expect(deleted).toEqual(
      expect.arrayContaining([
        { chatId: a, change: 'deleted' },
        { chatId: b, change: 'deleted' },
      ]),
    );
  });
});
