/** Errors as JSON `{ error: { code, message } }` with the HTTP status each stable code stands for. */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../src-main/errors';
import type { ServerErrorCode } from '../../src-shared/server-api';
import type { Logger } from '../logger';

const STATUS: Record<ServerErrorCode, number> = {
  'invalid-request': 400,
  'invalid-signature': 400,
  unauthorized: 401,
  'insufficient-coins': 402,
  'model-not-allowed': 403,
  'reservation-required': 403,
  'not-found': 404,
  'already-resolved': 409,
  'idempotency-key-reused': 409,
  'reservation-expired': 410,
  'payload-too-large': 413,
  'rate-limited': 429,
  'budget-exhausted': 429,
  internal: 500,
  'upstream-error': 502,
  'not-configured': 503,
};

export function statusOf(code: string): number {
  return STATUS[code as ServerErrorCode] ?? 500;
}

export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): void {
  res.status(status).json({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export function sendAppError(res: Response, error: AppError): void {
  sendError(res, statusOf(error.code), error.code, error.message, error.details);
}

/** Express body-parser errors carry a `type`; everything unknown is an internal error, logged, not shown. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    if (error instanceof AppError) return sendAppError(res, error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large')
      return sendError(res, 413, 'payload-too-large', 'The request body is too large.');
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported')
      return sendError(res, 400, 'invalid-request', 'The request body is not valid JSON.');
    logger.error({ reqId: req.id, err: error }, 'request failed');
    sendError(res, 500, 'internal', `Something went wrong on our side (request ${req.id}).`);
  };
}
