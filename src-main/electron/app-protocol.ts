/**
 * `app://relivchats/…`: the built renderer and the chat's media, served to the window. A real origin (Clerk
 * refuses file://), privileged like https so fetch, streams and the CSP behave as on the web.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { accountConnectSources } from '../account/clerk';
import type { AppContext } from '../context';
import { toErrorShape } from '../errors';
import { mediaHeaders, mediaIdFromPath, openMedia } from '../media';
import { assetContentType, contentSecurityPolicy, resolveAssetPath } from '../renderer-assets';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://relivchats`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Before `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

export function isAppUrl(url: string): boolean {
  try {
    return new URL(url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** After `ready`. `getCtx` is null until the library is open. */
export function serveAppProtocol(rendererDir: string, getCtx: () => AppContext | null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.origin !== APP_ORIGIN) return text(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Not allowed');

    const mediaId = mediaIdFromPath(url.pathname);
    if (mediaId !== null) {
      const ctx = getCtx();
      if (!ctx) return text(503, 'The library is not open.');
      try {
        const media = await openMedia(ctx.library, mediaId);
        return new Response(Readable.toWeb(media.stream) as ReadableStream, { headers: mediaHeaders(media) });
      } catch (error) {
        return text(404, toErrorShape(error).message);
      }
    }

    const path = resolveAssetPath(rendererDir, url.pathname);
    if (!path) return text(404, 'Not found');
    try {
      const body = await readFile(path);
      const type = assetContentType(path);
      return new Response(body, {
        headers: {
          'content-type': type,
          'x-content-type-options': 'nosniff',
          ...(type.startsWith('text/html')
            ? {
                'content-security-policy': contentSecurityPolicy({
                  connect: accountConnectSources(getCtx()),
                }),
              }
            : {}),
        },
      });
    } catch {
      return text(404, 'Not found');
    }
  });
}
