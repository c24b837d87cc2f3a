/**
 * Who is calling: a Clerk session token as `Authorization: Bearer …`, verified offline with the instance's
 * public key (no call to Clerk), its azp checked against the authorised parties. Anything else — no token,
 * an expired one, a forged one — is a JSON 401, never a redirect. Cookies are ignored: this is an API for
 * the desktop app, and without them the middleware can never start Clerk's browser handshake.
 *
 * A verified token is remembered (by its exact text) until it expires: clients reuse one session token
 * for about a minute, and verifying it again each request was the costliest part of a cheap request.
 */
import { clerkMiddleware, getAuth } from '@clerk/express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ClerkConfig } from '../config';
import { sendError } from './errors';

export function authenticate(
  clerk: ClerkConfig | null,
  /** Called with each authenticated user before the route runs (creates the account on first sight). */
  onUser: (userId: string) => Promise<void>,
): RequestHandler[] {
  if (!clerk) {
    return [
      (_req, res) =>
        sendError(
          res,
          503,
          'not-configured',
          'Sign-in is not configured on this server (CLERK_JWT_KEY is not set).',
        ),
    ];
  }
  process.env.CLERK_TELEMETRY_DISABLED ??= '1';
  const verify = clerkMiddleware({
    jwtKey: clerk.jwtKey,
    publishableKey: clerk.publishableKey,
    secretKey: clerk.secretKey,
    authorizedParties: clerk.authorizedParties,
  });
  const verified = new VerifiedTokens();
  return [
    (req: Request, res: Response, next: NextFunction) => {
      delete req.headers.cookie;
      const userId = verified.get(bearerToken(req));
      if (userId) {
        res.locals.userId = userId;
        return next();
      }
      verify(req, res, next);
    },
    async (req: Request, res: Response, next: NextFunction) => {
      if (typeof res.locals.userId !== 'string') {
        const auth = getAuth(req);
        if (!auth.userId) return sendError(res, 401, 'unauthorized', whyUnauthorized(req, auth));
        res.locals.userId = auth.userId;
        verified.add(bearerToken(req), auth.userId, (auth.sessionClaims as { exp?: unknown } | null)?.exp);
      }
      await onUser(res.locals.userId as string);
      next();
    },
  ];
}

const bearerToken = (req: Request): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

/** Tokens already verified, until their `exp`; bounded (oldest forgotten first). */
class VerifiedTokens {
  private readonly tokens = new Map<string, { userId: string; expiresAtMs: number }>();

  get(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const hit = this.tokens.get(token);
    if (!hit) return undefined;
    if (hit.expiresAtMs > Date.now()) return hit.userId;
    this.tokens.delete(token);
    return undefined;
  }

  add(token: string | undefined, userId: string, exp: unknown): void {
    if (!token || typeof exp !== 'number') return;
    if (this.tokens.size >= 10_000) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, { userId, expiresAtMs: exp * 1000 });
  }
}

function whyUnauthorized(req: Request, auth: object): string {
  if (!/^Bearer\s+\S/i.test(req.headers.authorization ?? ''))
    return 'Sign in first: send the Clerk session token as "Authorization: Bearer <token>".';
  // Clerk's debug state names the reason (never the token: we only read its message).
  const debug = (auth as { debug?: () => { message?: unknown } }).debug?.();
  if (typeof debug?.message === 'string' && debug.message.includes('reason=token-expired'))
    return 'The session token has expired: get a fresh one and retry.';
  return 'The session token is not valid.';
}

/** The authenticated user of this request (set by `authenticate`). */
export function userIdOf(res: Response): string {
  const userId = res.locals.userId as unknown;
  if (typeof userId !== 'string') throw new Error('route needs authentication');
  return userId;
}
