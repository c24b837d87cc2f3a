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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'relivchats-credits' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
