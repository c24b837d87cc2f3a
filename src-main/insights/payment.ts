/**
 * Paying for an unlock. With the user's own Gemini key nothing is charged. With coins, the credits server
 * reserves the category's price before anything is generated, and each run is settled once: the share of
 * the six insights that succeeded in that run is captured, the rest released. A retry of failed insights is
 * a new run with its own reservation, settled for its new successes only, so no insight is paid twice
 * (captured = floor(price × succeeded / 6) per run, never more than the price in total).
 */
import { createHash } from 'node:crypto';
import { ServerError, Unlock, type SettleRequest, type UnlockRequest } from '../../src-shared/server-api';
import type { PaymentMode } from '../../src-shared/insights/types';
import type { Library } from '../db/open';
import { AppError } from '../errors';

export interface Reservation {
  id: string;
  amount: number;
}

export interface SettleOutcome {
  captured: number;
  released: number;
}

export interface Payment {
  readonly mode: PaymentMode;
  /** Reserves the category's price; null when nothing is charged (own key). */
  reserve(input: UnlockRequest): Promise<Reservation | null>;
  /** Captures the share of `total` that succeeded and releases the rest. */
  settle(reservationId: string, input: SettleRequest): Promise<SettleOutcome>;
  /** Releases everything (nothing was generated). */
  release(reservationId: string, idempotencyKey: string): Promise<SettleOutcome>;
}

export const ownKeyPayment: Payment = {
  mode: 'own-key',
  reserve: async () => null,
  settle: async () => ({ captured: 0, released: 0 }),
  release: async () => ({ captured: 0, released: 0 }),
};

export interface CreditsServer {
  /** e.g. `https://credits.example.com` (no trailing slash needed). */
  url: string;
  /** A fresh session token (Bearer) for each call. */
  token(): Promise<string>;
}

/** Network trouble and 5xx are retried with the same idempotency key (the server makes that safe). */
const ATTEMPTS = 3;

export function creditsPayment(server: CreditsServer, fetchImpl: typeof fetch = fetch): Payment {
  const call = async (path: string, body: unknown): Promise<Unlock> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      let response: Response;
      try {
        response = await fetchImpl(new URL(path, `${server.url.replace(/\/+$/, '')}/`), {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await server.token()}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
        continue;
      }
      const payload: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const unlock = Unlock.safeParse(payload);
        if (!unlock.success)
          throw new AppError(
            'server-bad-response',
            'The credits server sent an answer this app does not understand.',
          );
        return unlock.data;
      }
      const error = ServerError.safeParse(payload);
      if (response.status >= 500 && attempt < ATTEMPTS) {
        lastError = error.success ? error.data.error.message : `HTTP ${response.status}`;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
        continue;
      }
      throw new AppError(
        error.success ? error.data.error.code : 'server-error',
        error.success ? error.data.error.message : `The credits server answered HTTP ${response.status}.`,
      );
    }
    throw new AppError(
      'server-unreachable',
      `The credits server at ${server.url} could not be reached (${lastError instanceof Error ? lastError.message : String(lastError)}).`,
    );
  };
  const outcome = (u: Unlock): SettleOutcome => ({ captured: u.captured, released: u.amount - u.captured });
  return {
    mode: 'credits',
    async reserve(input) {
      const unlock = await call('api/unlocks', input);
      return { id: unlock.id, amount: unlock.amount };
    },
    async settle(reservationId, input) {
      return outcome(await call(`api/unlocks/${encodeURIComponent(reservationId)}/settle`, input));
    },
    async release(reservationId, idempotencyKey) {
      return outcome(
        await call(`api/unlocks/${encodeURIComponent(reservationId)}/release`, { idempotencyKey }),
      );
    },
  };
}

/**
 * What the server knows a chat by: a hash of facts that identify it locally (never its text), stable across
 * re-imports of newer exports (first message time, participants).
 */
export function chatFingerprint(library: Library, chatId: number): string {
  const chat = library.sqlite
    .prepare(
      `SELECT c.first_ts AS firstTs, (SELECT group_concat(name, '\u0001') FROM (SELECT name FROM participants WHERE chat_id = c.id ORDER BY name)) AS names
       FROM chats c WHERE c.id = ?`,
    )
    .get(chatId) as { firstTs: number | null; names: string | null } | undefined;
  if (!chat) throw new AppError('chat-not-found', `There is no chat ${chatId} in the library.`);
  return createHash('sha256')
    .update(`relivchats-chat\u0000${chat.firstTs ?? ''}\u0000${chat.names ?? ''}`)
    .digest('base64url');
}
