/**
 * The server's own price table. Clients name a package or a category; what it costs is decided here and
 * nowhere else.
 */
import type { CoinPackage } from '../../src-shared/server-api';

/** A category unlock: six insights. */
export const UNLOCK_PRICE = 400;

/**
 * What one unlock may spend at Gemini through the proxy: six generations with retries (tens of calls, about
 * 100k tokens) plus embedding the chat once — a conversation chunk holds about ten messages and a call
 * embeds 100 chunks, so 1,500 calls and 20M tokens cover a chat of about a million messages (measured:
 * 109 calls for 100k messages, bench/vector.ts). Embeddings are cached on the desktop: a chat is embedded
 * once whatever it unlocks later. Both limits are settings (UNLOCK_BUDGET_CALLS, UNLOCK_BUDGET_TOKENS).
 */
export const UNLOCK_BUDGET = { calls: 1_500, tokens: 20_000_000 } as const;

/** A reservation not settled or released by then is released. */
export const RESERVATION_TTL_MS = 30 * 60 * 1000;

export const SIGNUP_BONUS = 50;

export const PACKAGES: readonly CoinPackage[] = [
  { id: 'coins-500', coins: 500, amount: 499, currency: 'usd', label: '500 coins' },
  { id: 'coins-1200', coins: 1200, amount: 999, currency: 'usd', label: '1,200 coins' },
  { id: 'coins-3000', coins: 3000, amount: 1999, currency: 'usd', label: '3,000 coins' },
];

export function findPackage(id: string): CoinPackage | undefined {
  return PACKAGES.find((p) => p.id === id);
}
