-- The ledger's operations as functions: each unlock operation is one statement — one round trip, one
-- atomic transaction — that locks the account row first (the lock order everywhere: account, then its
-- reservations), then looks at the idempotency key, then acts and stores its result under the key.
-- The server (server/ledger/*.ts) validates, hashes requests and words the answers.

-- Posts one entry to an account the caller has locked: the account changes, and the entry records it
-- with the balance and reserved coins right after. The CHECK constraints refuse a negative available.
CREATE FUNCTION ledger_post(p_user text, p_kind text, p_amount integer, p_reserved_delta integer,
    p_reservation uuid, p_session text, p_note text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  b integer;
  r integer;
BEGIN
  UPDATE accounts SET balance = balance + p_amount, reserved = reserved + p_reserved_delta, updated_at = now()
    WHERE user_id = p_user RETURNING balance, reserved INTO b, r;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger: no account %', p_user;
  END IF;
  INSERT INTO entries (user_id, kind, amount, reserved_delta, balance_after, reserved_after, reservation_id,
      checkout_session_id, note)
    VALUES (p_user, p_kind, p_amount, p_reserved_delta, b, r, p_reservation, p_session, p_note);
END
$$;
--> statement-breakpoint

-- Coins owed (a refund of coins already spent) come out of the first coins that become available.
CREATE FUNCTION ledger_repay_debt(p_user text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pay integer;
BEGIN
  SELECT LEAST(debt, balance - reserved) INTO pay FROM accounts WHERE user_id = p_user;
  IF pay > 0 THEN
    UPDATE accounts SET debt = debt - pay WHERE user_id = p_user;
    PERFORM ledger_post(p_user, 'refund', -pay, 0, NULL, NULL, 'debt repayment');
  END IF;
END
$$;
--> statement-breakpoint

-- Resolves an active reservation the caller has locked: captures p_captured coins, releases the rest.
-- Conditional on still being active, so a reservation is resolved at most once whatever the caller thought.
CREATE FUNCTION ledger_resolve(p_user text, p_id uuid, p_status text, p_captured integer, p_succeeded integer,
    p_total integer, p_now timestamptz) RETURNS reservations LANGUAGE plpgsql AS $$
DECLARE
  res reservations;
BEGIN
  UPDATE reservations SET status = p_status, captured = p_captured, succeeded = p_succeeded, total = p_total,
      resolved_at = p_now
    WHERE id = p_id AND user_id = p_user AND status = 'active' RETURNING * INTO res;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger: reservation % was not active', p_id;
  END IF;
  IF p_captured > 0 THEN
    PERFORM ledger_post(p_user, 'capture', -p_captured, -p_captured, p_id, NULL, NULL);
  END IF;
  IF res.amount > p_captured THEN
    PERFORM ledger_post(p_user, 'release', 0, p_captured - res.amount, p_id, NULL,
      CASE WHEN p_status = 'expired' THEN 'expired' END);
  END IF;
  PERFORM ledger_repay_debt(p_user);
  RETURN res;
END
$$;
--> statement-breakpoint

-- Releases a user's expired reservations; returns how many.
CREATE FUNCTION ledger_expire_due(p_user text, p_now timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  due uuid;
  n integer := 0;
BEGIN
  PERFORM 1 FROM accounts WHERE user_id = p_user FOR UPDATE;
  FOR due IN SELECT id FROM reservations
      WHERE user_id = p_user AND status = 'active' AND expires_at <= p_now ORDER BY id FOR UPDATE LOOP
    PERFORM ledger_resolve(p_user, due, 'expired', 0, NULL, NULL, p_now);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;
--> statement-breakpoint

-- Answers shared by the operations below (jsonb):
--   {"result": …}            done now (and stored under the key)
--   {"stored": {operation, request_hash, result}}   the key already has a result: the server compares
--   {"error": code, …}       refused; what was done on the way (an expiry) stays done, the key stays free

-- (PL/pgSQL, not SQL: its plan is cached per connection instead of made again on every call.)
CREATE FUNCTION ledger_stored(p_user text, p_key text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
  k idempotency_keys;
BEGIN
  SELECT * INTO k FROM idempotency_keys WHERE user_id = p_user AND key = p_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN jsonb_build_object('stored', jsonb_build_object('operation', k.operation, 'request_hash', k.request_hash,
    'result', k.result));
END
$$;
--> statement-breakpoint

CREATE FUNCTION ledger_done(p_user text, p_key text, p_operation text, p_hash text, p_result jsonb)
    RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO idempotency_keys (user_id, key, operation, request_hash, result)
    VALUES (p_user, p_key, p_operation, p_hash, p_result);
  RETURN jsonb_build_object('result', p_result);
END
$$;
--> statement-breakpoint

-- Reserves p_price coins. Short of coins, the user's expired reservations are released first.
CREATE FUNCTION ledger_reserve(p_user text, p_key text, p_hash text, p_id uuid, p_fingerprint text,
    p_category text, p_price integer, p_max_calls integer, p_max_tokens integer, p_now timestamptz,
    p_expires timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  acc accounts;
  stored jsonb;
  res reservations;
BEGIN
  SELECT * INTO acc FROM accounts WHERE user_id = p_user FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('error', 'not-found');
  END IF;
  stored := ledger_stored(p_user, p_key);
  IF stored IS NOT NULL THEN
    RETURN stored;
  END IF;
  IF acc.balance - acc.reserved < p_price AND ledger_expire_due(p_user, p_now) > 0 THEN
    SELECT * INTO acc FROM accounts WHERE user_id = p_user;
  END IF;
  IF acc.balance - acc.reserved < p_price THEN
    RETURN jsonb_build_object('error', 'insufficient-coins', 'available', acc.balance - acc.reserved);
  END IF;
  INSERT INTO reservations (id, user_id, chat_fingerprint, category, amount, max_calls, max_tokens, created_at,
      expires_at)
    VALUES (p_id, p_user, p_fingerprint, p_category, p_price, p_max_calls, p_max_tokens, p_now, p_expires)
    RETURNING * INTO res;
  PERFORM ledger_post(p_user, 'reserve', 0, p_price, p_id, NULL, NULL);
  RETURN ledger_done(p_user, p_key, 'reserve', p_hash, to_jsonb(res));
END
$$;
--> statement-breakpoint

-- Captures the share of the price for p_succeeded of p_total insights (rounded down), releases the rest.
-- Settling again with the same counts answers the same; an expired reservation is released, not settled.
CREATE FUNCTION ledger_settle(p_user text, p_key text, p_hash text, p_id uuid, p_succeeded integer,
    p_total integer, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  stored jsonb;
  res reservations;
  found_it boolean;
  expired_now boolean := false;
BEGIN
  PERFORM 1 FROM accounts WHERE user_id = p_user FOR UPDATE;
  SELECT * INTO res FROM reservations WHERE id = p_id AND user_id = p_user FOR UPDATE;
  found_it := FOUND;
  IF found_it AND res.status = 'active' AND res.expires_at <= p_now THEN
    res := ledger_resolve(p_user, p_id, 'expired', 0, NULL, NULL, p_now);
    expired_now := true;
  END IF;
  stored := ledger_stored(p_user, p_key);
  IF stored IS NOT NULL THEN
    RETURN stored;
  END IF;
  IF NOT found_it THEN
    RETURN jsonb_build_object('error', 'not-found');
  END IF;
  IF expired_now OR res.status = 'expired' THEN
    RETURN jsonb_build_object('error', 'reservation-expired', 'reservation', to_jsonb(res));
  END IF;
  IF res.status <> 'active' THEN
    IF res.status = 'settled' AND res.succeeded = p_succeeded AND res.total = p_total THEN
      RETURN ledger_done(p_user, p_key, 'settle', p_hash, to_jsonb(res));
    END IF;
    RETURN jsonb_build_object('error', 'already-resolved', 'reservation', to_jsonb(res));
  END IF;
  res := ledger_resolve(p_user, p_id, 'settled', (res.amount * p_succeeded) / p_total, p_succeeded, p_total, p_now);
  RETURN ledger_done(p_user, p_key, 'settle', p_hash, to_jsonb(res));
END
$$;
--> statement-breakpoint

-- Releases every reserved coin. Releasing a released or expired reservation again answers it unchanged.
CREATE FUNCTION ledger_release(p_user text, p_key text, p_hash text, p_id uuid, p_now timestamptz)
    RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  stored jsonb;
  res reservations;
BEGIN
  PERFORM 1 FROM accounts WHERE user_id = p_user FOR UPDATE;
  stored := ledger_stored(p_user, p_key);
  IF stored IS NOT NULL THEN
    RETURN stored;
  END IF;
  SELECT * INTO res FROM reservations WHERE id = p_id AND user_id = p_user FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('error', 'not-found');
  END IF;
  IF res.status = 'active' THEN
    res := ledger_resolve(p_user, p_id, CASE WHEN res.expires_at <= p_now THEN 'expired' ELSE 'released' END, 0,
      NULL, NULL, p_now);
  ELSIF res.status = 'settled' THEN
    RETURN jsonb_build_object('error', 'already-resolved', 'reservation', to_jsonb(res));
  END IF;
  RETURN ledger_done(p_user, p_key, 'release', p_hash, to_jsonb(res));
END
$$;
