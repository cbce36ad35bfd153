import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

declare module 'express-serve-static-core' {
  interface Locals {
    cspNonce: string;
  }
}

/**
 * Security headers for a tool that lives inside LMS iframes: no X-Frame-Options (it cannot list several
 * origins), and a CSP whose frame-ancestors and form-action name exactly the registered LMS origins, read on
 * every request so a registration reload takes effect without a restart. Inline scripts (LTI auto-submit
 * forms, platform-storage handshakes) must carry `res.locals.cspNonce`.
 */
export function securityHeaders(lmsOrigins: () => string[]): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
        'script-src': [
          "'self'",
          (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`,
        ],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        'worker-src': ["'self'", 'blob:'],
        'frame-ancestors': ["'self'", ...dynamicList(lmsOrigins)],
        'form-action': ["'self'", ...dynamicList(lmsOrigins)],
      },
    },
  });
  return [nonce, headers];
}

/** helmet takes one function per source; a single function returning the joined list keeps it dynamic. */
function dynamicList(origins: () => string[]) {
  return [() => origins().join(' ') || "'self'"];
}
