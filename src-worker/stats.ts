/**
 * Statistics for one request, computed in a worker thread (piscina) with the worker's own connection, so a
 * filtered view of a million-message chat never blocks the process serving the UI. The result is stored
 * in the library's cache here too.
 */
import { openLibrary, type Library } from '../src-main/db/open';
import { toErrorShape } from '../src-main/errors';
import { getChatStats, type StatsRequest } from '../src-main/stats/store';
import type { ApiErrorShape } from '../src-shared/api/endpoint';
import type { ChatStats } from '../src-shared/stats';

export interface StatsTask {
  libraryPath: string;
  chatId: number;
  request: StatsRequest;
}

const libraries = new Map<string, Library>();

/** Errors come back as their shape: a thrown error would lose its code crossing the thread. */
export type StatsOutcome = { stats: ChatStats } | { error: ApiErrorShape };

export default function computeStats({ libraryPath, chatId, request }: StatsTask): StatsOutcome {
  try {
    let library = libraries.get(libraryPath);
    if (!library) {
      library = openLibrary({ path: libraryPath });
      libraries.set(libraryPath, library);
    }
    return { stats: getChatStats(library, chatId, request) };
  } catch (error) {
    return { error: toErrorShape(error) };
  }
}
