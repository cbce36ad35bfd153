import type { RequestHandler } from 'express';
import { SessionTokenError, type Role, type SessionTokens, type VerifiedSession } from '../../launch/index.js';
import { AppError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    session?: VerifiedSession;
  }
}

/** `Authorization: Bearer <session token>` on /api/v1 (DESIGN.md §4); cookies are never consulted. */
export function requireSession(tokens: SessionTokens): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      next(new AppError('UNAUTHORIZED', 'Missing bearer session token'));
      return;
    }
    try {
      req.session = tokens.verify(match[1]!);
      next();
    } catch (err) {
      const reason = err instanceof SessionTokenError ? err.reason : 'invalid';
      next(
        new AppError(
          'UNAUTHORIZED',
          reason === 'expired' ? 'Session expired; relaunch from the LMS' : 'Invalid session token',
          { reason },
        ),
      );
    }
  };
}

/** Narrows to the roles allowed; use after requireSession. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.session) next(new AppError('UNAUTHORIZED', 'Missing session'));
    else if (!roles.includes(req.session.role)) next(new AppError('FORBIDDEN', `Requires role: ${roles.join(' or ')}`));
    else next();
  };
}
