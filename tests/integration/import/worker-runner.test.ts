import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerImportRunner } from '../../../src-main/import/worker-runner';
import { getChatStats } from '../../../src-main/stats/store';
import { tempLibrary, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
beforeEach(() => {
  lib = tempLibrary();
});
afterEach(() => lib.dispose());

const fixture = fileURLToPath(
  new URL(
    '../../fixtures/exports/android-en-gb-24h-media/WhatsApp Chat with Sam Rivera.txt',
    import.meta.url,
  ),
);

describe('worker import runner', () => {
  it('imports in a worker, reports progress in order, and leaves the statistics stored', async () => {
    const phases: string[] = [];
    const result = await createWorkerImportRunner(lib.path)({
      path: fixture,
      onProgress: (p) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
      },
    });
    expect(result.outcome).toBe('created');
    expect(phases.slice(-2)).toEqual(['statistics', 'done']);
    expect(phases[0]).toBe('scanning');
    // The worker wrote through its own connection; this one sees the chat and its cached statistics.
    const cached = lib.sqlite
      .prepare('SELECT count(*) FROM stats_cache WHERE chat_id = ?')
      .pluck()
      .get(result.chatId);
    expect(cached).toBe(1);
    const written = lib.sqlite
      .prepare("SELECT count(*) FROM messages WHERE chat_id = ? AND kind <> 'system'")
      .pluck()
      .get(result.chatId);
    expect(getChatStats(lib, result.chatId, {}).totals.messages).toBe(written);
  });

  it('carries the worker’s errors back with their code', async () => {
    const empty = join(lib.dir, 'empty.txt');
    writeFileSync(empty, '');
    const run = createWorkerImportRunner(lib.path);
    await expect(run({ path: empty })).rejects.toMatchObject({ name: 'AppError', code: 'empty-file' });
  });

  it('refuses at once when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      createWorkerImportRunner(lib.path)({ path: 'x', signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
