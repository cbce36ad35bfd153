import { Router } from 'express';
import type { RosterSync, SessionTokens } from '../../launch/index.js';
import type { AiService, CheckpointOfferStore } from '../ai/index.js';
import { requireSession } from '../http/auth.js';
import type { Live } from '../live/index.js';
import type { QuizGrading } from '../quizzes/index.js';
import type { GradeSyncService } from '../grade-sync/index.js';
import { aiRouter } from './ai.js';
import { analyticsRouter, type AnalyticsDeps } from './analytics.js';
import { gradeSyncRouter } from './grade-sync.js';
import { materialsRouter } from './materials.js';
import { participationSettingsRouter } from './participation-settings.js';
import { pollsRouter } from './polls.js';
import { quizzesRouter } from './quizzes.js';
import { recordingsRouter, type RecordingsPort } from './recordings.js';
import { rosterRouter } from './roster.js';
import { sessionsRouter } from './sessions.js';

export interface ApiDeps {
  tokens: SessionTokens;
  live: Live;
  publicUrl: string;
  quizzes: QuizGrading;
  ai: AiService;
  /** The open live checkpoint offers, listed and dismissed by staff over REST. */
  checkpointOffers: CheckpointOfferStore;
  materials: { maxBytes: number };
  recordings: RecordingsPort;
  grades?: GradeSyncService;
  rosterSync?: RosterSync;
  analytics?: AnalyticsDeps;
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
  router.use(quizzesRouter({ ...deps.quizzes, liveRound: deps.live.quizzes }));
  router.use(materialsRouter(deps.materials));
  router.use(aiRouter(deps));
  router.use(recordingsRouter(deps.recordings));
  router.use(gradeSyncRouter(deps.grades));
  router.use(rosterRouter(deps.rosterSync));
  router.use(analyticsRouter(deps.analytics));
  router.use(participationSettingsRouter());
  return router;
}
