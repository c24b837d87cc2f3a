/**
 * TEST-ONLY sign-in, compiled into a build only with RELIVCHATS_BUILD_TEST_SIGN_IN=1 (see
 * TEST_SIGN_IN_BUILD) and active only when the test sets RELIVCHATS_TEST_SIGN_IN to the address of a
 * token endpoint it runs: `GET <address>?sub=<userId>` answers a session token signed by the test's
 * Clerk key (tests/support/clerk-tokens.ts). The backend then takes its tokens from there instead of
 * from Clerk in the renderer; everything after that (the credits server, insights, purchases) is the
 * production path.
 */
import type { accountApi } from '../../src-shared/api/account';
import { AppError } from '../errors';
import type { HandlerMap } from '../handler-map';

export const TEST_SIGN_IN_ENV = 'RELIVCHATS_TEST_SIGN_IN';

async function testToken(endpoint: string, userId: string): Promise<string> {
  const url = new URL(endpoint);
  url.searchParams.set('sub', userId);
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok)
    throw new AppError('test-sign-in', `The test token endpoint answered ${response.status}.`);
  return (await response.text()).trim();
}

export const testSignInHandlers: Pick<HandlerMap<keyof typeof accountApi>, 'account-test-sign-in'> = {
  'account-test-sign-in': async ({ userId }, ctx) => {
    const endpoint = process.env[TEST_SIGN_IN_ENV];
    if (!endpoint) {
      throw new AppError('test-sign-in', `Test sign-in needs ${TEST_SIGN_IN_ENV} (a token endpoint).`);
    }
    await testToken(endpoint, userId); // fails here, not on the first server call, if the endpoint is wrong
    ctx.account.session.useMinter(userId, () => testToken(endpoint, userId));
    return ctx.account.status();
  },
};
