/**
 * The metered Gemini proxy: `POST /gemini/v1beta/models/{model}:generateContent|:batchEmbedContents`,
 * the same wire format as Gemini, so `@google/genai` points at it with `httpOptions.baseUrl` =
 * `<server>/gemini` and the headers `Authorization: Bearer <session token>` and `x-reservation-id`.
 *
 * A call is forwarded with the server's own key (which never leaves the server; whatever key the client
 * sends is dropped) only for the caller's active, unexpired reservation, for an allowed model, while the
 * reservation has calls and tokens left. The call is counted before it is forwarded (atomically, so
 * concurrent calls cannot overshoot the call budget); tokens are added from Gemini's `usageMetadata`
 * afterwards (embeddings report none: counted as Gemini does, about four characters a token). Once either
 * budget is spent the proxy answers 429 `budget-exhausted`.
 */
import express, { type RequestHandler, type Router } from 'express';
import { AppError } from '../../src-main/errors';
import { RESERVATION_HEADER } from '../../src-shared/server-api';
import type { GeminiConfig } from '../config';
import { userIdOf } from '../http/auth';
import { sendError } from '../http/errors';
import { addProxyTokens, chargeProxyCall, type LedgerDeps } from '../ledger/reservations';

const TARGET = /^([A-Za-z0-9._-]{1,100}):(generateContent|batchEmbedContents)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPSTREAM_TIMEOUT_MS = 180_000;

interface Part {
  text?: string;
}
interface EmbedBody {
  requests?: { model?: string; content?: { parts?: Part[] } }[];
}

export function geminiProxy(deps: {
  ledger: LedgerDeps;
  gemini: GeminiConfig | null;
  authenticated: RequestHandler[];
}): Router {
  const router = express.Router();
  const { gemini, ledger } = deps;
  router.post(
    '/gemini/v1beta/models/:target',
    ...deps.authenticated,
    express.json({ limit: '8mb' }),
    async (req, res) => {
      if (!gemini)
        return sendError(res, 503, 'not-configured', 'The Gemini proxy is not configured on this server.');
      const match = TARGET.exec(String(req.params.target));
      if (!match) {
        return sendError(
          res,
          404,
          'not-found',
          'Only models/{model}:generateContent and :batchEmbedContents are proxied.',
        );
      }
      const [, model, method] = match as unknown as [
        string,
        string,
        'generateContent' | 'batchEmbedContents',
      ];
      const reservationId = req.header(RESERVATION_HEADER);
      if (!reservationId || !UUID.test(reservationId)) {
        return sendError(
          res,
          403,
          'reservation-required',
          `Gemini calls through this server need an active unlock: send its id as ${RESERVATION_HEADER}.`,
        );
      }
      const models = method === 'batchEmbedContents' ? embedModels(model, req.body as EmbedBody) : [model];
      const refused = models.find((m) => !gemini.allowedModels.includes(m));
      if (refused) {
        return sendError(
          res,
          403,
          'model-not-allowed',
          `Model ${refused} is not available through this server (allowed: ${gemini.allowedModels.join(', ')}).`,
        );
      }

      await chargeProxyCall(ledger, userIdOf(res), reservationId);

      const abort = new AbortController();
      res.on('close', () => abort.abort());
      let upstream: Response;
      try {
        upstream = await fetch(`${gemini.upstreamUrl}/v1beta/models/${model}:${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-goog-api-key': gemini.apiKey },
          body: JSON.stringify(req.body ?? {}),
          signal: AbortSignal.any([abort.signal, AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)]),
        });
      } catch (error) {
        if (abort.signal.aborted) return;
        throw new AppError('upstream-error', `Gemini could not be reached (${(error as Error).name}).`);
      }
      const text = await upstream.text();
      if (upstream.ok) {
        await addProxyTokens(ledger, reservationId, tokensUsed(method, req.body, text));
      }
      res
        .status(upstream.status)
        .type(upstream.headers.get('content-type') ?? 'application/json')
        .send(text);
    },
  );
  return router;
}

/** The models a batch names (`models/gemini-embedding-001`), which must be allowed too. */
function embedModels(model: string, body: EmbedBody): string[] {
  const named = (body?.requests ?? []).map((r) => (r.model ?? `models/${model}`).replace(/^models\//, ''));
  return [model, ...new Set(named)];
}

function tokensUsed(method: 'generateContent' | 'batchEmbedContents', body: unknown, answer: string): number {
  if (method === 'batchEmbedContents') {
    const chars = ((body as EmbedBody)?.requests ?? [])
      .flatMap((r) => r.content?.parts ?? [])
      .reduce((n, p) => n + (p.text?.length ?? 0), 0);
    return Math.ceil(chars / 4);
  }
  try {
    const usage = (JSON.parse(answer) as { usageMetadata?: { totalTokenCount?: unknown } }).usageMetadata;
    return typeof usage?.totalTokenCount === 'number' ? usage.totalTokenCount : 0;
  } catch {
    return 0;
  }
}
