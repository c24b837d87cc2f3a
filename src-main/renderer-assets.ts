/**
 * Serving the built renderer (out/renderer) to the two doors that show it: Electron's `app://` protocol and
 * the web shell. Pure logic (no Electron, no HTTP) so the traversal guard is tested on plain Node.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The file under `root` a URL path names, or null when it would leave `root` (`..`, encoded separators,
 * absolute paths, NUL bytes). `/` and extension-less paths (client-side routes) give index.html.
 */
export function resolveAssetPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/, 1)[0] ?? '');
  } catch {
    return null;
  }
  // Backslashes and NUL never appear in our asset names; refusing them closes Windows-style traversal too.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) return null;
  const rel = segments.join('/');
  if (rel === '' || extname(rel) === '') return resolve(root, 'index.html');
  const full = resolve(root, rel);
  const fromRoot = relative(resolve(root), full);
  if (fromRoot === '' || fromRoot.startsWith(`..${sep}`) || fromRoot === '..' || isAbsolute(fromRoot)) {
    return null;
  }
  return full;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function assetContentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The Content-Security-Policy for the app's pages. Everything comes from the app itself; media are served
 * by the same origin (`media/<id>`); `connect` adds the web shell's WebSocket origin.
 */
export function contentSecurityPolicy(options: { connect?: string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // echarts and React set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.connect?.length ? ` ${options.connect.join(' ')}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
