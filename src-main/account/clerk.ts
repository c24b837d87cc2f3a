/**
 * What the app's pages need to reach for signing in: Clerk's frontend API, whose host is written in the
 * publishable key (`pk_test_` / `pk_live_` + base64 of `<host>$`). The doors add it to the pages' CSP
 * (connect-src) so clerk-js can talk to it and nothing else can be reached.
 */
import type { AppContext } from '../context';

/** `https://<frontend API host>` of a publishable key, or null when it is not one. */
export function clerkFrontendApiOrigin(publishableKey: string | null | undefined): string | null {
  const m = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const host = decoded.endsWith('$') ? decoded.slice(0, -1) : '';
  // A hostname, nothing that could widen the policy (no spaces, wildcards, schemes or paths).
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host) ? `https://${host}` : null;
}

/** The CSP connect-src entries sign-in needs right now (none when no publishable key is configured). */
export function accountConnectSources(ctx: Pick<AppContext, 'account'> | null): string[] {
  const origin = clerkFrontendApiOrigin(ctx?.account.server.publishableKey());
  return origin ? [origin] : [];
}
