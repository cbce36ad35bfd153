import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  courseOverview,
  sessionParticipation,
  toCsv,
  type AlertService,
  type EarlyWarningThresholds,
  type ParticipantRow,
  type PulseThreshold,
} from '../analytics/index.js';
import { requireRole } from '../http/auth.js';
import { AppError, parseOrThrow } from '../http/index.js';
import { ALERT_STATUSES } from '../store/index.js';
import { asyncHandler } from './async-handler.js';
import { ownSeminar, requireOwnCourse } from './session-scope.js';

export interface AnalyticsDeps {
  alerts: AlertService;
  thresholds: EarlyWarningThresholds;
  /** The seminar's pulse alert threshold, so confusion moments match what staff were alerted on live. */
  pulseThreshold(seminarId: string): Promise<PulseThreshold>;
}

const participationQuerySchema = z.object({
  bucket_minutes: z.coerce.number().int().min(1).max(60).default(1),
});
const alertsQuerySchema = z.object({ status: z.enum([...ALERT_STATUSES, 'all']).default('open') });

/** The session CSV's columns after the student: the table's own field names, in this order. */
const SESSION_CSV_FIELDS = [
  'attended',
  'joined_at',
  'left_at',
  'present_seconds',
  'speaking_time_seconds',
  'chat_messages_count',
  'polls_responded',
  'quizzes_responded',
  'hand_raises',
  'reactions_count',
  'pulse_count',
  'questions_count',
  'question_upvotes_count',
  'whiteboard_edits_count',
  'participation_score',
] as const satisfies ReadonlyArray<keyof ParticipantRow>;

/** The `course_id` path parameter, which must be the token's course. */
function ownCourse(req: Request): string {
  const courseId = String(req.params.course_id);
  requireOwnCourse(req, courseId);
  return courseId;
}

function sendCsv(res: Response, filename: string, csv: string): void {
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(csv);
}

/**
 * Participation analytics and early-warning alerts for staff of the course (seed 000 §3.2.6 plus our alert
 * and CSV routes). Learners get FORBIDDEN before anything is looked up.
 */
export function analyticsRouter(deps: AnalyticsDeps | undefined): Router {
  const router = Router();
  const staff = requireRole('instructor', 'ta');
  const service = (): AnalyticsDeps => {
    if (!deps) throw new AppError('CONFLICT', 'Analytics is not running on this server');
    return deps;
  };

  async function sessionReport(req: Request) {
    const seminar = await ownSeminar(req, String(req.params.session_id));
    const query = parseOrThrow(participationQuerySchema, req.query);
    const pulse = await service().pulseThreshold(String(seminar._id));
    return sessionParticipation(seminar, pulse, query.bucket_minutes * 60_000);
  }

  router.get(
    '/sessions/:session_id/analytics/participation',
    staff,
    asyncHandler(async (req, res) => {
      res.json(await sessionReport(req));
    }),
  );

  router.get(
    '/sessions/:session_id/analytics/export.csv',
    staff,
    asyncHandler(async (req, res) => {
      const report = await sessionReport(req);
      const header = ['user_id', 'full_name', ...SESSION_CSV_FIELDS];
      const rows = report.participants.map((p) => [
        p.user.id,
        p.user.full_name,
        ...SESSION_CSV_FIELDS.map((f) => p[f]),
      ]);
      sendCsv(res, `session-${report.session_id}-participation.csv`, toCsv(header, rows));
    }),
  );

  router.get(
    '/courses/:course_id/analytics/overview',
    staff,
    asyncHandler(async (req, res) => {
      const courseId = ownCourse(req);
      res.json(await courseOverview(courseId, service().thresholds));
    }),
  );

  router.get(
    '/courses/:course_id/analytics/export.csv',
    staff,
    asyncHandler(async (req, res) => {
      const courseId = ownCourse(req);
      const overview = await courseOverview(courseId, service().thresholds);
      const header = [
        'user_id',
        'full_name',
        'attendance_rate',
        'avg_participation_score',
        'avg_quiz_score',
        'risk_factors',
        ...overview.sessions.map((s) => `attended:${s.title} (${s.started_at.slice(0, 10)})`),
      ];
      const rows = overview.students.map((s) => [
        s.user.id,
        s.user.full_name,
        s.attendance_rate,
        s.avg_participation_score,
        s.avg_quiz_score,
        s.risk_factors.join(' '),
        ...s.attendance,
      ]);
      sendCsv(res, `course-${courseId}-analytics.csv`, toCsv(header, rows));
    }),
  );

  router.get(
    '/courses/:course_id/alerts',
    staff,
    asyncHandler(async (req, res) => {
      const courseId = ownCourse(req);
      const query = parseOrThrow(alertsQuerySchema, req.query);
      res.json({ course_id: courseId, alerts: await service().alerts.list(courseId, query.status) });
    }),
  );

  router.post(
    '/alerts/:alert_id/ack',
    staff,
    asyncHandler(async (req, res) => {
      const session = req.session!;
      res.json({
        alert: await service().alerts.acknowledge(String(req.params.alert_id), session.course, session.sub),
      });
    }),
  );

  return router;
}
