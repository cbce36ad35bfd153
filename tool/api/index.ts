import { Router } from 'express';
import type { SessionTokens } from '../../launch/index.js';
import { requireSession } from '../http/auth.js';
import type { Live } from '../live/index.js';
import { pollsRouter } from './polls.js';
import { sessionsRouter } from './sessions.js';

export interface ApiDeps {
  tokens: SessionTokens;
  live: Live;
  publicUrl: string;
}

/**
 * `/api/v1`: the REST API of seed 000 §3.2 (DESIGN.md §2). Every route needs the session token; each resource
 * group lives in its own file and is mounted here.
 */
export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  router.use(requireSession(deps.tokens));
  router.use(sessionsRouter(deps));
  router.use(pollsRouter(deps));
  return router;
}
