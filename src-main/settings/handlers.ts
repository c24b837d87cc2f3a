import type { settingsApi, SettingsView, ServerCheck } from '../../src-shared/api/settings';
import { CreditsClient } from '../account/client';
import type { AppContext } from '../context';
import { AppError, toErrorShape } from '../errors';
import { GEMINI_KEY_SECRET } from '../gemini/access';
import type { HandlerMap } from '../handler-map';
import { envName } from '../secrets';
import { deleteAllLocalData, libraryBytes } from './delete-data';

export async function settingsView(
  ctx: AppContext,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SettingsView> {
  const server = ctx.account.server;
  const choice = server.choice();
  const key = await ctx.secrets.get(GEMINI_KEY_SECRET);
  const chats = ctx.library.sqlite.prepare('SELECT count(*) FROM chats').pluck().get() as number;
  return {
    credits: {
      mode: server.mode,
      url: choice.url,
      publishableKey: choice.publishableKey,
      urlFromEnvironment: server.urlFromEnvironment,
      effectiveUrl: server.currentUrl(),
      local: server.local.view(),
    },
    gemini: {
      keySet: !!(key || env.GEMINI_API_KEY),
      keyHint: key ? key.slice(-4) : null,
      fromEnvironment: !!(env.GEMINI_API_KEY || env[envName(GEMINI_KEY_SECRET)]),
      protection: ctx.secrets.protection,
    },
    data: {
      dataDir: ctx.dataDir,
      libraryPath: ctx.library.path,
      chats,
      bytes: libraryBytes(ctx.library.path),
    },
  };
}

/** Is a credits server answering there? (`/health`, no sign-in needed.) */
async function checkServer(url: string): Promise<ServerCheck & { publishableKey: string | null }> {
  try {
    const health = await new CreditsClient({ url, timeoutMs: 5000 }).health();
    return {
      ok: true,
      message: `The credits server answers (${health.database} database).`,
      publishableKey: health.clerkPublishableKey ?? null,
    };
  } catch (error) {
    return { ok: false, message: toErrorShape(error).message, publishableKey: null };
  }
}

const changed = async (ctx: AppContext, what: 'credits-server' | 'gemini-key' | 'data') => {
  ctx.emit('settings-changed', { what });
  if (what !== 'gemini-key') ctx.emit('account-changed', { reason: 'settings' });
  return settingsView(ctx);
};

export const settingsHandlers: HandlerMap<keyof typeof settingsApi> = {
  'settings-get': async (_args, ctx) => settingsView(ctx),
  'settings-set-credits-server': async ({ mode, url, publishableKey }, ctx) => {
    const server = ctx.account.server;
    const before = server.choice();
    const next = {
      mode,
      url: url === undefined ? before.url : url.replace(/\/+$/, ''),
      publishableKey: publishableKey === undefined ? before.publishableKey : publishableKey,
    };
    if (mode === 'remote' && !next.url) {
      throw new AppError('invalid-arguments', 'A remote credits server needs its address.');
    }
    let check: ServerCheck | null = null;
    if (mode === 'remote' && next.url) {
      const checked = await checkServer(next.url);
      check = { ok: checked.ok, message: checked.message };
      // The server names its sign-in key; one the user typed wins.
      if (publishableKey === undefined && checked.publishableKey)
        next.publishableKey = checked.publishableKey;
    }
    server.save(next);
    if (mode !== 'local') await server.local.stop();
    if (mode === 'local') {
      check = await server.local.start().then(
        (at) => ({ ok: true, message: `The local credits server is running at ${at}.` }),
        (error: unknown) => ({ ok: false, message: toErrorShape(error).message }),
      );
    }
    return { settings: await changed(ctx, 'credits-server'), check };
  },
  'settings-local-server': async ({ action }, ctx) => {
    const server = ctx.account.server;
    if (action === 'start') {
      server.save({ ...server.choice(), mode: 'local' });
      await server.local.start().catch(() => undefined); // the view carries the failure
    } else {
      await server.local.stop();
    }
    return changed(ctx, 'credits-server');
  },
  'settings-gemini-key': async ({ key }, ctx) => {
    if (key === null) await ctx.secrets.delete(GEMINI_KEY_SECRET);
    else await ctx.secrets.set(GEMINI_KEY_SECRET, key);
    return changed(ctx, 'gemini-key');
  },
  'settings-delete-all-data': async (_args, ctx) => {
    const result = await deleteAllLocalData(ctx);
    await ctx.account.server.local.stop();
    await changed(ctx, 'data');
    return result;
  },
};
