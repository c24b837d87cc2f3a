/**
 * What a Stripe payment does to the ledger, inside the caller's transaction (the webhook's, which also
 * records the event id — or the status endpoint's):
 *
 * - A paid Checkout Session credits its package's coins once: the purchase row goes pending → paid under
 *   the account's row lock, and a unique index allows one purchase entry per session.
 * - A refund takes back the refunded share of the coins. Refund events carry the cumulative refunded
 *   amount, so applying them is idempotent and order-free: the coins to take back are computed from the
 *   largest amount seen, minus what was taken already. Coins already spent cannot be taken (available
 *   never goes negative): the rest becomes a debt on the account, repaid from the next coins that arrive.
 *   A refund reported before its purchase is known is kept and applied when the purchase is paid.
 *
 * Everything about one payment intent is serialised by a transaction-scoped advisory lock, taken before
 * the account's row lock (the lock order everywhere: payment, account, purchase).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/open';
import { chargeRefunds, purchases } from '../db/schema';
import { type LockedAccount, lockAccount } from '../ledger/account';
import { findPackage } from '../ledger/prices';

/** The fields of a Stripe Checkout Session this code reads. */
export interface SessionLike {
  id: string;
  status: string | null;
  payment_status: string;
  amount_total: number | null;
  currency: string | null;
  metadata: Record<string, string> | null;
  payment_intent: string | { id: string } | null;
}

/** The fields of a Stripe Charge this code reads. */
export interface ChargeLike {
  payment_intent: string | { id: string } | null;
  amount: number;
  amount_refunded: number;
}

export type FulfilmentOutcome =
  | 'credited'
  | 'already-credited'
  | 'awaiting-payment'
  | 'failed'
  | 'amount-mismatch'
  | 'not-ours'
  | 'refunded'
  | 'refund-recorded'
  | 'refund-already-applied';

const idOf = (v: string | { id: string } | null): string | null =>
  typeof v === 'string' ? v : (v?.id ?? null);

async function lockPayment(tx: Tx, paymentIntentId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${paymentIntentId}, 0))`);
}

type PurchaseRow = typeof purchases.$inferSelect;

async function lockPurchase(tx: Tx, sessionId: string): Promise<PurchaseRow | undefined> {
  const [row] = await tx
    .select()
    .from(purchases)
    .where(eq(purchases.checkoutSessionId, sessionId))
    .for('update');
  return row;
}

/** Records a purchase the server created a session for (pending until Stripe says it is paid). */
export async function recordPurchase(
  tx: Tx,
  row: { checkoutSessionId: string; userId: string; packageId: string },
): Promise<void> {
  const pkg = findPackage(row.packageId);
  if (!pkg) throw new Error(`unknown package ${row.packageId}`);
  await tx
    .insert(purchases)
    .values({ ...row, coins: pkg.coins, amount: pkg.amount, currency: pkg.currency })
    .onConflictDoNothing();
}

/**
 * The one fulfilment function: brings the ledger in line with a Checkout Session as Stripe reports it.
 * Idempotent per session id; safe to call from the webhook and the status endpoint at the same time.
 */
export async function fulfilCheckoutSession(tx: Tx, session: SessionLike): Promise<FulfilmentOutcome> {
  const userId = session.metadata?.user_id;
  const pkg = findPackage(session.metadata?.package_id ?? '');
  if (!userId || !pkg) return 'not-ours';
  const paymentIntentId = idOf(session.payment_intent);
  if (paymentIntentId) await lockPayment(tx, paymentIntentId);
  const account = await lockAccount(tx, userId);
  // The session's own metadata re-creates a purchase row a crash lost after Stripe created the session.
  await recordPurchase(tx, { checkoutSessionId: session.id, userId, packageId: pkg.id });
  const purchase = (await lockPurchase(tx, session.id))!;
  if (purchase.userId !== userId) throw new Error(`session ${session.id} belongs to another user`);
  if (purchase.status === 'paid') return 'already-credited';

  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  if (!paid) {
    // Completed but unpaid: a delayed payment method (bank debit) still working.
    if (session.status === 'complete' && purchase.status === 'pending')
      await tx
        .update(purchases)
        .set({ status: 'processing' })
        .where(eq(purchases.checkoutSessionId, session.id));
    return purchase.status === 'failed' ? 'failed' : 'awaiting-payment';
  }
  if (session.amount_total !== purchase.amount || session.currency !== purchase.currency) {
    // Never credit coins for a price this server did not set.
    await tx.update(purchases).set({ status: 'failed' }).where(eq(purchases.checkoutSessionId, session.id));
    return 'amount-mismatch';
  }
  await tx
    .update(purchases)
    .set({ status: 'paid', paidAt: sql`now()`, paymentIntentId })
    .where(eq(purchases.checkoutSessionId, session.id));
  await account.post({
    kind: 'purchase',
    amount: purchase.coins,
    checkoutSessionId: session.id,
    note: pkg.label,
  });
  if (paymentIntentId) await takeBackRefunded(tx, account, { ...purchase, paymentIntentId });
  await account.finish();
  return 'credited';
}

/** A delayed payment failed: the purchase will never be paid. */
export async function failCheckoutSession(tx: Tx, session: SessionLike): Promise<FulfilmentOutcome> {
  if (!session.metadata?.user_id || !findPackage(session.metadata.package_id ?? '')) return 'not-ours';
  await recordPurchase(tx, {
    checkoutSessionId: session.id,
    userId: session.metadata.user_id,
    packageId: session.metadata.package_id!,
  });
  const updated = await tx
    .update(purchases)
    .set({ status: 'failed' })
    .where(
      and(eq(purchases.checkoutSessionId, session.id), sql`${purchases.status} IN ('pending', 'processing')`),
    )
    .returning({ id: purchases.checkoutSessionId });
  return updated.length > 0 ? 'failed' : 'already-credited';
}

/** A charge was refunded (fully or partly, cumulative amount). */
export async function refundCharge(tx: Tx, charge: ChargeLike): Promise<FulfilmentOutcome> {
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId) return 'not-ours';
  await lockPayment(tx, paymentIntentId);
  await tx
    .insert(chargeRefunds)
    .values({ paymentIntentId, amount: charge.amount, amountRefunded: charge.amount_refunded })
    .onConflictDoUpdate({
      target: chargeRefunds.paymentIntentId,
      set: {
        amountRefunded: sql`GREATEST(${chargeRefunds.amountRefunded}, excluded.amount_refunded)`,
        updatedAt: sql`now()`,
      },
    });
  const [found] = await tx.select().from(purchases).where(eq(purchases.paymentIntentId, paymentIntentId));
  // Not paid here yet: fulfilment applies the recorded refund when it credits the purchase.
  if (!found || found.status !== 'paid') return 'refund-recorded';
  const account = await lockAccount(tx, found.userId);
  const purchase = (await lockPurchase(tx, found.checkoutSessionId))!;
  const taken = await takeBackRefunded(tx, account, { ...purchase, paymentIntentId });
  await account.finish();
  return taken > 0 ? 'refunded' : 'refund-already-applied';
}

/** Takes back the coins of the refunded share not taken yet; returns how many (taken or owed). */
async function takeBackRefunded(
  tx: Tx,
  account: LockedAccount,
  purchase: PurchaseRow & { paymentIntentId: string },
): Promise<number> {
  const [refund] = await tx
    .select()
    .from(chargeRefunds)
    .where(eq(chargeRefunds.paymentIntentId, purchase.paymentIntentId));
  if (!refund || refund.amountRefunded <= 0) return 0;
  const target =
    refund.amountRefunded >= refund.amount
      ? purchase.coins
      : Math.floor((purchase.coins * refund.amountRefunded) / refund.amount);
  const owed = target - purchase.coinsRefunded;
  if (owed <= 0) return 0;
  const take = Math.min(owed, account.available);
  if (take > 0)
    await account.post({
      kind: 'refund',
      amount: -take,
      checkoutSessionId: purchase.checkoutSessionId,
      note: 'payment refunded',
    });
  await account.owe(owed - take);
  await tx
    .update(purchases)
    .set({ coinsRefunded: target })
    .where(eq(purchases.checkoutSessionId, purchase.checkoutSessionId));
  return owed;
}
