/**
 * `relivchats://` links. The credits server's checkout pages (CHECKOUT_SUCCESS_URL / _CANCEL_URL) can send
 * the buyer back to the app with `relivchats://checkout?session_id=cs_…`; the desktop app registers the
 * scheme (src-main/electron/main.ts) and hands such links here. Plain functions: no Electron.
 */
export const DEEP_LINK_SCHEME = 'relivchats';

export type DeepLink = { kind: 'checkout'; sessionId: string | null };

/** What a link asks for, or null for anything this app does not know (never acted upon). */
export function parseDeepLink(raw: string): DeepLink | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // `relivchats://checkout?…` puts "checkout" in the host, `relivchats:checkout?…` in the path.
  const where = `${url.host}${url.pathname}`.replace(/^\/+|\/+$/g, '').split('/')[0];
  if (where !== 'checkout') return null;
  const sessionId = url.searchParams.get('session_id');
  return {
    kind: 'checkout',
    sessionId: sessionId && /^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId) ? sessionId : null,
  };
}

/** The link a launch or a second instance was given on its command line (Windows, Linux), if any. */
export function deepLinkInArgs(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}
