import { Router } from 'express';
import { LaunchError, type LaunchErrorCode } from './errors.js';
import type { ApiErrorFactory } from './lti-router.js';
import { SessionTokenError, type SessionTokens } from './session-token.js';
import type { LaunchStore } from './store.js';

/**
 * `POST /api/v1/session/refresh` with `Authorization: Bearer <session token>` → `{ token, expires_at }`: a fresh
 * token with the same claims while the old one is still valid, so an open page never expires. The role is
 * read again from the enrolment: a user who lost their role (dropped, or changed by the LMS) is logged out
 * (401, `reason: role_lost`) and must relaunch.
 */
export function sessionRouter(deps: { tokens: SessionTokens; store: LaunchStore; apiError: ApiErrorFactory }): Router {
  const router = Router();
  const refuse = (code: LaunchErrorCode, message: string, reason: string) => deps.apiError(code, message, { reason });
  router.post('/refresh', (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      next(refuse('UNAUTHORIZED', 'Missing bearer session token', 'invalid'));
      return;
    }
    let current;
    try {
      current = deps.tokens.verify(match[1]!);
    } catch (err) {
      const reason = err instanceof SessionTokenError ? err.reason : 'invalid';
      next(
        refuse(
          'UNAUTHORIZED',
          reason === 'expired' ? 'Session expired; relaunch from the LMS' : 'Invalid session token',
          reason,
        ),
      );
      return;
    }
    deps.store
      .currentRole(current.sub, current.course)
      .then((role) => {
        if (role !== current.role) {
          const lost = new LaunchError('role_lost');
          next(refuse(lost.code, lost.message, lost.reason));
          return;
        }
        const { exp: _exp, iat: _iat, ...claims } = current;
        const token = deps.tokens.mint(claims);
        const { exp } = deps.tokens.verify(token);
        res.json({ token, expires_at: new Date(exp * 1000).toISOString() });
      })
      .catch(next);
  });
  return router;
}
