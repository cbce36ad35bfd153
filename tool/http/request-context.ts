import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives every request an id (kept from a proxy's X-Request-Id when it looks sane), a child logger that stamps
 * it on every line, and one completion line with status and duration.
 */
export function requestContext(
  logger: Logger,
  observe?: (req: { method: string; route: string; status: number; seconds: number }) => void,
): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : `req_${randomUUID().replace(/-/g, '')}`;
    req.log = logger.child({ request_id: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      observe?.({ method: req.method, route, status: res.statusCode, seconds });
      req.log.info(
        {
          method: req.method,
          url: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request completed',
      );
    });
    next();
  };
}
