/** The handler map over Electron IPC: one invoke channel, push events to the window. */
import { ipcMain, type WebContents } from 'electron';
import type { AppContext, Emit } from '../context';
import { dispatch } from '../dispatch';
import { AppError, toErrorShape } from '../errors';
import { isAppUrl } from './app-protocol';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type InvokeAnswer } from './channels';

/** Answers invokes from our own pages only (never from a frame that navigated elsewhere). */
export function serveIpc(getCtx: () => AppContext | null): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, args: unknown): Promise<InvokeAnswer> => {
    try {
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        throw new AppError('forbidden', 'Requests are only accepted from the app’s own pages.');
      }
      const ctx = getCtx();
      if (!ctx) throw new AppError('not-ready', 'The library is still opening; try again in a moment.');
      if (typeof name !== 'string') throw new AppError('unknown-request', 'A request needs a name.');
      return { ok: true, result: await dispatch(ctx, name, args) };
    } catch (error) {
      return { ok: false, error: toErrorShape(error) };
    }
  });
}

/** Push events go to every window showing the app. */
export function emitTo(windows: () => WebContents[]): Emit {
  return (event, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
    }
  };
}
