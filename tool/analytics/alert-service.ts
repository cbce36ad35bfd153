import { isValidObjectId, Types } from 'mongoose';
import type { Logger } from 'pino';
import { AppError } from '../http/index.js';
import type { Room, Rooms } from '../live/index.js';
import { Alert, ParticipationSummary, QuizSubmission, Seminar, User, type AlertStatus } from '../store/index.js';
import { courseRecords } from './course-overview.js';
import { inactiveInSession, quizScoreDrop, type EarlyWarningThresholds, type RuleResult } from './early-warning.js';
import { round } from './talk-time.js';

export interface AlertServiceOptions {
  rooms: Rooms;
  /** Sends to a seminar's staff channel (via socket.io, so the Room cache is not refilled for ended ones). */
  emitStaff(seminarId: string, event: string, data: object): void;
  thresholds: EarlyWarningThresholds;
  /** How often live seminars are checked for inactive students. */
  inactivityCheckMs: number;
  logger: Logger;
}

const DUPLICATE_KEY = 11000;

type AlertLean = Awaited<ReturnType<typeof findAlert>>;

async function findAlert(filter: Record<string, unknown>) {
  return Alert.findOne(filter).lean();
}

/** The REST and `alert_raised` shape of an alert. */
export function alertView(alert: NonNullable<AlertLean>, fullName: string) {
  return {
    id: String(alert._id),
    course_id: String(alert.course),
    session_id: String(alert.seminar),
    user: { id: String(alert.user), full_name: fullName },
    rule: alert.rule,
    severity: alert.severity,
    evidence: alert.evidence as Record<string, unknown>,
    status: alert.status,
    detected_at: alert.detectedAt.toISOString(),
    acknowledged_at: alert.acknowledgedAt?.toISOString() ?? null,
    acknowledged_by: alert.acknowledgedBy ? String(alert.acknowledgedBy) : null,
  };
}
export type AlertView = ReturnType<typeof alertView>;

/**
 * Runs the early-warning rules where their evidence changes: inactivity on a timer while seminars are live,
 * attendance/participation/quiz rules when a seminar ends, the quiz rule again when a quiz is graded. A new
 * alert is stored once per (rule, student, seminar) and pushed to that seminar's staff as `alert_raised`.
 */
export class AlertService {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(private readonly options: AlertServiceOptions) {}

  start(): void {
    this.options.rooms.onEnd((room) => this.sessionEnded(room));
    this.timer ??= setInterval(() => void this.checkInactivity(), this.options.inactivityCheckMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
  }

  /** Students present in a live seminar with no act for the threshold (from summaries' lastActivityAt). */
  checkInactivity(now = new Date()): Promise<void> {
    this.checking ??= this.inactivityPass(now)
      .catch((err: unknown) => this.options.logger.warn({ err }, 'inactivity check failed'))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async inactivityPass(now: Date): Promise<void> {
    const live = await Seminar.find({ status: 'LIVE' }, { _id: 1 }).lean();
    for (const seminar of live) {
      await this.checkSeminar(String(seminar._id), now).catch((err: unknown) =>
        this.options.logger.warn({ err, seminarId: String(seminar._id) }, 'inactivity check of a seminar failed'),
      );
    }
  }

  private async checkSeminar(seminarId: string, now: Date): Promise<void> {
    const room = await this.options.rooms.byId(seminarId);
    const learners = (await room.participants()).filter((p) => p.role === 'learner');
    if (learners.length === 0) return;
    const summaries = await ParticipationSummary.find(
      { seminar: seminarId, user: { $in: learners.map((l) => l.id) } },
      { user: 1, lastActivityAt: 1 },
    ).lean();
    const lastActivity = new Map(summaries.map((s) => [String(s.user), s.lastActivityAt ?? undefined]));
    for (const learner of learners) {
      const found = inactiveInSession(
        {
          live: true,
          present: true,
          joinedAt: new Date(learner.joined_at),
          lastActivityAt: lastActivity.get(learner.id),
          now,
        },
        this.options.thresholds.inactiveMinutes,
      );
      if (found) await this.raise(room.courseId, room.seminarId, learner.id, found, learner.full_name);
    }
  }

  /** End hook: the course-level rules for every learner, keyed to the seminar that just ended. */
  async sessionEnded(room: Room): Promise<void> {
    const { students } = await courseRecords(room.courseId, this.options.thresholds);
    for (const student of students) {
      for (const risk of student.risks) {
        await this.raise(room.courseId, room.seminarId, student.user.id, risk, student.user.full_name);
      }
    }
  }

  /** A graded quiz may be the drop: only this student's scores are read. */
  async quizGraded(submissionId: string): Promise<void> {
    const submission = await QuizSubmission.findById(submissionId, { user: 1, course: 1, seminar: 1 }).lean();
    if (!submission) return;
    const history = await QuizSubmission.find(
      { course: submission.course, user: submission.user },
      { score: 1, maxScore: 1, submittedAt: 1 },
    )
      .sort({ submittedAt: 1 })
      .lean();
    const percents = history.filter((q) => q.maxScore > 0).map((q) => round((100 * q.score) / q.maxScore, 1));
    const found = quizScoreDrop(percents, this.options.thresholds.quizDropPoints);
    if (found) await this.raise(String(submission.course), String(submission.seminar), String(submission.user), found);
  }

  /** Stores the alert unless (rule, student, seminar) already has one; a new one goes to staff at once. */
  async raise(
    courseId: string,
    seminarId: string,
    userId: string,
    result: RuleResult<unknown>,
    fullName?: string,
  ): Promise<AlertView | null> {
    const key = { rule: result.rule, user: new Types.ObjectId(userId), seminar: new Types.ObjectId(seminarId) };
    const written = await Alert.updateOne(
      key,
      {
        $setOnInsert: {
          course: new Types.ObjectId(courseId),
          severity: result.severity,
          evidence: result.evidence,
          status: 'open',
          detectedAt: new Date(),
        },
      },
      { upsert: true },
    ).catch((err: unknown) => {
      // Two processes raising the same alert at once: MongoDB's unique index lets one upsert win.
      if ((err as { code?: number }).code === DUPLICATE_KEY) return { upsertedCount: 0 };
      throw err;
    });
    if (written.upsertedCount !== 1) return null;
    const alert = await findAlert(key);
    const view = alertView(alert!, fullName ?? (await nameOf(userId)));
    this.options.emitStaff(seminarId, 'alert_raised', { alert: view });
    this.options.logger.info({ alertId: view.id, rule: view.rule, seminarId, userId }, 'early-warning alert raised');
    return view;
  }

  async list(courseId: string, status: AlertStatus | 'all') {
    const alerts = await Alert.find({ course: courseId, ...(status === 'all' ? {} : { status }) })
      .sort({ detectedAt: -1 })
      .limit(500)
      .lean();
    const names = await namesOf(alerts.map((a) => a.user));
    return alerts.map((a) => alertView(a, names.get(String(a.user)) ?? ''));
  }

  /** Staff of the alert's course only; acknowledging twice keeps the first acknowledgement. */
  async acknowledge(alertId: string, courseId: string, by: string): Promise<AlertView> {
    const existing = isValidObjectId(alertId) ? await findAlert({ _id: alertId }) : null;
    if (!existing) throw new AppError('NOT_FOUND', 'Alert not found');
    if (String(existing.course) !== courseId) throw new AppError('FORBIDDEN', 'This alert belongs to another course');
    if (existing.status === 'open') {
      await Alert.updateOne(
        { _id: existing._id, status: 'open' },
        { $set: { status: 'acknowledged', acknowledgedAt: new Date(), acknowledgedBy: new Types.ObjectId(by) } },
      );
    }
    const alert = await findAlert({ _id: existing._id });
    const view = alertView(alert!, await nameOf(String(alert!.user)));
    this.options.emitStaff(view.session_id, 'alert_acknowledged', { alert: view });
    return view;
  }
}

async function nameOf(userId: string): Promise<string> {
  return (await User.findById(userId, { name: 1 }).lean())?.name ?? '';
}

async function namesOf(ids: readonly Types.ObjectId[]): Promise<Map<string, string>> {
  const users = await User.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.name]));
}
