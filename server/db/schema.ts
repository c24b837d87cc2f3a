/**
 * The ledger's tables (drizzle pg-core; `npm run db:generate:server` writes migrations/server). The same
 * SQL runs on PGlite and PostgreSQL 15+.
 *
 * Money rules live in constraints, so a bug in the code fails a statement instead of corrupting a balance:
 * available (balance − reserved) never negative, at most one reserve/capture/release entry per
 * reservation, at most one purchase entry per checkout session, entries append-only (a trigger, see the
 * custom migration).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accounts = pgTable(
  'accounts',
  {
    userId: text('user_id').primaryKey(),
    balance: integer('balance').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    /** Coins a refunded payment took back that had already been spent; repaid from the next coins. */
    debt: integer('debt').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('accounts_reserved_nonnegative', sql`${t.reserved} >= 0`),
    check('accounts_available_nonnegative', sql`${t.balance} - ${t.reserved} >= 0`),
    check('accounts_debt_nonnegative', sql`${t.debt} >= 0`),
  ],
);

export const RESERVATION_STATUSES = ['active', 'settled', 'released', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const reservations = pgTable(
  'reservations',
  {
    id: uuid('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => accounts.userId),
    chatFingerprint: text('chat_fingerprint').notNull(),
    category: text('category').notNull(),
    amount: integer('amount').notNull(),
    status: text('status').$type<ReservationStatus>().notNull().default('active'),
    captured: integer('captured').notNull().default(0),
    succeeded: integer('succeeded'),
    total: integer('total'),
    maxCalls: integer('max_calls').notNull(),
    maxTokens: integer('max_tokens').notNull(),
    callsUsed: integer('calls_used').notNull().default(0),
    tokensUsed: integer('tokens_used').notNull().default(0),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    resolvedAt: at('resolved_at'),
  },
  (t) => [
    check('reservations_amount_positive', sql`${t.amount} > 0`),
    check('reservations_captured_range', sql`${t.captured} >= 0 AND ${t.captured} <= ${t.amount}`),
    check('reservations_status_known', sql`${t.status} IN ('active', 'settled', 'released', 'expired')`),
    check('reservations_resolved_iff_not_active', sql`(${t.status} = 'active') = (${t.resolvedAt} IS NULL)`),
    check('reservations_captured_only_when_settled', sql`${t.status} = 'settled' OR ${t.captured} = 0`),
    check('reservations_usage_nonnegative', sql`${t.callsUsed} >= 0 AND ${t.tokensUsed} >= 0`),
    index('reservations_user_created').on(t.userId, t.createdAt),
    index('reservations_active_expiry')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'active'`),
  ],
);

export const PURCHASE_STATUSES = ['pending', 'processing', 'paid', 'failed'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

/** One Stripe Checkout Session: created pending, paid at most once, refunded (partly) any number of times. */
export const purchases = pgTable(
  'purchases',
  {
    checkoutSessionId: text('checkout_session_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => accounts.userId),
    packageId: text('package_id').notNull(),
    coins: integer('coins').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<PurchaseStatus>().notNull().default('pending'),
    paymentIntentId: text('payment_intent_id'),
    /** Coins taken back by refunds so far (from the balance, or added to the debt). */
    coinsRefunded: integer('coins_refunded').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
    paidAt: at('paid_at'),
  },
  (t) => [
    check('purchases_status_known', sql`${t.status} IN ('pending', 'processing', 'paid', 'failed')`),
    check('purchases_refund_range', sql`${t.coinsRefunded} >= 0 AND ${t.coinsRefunded} <= ${t.coins}`),
    check('purchases_refund_only_when_paid', sql`${t.status} = 'paid' OR ${t.coinsRefunded} = 0`),
    uniqueIndex('purchases_payment_intent').on(t.paymentIntentId),
    index('purchases_user').on(t.userId),
  ],
);

/**
 * The largest refunded amount Stripe reported per payment, kept even before the purchase it belongs to is
 * known (a `charge.refunded` can arrive before `checkout.session.completed`).
 */
export const chargeRefunds = pgTable('charge_refunds', {
  paymentIntentId: text('payment_intent_id').primaryKey(),
  amount: integer('amount').notNull(),
  amountRefunded: integer('amount_refunded').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const ENTRY_KINDS = [
  'signup_bonus',
  'purchase',
  'reserve',
  'capture',
  'release',
  'refund',
  'grant',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * Append-only: one row per change of an account. `amount` changes the balance, `reserved_delta` the
 * reserved coins; `balance_after`/`reserved_after` are the account right after. The balance is the sum of
 * `amount`, the reserved coins the sum of `reserved_delta`.
 */
export const entries = pgTable(
  'entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => accounts.userId),
    kind: text('kind').$type<EntryKind>().notNull(),
    amount: integer('amount').notNull(),
    reservedDelta: integer('reserved_delta').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    reservedAfter: integer('reserved_after').notNull(),
    reservationId: uuid('reservation_id').references(() => reservations.id),
    checkoutSessionId: text('checkout_session_id').references(() => purchases.checkoutSessionId),
    note: text('note'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'entries_kind_known',
      sql`${t.kind} IN ('signup_bonus', 'purchase', 'reserve', 'capture', 'release', 'refund', 'grant')`,
    ),
    check(
      'entries_after_valid',
      sql`${t.reservedAfter} >= 0 AND ${t.balanceAfter} - ${t.reservedAfter} >= 0`,
    ),
    check(
      'entries_shape',
      sql`CASE ${t.kind}
        WHEN 'reserve' THEN ${t.amount} = 0 AND ${t.reservedDelta} > 0 AND ${t.reservationId} IS NOT NULL
        WHEN 'capture' THEN ${t.amount} < 0 AND ${t.reservedDelta} = ${t.amount} AND ${t.reservationId} IS NOT NULL
        WHEN 'release' THEN ${t.amount} = 0 AND ${t.reservedDelta} < 0 AND ${t.reservationId} IS NOT NULL
        WHEN 'purchase' THEN ${t.amount} > 0 AND ${t.reservedDelta} = 0 AND ${t.checkoutSessionId} IS NOT NULL
        WHEN 'refund' THEN ${t.amount} < 0 AND ${t.reservedDelta} = 0
        WHEN 'signup_bonus' THEN ${t.amount} > 0 AND ${t.reservedDelta} = 0
        ELSE ${t.amount} <> 0 AND ${t.reservedDelta} = 0
      END`,
    ),
    index('entries_user_id').on(t.userId, t.id),
    uniqueIndex('entries_one_per_reservation_kind')
      .on(t.reservationId, t.kind)
      .where(sql`${t.reservationId} IS NOT NULL`),
    uniqueIndex('entries_one_purchase_per_session')
      .on(t.checkoutSessionId)
      .where(sql`${t.kind} = 'purchase'`),
    uniqueIndex('entries_one_signup_bonus')
      .on(t.userId)
      .where(sql`${t.kind} = 'signup_bonus'`),
  ],
);

/** Stripe events already applied, recorded in the same transaction as their effect. */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: at('received_at').notNull().defaultNow(),
});

/** The result of every operation done under a client-chosen key, stored with the operation itself. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    requestHash: text('request_hash').notNull(),
    result: jsonb('result').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
