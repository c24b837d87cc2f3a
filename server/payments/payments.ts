/**
 * Buying coins with Stripe Checkout: sessions priced from the server's package table (user and package in
 * metadata), their status (which fulfils a paid session, so a buyer whose webhook is late still gets the
 * coins), and webhook events — verified on the raw body, recorded by id in the same transaction as their
 * effect, so a duplicate, a replay or a crash halfway can never credit twice or lose a credit.
 */
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { AppError } from '../../src-main/errors';
import type { Checkout, CheckoutStatus } from '../../src-shared/server-api';
import type { StripeConfig } from '../config';
import type { Db } from '../db/open';
import { purchases, stripeEvents } from '../db/schema';
import { transaction } from '../db/tx';
import { idempotent, storedResult } from '../ledger/idempotency';
import { findPackage, PACKAGES } from '../ledger/prices';
import {
  type ChargeLike,
  failCheckoutSession,
  fulfilCheckoutSession,
  type FulfilmentOutcome,
  recordPurchase,
  refundCharge,
  type SessionLike,
} from './fulfilment';

export interface PaymentsHooks {
  /** Test seam: runs inside the event's transaction right after its id is recorded. */
  afterEventRecorded?(event: Stripe.Event): void | Promise<void>;
}

export type EventOutcome = FulfilmentOutcome | 'duplicate' | 'ignored';

export function createStripeClient(config: StripeConfig): Stripe {
  const base = config.apiBase;
  return new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base && {
      host: base.hostname,
      port: base.port || (base.protocol === 'https:' ? 443 : 80),
      protocol: base.protocol === 'http:' ? 'http' : 'https',
    }),
  });
}

export class Payments {
  constructor(
    private readonly db: Db,
    private readonly stripe: Stripe,
    private readonly config: StripeConfig,
    private readonly hooks: PaymentsHooks = {},
  ) {}

  async createCheckout(
    userId: string,
    input: { packageId: string; idempotencyKey: string },
  ): Promise<Checkout> {
    const pkg = findPackage(input.packageId);
    if (!pkg) {
      throw new AppError(
        'invalid-request',
        `Unknown package ${input.packageId}; choose one of ${PACKAGES.map((p) => p.id).join(', ')}.`,
      );
    }
    const op = { userId, key: input.idempotencyKey, operation: 'checkout', request: { packageId: pkg.id } };
    const stored = await storedResult<Checkout>(this.db, op);
    if (stored) return stored;
    // Stripe's own idempotency key: a retry after a crash between Stripe and our insert gets the same session.
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: pkg.currency,
              unit_amount: pkg.amount,
              product_data: { name: pkg.label },
            },
          },
        ],
        client_reference_id: userId,
        metadata: { user_id: userId, package_id: pkg.id },
        success_url: `${this.config.successUrl}?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: this.config.cancelUrl,
      },
      { idempotencyKey: `relivchats-checkout:${userId}:${input.idempotencyKey}` },
    );
    if (!session.url) throw new AppError('upstream-error', 'Stripe did not return a checkout URL.');
    const url = session.url;
    return idempotent(this.db, op, async (tx) => {
      await recordPurchase(tx, { checkoutSessionId: session.id, userId, packageId: pkg.id });
      return { sessionId: session.id, url };
    });
  }

  /** The purchase's status; asks Stripe (and fulfils) while it is not settled yet. */
  async checkoutStatus(userId: string, sessionId: string): Promise<CheckoutStatus> {
    const read = async () => {
      const [row] = await this.db
        .select()
        .from(purchases)
        .where(and(eq(purchases.checkoutSessionId, sessionId), eq(purchases.userId, userId)));
      if (!row) throw new AppError('not-found', `There is no checkout ${sessionId}.`);
      return row;
    };
    let row = await read();
    if (row.status === 'pending' || row.status === 'processing') {
      const session = await this.stripe.checkout.sessions.retrieve(sessionId);
      await transaction(this.db, (tx) => fulfilCheckoutSession(tx, session as SessionLike));
      row = await read();
    }
    return {
      sessionId,
      packageId: row.packageId,
      coins: row.coins,
      status: row.status,
      coinsRefunded: row.coinsRefunded,
    };
  }

  /** Verifies Stripe's signature over the exact bytes received (and its timestamp: no old replays). */
  verifyEvent(rawBody: Buffer, signature: string | undefined): Stripe.Event {
    if (!signature) throw new AppError('invalid-signature', 'The Stripe-Signature header is missing.');
    try {
      return this.stripe.webhooks.constructEvent(rawBody, signature, this.config.webhookSecret);
    } catch {
      throw new AppError('invalid-signature', 'The webhook signature does not verify.');
    }
  }

  /** Applies an event once: its id is recorded in the same transaction as what it does. */
  handleEvent(event: Stripe.Event): Promise<EventOutcome> {
    return transaction(this.db, async (tx) => {
      const recorded = await tx
        .insert(stripeEvents)
        .values({ id: event.id, type: event.type, outcome: 'pending' })
        .onConflictDoNothing()
        .returning({ id: stripeEvents.id });
      if (recorded.length === 0) return 'duplicate';
      await this.hooks.afterEventRecorded?.(event);
      let outcome: EventOutcome;
      const object = event.data.object as unknown;
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded':
          outcome = await fulfilCheckoutSession(tx, object as SessionLike);
          break;
        case 'checkout.session.async_payment_failed':
          outcome = await failCheckoutSession(tx, object as SessionLike);
          break;
        case 'charge.refunded':
          outcome = await refundCharge(tx, object as ChargeLike);
          break;
        default:
          outcome = 'ignored';
      }
      await tx.update(stripeEvents).set({ outcome }).where(eq(stripeEvents.id, event.id));
      return outcome;
    });
  }

  /** Operator: refunds a purchase at Stripe (all of it, or `amount` minor units) and takes the coins back. */
  async refundPurchase(sessionId: string, amount?: number): Promise<FulfilmentOutcome> {
    const [row] = await this.db.select().from(purchases).where(eq(purchases.checkoutSessionId, sessionId));
    if (!row) throw new AppError('not-found', `There is no purchase ${sessionId}.`);
    if (row.status !== 'paid' || !row.paymentIntentId)
      throw new AppError(
        'invalid-request',
        `Purchase ${sessionId} is ${row.status}, not paid: nothing to refund.`,
      );
    await this.stripe.refunds.create({
      payment_intent: row.paymentIntentId,
      ...(amount === undefined ? {} : { amount }),
    });
    // Stripe's charge.refunded webhook will say the same; applying it now is idempotent with it.
    const charge = (await this.stripe.charges.list({ payment_intent: row.paymentIntentId, limit: 1 }))
      .data[0];
    if (!charge) throw new AppError('upstream-error', `Stripe has no charge for ${row.paymentIntentId}.`);
    return transaction(this.db, (tx) => refundCharge(tx, charge));
  }
}
