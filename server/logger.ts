/**
 * Structured JSON logs (pino) on stdout. Requests are logged by what they are (method, path without the
 * query, status, time, user id), never by their headers or bodies; the redaction list is a second line of
 * defence should any header, key or token reach a log call.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["x-goog-api-key"]',
  'headers.authorization',
  'authorization',
  'token',
  'apiKey',
  'secretKey',
  'webhookSecret',
  'jwtKey',
  '*.apiKey',
  '*.secretKey',
  '*.webhookSecret',
  '*.jwtKey',
  '*.token',
];

/**
 * Without a destination: stdout through a buffer (4 kB, flushed as it fills and at exit) — one write
 * per log line was a noticeable share of a request's cost. Call `logger.flush()` before exiting.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { ...OPTIONS, level, redact: { paths: REDACT, censor: '[redacted]' } },
    destination ?? pino.destination({ dest: 1, minLength: 4096, sync: false }),
  );
}

const OPTIONS = { base: { service: 'relivchats-credits' }, timestamp: pino.stdTimeFunctions.isoTime };

/**
 * The same output, level and fields without the redaction pass, for lines whose every value the server
 * builds itself from known fields (one per request): redaction was half the cost of such a line.
 */
export function unredactedLogger(logger: Logger): Logger {
  const destination = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]!;
  return pino({ ...OPTIONS, level: logger.level }, destination);
}
