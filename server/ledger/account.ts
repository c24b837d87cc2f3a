/**
 * An account row locked for the rest of a transaction (SELECT … FOR UPDATE), and the entries posted to it.
 *
 * Every change of coins goes through here: lock the account, post entries (each carries the balance and
 * reserved coins right after it), flush once. The row lock serialises all changes of one account across
 * every server process on PostgreSQL; PGlite runs one transaction at a time anyway — the same code is
 * correct on both. Lock order is always account first, then that account's reservations or purchases,
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
  private pending: (typeof entries.$inferInsert)[] = [];
  private debtChanged = false;

  constructor(
    private readonly tx: Tx,
    readonly userId: string,
    public balance: number,
    public reserved: number,
    private _debt: number,
  ) {}

  get debt(): number {
    return this._debt;
  }

  get available(): number {
    return this.balance - this.reserved;
  }

  post(p: Posting): void {
    const balance = this.balance + p.amount;
    const reserved = this.reserved + (p.reservedDelta ?? 0);
    // The database refuses these too (CHECK constraints); failing here names the cause.
    if (reserved < 0 || balance - reserved < 0)
      throw new Error(
        `ledger: ${p.kind} would leave ${this.userId} with balance ${balance}, reserved ${reserved}`,
      );
    this.balance = balance;
    this.reserved = reserved;
    this.pending.push({
      userId: this.userId,
      kind: p.kind,
      amount: p.amount,
      reservedDelta: p.reservedDelta ?? 0,
      balanceAfter: balance,
      reservedAfter: reserved,
      reservationId: p.reservationId ?? null,
      checkoutSessionId: p.checkoutSessionId ?? null,
      note: p.note ?? null,
    });
  }

  /** Records coins owed (a refund of coins already spent). */
  owe(coins: number): void {
    if (coins <= 0) return;
    this._debt += coins;
    this.debtChanged = true;
  }

  /** Coins owed come out of the first coins that become available. */
  private repayDebt(): void {
    const pay = Math.min(this.debt, this.available);
    if (pay <= 0) return;
    this._debt -= pay;
    this.debtChanged = true;
    this.post({ kind: 'refund', amount: -pay, note: 'debt repayment' });
  }

  /** Writes the account and its new entries. */
  async flush(): Promise<void> {
    this.repayDebt();
    if (this.pending.length === 0 && !this.debtChanged) return;
    await this.tx
      .update(accounts)
      .set({ balance: this.balance, reserved: this.reserved, debt: this.debt, updatedAt: sql`now()` })
      .where(eq(accounts.userId, this.userId));
    if (this.pending.length > 0) await this.tx.insert(entries).values(this.pending);
    this.pending = [];
    this.debtChanged = false;
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
