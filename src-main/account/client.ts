/**
 * The credits server's HTTP API as the desktop calls it: a fresh session token on every request, answers
 * checked against the shared schemas (src-shared/server-api.ts), the server's error codes passed on as
 * AppErrors, and an unreachable server told apart (`server-unreachable`) so callers can fall back to what
 * they know. A 401 gets one retry with a token the renderer renews on purpose.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  Checkout,
  CheckoutStatus,
  Health,
  Me,
  Packages,
  ServerError,
  Transactions,
} from '../../src-shared/server-api';
import { AppError } from '../errors';

export interface CreditsClientOptions {
  /** The server's address, e.g. `https://credits.example.com`. */
  url: string;
  /** A token for the next request; `force` when the server refused the previous one. */
  token?: (options?: { force?: boolean }) => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class CreditsClient {
  readonly url: string;
  readonly #o: CreditsClientOptions;

  constructor(options: CreditsClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#o = options;
  }

  health(): Promise<z.infer<typeof Health>> {
    return this.#request('GET', '/health', Health, { auth: false });
  }

  me(): Promise<Me> {
    return this.#request('GET', '/api/me', Me);
  }

  packages(): Promise<Packages> {
    return this.#request('GET', '/api/credits/packages', Packages);
  }

  transactions(query: { limit: number; before?: string | undefined }): Promise<Transactions> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.before) params.set('before', query.before);
    return this.#request('GET', `/api/credits/transactions?${params}`, Transactions);
  }

  checkout(packageId: string, idempotencyKey = `checkout-${randomUUID()}`): Promise<Checkout> {
    return this.#request('POST', '/api/payments/checkout', Checkout, { body: { packageId, idempotencyKey } });
  }

  checkoutStatus(sessionId: string): Promise<CheckoutStatus> {
    return this.#request('GET', `/api/payments/checkout/${encodeURIComponent(sessionId)}`, CheckoutStatus);
  }

  async #request<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    options: { body?: unknown; auth?: boolean } = {},
  ): Promise<T> {
    const auth = options.auth ?? true;
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (auth) {
        if (!this.#o.token) throw new AppError('not-signed-in', 'Sign in (Account page) to use coins.');
        headers.authorization = `Bearer ${await this.#o.token({ force: attempt > 1 })}`;
      }
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await (this.#o.fetch ?? fetch)(`${this.url}${path}`, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          signal: AbortSignal.timeout(this.#o.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new AppError(
          'server-unreachable',
          `The credits server at ${this.url} cannot be reached (${error instanceof Error ? error.message : String(error)}).`,
        );
      }
      const payload: unknown = await response.json().catch(() => undefined);
      if (response.ok) {
        const parsed = schema.safeParse(payload);
        if (parsed.success) return parsed.data;
        throw new AppError(
          'server-bad-response',
          `The credits server at ${this.url} sent an answer this app does not understand.`,
        );
      }
      if (response.status === 401 && auth && attempt === 1) continue;
      const error = ServerError.safeParse(payload);
      if (error.success) throw new AppError(error.data.error.code, error.data.error.message);
      // Not the credits server's error shape: a proxy, a gateway, or another program on that port.
      throw new AppError(
        response.status >= 500 ? 'server-unreachable' : 'server-error',
        `The credits server at ${this.url} answered HTTP ${response.status}.`,
      );
    }
  }
}
