/**
 * A fake Stripe API: a real HTTP server (loopback, port 0) speaking Stripe's form-encoded REST API for what
 * the credits server uses, so the real `stripe` client runs against it:
 * `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })` — or STRIPE_API_BASE=fake.url.
 *
 * ## Endpoints
 * - `POST /v1/checkout/sessions` (mode, line_items[][price_data][currency|unit_amount|product_data][name],
 *   quantity, metadata, client_reference_id, success_url, cancel_url) → an open, unpaid session with a url.
 * - `GET /v1/checkout/sessions/:id`.
 * - `POST /v1/refunds` (payment_intent, amount?) → a refund; the charge's amount_refunded grows.
 * - `GET /v1/charges?payment_intent=…` → the payment's charge.
 * Requests need `Authorization: Bearer <secretKey>`; POSTs honour `Idempotency-Key` like Stripe (the same
 * key returns the first answer). Errors are Stripe's `{ error: { type, message } }`.
 *
 * ## What the buyer and Stripe do (test controls)
 * `pay(sessionId)` completes the session paid (a payment intent and a charge appear); `pay(id, { async:
 * true })` completes it unpaid (a bank debit), then `settleAsync(id, 'succeeded' | 'failed')`.
 * `refund(id, amount?)` refunds from the dashboard. `event(type, object)` builds the event Stripe would send,
 * `deliver(url, event, { secret, timestamp? })` posts it signed like Stripe (`Stripe-Signature` over the
 * raw body), and `signatureHeader(payload, secret, timestamp?)` signs anything.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  created: number;
  livemode: false;
}

export interface FakeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  currency: string;
  payment_intent: string;
  refunded: boolean;
  paid: boolean;
  status: 'succeeded';
  created: number;
  livemode: false;
}

export interface FakeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: unknown };
}

export interface FakeStripe {
  readonly url: string;
  readonly port: number;
  readonly secretKey: string;
  /** Every API request: method, path, parsed form body. */
  readonly requests: { method: string; path: string; body: Record<string, unknown> }[];
  session(id: string): FakeSession;
  pay(sessionId: string, options?: { async?: boolean }): FakeSession;
  settleAsync(sessionId: string, outcome: 'succeeded' | 'failed'): FakeSession;
  refund(sessionId: string, amount?: number): FakeCharge;
  chargeOf(sessionId: string): FakeCharge;
  event(type: string, object: unknown, created?: number): FakeEvent;
  signatureHeader(payload: string, secret: string, timestamp?: number): string;
  deliver(
    url: string,
    event: FakeEvent,
    options: { secret: string; timestamp?: number; header?: string },
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

export async function startFakeStripe(options: { secretKey?: string } = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const sessions = new Map<string, FakeSession>();
  const charges = new Map<string, FakeCharge>(); // by payment intent
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const requests: FakeStripe['requests'] = [];
  let base = '';

  const mustSession = (sessionId: string): FakeSession => {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`fake-stripe: no session ${sessionId}`);
    return s;
  };
  const mustCharge = (sessionId: string): FakeCharge => {
    const s = mustSession(sessionId);
    const c = s.payment_intent ? charges.get(s.payment_intent) : undefined;
    if (!c) throw new Error(`fake-stripe: session ${sessionId} has no charge`);
    return c;
  };
  const createCharge = (s: FakeSession) => {
    const pi = id('pi');
    s.payment_intent = pi;
    charges.set(pi, {
      id: id('ch'),
      object: 'charge',
      amount: s.amount_total,
      amount_refunded: 0,
      currency: s.currency,
      payment_intent: pi,
      refunded: false,
      paid: true,
      status: 'succeeded',
      created: now(),
      livemode: false,
    });
  };
  const refundCharge = (charge: FakeCharge, amount?: number) => {
    const left = charge.amount - charge.amount_refunded;
    const value = amount ?? left;
    if (value <= 0 || value > left)
      throw new StripeApiError(400, `Refund amount ${value} is more than ${left} left`);
    charge.amount_refunded += value;
    charge.refunded = charge.amount_refunded === charge.amount;
    return {
      id: id('re'),
      object: 'refund',
      amount: value,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      status: 'succeeded',
    };
  };

  const routes: {
    method: string;
    path: RegExp;
    run: (m: RegExpExecArray, body: Record<string, unknown>, query: URLSearchParams) => unknown;
  }[] = [
    {
      method: 'POST',
      path: /^\/v1\/checkout\/sessions$/,
      run: (_m, body) => {
        const items = asArray(body.line_items);
        if (body.mode !== 'payment' || items.length === 0)
          throw new StripeApiError(400, 'mode=payment and line_items are required');
        let amount = 0;
        let currency = '';
        for (const item of items as Record<string, Record<string, unknown>>[]) {
          const price = item.price_data ?? {};
          amount += Number(price.unit_amount) * Number(item.quantity ?? 1);
          currency = String(price.currency ?? '');
        }
        if (!Number.isInteger(amount) || amount <= 0 || !currency)
          throw new StripeApiError(400, 'Invalid price_data');
        const s: FakeSession = {
          id: id('cs'),
          object: 'checkout.session',
          mode: 'payment',
          status: 'open',
          payment_status: 'unpaid',
          amount_total: amount,
          currency,
          client_reference_id: (body.client_reference_id as string | undefined) ?? null,
          metadata: (body.metadata as Record<string, string> | undefined) ?? {},
          payment_intent: null,
          success_url: String(body.success_url ?? ''),
          cancel_url: (body.cancel_url as string | undefined) ?? null,
          url: null,
          created: now(),
          livemode: false,
        };
        s.url = `${base}/pay/${s.id}`;
        sessions.set(s.id, s);
        return s;
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/checkout\/sessions\/([^/]+)$/,
      run: (m) => {
        const s = sessions.get(decodeURIComponent(m[1]!));
        if (!s) throw new StripeApiError(404, `No such checkout.session: '${m[1]}'`, 'resource_missing');
        return s;
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/charges$/,
      run: (_m, _body, query) => {
        const charge = charges.get(query.get('payment_intent') ?? '');
        return { object: 'list', url: '/v1/charges', has_more: false, data: charge ? [charge] : [] };
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/refunds$/,
      run: (_m, body) => {
        const charge = charges.get(String(body.payment_intent ?? ''));
        if (!charge)
          throw new StripeApiError(
            404,
            `No such payment_intent: '${String(body.payment_intent)}'`,
            'resource_missing',
          );
        return refundCharge(charge, body.amount === undefined ? undefined : Number(body.amount));
      },
    },
  ];

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) =>
      send(res, 500, { error: { type: 'api_error', message: String(error) } }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const body = parseForm(raw);
    requests.push({ method: req.method ?? '', path, body });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
    }
    const route = routes.find((r) => r.method === req.method && r.path.test(path));
    if (!route)
      return send(res, 404, {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${req.method}: ${path})`,
        },
      });
    const key = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const cacheKey = typeof key === 'string' ? `${path} ${key}` : undefined;
    const cached = cacheKey ? idempotent.get(cacheKey) : undefined;
    if (cached) return send(res, cached.status, cached.body, { 'idempotent-replayed': 'true' });
    let answer: { status: number; body: unknown };
    try {
      answer = { status: 200, body: route.run(route.path.exec(path)!, body, url.searchParams) };
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      answer = {
        status: error.status,
        body: { error: { type: 'invalid_request_error', code: error.code, message: error.message } },
      };
    }
    if (cacheKey) idempotent.set(cacheKey, answer);
    send(res, answer.status, answer.body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  const stripe = new Stripe(secretKey);

  const fake: FakeStripe = {
    url: base,
    port,
    secretKey,
    requests,
    session: mustSession,
    chargeOf: mustCharge,
    pay(sessionId, { async = false } = {}) {
      const s = mustSession(sessionId);
      s.status = 'complete';
      s.url = null;
      if (!s.payment_intent) createCharge(s);
      s.payment_status = async ? 'unpaid' : 'paid';
      return structuredClone(s);
    },
    settleAsync(sessionId, outcome) {
      const s = mustSession(sessionId);
      if (outcome === 'succeeded') s.payment_status = 'paid';
      else if (s.payment_intent) charges.delete(s.payment_intent);
      return structuredClone(s);
    },
    refund(sessionId, amount) {
      const charge = mustCharge(sessionId);
      refundCharge(charge, amount);
      return structuredClone(charge);
    },
    event: (type, object, created = now()) => ({
      id: id('evt'),
      object: 'event',
      type,
      created,
      api_version: '2025-01-01',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(object) },
    }),
    signatureHeader: (payload, secret, timestamp) =>
      stripe.webhooks.generateTestHeaderString({
        payload,
        secret,
        ...(timestamp === undefined ? {} : { timestamp }),
      }),
    async deliver(url, event, { secret, timestamp, header }) {
      const payload = JSON.stringify(event, null, 2);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': header ?? fake.signatureHeader(payload, secret, timestamp),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Stripe's form encoding: `a[b][0][c]=v` → `{ a: { b: [{ c: 'v' }] } }`. */
export function parseForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return root;
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v);
  }
  return [];
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
