/**
 * The test-only sign-in is absent from production builds: a build made like `npm run build` contains no
 * trace of it (its request name, its environment variable, its button), while a build with
 * RELIVCHATS_BUILD_TEST_SIGN_IN=1 contains all three — so the search below does find them when present.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, filesContaining } from './account-builds';
import { ensureBuilt, root } from './harness';

const TRACES = [
  'account-test-sign-in',
  'RELIVCHATS_TEST_SIGN_IN',
  'Sign in with the test key',
  'test-sign-in',
];

describe('the test-only sign-in in builds', () => {
  it('is compiled in only when asked for, in the main bundle and the renderer', () => {
    const withIt = filesContaining(build('test-sign-in'), TRACES);
    const files = [...withIt.keys()];
    expect(files.some((f) => f.startsWith('main/'))).toBe(true);
    expect(files.some((f) => f.startsWith('renderer/assets/'))).toBe(true);
    expect(new Set([...withIt.values()].flat())).toEqual(new Set(TRACES));

    const production = build('production');
    expect(filesContaining(production, TRACES)).toEqual(new Map());
    // The search reads real code: the account's ordinary requests are there.
    expect(filesContaining(production, ['account-session']).size).toBeGreaterThan(0);
  });

  it('is not in out/, what `npm run build` made', () => {
    ensureBuilt();
    expect(filesContaining(join(root, 'out'), TRACES)).toEqual(new Map());
  });
});
