import { Router, type Request } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { SessionTokens } from '../../launch/index.js';
import { AppError, parseOrThrow } from '../http/index.js';
import { requireRole } from '../http/auth.js';
import {
  chatHistory,
  chatHistorySchema,
  consumeRate,
  isStaff,
  listQuestions,
  resolveJoinCode,
  SEED_STATUS,
  type Actor,
  type Live,
} from '../live/index.js';
import { Attendance, Course, Enrollment, Seminar, User, type SeminarStatus } from '../store/index.js';
import { asyncHandler } from './async-handler.js';

const STATUS_BY_SEED = { scheduled: 'WAITING', live: 'LIVE', completed: 'ENDED' } as const;

const listQuery = z.object({
  status: z.enum(['scheduled', 'live', 'completed']).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
});

const createBody = z.object({
  title: z.string().trim().min(1).max(255),
  description: z.string().max(5000).default(''),
  scheduled_at: z.iso.datetime({ offset: true }).optional(),
  duration_minutes: z.number().int().min(1).max(1440).optional(),
  auto_record: z.boolean().default(false),
  allow_late_join: z.boolean().optional(),
});

const JOIN_CODE_ATTEMPTS = { max: 10, windowMs: 60_000 };

const joinCodeBody = z.object({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });

type SeminarLean = NonNullable<Awaited<ReturnType<typeof findSeminar>>>;
function findSeminar(id: string) {
  return Seminar.findById(id).lean();
}

export function actorOfRequest(req: Request): Actor {
  const s = req.session!;
  return { id: s.sub, name: s.name, role: s.role };
}

function requireOwnCourse(req: Request, courseId: string): void {
  if (courseId !== req.session!.course) throw new AppError('FORBIDDEN', 'Your session token is for another course');
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Seed 000 §3.2.3 session shape from a Seminar; duration is not tracked (the LMS schedules). */
function sessionView(s: SeminarLean, participantCount: number) {
  return {
    id: String(s._id),
    course_id: String(s.course),
    title: s.title,
    description: s.description,
    scheduled_at: iso(s.scheduledAt),
    duration_minutes: null,
    status: SEED_STATUS[s.status as SeminarStatus],
    participant_count: participantCount,
    recording_url: null,
    created_at: iso((s as unknown as { createdAt: Date }).createdAt),
  };
}

/**
 * Sessions REST (seed 000 §3.2.3 under /api/v1): a session is a Seminar. Start and end drive the same Room
 * lifecycle the sockets see; "join" describes how to connect (presence itself is the socket's join_session).
 * Plus POST /sessions/join-code: a user already launched into the course trades a live session's 6-digit code
 * for a token of that session (second device); the code never stands in for the LMS identity.
 */
export function sessionsRouter(deps: { live: Live; tokens: SessionTokens; publicUrl: string }): Router {
  const router = Router();
  const { rooms } = deps.live;

  router.get(
    '/courses/:course_id/sessions',
    asyncHandler(async (req, res) => {
      requireOwnCourse(req, req.params.course_id!);
      const q = parseOrThrow(listQuery, req.query);
      const filter: Record<string, unknown> = { course: req.params.course_id };
      if (q.status) filter.status = STATUS_BY_SEED[q.status];
      if (q.start_date || q.end_date)
        filter.scheduledAt = {
          ...(q.start_date && { $gte: new Date(q.start_date) }),
          ...(q.end_date && { $lte: new Date(q.end_date) }),
        };
      const seminars = await Seminar.find(filter).sort({ scheduledAt: -1, _id: -1 }).limit(500).lean();
      const results = [];
      for (const s of seminars) results.push(sessionView(s, await Attendance.countDocuments({ seminar: s._id })));
      res.json({ count: results.length, results });
    }),
  );

  router.post(
    '/courses/:course_id/sessions',
    requireRole('instructor'),
    asyncHandler(async (req, res) => {
      requireOwnCourse(req, req.params.course_id!);
      const body = parseOrThrow(createBody, req.body);
      const created = await Seminar.create({
        course: req.params.course_id,
        resourceLinkId: `api:${new Types.ObjectId().toHexString()}`,
        title: body.title,
        description: body.description,
        scheduledAt: body.scheduled_at ? new Date(body.scheduled_at) : undefined,
        settings: { recordingEnabled: body.auto_record },
      });
      const view = sessionView(created.toObject() as SeminarLean, 0);
      res.status(201).json({ ...view, duration_minutes: body.duration_minutes ?? null, auto_record: body.auto_record });
    }),
  );

  router.post(
    '/sessions/join-code',
    asyncHandler(async (req, res) => {
      // A join code is 6 digits: without a budget a launched user could walk the code space of their course.
      await consumeRate(deps.live.redis, 'join_code', req.session!.sub, JOIN_CODE_ATTEMPTS);
      const { code } = parseOrThrow(joinCodeBody, req.body);
      const seminarId = await resolveJoinCode(deps.live.redis, code);
      const seminar = seminarId ? await findSeminar(seminarId) : null;
      if (!seminar || seminar.status !== 'LIVE' || String(seminar.course) !== req.session!.course)
        throw new AppError('NOT_FOUND', 'No live session of your course has this code');
      const { sub, course, role, name, platform, locale } = req.session!;
      const token = deps.tokens.mint({ sub, course, role, name, platform, locale, seminar: String(seminar._id) });
      res.json({ session_id: String(seminar._id), title: seminar.title, status: 'live', token });
    }),
  );

  router.get(
    '/sessions/:session_id',
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      const seminar = (await findSeminar(room.seminarId))!;
      const course = await Course.findById(seminar.course, { title: 1 }).lean();
      const teacher = await Enrollment.findOne({ course: seminar.course, role: 'instructor', status: 'active' }).lean();
      const teacherUser = teacher ? await User.findById(teacher.user, { name: 1 }).lean() : null;
      const mine = await Attendance.findOne({ seminar: seminar._id, user: req.session!.sub }).lean();
      const staff = isStaff(req.session!.role);
      res.json({
        ...sessionView(seminar, await Attendance.countDocuments({ seminar: seminar._id })),
        course: {
          id: String(seminar.course),
          title: course?.title ?? '',
          instructor: teacherUser ? { id: String(teacherUser._id), full_name: teacherUser.name } : null,
        },
        participants: await room.participants(),
        join_code: staff && seminar.status === 'LIVE' ? (seminar.joinCode ?? null) : null,
        join_url: staff && seminar.status === 'LIVE' ? `${deps.publicUrl}/app/?join_code=${seminar.joinCode}` : null,
        media: { room_key: room.seminarId },
        my_participation: mine
          ? {
              participant_id: String(mine._id),
              first_joined_at: iso(mine.firstJoinedAt),
              last_left_at: iso(mine.lastLeftAt),
              present_seconds: mine.presentSeconds,
            }
          : null,
      });
    }),
  );

  router.post(
    '/sessions/:session_id/start',
    requireRole('instructor'),
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      const seminar = await room.start();
      res.json({
        id: room.seminarId,
        status: 'live',
        started_at: iso(seminar.startedAt),
        join_code: seminar.joinCode ?? null,
        join_url: `${deps.publicUrl}/app/?join_code=${seminar.joinCode}`,
        media: { room_key: room.seminarId, moderator: true },
      });
    }),
  );

  router.post(
    '/sessions/:session_id/join',
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      const status = await room.status();
      if (status === 'ENDED') throw new AppError('CONFLICT', 'The session has ended');
      res.json({
        id: room.seminarId,
        status: SEED_STATUS[status],
        joined_at: new Date().toISOString(),
        display_name: req.session!.name,
        websocket_url: `${deps.publicUrl.replace(/^http/, 'ws')}/socket.io`,
        media: { room_key: room.seminarId, moderator: isStaff(req.session!.role) },
      });
    }),
  );

  router.post(
    '/sessions/:session_id/end',
    requireRole('instructor'),
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      const seminar = await room.end();
      const started = seminar.startedAt ? new Date(seminar.startedAt) : null;
      const ended = seminar.endedAt ? new Date(seminar.endedAt) : new Date();
      res.json({
        id: room.seminarId,
        status: 'completed',
        started_at: iso(started),
        ended_at: iso(ended),
        duration_actual_minutes: started ? Math.round((ended.getTime() - started.getTime()) / 60000) : 0,
        participant_count: await Attendance.countDocuments({ seminar: seminar._id }),
        recording_status: 'none',
      });
    }),
  );

  router.get(
    '/sessions/:session_id/chat',
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      const query = parseOrThrow(chatHistorySchema, {
        ...req.query,
        limit: req.query.limit === undefined ? undefined : Number(req.query.limit),
      });
      res.json(await chatHistory(room, actorOfRequest(req), query));
    }),
  );

  router.get(
    '/sessions/:session_id/questions',
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      res.json(await listQuestions(room, isStaff(req.session!.role)));
    }),
  );

  router.get(
    '/sessions/:session_id/pulse',
    requireRole('instructor', 'ta'),
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      res.json(await deps.live.pulse.gauge(room));
    }),
  );

  return router;
}
