/** The Express application: middleware, the JSON API, the Stripe webhook, the Gemini proxy. */
import { sql } from 'drizzle-orm';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type Stripe from 'stripe';
import type { ServerConfig } from '../config';
import type { ServerDb } from '../db/open';
import { geminiProxy } from '../gemini/proxy';
import type { Logger } from '../logger';
import { ensureAccount } from '../ledger/account';
import type { LedgerDeps } from '../ledger/reservations';
import { createStripeClient, Payments, type PaymentsHooks } from '../payments/payments';
import { apiRoutes, OTHER_OPERATIONS } from './api-routes';
import { authenticate, userIdOf } from './auth';
import { errorHandler, sendError } from './errors';
import { openApiDocument } from './openapi';
import { requestLog } from './request-log';
import { mountRoutes } from './route';

export interface AppOptions {
  config: ServerConfig;
  db: ServerDb;
  logger: Logger;
  /** The ledger's clock (tests move it). */
  now?: () => Date;
  /** A Stripe client other than the one the configuration describes. */
  stripe?: Stripe;
  hooks?: PaymentsHooks;
}

export interface App {
  app: Express;
  ledger: LedgerDeps;
  payments: Payments | null;
}

export function createApp(options: AppOptions): App {
  const { config, db, logger } = options;
  const ledger: LedgerDeps = {
    db: db.db,
    now: options.now ?? (() => new Date()),
    unlockBudget: config.unlockBudget,
  };
  const payments = config.stripe
    ? new Payments(db.db, options.stripe ?? createStripeClient(config.stripe), config.stripe, options.hooks)
    : null;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are per user and change with every operation: nothing to revalidate
  app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger, { ignore: (path) => path === '/health' }));
  // The headers that matter for a JSON API; those for HTML pages (DNS prefetch, download options,
  // cross-domain policies, origin-agent clustering…) are left out: each header costs on every answer.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      },
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    }),
  );
  app.use(cors(config.allowedOrigins));

  const rateLimited = (what: string) => (_req: Request, res: Response) =>
    sendError(res, 429, 'rate-limited', `Too many requests ${what}; slow down and retry in a minute.`);
  // IETF draft-7 headers (RateLimit, RateLimit-Policy): draft-8's name a hash of the key, one SHA-256 per
  // limiter per request.
  const perIp = rateLimit({
    windowMs: 60_000,
    limit: config.rateLimits.perIpPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: rateLimited('from this address'),
  });
  const perUser = rateLimit({
    windowMs: 60_000,
    limit: config.rateLimits.perUserPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `user:${userIdOf(res)}`,
    handler: rateLimited('for this account'),
  });

  // Accounts are never deleted: once created, a process need not ask again.
  const knownUsers = new Set<string>();
  const authenticated = [
    ...authenticate(config.clerk, async (userId) => {
      if (knownUsers.has(userId)) return;
      await ensureAccount(db.db, userId);
      if (knownUsers.size > 100_000) knownUsers.clear();
      knownUsers.add(userId);
    }),
    perUser,
  ];

  app.get('/health', async (_req, res) => {
    await db.db.execute(sql`SELECT 1`);
    res.json({ ok: true, database: db.kind, clerkPublishableKey: config.clerk?.publishableKey ?? null });
  });
  const routes = apiRoutes(ledger, payments);
  const document = openApiDocument(routes, OTHER_OPERATIONS);
  app.get('/api/openapi.json', (_req, res) => res.json(document));

  // Stripe's deliveries come from a few addresses in bursts (catching up after an outage); they are not
  // rate-limited, and a forged one costs one signature check.
  app.post('/api/payments/webhook', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    if (!payments)
      return sendError(res, 503, 'not-configured', 'Payments are not configured on this server.');
    const event = payments.verifyEvent(req.body as Buffer, req.header('stripe-signature'));
    const outcome = await payments.handleEvent(event);
    logger.info({ reqId: req.id, event: event.id, type: event.type, outcome }, 'stripe event');
    res.json({ received: true, outcome });
  });
  mountRoutes(app, routes, { limited: [perIp], authenticated, jsonLimit: '16kb' });
  app.use(geminiProxy({ ledger, gemini: config.gemini, authenticated: [perIp, ...authenticated] }));

  app.use((req, res) => sendError(res, 404, 'not-found', `There is no ${req.method} ${req.path}.`));
  app.use(errorHandler(logger));
  return { app, ledger, payments };
}

/** CORS for browser clients from the allowed origins (the desktop app calls from Node and needs none). */
function cors(allowed: string[]) {
  const origins = new Set(allowed);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-methods', 'GET, POST');
        res.setHeader('access-control-allow-headers', 'authorization, content-type, x-reservation-id');
        res.setHeader('access-control-max-age', '600');
        return res.status(204).end();
      }
    }
    next();
  };
}
