import { Router } from 'express';
import { z } from 'zod';
import { manualScoreSchema, type GradeSyncService } from '../grade-sync/index.js';
import { requireRole } from '../http/auth.js';
import { AppError, parseOrThrow } from '../http/index.js';
import { GradeSync, Quiz } from '../store/index.js';
import { asyncHandler } from './async-handler.js';
import { ownSeminar } from './session-scope.js';

const retryBodySchema = z.object({ keys: z.array(z.string().min(1)).max(1000).optional() }).default({});
const publishBodySchema = z.union([
  z.object({ activity: z.literal('participation') }),
  z.object({ activity: z.literal('quiz'), quiz_id: z.string().regex(/^[0-9a-f]{24}$/i) }),
]);

/**
 * Grade sync for staff (DESIGN.md §6): each student's AGS state per activity of a session, retry of
 * dead-lettered scores, drift against the platform's results, manual publication.
 */
export function gradeSyncRouter(grades: GradeSyncService | undefined): Router {
  const router = Router();
  const staff = requireRole('instructor', 'ta');
  const service = (): GradeSyncService => {
    if (!grades) throw new AppError('CONFLICT', 'Grade sync is not running on this server');
    return grades;
  };

  router.get(
    '/sessions/:sessionId/grade-sync',
    staff,
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.sessionId));
      res.json({ session_id: String(seminar._id), entries: await service().list(String(seminar._id)) });
    }),
  );

  router.post(
    '/sessions/:sessionId/grade-sync/retry',
    staff,
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.sessionId));
      const body = parseOrThrow(retryBodySchema, req.body ?? {});
      const dead = await GradeSync.find(
        { seminar: seminar._id, state: 'dead', ...(body.keys ? { key: { $in: body.keys } } : {}) },
        { key: 1 },
      ).lean();
      const retried = dead.length ? await service().publisher.retryDead(dead.map((d) => d.key)) : 0;
      res.json({ retried });
    }),
  );

  router.get(
    '/sessions/:sessionId/grade-sync/drift',
    staff,
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.sessionId));
      res.json({ entries: await service().drift(String(seminar._id)) });
    }),
  );

  router.post(
    '/sessions/:sessionId/grades',
    requireRole('instructor'),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.sessionId));
      const body = parseOrThrow(manualScoreSchema, req.body);
      const entry = await service().publishScore({
        seminarId: String(seminar._id),
        userId: body.user_id,
        activity: body.activity,
        label: body.label ?? body.activity,
        tag: body.activity === 'participation' ? 'participation' : 'quiz',
        scoreGiven: body.score_given,
        scoreMaximum: body.score_maximum,
        comment: body.comment,
        activityProgress: body.activity_progress,
        gradingProgress: body.grading_progress,
      });
      res.status(202).json({ key: entry.key, attempt: entry.attempt, state: 'queued' });
    }),
  );

  router.post(
    '/sessions/:sessionId/grades/publish',
    requireRole('instructor'),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.sessionId));
      const body = parseOrThrow(publishBodySchema, req.body);
      if (body.activity === 'participation') {
        res.status(202).json({ published: await service().publishParticipation(String(seminar._id)) });
        return;
      }
      const quiz = await Quiz.findOne({ _id: body.quiz_id, seminar: seminar._id }).lean();
      if (!quiz) throw new AppError('NOT_FOUND', 'Quiz not found in this session');
      res.status(202).json({ published: await service().publishQuiz(String(quiz._id)) });
    }),
  );

  return router;
}
