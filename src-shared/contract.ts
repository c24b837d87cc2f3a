/**
 * The one contract between the UI and the backend: every request (name → argument schema + result type) and
 * every push event. Electron IPC, the web shell and the CLI all serve exactly this map.
 */
import type { z } from 'zod';
import { accountApi, type AccountEvents } from './api/account';
import type { Endpoint, Returns } from './api/endpoint';
import { filesApi, type FilesEvents } from './api/files';
import { importsApi, type ImportsEvents } from './api/imports';
import { insightsApi, type InsightsEvents } from './api/insights';
import { libraryApi, type LibraryEvents } from './api/library';
import { opsApi } from './api/ops';
import { searchIndexApi, type SearchIndexEvents } from './api/search-index';
import { settingsApi, type SettingsEvents } from './api/settings';
import { statsApi, type StatsEvents } from './api/stats';

type NoOverlap<A, B> = keyof A & keyof B extends never ? B : { duplicateRequestNames: keyof A & keyof B };

function merge<A extends object, B extends object>(a: A, b: NoOverlap<A, B>): A & B {
  for (const key of Object.keys(b)) {
    if (key in a) throw new Error(`contract: request "${key}" is declared twice`);
  }
  return { ...a, ...(b as B) };
}

export const api = [
  importsApi,
  statsApi,
  searchIndexApi,
  insightsApi,
  accountApi,
  settingsApi,
  opsApi,
  filesApi,
].reduce((acc, domain) => merge(acc, domain as never), libraryApi as object) as typeof libraryApi &
  typeof importsApi &
  typeof statsApi &
  typeof searchIndexApi &
  typeof insightsApi &
  typeof accountApi &
  typeof settingsApi &
  typeof opsApi &
  typeof filesApi;

// Compile-time duplicate check (the runtime check above catches the same at start).
type Domains = [
  typeof libraryApi,
  typeof importsApi,
  typeof statsApi,
  typeof searchIndexApi,
  typeof insightsApi,
  typeof accountApi,
  typeof settingsApi,
  typeof opsApi,
  typeof filesApi,
];
type PairOverlap<T extends unknown[]> = T extends [infer H, ...infer R]
  ? (keyof H & { [K in keyof R]: keyof R[K] }[number]) | PairOverlap<R>
  : never;
const noDuplicateNames: [PairOverlap<Domains>] extends [never] ? true : PairOverlap<Domains> = true;
void noDuplicateNames;

export type Api = typeof api;
export type ApiName = keyof Api & string;
/** Arguments as the caller writes them (defaults optional). */
export type ApiArgs<N extends ApiName> = Api[N] extends Endpoint<infer A, unknown> ? z.input<A> : never;
/** Arguments as the handler receives them, after validation. */
export type ApiParsedArgs<N extends ApiName> =
  Api[N] extends Endpoint<infer A, unknown> ? z.output<A> : never;
export type ApiResult<N extends ApiName> = Api[N]['result'] extends Returns<infer R> ? R : never;

export type PushEvents = LibraryEvents &
  ImportsEvents &
  StatsEvents &
  SearchIndexEvents &
  InsightsEvents &
  AccountEvents &
  SettingsEvents &
  FilesEvents;
export type PushEventName = keyof PushEvents & string;

/**
 * What the preload (and the web shell's client) exposes as `window.api`. `invoke` rejects with a plain
 * ApiErrorShape object (`{ code, message, details? }`): Error subclasses do not survive Electron's context bridge.
 */
export interface WindowApi {
  invoke<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>>;
  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
}
