/**
 * Account and coins: the desktop's side of the credits server. The renderer signs in with Clerk and hands
 * the backend its session tokens (`account-session`); every call to the server is made by the backend with
 * a fresh one, asking the renderer for another (`account-token-needed`) when the one it holds is about to
 * expire. Signed out, nothing here is needed: statistics and own-key insights work without it.
 */
import { z } from 'zod';
import type { CheckoutStatus, Me, Packages, Transactions } from '../server-api';
import { endpoint, returns } from './endpoint';

export type { CoinPackage, Me, Packages, Transaction, Transactions } from '../server-api';

declare global {
  /**
   * Build-time switch (electron.vite.config.ts `define`, from RELIVCHATS_BUILD_TEST_SIGN_IN=1) for the
   * test-only sign-in. Undefined when sources run unbundled (tsx, vitest): off.
   */
  const __RELIVCHATS_TEST_SIGN_IN__: boolean | undefined;
}

/**
 * Whether this build carries the test-only sign-in. A constant the bundler folds: in a normal build every
 * branch behind it, and the modules only those branches import, are left out of the output.
 */
export const TEST_SIGN_IN_BUILD: boolean =
  typeof __RELIVCHATS_TEST_SIGN_IN__ !== 'undefined' && __RELIVCHATS_TEST_SIGN_IN__ === true;

export interface AccountStatus {
  /** The credits server in use; null when none is configured (coins unavailable, all else works). */
  serverUrl: string | null;
  /** Clerk's publishable key (public) for signing in; null when none is configured. */
  publishableKey: string | null;
  signedIn: boolean;
  /** Clerk's user id (the token's `sub`). */
  userId: string | null;
}

/** The balance, live or — when the server cannot be reached — the last one seen, as of `asOf`. */
export interface Balance extends Me {
  /** When the server said so (ms since epoch). */
  asOf: number;
  /** True when this is the last known balance, not a fresh one. */
  offline: boolean;
  /** Why the server could not be asked, when offline. */
  offlineReason: string | null;
}

export type PurchaseState = CheckoutStatus['status'];

/** A Stripe Checkout opened from this app, until it is paid or failed (or given up on). */
export interface Purchase {
  sessionId: string;
  /** Stripe Checkout's address, to open again. */
  url: string;
  packageId: string;
  coins: number;
  status: PurchaseState;
  startedAt: number;
  checkedAt: number | null;
}

/** A session token as Clerk issues it (a JWT); checked by the credits server, only decoded here. */
const SessionToken = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'a session token (JWT)');

const baseApi = {
  'account-status': endpoint(z.object({}), returns<AccountStatus>()),
  /**
   * The renderer's Clerk session: its current token after signing in, after a refresh and whenever the
   * backend asks (`account-token-needed`); null after signing out.
   */
  'account-session': endpoint(z.object({ token: SessionToken.nullable() }), returns<AccountStatus>()),
  /** Available and reserved coins; the last known balance (marked offline) when the server is unreachable. */
  'account-balance': endpoint(z.object({}), returns<Balance>()),
  'account-packages': endpoint(z.object({}), returns<Packages>()),
  /** Ledger entries, newest first; pass `nextCursor` as `before` for the next page. */
  'account-transactions': endpoint(
    z.object({
      limit: z.number().int().min(1).max(100).default(20),
      before: z
        .string()
        .regex(/^[0-9]{1,18}$/)
        .optional(),
    }),
    returns<Transactions>(),
  ),
  /**
   * Starts buying a package: a Stripe Checkout address for the system browser. The backend then asks the
   * server about it every few seconds until it is paid or failed ('account-changed' tells the UI).
   */
  'account-checkout': endpoint(z.object({ packageId: z.string().min(1).max(64) }), returns<Purchase>()),
  /** Purchases opened from this app that are still open, and the last finished ones. */
  'account-purchases': endpoint(z.object({}), returns<{ purchases: Purchase[] }>()),
  /** Asks the server about one purchase now (fulfils it if Stripe says it is paid). */
  'account-purchase-check': endpoint(
    z.object({ sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/) }),
    returns<Purchase>(),
  ),
};

/** Test builds only (see TEST_SIGN_IN_BUILD): sign in as `userId` with tokens from the test's signer. */
const testSignInApi = {
  'account-test-sign-in': endpoint(
    z.object({ userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
    returns<AccountStatus>(),
  ),
};

// Typed with the test endpoint so test code type-checks; a normal build has no such request at run time
// (dispatch answers 'unknown-request') and no trace of it in its output.
export const accountApi = {
  ...baseApi,
  ...(TEST_SIGN_IN_BUILD ? testSignInApi : {}),
} as typeof baseApi & typeof testSignInApi;

export interface AccountEvents {
  /** Sign-in, sign-out, a new balance or a purchase that changed state: the UI reloads what it shows. */
  'account-changed': {
    reason: 'session' | 'balance' | 'purchase' | 'settings';
    balance?: Balance;
    purchase?: Purchase;
  };
  /** The backend needs a fresh session token: the renderer answers with `account-session`. */
  'account-token-needed': { reason: 'expiring' | 'rejected' };
}
