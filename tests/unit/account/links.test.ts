import { describe, expect, it } from 'vitest';
import { clerkFrontendApiOrigin } from '../../../src-main/account/clerk';
import { deepLinkInArgs, parseDeepLink } from '../../../src-main/account/deep-link';
import { decodeToken } from '../../../src-main/account/session';
import { createClerkTestKeys } from '../../support/clerk-tokens';

describe('relivchats:// links', () => {
  it('reads a checkout link with or without its session id', () => {
    expect(parseDeepLink('relivchats://checkout?session_id=cs_test_abc123')).toEqual({
      kind: 'checkout',
      sessionId: 'cs_test_abc123',
    });
    expect(parseDeepLink('relivchats://checkout/complete?session_id=cs_1')).toEqual({
      kind: 'checkout',
      sessionId: 'cs_1',
    });
    expect(parseDeepLink('relivchats:checkout')).toEqual({ kind: 'checkout', sessionId: null });
    // A session id that is not one is dropped, not passed on.
    expect(parseDeepLink('relivchats://checkout?session_id=../../etc')).toEqual({
      kind: 'checkout',
      sessionId: null,
    });
  });

  it('ignores other schemes and pages', () => {
    for (const link of [
      'https://checkout?session_id=cs_1',
      'relivchats://settings',
      'relivchats://',
      'nonsense',
    ])
      expect(parseDeepLink(link), link).toBeNull();
  });

  it('finds the link among a second instance’s arguments', () => {
    expect(
      deepLinkInArgs(['/opt/RelivChats/relivchats', '--flag', 'relivchats://checkout?session_id=cs_2']),
    ).toBe('relivchats://checkout?session_id=cs_2');
    expect(deepLinkInArgs(['/opt/RelivChats/relivchats', 'file.zip'])).toBeNull();
  });
});

describe('Clerk frontend API origin (for the pages’ CSP)', () => {
  it('is the host written in the publishable key', () => {
    expect(clerkFrontendApiOrigin(createClerkTestKeys().publishableKey)).toBe(
      'https://clerk.relivchats.test',
    );
    const live = `pk_live_${Buffer.from('clerk.example.com$').toString('base64')}`;
    expect(clerkFrontendApiOrigin(live)).toBe('https://clerk.example.com');
  });

  it('is nothing for keys that would widen the policy', () => {
    for (const host of ['* data:$', 'evil.com/path$', "a.com 'unsafe-eval'$", 'no-dollar.com'])
      expect(clerkFrontendApiOrigin(`pk_test_${Buffer.from(host).toString('base64')}`), host).toBeNull();
    expect(clerkFrontendApiOrigin('sk_test_abc')).toBeNull();
    expect(clerkFrontendApiOrigin(null)).toBeNull();
  });
});

describe('session tokens', () => {
  it('are decoded for sub and exp (the server verifies them)', () => {
    const token = createClerkTestKeys().token('user_1', { expiresIn: 60 });
    const claims = decodeToken(token);
    expect(claims.sub).toBe('user_1');
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(() => decodeToken('a.b.c')).toThrow(/not a session token/);
  });
});
