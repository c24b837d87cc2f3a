/**
 * An import as the app runs it: the pipeline, then the chat's statistics, so a chat opens instantly. The
 * pipeline's final 'done' is held back until the statistics are stored; 'statistics' is reported between.
 */
import type { ImportResult } from '../../src-shared/api/imports';
import type { Library } from '../db/open';
import { refreshChatStats } from '../stats/store';
import { importExport, type ImportOptions } from './pipeline';

export async function importWithStatistics(library: Library, options: ImportOptions): Promise<ImportResult> {
  type Progress = Parameters<NonNullable<ImportOptions['onProgress']>>[0];
  const held: { done?: Progress } = {};
  const result = await importExport(library, {
    ...options,
    onProgress: (progress) => {
      if (progress.phase === 'done') held.done = progress;
      else options.onProgress?.(progress);
    },
  });
  if (held.done) options.onProgress?.({ ...held.done, phase: 'statistics' });
  refreshChatStats(library, result.chatId); // a no-op when the stored statistics are current
  if (held.done) options.onProgress?.(held.done);
  return result;
}
