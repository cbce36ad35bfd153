import { Router } from 'express';
import { z } from 'zod';
import type { RosterSync } from '../../launch/index.js';
import { requireRole } from '../http/auth.js';
import { AppError, parseOrThrow } from '../http/index.js';
import { absentLearners } from '../roster/index.js';
import { Course } from '../store/index.js';
import { asyncHandler } from './async-handler.js';
import { ownSeminar, requireOwnCourse } from './session-scope.js';

const syncBodySchema = z.object({ rlid: z.string().min(1).max(255).optional() }).default({});

/** Roster (NRPS mirror) for staff: sync on demand (rate-limited) and the absent learners of a session. */
export function rosterRouter(rosterSync: RosterSync | undefined): Router {
  const router = Router();
  const staff = requireRole('instructor', 'ta');

  router.post(
    '/courses/:courseId/roster/sync',
    staff,
    asyncHandler(async (req, res) => {
      const courseId = String(req.params.courseId);
      requireOwnCourse(req, courseId);
      const body = parseOrThrow(syncBodySchema, req.body ?? {});
      const course = await Course.findById(courseId).lean();
      if (!course) throw new AppError('NOT_FOUND', 'Course not found');
      if (!course.membershipsUrl || !rosterSync) {
        throw new AppError('CONFLICT', 'The LMS offers no roster service (NRPS) for this course');
      }
      const result = await rosterSync.sync(
        { id: courseId, issuer: course.issuer, clientId: course.clientId, membershipsUrl: course.membershipsUrl },
        { rlid: body.rlid },
      );
      if (result.status === 'rate_limited') {
        throw new AppError('RATE_LIMITED', 'The roster was synced moments ago; try again in a minute');
      }
      res.json({ ...result, synced_at: new Date().toISOString() });
    }),
  );

  router.get(
    '/sessions/:sessionId/absent',
    staff,
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.sessionId));
      const absent = await absentLearners(String(seminar._id));
      res.json({ session_id: String(seminar._id), absent: absent.map((a) => ({ user_id: a.userId, name: a.name })) });
    }),
  );

  return router;
}
