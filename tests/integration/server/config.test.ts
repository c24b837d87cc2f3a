import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config';
import { createClerkTestKeys } from '../../support/clerk-tokens';

const clerk = createClerkTestKeys();

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('server configuration', () => {
  it('needs nothing outside production: PGlite, features off', () => {
    const config = loadConfig({ XDG_CONFIG_HOME: '/home/someone/.config' });
    expect(config.database).toEqual({
      kind: 'pglite',
      dataDir: '/home/someone/.config/RelivChats/server-db',
    });
    expect(loadConfig({ RELIVCHATS_DATA_DIR: '/data' }).database).toEqual({
      kind: 'pglite',
      dataDir: '/data/server-db',
    });
    expect(config).toMatchObject({ clerk: null, stripe: null, gemini: null, port: 8787, host: '127.0.0.1' });
  });

  it('requires every outside service in production, naming each variable', () => {
    const found = problems({ NODE_ENV: 'production' }).join('\n');
    for (const name of [
      'CLERK_JWT_KEY',
      'CLERK_PUBLISHABLE_KEY',
      'CLERK_SECRET_KEY',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'GEMINI_API_KEY',
    ])
      expect(found).toContain(name);
    const withClerk = problems({ NODE_ENV: 'production', ...clerk.env(), CLERK_AUTHORIZED_PARTIES: '' }).join(
      '\n',
    );
    expect(withClerk).toContain('CLERK_AUTHORIZED_PARTIES');
  });

  it('names a malformed or half-given value', () => {
    expect(
      problems({
        CLERK_JWT_KEY: 'not a key',
        CLERK_PUBLISHABLE_KEY: clerk.publishableKey,
        CLERK_SECRET_KEY: clerk.secretKey,
      })[0],
    ).toMatch(/^CLERK_JWT_KEY: must be the PEM public key/);
    expect(problems({ STRIPE_SECRET_KEY: 'sk_test_123' })).toEqual([
      'STRIPE_WEBHOOK_SECRET: required for payments (Stripe)',
    ]);
    expect(problems({ STRIPE_WEBHOOK_SECRET: 'nope', STRIPE_SECRET_KEY: 'sk_test_1' })[0]).toMatch(
      /^STRIPE_WEBHOOK_SECRET: must look like whsec_/,
    );
    expect(problems({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL/);
    expect(problems({ PORT: 'eighty' })[0]).toMatch(/^PORT/);
    expect(problems({ GEMINI_UPSTREAM_URL: 'ftp://x' })[0]).toMatch(/^GEMINI_UPSTREAM_URL/);
    expect(problems({ TRUST_PROXY: 'sometimes' })[0]).toMatch(/^TRUST_PROXY/);
  });

  it('reads a PEM written on one line with \\n, lists, PostgreSQL and limits', () => {
    const config = loadConfig({
      ...clerk.env(),
      CLERK_JWT_KEY: clerk.jwtKey.replace(/\n/g, '\\n'),
      CLERK_AUTHORIZED_PARTIES: 'app://relivchats, http://localhost:5173',
      DATABASE_URL: 'postgres://u@db:5432/credits',
      PG_POOL_SIZE: '20',
      RATE_LIMIT_USER_PER_MINUTE: '30',
      TRUST_PROXY: '1',
      GEMINI_API_KEY: 'k',
      GEMINI_ALLOWED_MODELS: 'gemini-2.5-flash',
    });
    expect(config.clerk?.jwtKey).toBe(clerk.jwtKey);
    expect(config.clerk?.authorizedParties).toEqual(['app://relivchats', 'http://localhost:5173']);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/credits', poolSize: 20 });
    expect(config.rateLimits.perUserPerMinute).toBe(30);
    expect(config.trustProxy).toBe(1);
    expect(config.gemini).toMatchObject({
      allowedModels: ['gemini-2.5-flash'],
      upstreamUrl: 'https://generativelanguage.googleapis.com',
    });
  });
});
