/**
 * Who may talk to the web shell. It listens on loopback only, yet any web page the user opens could send
 * requests to it (CSRF) or reach it under another name (DNS rebinding), and other users of the computer can
 * connect too. So: the Host header must name loopback on our port, browser requests must come from our
 * origin, and every call carries a random token (a bearer header; the cookie set from it only authorises
 * reads the browser makes by itself: media elements and the event socket).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'relivchats_session';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Hosts the shell answers to: the loopback address it listens on, or `localhost`, with its port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** The shell's own origins; `Origin: null` (sandboxed frames, file://) is refused. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // not a cross-origin browser request (the token still applies)
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
export function tokensEqual(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  return m?.[1];
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface RequestHeaders {
  host?: string;
  origin?: string;
  authorization?: string;
  cookie?: string;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403 | 421; message: string };

/**
 * Checks one request. `via: 'bearer'` for calls the client makes (the token header is required);
 * `via: 'cookie'` for what the browser fetches on its own (media, the WebSocket), which also accepts the
 * session cookie.
 */
export function checkAccess(
  headers: RequestHeaders,
  options: { token: string; port: number; via: 'bearer' | 'cookie' },
): AccessDecision {
  if (!isAllowedHost(headers.host, options.port)) {
    return { ok: false, status: 421, message: 'This server only answers to 127.0.0.1 and localhost.' };
  }
  if (!isAllowedOrigin(headers.origin, options.port)) {
    return { ok: false, status: 403, message: 'Requests from other sites are refused.' };
  }
  const given =
    bearerToken(headers.authorization) ??
    (options.via === 'cookie' ? cookieValue(headers.cookie, SESSION_COOKIE) : undefined);
  if (!tokensEqual(given, options.token)) {
    return {
      ok: false,
      status: 401,
      message: 'Missing or wrong access token: open the address the web shell printed.',
    };
  }
  return { ok: true };
}

/** The cookie the client gets in exchange for the token (never readable by scripts, never sent cross-site). */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
