/**
 * Which Gemini the app uses, decided at call time: the environment first (GEMINI_API_KEY with an optional
 * GEMINI_BASE_URL — any server speaking Gemini's wire format, e.g. the fake in tests —, or a credits server
 * through RELIVCHATS_SERVER_URL + RELIVCHATS_SERVER_TOKEN [+ RELIVCHATS_RESERVATION_ID]), then the user's
 * own key in the secret store.
 */
import { AppError } from '../errors';
import type { SecretStore } from '../secrets';
import { createGeminiGateway, type GatewayOptions, type GeminiAccess, type GeminiGateway } from './gateway';

/** The secret holding the user's own Gemini API key. */
export const GEMINI_KEY_SECRET = 'gemini-api-key';

/** The placeholder key sent to the credits proxy, which replaces it with the server's own. */
export const PROXY_PLACEHOLDER_KEY = 'relivchats-credits-proxy';

export async function resolveGeminiAccess(
  secrets: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GeminiAccess | null> {
  const baseUrl = env.GEMINI_BASE_URL ? { baseUrl: env.GEMINI_BASE_URL } : {};
  if (env.GEMINI_API_KEY) return { via: 'own-key', apiKey: env.GEMINI_API_KEY, ...baseUrl };
  if (env.RELIVCHATS_SERVER_URL && env.RELIVCHATS_SERVER_TOKEN) {
    return {
      via: 'credits',
      apiKey: PROXY_PLACEHOLDER_KEY,
      baseUrl: `${env.RELIVCHATS_SERVER_URL.replace(/\/+$/, '')}/gemini`,
      headers: {
        authorization: `Bearer ${env.RELIVCHATS_SERVER_TOKEN}`,
        ...(env.RELIVCHATS_RESERVATION_ID ? { 'x-reservation-id': env.RELIVCHATS_RESERVATION_ID } : {}),
      },
    };
  }
  const stored = await secrets.get(GEMINI_KEY_SECRET);
  return stored ? { via: 'own-key', apiKey: stored, ...baseUrl } : null;
}

/**
 * A function that returns the gateway for the current access, re-created only when the access changes
 * (e.g. the user entered another key). Every gateway shares the process-wide limiter.
 */
export function geminiProvider(
  secrets: SecretStore,
  options: GatewayOptions & { env?: NodeJS.ProcessEnv } = {},
): () => Promise<GeminiGateway> {
  let current: { key: string; gateway: GeminiGateway } | null = null;
  return async () => {
    const access = await resolveGeminiAccess(secrets, options.env);
    if (!access) {
      throw new AppError(
        'gemini-not-configured',
        'No Gemini access: enter your Gemini API key in the settings (or set GEMINI_API_KEY), or sign in to use coins.',
      );
    }
    const key = JSON.stringify(access);
    if (current?.key !== key) current = { key, gateway: createGeminiGateway(access, options) };
    return current.gateway;
  };
}
