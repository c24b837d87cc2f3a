/** A user's ledger entries, newest first, a page at a time (cursor = the last entry id seen). */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Transaction, Transactions } from '../../src-shared/server-api';
import type { Db } from '../db/open';
import { entries } from '../db/schema';

export async function listTransactions(
  db: Db,
  userId: string,
  page: { limit: number; before?: string | undefined },
): Promise<Transactions> {
  const rows = await db
    .select()
    .from(entries)
    .where(and(eq(entries.userId, userId), page.before ? lt(entries.id, Number(page.before)) : undefined))
    .orderBy(desc(entries.id))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  return {
    transactions: shown.map((e): Transaction => ({
      id: String(e.id),
      kind: e.kind,
      amount: e.amount,
      reservedDelta: e.reservedDelta,
      balanceAfter: e.balanceAfter,
      reservedAfter: e.reservedAfter,
      reservationId: e.reservationId,
      checkoutSessionId: e.checkoutSessionId,
      note: e.note,
      createdAt: e.createdAt.toISOString(),
    })),
    nextCursor: more ? String(shown[shown.length - 1]!.id) : null,
  };
}
