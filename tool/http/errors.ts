import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

/** Error codes of the DESIGN.md §2 envelope, with the HTTP status each one travels with. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    details: Record<string, unknown>;
    timestamp: string;
    request_id: string;
  };
}

export function errorEnvelope(err: AppError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: err.code,
      message: err.message,
      details: err.details,
      timestamp: new Date().toISOString(),
      request_id: requestId,
    },
  };
}

/** Field-keyed messages as in seed 000 §3.3: `{ "field.path": ["message", …] }`. */
export function zodDetails(error: z.ZodError): Record<string, string[]> {
  const details: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    (details[key] ??= []).push(issue.message);
  }
  return details;
}

export function validationError(error: z.ZodError, message = 'Invalid input data'): AppError {
  return new AppError('VALIDATION_ERROR', message, zodDetails(error));
}

/** Parses with a zod schema and throws the envelope-ready error on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, message?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, message);
  return result.data;
}

const STORE_UNAVAILABLE = /^Mongo(ose)?(ServerSelection|Network\w*|NotConnected|Topology\w*)Error$/;

/** Maps what body-parser, zod and the rest can throw onto an AppError; unknown errors become INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return validationError(err);
  const e = err as {
    type?: string;
    name?: string;
    status?: number;
    statusCode?: number;
    expose?: boolean;
    message?: string;
  };
  // The store being unreachable is an outage the client should retry, not a bug: 503, not 500.
  if (STORE_UNAVAILABLE.test(e?.name ?? ''))
    return new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly');
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError('VALIDATION_ERROR', 'Request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'Request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body encoding');
  }
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500 && e.expose) {
    const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((c) => ERROR_STATUS[c] === status);
    return new AppError(code ?? 'VALIDATION_ERROR', e.message ?? 'Bad request');
  }
  return new AppError('INTERNAL', 'Internal server error');
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

/** The one place where errors become the envelope; internal details are logged, never sent. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const appError = toAppError(err);
  const log = req.log;
  if (appError.status >= 500) log?.error({ err }, 'request failed');
  else log?.info({ code: appError.code, msg: appError.message }, 'request rejected');
  res.status(appError.status).json(errorEnvelope(appError, req.id));
};
