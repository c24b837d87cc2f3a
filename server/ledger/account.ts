/**
 * An account row locked for the rest of a transaction (SELECT … FOR UPDATE), for the ledger's rarer
 * TypeScript paths (grants, purchases, refunds); the unlock operations are SQL functions that do the same
 * in one statement. Every change of coins is an entry posted by the one SQL primitive `ledger_post` (the
 * entry carries the balance and reserved coins right after it), and debt is repaid by `ledger_repay_debt`.
 *
 * The row lock serialises all changes of one account across every server process on PostgreSQL; PGlite
 * runs one transaction at a time anyway — the same code is correct on both. Lock order everywhere: a
 * payment's advisory lock (payments only), the account, then that account's reservations or purchases —
 * so two transactions never wait for each other in a circle.
 */
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../src-main/errors';
import type { Db, Tx } from '../db/open';
import { accounts, entries, type EntryKind } from '../db/schema';
import { transaction } from '../db/tx';
import { SIGNUP_BONUS } from './prices';

export interface Posting {
  kind: EntryKind;
  /** Change of the balance. */
  amount: number;
  /** Change of the reserved coins. */
  reservedDelta?: number;
  reservationId?: string;
  checkoutSessionId?: string;
  note?: string;
}

export class LockedAccount {
  constructor(
    private readonly tx: Tx,
    readonly userId: string,
    public balance: number,
    public reserved: number,
    public debt: number,
  ) {}

  get available(): number {
    return this.balance - this.reserved;
  }

  async post(p: Posting): Promise<void> {
    const reservedDelta = p.reservedDelta ?? 0;
    await this.tx.execute(
      sql`SELECT ledger_post(${this.userId}, ${p.kind}, ${p.amount}, ${reservedDelta}, ${p.reservationId ?? null}::uuid,
        ${p.checkoutSessionId ?? null}, ${p.note ?? null})`,
    );
    this.balance += p.amount;
    this.reserved += reservedDelta;
  }

  /** Records coins owed (a refund of coins already spent). */
  async owe(coins: number): Promise<void> {
    if (coins <= 0) return;
    await this.tx
      .update(accounts)
      .set({ debt: sql`${accounts.debt} + ${coins}` })
      .where(eq(accounts.userId, this.userId));
    this.debt += coins;
  }

  /** Repays debt from coins that became available, and reads the account back. */
  async finish(): Promise<void> {
    if (this.debt > 0) await this.tx.execute(sql`SELECT ledger_repay_debt(${this.userId})`);
    const [row] = await this.tx.select().from(accounts).where(eq(accounts.userId, this.userId));
    Object.assign(this, { balance: row!.balance, reserved: row!.reserved, debt: row!.debt });
  }
}

export async function lockAccount(tx: Tx, userId: string): Promise<LockedAccount> {
  const [row] = await tx
    .select({ balance: accounts.balance, reserved: accounts.reserved, debt: accounts.debt })
    .from(accounts)
    .where(eq(accounts.userId, userId))
    .for('update');
  if (!row) throw new AppError('not-found', `There is no account for ${userId}.`);
  return new LockedAccount(tx, userId, row.balance, row.reserved, row.debt);
}

/**
 * Creates the account on a user's first call, with the signup bonus — exactly once, even when several
 * first calls race (the primary key lets one insert win; the others insert nothing). Returns whether it
 * was created now.
 */
export async function ensureAccount(db: Db, userId: string): Promise<boolean> {
  return transaction(db, async (tx) => {
    const created = await tx
      .insert(accounts)
      .values({ userId, balance: SIGNUP_BONUS })
      .onConflictDoNothing()
      .returning({ userId: accounts.userId });
    if (created.length === 0) return false;
    await tx.insert(entries).values({
      userId,
      kind: 'signup_bonus',
      amount: SIGNUP_BONUS,
      reservedDelta: 0,
      balanceAfter: SIGNUP_BONUS,
      reservedAfter: 0,
    });
    return true;
  });
}

export interface AccountView {
  userId: string;
  balance: number;
  reserved: number;
  available: number;
  debt: number;
}

export async function getAccount(db: Db | Tx, userId: string): Promise<AccountView> {
  const [row] = await db.select().from(accounts).where(eq(accounts.userId, userId));
  if (!row) throw new AppError('not-found', `There is no account for ${userId}.`);
  return {
    userId,
    balance: row.balance,
    reserved: row.reserved,
    available: row.balance - row.reserved,
    debt: row.debt,
  };
}
