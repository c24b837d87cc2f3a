import { TEST_SIGN_IN_BUILD, type accountApi } from '../../src-shared/api/account';
import type { HandlerMap } from '../handler-map';
import { testSignInHandlers } from './test-sign-in';

const handlers: Omit<HandlerMap<keyof typeof accountApi>, 'account-test-sign-in'> = {
  'account-status': async (_args, ctx) => ctx.account.status(),
  'account-session': async ({ token }, ctx) => {
    ctx.account.session.accept(token);
    return ctx.account.status();
  },
  'account-balance': async (_args, ctx) => ctx.account.balance(),
  'account-packages': async (_args, ctx) => ctx.account.packages(),
  'account-transactions': async (query, ctx) => ctx.account.transactions(query),
  'account-checkout': async ({ packageId }, ctx) => ctx.account.checkout(packageId),
  'account-purchases': async (_args, ctx) => ({ purchases: ctx.account.purchases() }),
  'account-purchase-check': async ({ sessionId }, ctx) => ctx.account.checkPurchase(sessionId),
};

// Test builds only: the bundler drops test-sign-in.ts from a normal build (TEST_SIGN_IN_BUILD is false).
export const accountHandlers = {
  ...handlers,
  ...(TEST_SIGN_IN_BUILD ? testSignInHandlers : {}),
} as HandlerMap<keyof typeof accountApi>;
