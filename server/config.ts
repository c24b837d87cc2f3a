/**
 * The server's configuration, read from the environment once at start and validated with zod, so a bad
 * value stops the server with a message naming the variable instead of failing on the first request.
 *
 * Outside production every outside service is optional (zero set-up: `npm run server` runs on PGlite);
 * a missing one turns its routes into 503 `not-configured`. With NODE_ENV=production all are required.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { defaultDataDir } from '../src-main/paths';
import { UNLOCK_BUDGET } from './ledger/prices';

const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .optional();

const nonEmpty = z.string().trim().min(1).optional();

const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^\s]+$/.test(s) && URL.canParse(s), `must be an http(s) URL (${what})`);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const pem = z
  .string()
  // Env files often carry a PEM on one line with literal "\n".
  .transform((s) => s.replace(/\\n/g, '\n').trim())
  .refine(
    (s) => /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/.test(s),
    'must be the PEM public key from Clerk (Dashboard → API keys → Show JWT public key), starting with -----BEGIN PUBLIC KEY-----',
  );

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_URL: z
    .string()
    .refine((s) => /^postgres(ql)?:\/\//.test(s), 'must be a postgres:// URL')
    .optional(),
  SERVER_DATA_DIR: nonEmpty,
  PG_POOL_SIZE: positiveInt(10),
  CLERK_JWT_KEY: pem.optional(),
  CLERK_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/, 'must look like pk_test_… or pk_live_…')
    .optional(),
  CLERK_SECRET_KEY: z
    .string()
    .regex(/^sk_(test|live)_\S+$/, 'must look like sk_test_… or sk_live_…')
    .optional(),
  CLERK_AUTHORIZED_PARTIES: list,
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\S+$/, 'must look like sk_test_… or sk_live_…')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, 'must look like whsec_…')
    .optional(),
  STRIPE_API_BASE: url('where the Stripe API is, e.g. a test server').optional(),
  CHECKOUT_SUCCESS_URL: url('where Stripe sends the buyer after paying').optional(),
  CHECKOUT_CANCEL_URL: url('where Stripe sends the buyer after cancelling').optional(),
  GEMINI_API_KEY: nonEmpty,
  GEMINI_UPSTREAM_URL: url('the Gemini API').default('https://generativelanguage.googleapis.com'),
  GEMINI_ALLOWED_MODELS: list,
  UNLOCK_BUDGET_CALLS: positiveInt(UNLOCK_BUDGET.calls),
  UNLOCK_BUDGET_TOKENS: positiveInt(UNLOCK_BUDGET.tokens),
  ALLOWED_ORIGINS: list,
  RATE_LIMIT_IP_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_USER_PER_MINUTE: positiveInt(300),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ClerkConfig {
  jwtKey: string;
  publishableKey: string;
  secretKey: string;
  authorizedParties: string[];
}

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** Where the Stripe API is (a fake in tests); undefined = api.stripe.com. */
  apiBase: URL | undefined;
  successUrl: string;
  cancelUrl: string;
}

export interface GeminiConfig {
  apiKey: string;
  upstreamUrl: string;
  allowedModels: string[];
}

export interface ServerConfig {
  production: boolean;
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  clerk: ClerkConfig | null;
  stripe: StripeConfig | null;
  gemini: GeminiConfig | null;
  /** What one unlock may spend through the Gemini proxy. */
  unlockBudget: { calls: number; tokens: number };
  allowedOrigins: string[];
  rateLimits: { perIpPerMinute: number; perUserPerMinute: number };
  /** Express's `trust proxy` (hops in front of the server), false by default. */
  trustProxy: number | boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export const DEFAULT_GEMINI_MODELS = ['gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-embedding-001'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The credits server's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // Unset and empty mean the same thing (a blank line in an env file).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];

  /** All of a group's variables, or none of them (outside production). */
  const group = <T>(name: string, vars: Record<string, unknown>, build: () => T): T | null => {
    const missing = Object.entries(vars)
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
    if (missing.length === 0) return build();
    if (production || missing.length < Object.keys(vars).length)
      problems.push(`${missing.join(', ')}: required for ${name}`);
    return null;
  };

  const authorizedParties = e.CLERK_AUTHORIZED_PARTIES ?? e.ALLOWED_ORIGINS ?? [];
  const clerk = group(
    'sign-in (Clerk)',
    {
      CLERK_JWT_KEY: e.CLERK_JWT_KEY,
      CLERK_PUBLISHABLE_KEY: e.CLERK_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: e.CLERK_SECRET_KEY,
    },
    () => ({
      jwtKey: e.CLERK_JWT_KEY!,
      publishableKey: e.CLERK_PUBLISHABLE_KEY!,
      secretKey: e.CLERK_SECRET_KEY!,
      authorizedParties,
    }),
  );
  if (clerk && production && authorizedParties.length === 0)
    problems.push('CLERK_AUTHORIZED_PARTIES: required in production (the origins allowed to mint tokens)');

  const stripe = group(
    'payments (Stripe)',
    { STRIPE_SECRET_KEY: e.STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: e.STRIPE_WEBHOOK_SECRET },
    () => ({
      secretKey: e.STRIPE_SECRET_KEY!,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET!,
      apiBase: e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined,
      successUrl: e.CHECKOUT_SUCCESS_URL ?? 'https://relivchats.com/checkout/success',
      cancelUrl: e.CHECKOUT_CANCEL_URL ?? 'https://relivchats.com/checkout/cancelled',
    }),
  );

  const gemini = group('the Gemini proxy', { GEMINI_API_KEY: e.GEMINI_API_KEY }, () => ({
    apiKey: e.GEMINI_API_KEY!,
    upstreamUrl: e.GEMINI_UPSTREAM_URL.replace(/\/+$/, ''),
    allowedModels: e.GEMINI_ALLOWED_MODELS ?? DEFAULT_GEMINI_MODELS,
  }));

  let trustProxy: number | boolean = false;
  if (e.TRUST_PROXY !== undefined) {
    if (/^(true|false)$/.test(e.TRUST_PROXY)) trustProxy = e.TRUST_PROXY === 'true';
    else if (/^[0-9]+$/.test(e.TRUST_PROXY)) trustProxy = Number(e.TRUST_PROXY);
    else problems.push('TRUST_PROXY: must be true, false or the number of proxies in front of the server');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    production,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.PG_POOL_SIZE }
      : { kind: 'pglite', dataDir: e.SERVER_DATA_DIR ?? join(defaultDataDir(env), 'server-db') },
    clerk,
    stripe,
    gemini,
    unlockBudget: { calls: e.UNLOCK_BUDGET_CALLS, tokens: e.UNLOCK_BUDGET_TOKENS },
    allowedOrigins: e.ALLOWED_ORIGINS ?? [],
    rateLimits: {
      perIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      perUserPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
    },
    trustProxy,
    logLevel: e.LOG_LEVEL,
  };
}

/** What is switched off, for the start-up log (outside production). */
export function disabledFeatures(config: ServerConfig): string[] {
  const off: string[] = [];
  if (!config.clerk) off.push('sign-in (set CLERK_JWT_KEY, CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY)');
  if (!config.stripe) off.push('payments (set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)');
  if (!config.gemini) off.push('the Gemini proxy (set GEMINI_API_KEY)');
  return off;
}
