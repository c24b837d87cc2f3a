/** Operator grants: coins given (or, negative, taken back as a correction) by hand, with a reason. */
import { AppError } from '../../src-main/errors';
import { type AccountView, ensureAccount, lockAccount } from './account';
import { idempotent } from './idempotency';
import type { LedgerDeps } from './reservations';

export async function grant(
  deps: LedgerDeps,
  input: { userId: string; coins: number; note: string; idempotencyKey: string },
): Promise<AccountView> {
  const { userId, coins, note } = input;
  if (!Number.isSafeInteger(coins) || coins === 0)
    throw new AppError('invalid-request', 'coins must be a non-zero integer.');
  if (note.trim() === '') throw new AppError('invalid-request', 'A grant needs a reason.');
  await ensureAccount(deps.db, userId);
  return idempotent(
    deps.db,
    { userId, key: input.idempotencyKey, operation: 'grant', request: { coins, note } },
    async (tx) => {
      const account = await lockAccount(tx, userId);
      if (account.available + coins < 0) {
        throw new AppError(
          'insufficient-coins',
          `Cannot take ${-coins} coins from ${userId}: ${account.available} are available.`,
        );
      }
      await account.post({ kind: 'grant', amount: coins, note });
      await account.finish();
      return {
        userId,
        balance: account.balance,
        reserved: account.reserved,
        available: account.available,
        debt: account.debt,
      };
    },
  );
}
