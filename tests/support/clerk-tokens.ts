/**
 * Clerk-style session tokens signed by a test key, for tests that talk to the credits server (and the
 * desktop ↔ server end-to-end test). A Clerk session token is an RS256 JWT with sub (the user id), sid
 * (the session), azp (the origin that minted it), iat, nbf and exp; the server verifies it offline with the
 * instance's PEM public key (CLERK_JWT_KEY), exactly as it verifies Clerk's real tokens.
 *
 *   const clerk = createClerkTestKeys();
 *   spawn server with { ...clerk.env() };   fetch(url, { headers: clerk.headers('user_1') })
 *
 * A token from another `createClerkTestKeys()` is a forgery as far as this one's server is concerned.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

export interface TokenOptions {
  sessionId?: string;
  /** The origin the token claims to come from (azp); default the keys' authorised party. */
  azp?: string | null;
  /** Lifetime from now in seconds (negative = already expired); default 60, like Clerk. */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid; default -5 (clock skew). */
  notBefore?: number;
  /** Extra claims. */
  claims?: Record<string, unknown>;
}

export interface ClerkTestKeys {
  /** CLERK_JWT_KEY: the PEM public key. */
  jwtKey: string;
  /** CLERK_PUBLISHABLE_KEY of a made-up development instance (never contacted). */
  publishableKey: string;
  /** CLERK_SECRET_KEY placeholder: networkless verification does not use it, the middleware wants one. */
  secretKey: string;
  authorizedParty: string;
  token(userId: string, options?: TokenOptions): string;
  /** `{ authorization: 'Bearer …' }` for fetch. */
  headers(userId: string, options?: TokenOptions): Record<string, string>;
  /** The CLERK_* environment variables for a server process that trusts these keys. */
  env(): Record<string, string>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(privateKey: KeyObject, payload: Record<string, unknown>, kid = 'ins_test'): string {
  const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

export function createClerkTestKeys(options: { authorizedParty?: string } = {}): ClerkTestKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwtKey = publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
  const frontendApi = 'clerk.relivchats.test';
  const authorizedParty = options.authorizedParty ?? 'http://localhost:5173';
  const keys: ClerkTestKeys = {
    jwtKey,
    publishableKey: `pk_test_${Buffer.from(`${frontendApi}$`).toString('base64')}`,
    secretKey: `sk_test_${randomBytes(16).toString('hex')}`,
    authorizedParty,
    token(userId, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const azp = o.azp === undefined ? authorizedParty : o.azp;
      return signJwt(privateKey, {
        iss: `https://${frontendApi}`,
        sub: userId,
        sid: o.sessionId ?? `sess_${userId}`,
        ...(azp === null ? {} : { azp }),
        iat: now,
        nbf: now + (o.notBefore ?? -5),
        exp: now + (o.expiresIn ?? 60),
        v: 2,
        ...o.claims,
      });
    },
    headers: (userId, o) => ({ authorization: `Bearer ${keys.token(userId, o)}` }),
    env: () => ({
      CLERK_JWT_KEY: jwtKey,
      CLERK_PUBLISHABLE_KEY: keys.publishableKey,
      CLERK_SECRET_KEY: keys.secretKey,
      CLERK_AUTHORIZED_PARTIES: authorizedParty,
      CLERK_TELEMETRY_DISABLED: '1',
    }),
  };
  return keys;
}
