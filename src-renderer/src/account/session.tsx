/**
 * Who is signed in, for every page. Clerk (clerk-js, loaded only when a publishable key is configured)
 * holds the session in the page; the backend makes every credits-server call and gets the session token
 * from here: after signing in or out (Clerk's listener), and whenever it asks for a fresh one
 * ('account-token-needed'). Without Clerk — not configured, offline, or Clerk's servers unreachable —
 * the app simply stays signed out; statistics and own-key insights do not need an account.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Clerk } from '@clerk/clerk-js';
import type { AccountStatus, Balance } from '../../../src-shared/api/account';
import { call, useApiEvent } from '../lib/api';

export type ClerkState =
  | { state: 'off' }
  | { state: 'loading' }
  | { state: 'ready'; clerk: Clerk }
  | { state: 'unavailable'; message: string };

export interface Account {
  status: AccountStatus | null;
  clerk: ClerkState;
  /** The signed-in person as Clerk knows them (email), when signed in with Clerk. */
  email: string | null;
  /** The last balance the backend reported (live or offline), for the sidebar and the unlock panel. */
  balance: Balance | null;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const AccountContext = createContext<Account | null>(null);

export function useAccount(): Account {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount outside AccountProvider');
  return account;
}

async function pushToken(clerk: Clerk | null, skipCache = false): Promise<void> {
  const token = clerk?.session ? await clerk.session.getToken({ skipCache }).catch(() => null) : null;
  await call('account-session', { token }).catch(() => undefined);
}

export function AccountProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AccountStatus | null>(null);
  // Clerk's state for the publishable key it was loaded with (another key starts over, 'loading').
  const [loaded, setLoaded] = useState<{ key: string; state: ClerkState } | null>(null);
  const [email, setEmail] = useState<string | null>(null);
  const [balance, setBalance] = useState<Balance | null>(null);
  const clerkRef = useRef<Clerk | null>(null);

  const refresh = useCallback(async () => {
    const next = await call('account-status', {}).catch(() => null);
    setStatus(next);
    setBalance(next?.signedIn ? await call('account-balance', {}).catch(() => null) : null);
  }, []);

  useEffect(() => {
    let live = true;
    void call('account-status', {})
      .catch(() => null)
      .then(async (next) => {
        const known = next?.signedIn ? await call('account-balance', {}).catch(() => null) : null;
        if (!live) return;
        setStatus(next);
        setBalance(known);
      });
    return () => {
      live = false;
    };
  }, []);

  useApiEvent('account-changed', (event) => {
    if (event.balance) setBalance(event.balance);
    if (event.reason !== 'balance') void refresh();
  });
  // Coins move when an unlock reserves (its contexts are built next) and when it is settled.
  useApiEvent('insight-progress', (event) => {
    if (!status?.signedIn || (event.phase !== 'context' && event.phase !== 'finished')) return;
    void call('account-balance', {}).then(setBalance, () => undefined);
  });
  useApiEvent('account-token-needed', (event) => {
    void pushToken(clerkRef.current, event.reason === 'rejected');
  });

  // Clerk, once per publishable key.
  const publishableKey = status?.publishableKey ?? null;
  const clerk = useMemo<ClerkState>(
    () =>
      !publishableKey
        ? { state: 'off' }
        : loaded?.key === publishableKey
          ? loaded.state
          : { state: 'loading' },
    [publishableKey, loaded],
  );
  useEffect(() => {
    if (!publishableKey) return;
    let cancelled = false;
    let unsubscribe = () => {};
    const setClerk = (state: ClerkState) => setLoaded({ key: publishableKey, state });
    void (async () => {
      try {
        // Without remotely hosted code: the app's CSP allows scripts from itself only.
        const { Clerk: ClerkClass } = await import('@clerk/clerk-js/no-rhc');
        const instance = new ClerkClass(publishableKey);
        await instance.load({ telemetry: false });
        if (cancelled) return;
        clerkRef.current = instance;
        setClerk({ state: 'ready', clerk: instance });
        // Only changes are handed over: Clerk reporting "no session" as it loads must not sign out a
        // session the backend already holds (it asks with 'account-token-needed' when it needs one).
        let lastSession: string | null = null;
        unsubscribe = instance.addListener(({ session, user }) => {
          setEmail(user?.primaryEmailAddress?.emailAddress ?? null);
          const id = session?.id ?? null;
          if (id === lastSession) return;
          lastSession = id;
          void pushToken(instance);
        });
      } catch (error) {
        if (!cancelled) {
          setClerk({
            state: 'unavailable',
            message: `Signing in is unavailable right now (${error instanceof Error ? error.message : String(error)}).`,
          });
        }
      }
    })();
    return () => {
      cancelled = true;
      unsubscribe();
      clerkRef.current = null;
    };
  }, [publishableKey]);

  const signOut = useCallback(async () => {
    const instance = clerkRef.current;
    if (instance?.session) await instance.signOut();
    await call('account-session', { token: null }).catch(() => undefined);
    setEmail(null);
    await refresh();
  }, [refresh]);

  const value = useMemo<Account>(
    () => ({ status, clerk, email, balance, refresh, signOut }),
    [status, clerk, email, balance, refresh, signOut],
  );
  return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
}
