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
    {
      level,
      base: { service: 'relivchats-credits' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, minLength: 4096, sync: false }),
  );
}
