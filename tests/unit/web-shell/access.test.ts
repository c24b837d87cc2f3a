import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  checkAccess,
  cookieValue,
  isAllowedHost,
  isAllowedOrigin,
  newToken,
  SESSION_COOKIE,
  sessionCookie,
  tokensEqual,
} from '../../../src-main/web-shell/access';

const token = newToken();
const port = 41234;

describe('web shell access', () => {
  it('makes long random tokens', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
  });

  it('answers only to loopback names on its own port (DNS rebinding)', () => {
    expect(isAllowedHost(`127.0.0.1:${port}`, port)).toBe(true);
    expect(isAllowedHost(`LOCALHOST:${port}`, port)).toBe(true);
    expect(isAllowedHost(`evil.example:${port}`, port)).toBe(false);
    expect(isAllowedHost('127.0.0.1', port)).toBe(false);
    expect(isAllowedHost(`127.0.0.1:${port + 1}`, port)).toBe(false);
    expect(isAllowedHost(`0.0.0.0:${port}`, port)).toBe(false);
    expect(isAllowedHost(undefined, port)).toBe(false);
  });

  it('accepts only its own origin when a browser names one', () => {
    expect(isAllowedOrigin(undefined, port)).toBe(true);
    expect(isAllowedOrigin(`http://127.0.0.1:${port}`, port)).toBe(true);
    expect(isAllowedOrigin(`http://localhost:${port}`, port)).toBe(true);
    expect(isAllowedOrigin('null', port)).toBe(false);
    expect(isAllowedOrigin(`https://127.0.0.1:${port}`, port)).toBe(false);
    expect(isAllowedOrigin('http://evil.example', port)).toBe(false);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(`${token}x`, token)).toBe(false);
    expect(tokensEqual(token.slice(1), token)).toBe(false);
    expect(tokensEqual(undefined, token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
  });

  it('reads bearer tokens and cookies', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBeUndefined();
    expect(bearerToken(`Bearer ${token} extra`)).toBeUndefined();
    expect(cookieValue(`a=1; ${SESSION_COOKIE}=${token}; b=2`, SESSION_COOKIE)).toBe(token);
    expect(cookieValue('a=1', SESSION_COOKIE)).toBeUndefined();
    expect(sessionCookie(token)).toContain('HttpOnly');
    expect(sessionCookie(token)).toContain('SameSite=Strict');
  });

  it('decides one request', () => {
    const ok = { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` };
    expect(checkAccess(ok, { token, port, via: 'bearer' })).toEqual({ ok: true });
    expect(
      checkAccess({ ...ok, host: `attacker.example:${port}` }, { token, port, via: 'bearer' }),
    ).toMatchObject({
      ok: false,
      status: 421,
    });
    expect(
      checkAccess({ ...ok, origin: 'https://attacker.example' }, { token, port, via: 'bearer' }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess({ host: ok.host }, { token, port, via: 'bearer' })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      checkAccess({ host: ok.host, authorization: `Bearer ${newToken()}` }, { token, port, via: 'bearer' }),
    ).toMatchObject({ ok: false, status: 401 });
    // The cookie authorises what the browser loads by itself, never a call.
    const cookie = { host: ok.host, cookie: `${SESSION_COOKIE}=${token}` };
    expect(checkAccess(cookie, { token, port, via: 'cookie' })).toEqual({ ok: true });
    expect(checkAccess(cookie, { token, port, via: 'bearer' })).toMatchObject({ ok: false, status: 401 });
  });
});
