/** The JSON API, declared once (see route.ts): inputs, outputs and handlers. */
import { z } from 'zod';
import { AppError } from '../../src-main/errors';
import * as api from '../../src-shared/server-api';
import { getAccount } from '../ledger/account';
import { listTransactions } from '../ledger/history';
import { PACKAGES, UNLOCK_PRICE } from '../ledger/prices';
import { expireDue, type LedgerDeps, release, reserve, settle } from '../ledger/reservations';
import type { Payments } from '../payments/payments';
import { type Route, route } from './route';

function needPayments(payments: Payments | null): Payments {
  if (!payments) throw new AppError('not-configured', 'Payments are not configured on this server.');
  return payments;
}

export function apiRoutes(ledger: LedgerDeps, payments: Payments | null): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/me',
      tag: 'account',
      summary:
        'The signed-in user’s coins (the account is created, with its signup bonus, on the first call)',
      auth: true,
      response: api.Me,
      async handle({ userId }) {
        await expireDue(ledger, userId);
        return getAccount(ledger.db, userId);
      },
    }),
    route({
      method: 'get',
      path: '/api/credits/packages',
      tag: 'credits',
      summary: 'Coin packages for sale, and what an unlock costs',
      auth: true,
      response: api.Packages,
      handle: async () => ({ packages: [...PACKAGES], unlockPrice: UNLOCK_PRICE }),
    }),
    route({
      method: 'get',
      path: '/api/credits/transactions',
      tag: 'credits',
      summary: 'The ledger entries of the signed-in user, newest first',
      auth: true,
      query: api.TransactionsQuery,
      response: api.Transactions,
      handle: ({ userId, query }) => listTransactions(ledger.db, userId, query),
    }),
    route({
      method: 'post',
      path: '/api/unlocks',
      tag: 'unlocks',
      summary: 'Reserve the price of a category unlock for a chat',
      description: 'Reserves coins for 30 minutes; settle or release the unlock before then.',
      auth: true,
      body: api.UnlockRequest,
      response: api.Unlock,
      status: 201,
      errors: ['insufficient-coins', 'idempotency-key-reused'],
      handle: ({ userId, body }) => reserve(ledger, userId, body),
    }),
    route({
      method: 'post',
      path: '/api/unlocks/:id/settle',
      tag: 'unlocks',
      summary: 'Capture the share of the price for the insights that succeeded; release the rest',
      auth: true,
      params: api.UnlockIdParams,
      body: api.SettleRequest,
      response: api.Unlock,
      errors: ['not-found', 'already-resolved', 'reservation-expired', 'idempotency-key-reused'],
      handle: ({ userId, params, body }) => settle(ledger, userId, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/unlocks/:id/release',
      tag: 'unlocks',
      summary: 'Release every reserved coin of an unlock',
      auth: true,
      params: api.UnlockIdParams,
      body: api.ReleaseRequest,
      response: api.Unlock,
      errors: ['not-found', 'already-resolved', 'idempotency-key-reused'],
      handle: ({ userId, params, body }) => release(ledger, userId, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/payments/checkout',
      tag: 'payments',
      summary: 'Start buying a coin package: a Stripe Checkout URL to open in the browser',
      auth: true,
      body: api.CheckoutRequest,
      response: api.Checkout,
      status: 201,
      errors: ['not-configured', 'idempotency-key-reused'],
      handle: ({ userId, body }) => needPayments(payments).createCheckout(userId, body),
    }),
    route({
      method: 'get',
      path: '/api/payments/checkout/:sessionId',
      tag: 'payments',
      summary: 'A purchase’s status; credits the coins if Stripe says it is paid',
      auth: true,
      params: api.CheckoutParams,
      response: api.CheckoutStatus,
      errors: ['not-found', 'not-configured'],
      handle: ({ userId, params }) => needPayments(payments).checkoutStatus(userId, params.sessionId),
    }),
  ];
}

/** Routes that are not JSON in, JSON out (raw bodies, proxied bodies), described by hand for the document. */
export const OTHER_OPERATIONS = {
  '/api/payments/webhook': {
    post: {
      tags: ['payments'],
      summary: 'Stripe webhook (verified with the Stripe-Signature header over the raw body)',
      parameters: [{ name: 'stripe-signature', in: 'header', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '200': {
          description: 'Applied, or a duplicate already applied',
          content: {
            'application/json': {
              schema: z.toJSONSchema(z.object({ received: z.literal(true), outcome: z.string() })),
            },
          },
        },
        '400': { description: 'Signature missing, wrong or too old (invalid-signature)' },
      },
    },
  },
  '/gemini/v1beta/models/{model}:{method}': {
    post: {
      tags: ['gemini'],
      summary: 'Gemini generateContent or batchEmbedContents, billed to an active unlock',
      security: [{ clerkSession: [] }],
      parameters: [
        { name: 'model', in: 'path', required: true, schema: { type: 'string' } },
        {
          name: 'method',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['generateContent', 'batchEmbedContents'] },
        },
        {
          name: api.RESERVATION_HEADER,
          in: 'header',
          required: true,
          schema: { type: 'string', format: 'uuid' },
        },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '200': { description: 'Gemini’s answer, as Gemini sent it' },
        '403': { description: 'reservation-required or model-not-allowed' },
        '429': { description: 'budget-exhausted: the unlock’s calls or tokens are spent' },
      },
    },
  },
};
