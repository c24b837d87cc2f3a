/** IPC channel names shared by the main process and the preload (no Electron import: the preload bundles it). */
import type { ApiErrorShape } from '../../src-shared/api/endpoint';

export const INVOKE_CHANNEL = 'relivchats:invoke';
export const EVENT_CHANNEL = 'relivchats:event';

/** What the main process answers an invoke with: errors travel as data (Error objects lose their code). */
export type InvokeAnswer = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };
