/**
 * Who is signed in, and a fresh session token for every call to the credits server.
 *
 * Clerk lives in the renderer (it needs a browser origin and Clerk's frontend API), and its session tokens
 * live about a minute. The renderer hands the backend its current token (`account-session`) when it signs
 * in, signs out, or is asked. Every server call takes `token()`: the token held if it has
 * at least `renewWithinMs` left, otherwise the backend pushes `account-token-needed` and waits (up to
 * `waitMs`) for the renderer's answer. A long insight job therefore never carries a stale token, and a
 * closed window shows up as a clear `session-expired` instead of a 401 deep inside a job.
 *
 * Tokens are decoded, not verified: the credits server verifies them; the backend only needs `sub` (whose
 * balance to cache) and `exp` (when to ask again). A minter can replace the renderer as the source of
 * tokens (the test-only sign-in uses one).
 */
import type { Emit } from '../context';
import { AppError } from '../errors';

export interface TokenClaims {
  sub: string;
  /** Seconds since epoch. */
  exp: number;
}

export function decodeToken(token: string): TokenClaims {
  const payload = token.split('.')[1];
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  } catch {
    claims = null;
  }
  const c = claims as Partial<TokenClaims> | null;
  if (!c || typeof c.sub !== 'string' || c.sub === '' || typeof c.exp !== 'number') {
    throw new AppError('invalid-session', 'That is not a session token (it needs sub and exp).');
  }
  return { sub: c.sub, exp: c.exp };
}

type Source =
  | { kind: 'none' }
  | { kind: 'renderer'; token: string; claims: TokenClaims }
  | { kind: 'minter'; userId: string; mint: () => Promise<string> };

export interface SessionOptions {
  /** Ask for a new token when the one held expires within this (default 20 s). */
  renewWithinMs?: number;
  /** How long to wait for the renderer's answer (default 10 s). */
  waitMs?: number;
  now?: () => number;
}

export class Session {
  #source: Source = { kind: 'none' };
  readonly #emit: Emit;
  readonly #renewWithinMs: number;
  readonly #waitMs: number;
  readonly #now: () => number;
  readonly #waiting = new Set<(token: string | null) => void>();
  readonly #listeners = new Set<(userId: string | null) => void>();
  /** Signed in when the app last ran: a token is on its way (Clerk restores the session as it loads). */
  #expected = false;

  constructor(emit: Emit, options: SessionOptions = {}) {
    this.#emit = emit;
    this.#renewWithinMs = options.renewWithinMs ?? 20_000;
    this.#waitMs = options.waitMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get userId(): string | null {
    if (this.#source.kind === 'renderer') return this.#source.claims.sub;
    if (this.#source.kind === 'minter') return this.#source.userId;
    return null;
  }

  get signedIn(): boolean {
    return this.#source.kind !== 'none';
  }

  /** Signed in, or expecting the renderer to restore a session (see `expectSession`). */
  get signedInOrExpected(): boolean {
    return this.signedIn || this.#expected;
  }

  /**
   * The user was signed in when the app last ran: until the renderer hands over the restored session (or
   * says there is none), `token()` waits for it instead of failing — so insight jobs resumed at start
   * do not fail for want of a token the page is about to send.
   */
  expectSession(expected: boolean): void {
    this.#expected = expected;
  }

  /** Called with the new user id (null: signed out) whenever who is signed in changes. */
  onChange(listener: (userId: string | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The renderer's current token, or null when it signed out. */
  accept(token: string | null): void {
    const before = this.userId;
    this.#source =
      token === null ? { kind: 'none' } : { kind: 'renderer', token, claims: decodeToken(token) };
    this.#expected = false;
    for (const resolve of this.#waiting) resolve(token);
    this.#waiting.clear();
    this.#changed(before);
  }

  /** Tokens come from `mint` instead of the renderer, for `userId`. */
  useMinter(userId: string, mint: () => Promise<string>): void {
    const before = this.userId;
    this.#source = { kind: 'minter', userId, mint };
    this.#changed(before);
  }

  #changed(before: string | null): void {
    if (this.userId === before) return;
    for (const listener of this.#listeners) listener(this.userId);
  }

  /** A token for the next call: valid for a while yet, or `force`d new (the server refused the last one). */
  async token(options: { force?: boolean } = {}): Promise<string> {
    const source = this.#source;
    if (source.kind === 'none') {
      const restored = this.#expected ? await this.#ask('expiring') : null;
      if (restored) return restored;
      throw new AppError('not-signed-in', 'Sign in (Account page) to use coins.');
    }
    if (source.kind === 'minter') return source.mint();
    const left = source.claims.exp * 1000 - this.#now();
    if (!options.force && left > this.#renewWithinMs) return source.token;
    const fresh = await this.#ask(options.force ? 'rejected' : 'expiring');
    if (fresh === null) {
      throw new AppError('not-signed-in', 'You signed out: sign in again to use coins.');
    }
    if (fresh !== undefined && (fresh !== source.token || !options.force)) return fresh;
    if (!options.force && left > 2000) return source.token; // no answer, but the old one still works
    throw new AppError(
      'session-expired',
      'Your sign-in could not be renewed: open RelivChats (the Account page) and try again.',
    );
  }

  /** Asks the renderer for a token; undefined when it does not answer in time. */
  #ask(reason: 'expiring' | 'rejected'): Promise<string | null | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(answer);
        resolve(undefined);
      }, this.#waitMs);
      const answer = (token: string | null) => {
        clearTimeout(timer);
        resolve(token);
      };
      this.#waiting.add(answer);
      this.#emit('account-token-needed', { reason });
    });
  }
}
