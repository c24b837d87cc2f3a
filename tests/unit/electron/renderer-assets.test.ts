import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetContentType, contentSecurityPolicy, resolveAssetPath } from '../../../src-main/renderer-assets';

const root = resolve('/app/out/renderer');

describe('serving the renderer (app:// and the web shell)', () => {
  it('maps URL paths to files under the root', () => {
    expect(resolveAssetPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAssetPath(root, '/favicon.svg?v=1')).toBe(join(root, 'favicon.svg'));
    expect(resolveAssetPath(root, '/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('gives index.html for the root and client routes', () => {
    expect(resolveAssetPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveAssetPath(root, '')).toBe(join(root, 'index.html'));
    expect(resolveAssetPath(root, '/chat/3')).toBe(join(root, 'index.html'));
  });

  it('refuses every way out of the root', () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2e%2e%2f%2e%2e%2fpasswd.txt',
      '/assets/..%5c..%5cwindows.ini',
      '/..\\..\\boot.ini',
      '/C:/Windows/win.ini',
      '/assets/x.js%00.png',
      '/./index.html',
      '/%E0%A4%A',
    ]) {
      expect(resolveAssetPath(root, path), path).toBeNull();
    }
  });

  it('names content types and a strict CSP', () => {
    expect(assetContentType('x.js')).toMatch(/^text\/javascript/);
    expect(assetContentType('x.css')).toMatch(/^text\/css/);
    expect(assetContentType('x.unknown')).toBe('application/octet-stream');
    const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:1'] });
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:1");
    expect(csp).not.toContain('unsafe-eval');
  });
});
