/**
 * The credits server's HTTP API: request and response schemas (zod), shared by the server (validation and
 * the OpenAPI document) and the desktop client. No Node or Express imports here.
 *
 * Every error is `{ "error": { "code", "message" } }` with a stable `code` (see ServerErrorCode).
 */
import { z } from 'zod';

/** Client-chosen id that makes a POST safe to retry: same key + same request → same result. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .describe('Client-chosen id of this operation; a retry with the same key returns the same result.');

/** The desktop's hash of a chat: the server never sees chat text. */
export const ChatFingerprint = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,128}$/, '8–128 characters of [A-Za-z0-9_-]');

export const Category = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a lower-case slug, e.g. "romantic"');

export const IsoDate = z.iso.datetime();

export const ServerError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ServerError = z.infer<typeof ServerError>;

export type ServerErrorCode =
  | 'invalid-request'
  | 'invalid-signature'
  | 'unauthorized'
  | 'not-found'
  | 'insufficient-coins'
  | 'already-resolved'
  | 'reservation-expired'
  | 'idempotency-key-reused'
  | 'rate-limited'
  | 'budget-exhausted'
  | 'model-not-allowed'
  | 'reservation-required'
  | 'not-configured'
  | 'payload-too-large'
  | 'upstream-error'
  | 'internal';

export const Health = z.object({
  ok: z.literal(true),
  database: z.enum(['pglite', 'postgres']),
  /** The Clerk publishable key the app signs in with (public by design), so users type only the address. */
  clerkPublishableKey: z.string().nullable().optional(),
});

export const Me = z.object({
  userId: z.string(),
  balance: z.int().describe('Coins held, including reserved ones.'),
  reserved: z.int().describe('Coins held by active reservations (unlocks in progress).'),
  available: z.int().describe('balance − reserved: what can be spent now.'),
  debt: z.int().describe('Coins owed after a payment was refunded once its coins were spent.'),
});
export type Me = z.infer<typeof Me>;

export const CoinPackage = z.object({
  id: z.string(),
  coins: z.int(),
  amount: z.int().describe('Price in the currency’s minor unit (cents).'),
  currency: z.string(),
  label: z.string(),
});
export type CoinPackage = z.infer<typeof CoinPackage>;

export const Packages = z.object({
  packages: z.array(CoinPackage),
  unlockPrice: z.int().describe('Coins one category unlock reserves.'),
});
export type Packages = z.infer<typeof Packages>;

export const EntryKind = z.enum([
  'signup_bonus',
  'purchase',
  'reserve',
  'capture',
  'release',
  'refund',
  'grant',
]);
export type EntryKind = z.infer<typeof EntryKind>;

export const Transaction = z.object({
  id: z.string(),
  kind: EntryKind,
  amount: z.int().describe('Change of the balance.'),
  reservedDelta: z.int().describe('Change of the reserved coins.'),
  balanceAfter: z.int(),
  reservedAfter: z.int(),
  reservationId: z.string().nullable(),
  checkoutSessionId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: IsoDate,
});
export type Transaction = z.infer<typeof Transaction>;

export const TransactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z
    .string()
    .regex(/^[0-9]{1,18}$/)
    .optional()
    .describe('The nextCursor of the previous page.'),
});
export const Transactions = z.object({
  transactions: z.array(Transaction),
  nextCursor: z.string().nullable(),
});
export type Transactions = z.infer<typeof Transactions>;

export const UnlockRequest = z.object({
  chatFingerprint: ChatFingerprint,
  category: Category,
  idempotencyKey: IdempotencyKey,
});
export type UnlockRequest = z.infer<typeof UnlockRequest>;

export const UnlockStatus = z.enum(['active', 'settled', 'released', 'expired']);
export const Unlock = z.object({
  id: z.string().describe('The reservation id; send it as `x-reservation-id` to the Gemini proxy.'),
  chatFingerprint: z.string(),
  category: z.string(),
  amount: z.int().describe('Coins reserved.'),
  status: UnlockStatus,
  captured: z.int().describe('Coins captured at settlement; the rest went back.'),
  expiresAt: IsoDate,
  budget: z.object({ calls: z.int(), tokens: z.int(), callsUsed: z.int(), tokensUsed: z.int() }),
});
export type Unlock = z.infer<typeof Unlock>;

export const UnlockIdParams = z.object({ id: z.uuid() });

export const SettleRequest = z
  .object({
    succeeded: z.int().min(0).max(100).describe('Insights that succeeded.'),
    total: z.int().min(1).max(100).describe('Insights attempted.'),
    idempotencyKey: IdempotencyKey,
  })
  .refine((r) => r.succeeded <= r.total, { message: 'succeeded must not exceed total', path: ['succeeded'] });
export type SettleRequest = z.infer<typeof SettleRequest>;

export const ReleaseRequest = z.object({ idempotencyKey: IdempotencyKey });

export const CheckoutRequest = z.object({ packageId: z.string().max(64), idempotencyKey: IdempotencyKey });
export const Checkout = z.object({ sessionId: z.string(), url: z.string() });
export type Checkout = z.infer<typeof Checkout>;

export const CheckoutParams = z.object({ sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/) });
export const PurchaseStatus = z.enum(['pending', 'processing', 'paid', 'failed']);
export const CheckoutStatus = z.object({
  sessionId: z.string(),
  packageId: z.string(),
  coins: z.int(),
  status: PurchaseStatus,
  coinsRefunded: z.int(),
});
export type CheckoutStatus = z.infer<typeof CheckoutStatus>;

/** Header naming the reservation a Gemini proxy call is billed to. */
export const RESERVATION_HEADER = 'x-reservation-id';
