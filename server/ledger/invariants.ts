/**
 * Checks the ledger's invariants over the whole database and lists every violation (none = healthy); each
 * names the user it concerns. Used by the property tests, the benchmark and the operator's `check` command.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open';
import { queryRows } from '../db/tx';

const CHECKS: { name: string; query: SQL }[] = [
  {
    name: 'account differs from its entries or reservations',
    query: sql`
      SELECT a.user_id, a.balance, a.reserved, a.debt,
             COALESCE(e.sum_amount, 0) AS entries_balance, COALESCE(e.sum_reserved, 0) AS entries_reserved,
             COALESCE(r.active, 0) AS active_reserved, l.balance_after, l.reserved_after
      FROM accounts a
      LEFT JOIN (SELECT user_id, SUM(amount) AS sum_amount, SUM(reserved_delta) AS sum_reserved
                 FROM entries GROUP BY user_id) e ON e.user_id = a.user_id
      LEFT JOIN (SELECT user_id, SUM(amount) AS active FROM reservations WHERE status = 'active'
                 GROUP BY user_id) r ON r.user_id = a.user_id
      LEFT JOIN LATERAL (SELECT balance_after, reserved_after FROM entries
                         WHERE entries.user_id = a.user_id ORDER BY id DESC LIMIT 1) l ON true
      WHERE a.balance <> COALESCE(e.sum_amount, 0)
         OR a.reserved <> COALESCE(e.sum_reserved, 0)
         OR a.reserved <> COALESCE(r.active, 0)
         OR a.balance - a.reserved < 0
         OR (a.debt > 0 AND a.balance - a.reserved > 0)
         OR l.balance_after IS DISTINCT FROM a.balance
         OR l.reserved_after IS DISTINCT FROM a.reserved
      LIMIT 20`,
  },
  {
    name: 'entry whose balance_after is not the running sum',
    query: sql`
      SELECT id, user_id, balance_after, run_balance, reserved_after, run_reserved FROM (
        SELECT id, user_id, balance_after, reserved_after,
               SUM(amount) OVER w AS run_balance, SUM(reserved_delta) OVER w AS run_reserved
        FROM entries WINDOW w AS (PARTITION BY user_id ORDER BY id)) x
      WHERE run_balance <> balance_after OR run_reserved <> reserved_after
      LIMIT 20`,
  },
  {
    name: 'reservation not resolved exactly once',
    query: sql`
      SELECT r.user_id, r.id, r.status, r.amount, r.captured, e.reserved, e.captured AS entries_captured, e.released
      FROM reservations r
      LEFT JOIN (SELECT reservation_id,
                        SUM(CASE WHEN kind = 'reserve' THEN reserved_delta ELSE 0 END) AS reserved,
                        SUM(CASE WHEN kind = 'capture' THEN -amount ELSE 0 END) AS captured,
                        SUM(CASE WHEN kind = 'release' THEN -reserved_delta ELSE 0 END) AS released,
                        COUNT(*) FILTER (WHERE kind NOT IN ('reserve', 'capture', 'release')) AS other
                 FROM entries WHERE reservation_id IS NOT NULL GROUP BY reservation_id) e
        ON e.reservation_id = r.id
      WHERE e.reserved IS DISTINCT FROM r.amount OR e.other > 0
         OR (r.status = 'active' AND (e.captured <> 0 OR e.released <> 0))
         OR (r.status <> 'active' AND (e.captured <> r.captured OR e.captured + e.released <> r.amount))
      LIMIT 20`,
  },
  {
    name: 'purchase credited other than once when paid',
    query: sql`
      SELECT p.user_id, p.checkout_session_id, p.status, p.coins, e.amount
      FROM purchases p
      LEFT JOIN entries e ON e.checkout_session_id = p.checkout_session_id AND e.kind = 'purchase'
      WHERE (p.status = 'paid') <> (e.id IS NOT NULL) OR e.amount <> p.coins
      LIMIT 20`,
  },
  {
    name: 'refunded coins neither taken back nor owed',
    query: sql`
      SELECT a.user_id, a.debt, COALESCE(t.taken, 0) AS taken, COALESCE(p.owed, 0) AS owed
      FROM accounts a
      LEFT JOIN (SELECT user_id, -SUM(amount) AS taken FROM entries WHERE kind = 'refund'
                 GROUP BY user_id) t ON t.user_id = a.user_id
      LEFT JOIN (SELECT user_id, SUM(coins_refunded) AS owed FROM purchases GROUP BY user_id) p
        ON p.user_id = a.user_id
      WHERE COALESCE(t.taken, 0) + a.debt <> COALESCE(p.owed, 0)
      LIMIT 20`,
  },
];

export async function checkInvariants(db: Db): Promise<string[]> {
  const problems: string[] = [];
  for (const check of CHECKS) {
    for (const row of await queryRows(db, check.query))
      problems.push(`${check.name}: ${JSON.stringify(row)}`);
  }
  return problems;
}
