import { Router } from 'express';
import type { SessionTokens } from '../../launch/index.js';
import type { AiService } from '../ai/index.js';
import { requireSession } from '../http/auth.js';
import { quizzesRouter, type QuizDeps } from './quizzes.js';
import { aiRouter } from './ai.js';
import { materialsRouter } from './materials.js';

export interface ApiDeps {
  tokens: SessionTokens;
  quizzes: QuizDeps;
  ai: AiService;
  materials: { maxBytes: number };
}

/**
 * `/api/v1`: the REST API of seed 000 §3.2 (DESIGN.md §2). Every route needs the session token; each resource
 * group lives in its own file and is mounted here.
 */
export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  router.use(requireSession(deps.tokens));
  router.use(quizzesRouter(deps.quizzes));
  router.use(materialsRouter(deps.materials));
  router.use(aiRouter(deps.ai));
  return router;
}
