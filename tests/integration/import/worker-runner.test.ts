import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerImportRunner } from '../../../src-main/import/worker-runner';
import { tempLibrary, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
beforeEach(() => {
  lib = tempLibrary();
});
afterEach(() => lib.dispose());

describe('worker import runner', () => {
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
