import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  ACTIVITY_PROGRESS,
  agsScoreSchema,
  GRADING_PROGRESS,
  participationScore,
  ScorePublisher,
  type AccessTokenSource,
  type GradeSyncEntry,
} from '../../grading/index.js';
import type { Config } from '../../config/index.js';
import type { Launch } from '../../launch/index.js';
import { AppError } from '../http/index.js';
import type { Live } from '../live/index.js';
import {
  Course,
  Enrollment,
  GradeSync,
  ParticipationSummary,
  Poll,
  Quiz,
  QuizSubmission,
  Seminar,
  User,
  type Stores,
} from '../store/index.js';
import { countsFromSummary } from './participation-counts.js';
import { effectiveParticipationSettings } from './participation-settings.js';
import { gradeSyncStore } from './store.js';

export { gradeSyncStore } from './store.js';
export { countsFromSummary } from './participation-counts.js';
export {
  effectiveParticipationSettings,
  seminarParticipationSettings,
  type SeminarWithSettings,
} from './participation-settings.js';

export const PARTICIPATION_ACTIVITY = 'participation';
/** The activity (and line item resourceId) of a Deep Linking quiz set, as launch/deep-linking.ts names it. */
export const QUIZ_SET_ACTIVITY = 'quiz-set';
const quizActivity = (quizId: string) => `quiz:${quizId}`;

export const manualScoreSchema = z.object({
  user_id: z.string().min(1),
  activity: z.string().min(1).max(200),
  label: z.string().min(1).max(200).optional(),
  score_given: z.number().finite().min(0),
  score_maximum: z.number().finite().positive(),
  comment: z.string().max(4000).optional(),
  activity_progress: z.enum(ACTIVITY_PROGRESS).default('Completed'),
  grading_progress: z.enum(GRADING_PROGRESS).default('FullyGraded'),
});
export type ManualScore = z.infer<typeof manualScoreSchema>;

export interface GradeSyncDeps {
  connection: () => Redis;
  accessToken: AccessTokenSource;
  logger: Logger;
  runWorker: boolean;
  attempts?: number;
  baseDelayMs?: number;
}

interface ScoreInput {
  seminarId: string;
  userId: string;
  activity: string;
  label: string;
  tag: 'quiz' | 'participation';
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  activityProgress: (typeof ACTIVITY_PROGRESS)[number];
  gradingProgress: (typeof GRADING_PROGRESS)[number];
  lineItem?: string;
}

/**
 * Grade passback for the tool: turns quiz submissions and participation summaries into AGS scores for the
 * ScorePublisher, refusing (with the error envelope) scores that could never be accepted.
 */
export class GradeSyncService {
  readonly publisher: ScorePublisher;
  private readonly log: Logger;

  constructor(deps: GradeSyncDeps) {
    this.log = deps.logger.child({ component: 'grade-sync' });
    this.publisher = new ScorePublisher({
      connection: deps.connection,
      store: gradeSyncStore,
      accessToken: deps.accessToken,
      logger: deps.logger,
      runWorker: deps.runWorker,
      attempts: deps.attempts,
      baseDelayMs: deps.baseDelayMs,
    });
  }

  async publishScore(input: ScoreInput): Promise<GradeSyncEntry> {
    const seminar = await Seminar.findById(input.seminarId).lean();
    if (!seminar) throw new AppError('NOT_FOUND', 'Session not found');
    const course = await Course.findById(seminar.course).lean();
    if (!course?.lineItemsUrl) {
      throw new AppError('CONFLICT', 'The LMS offers no grade service (AGS) for this course; relaunch from the LMS');
    }
    const enrollment = /^[0-9a-f]{24}$/i.test(input.userId)
      ? await Enrollment.findOne({ course: course._id, user: input.userId, status: 'active', role: 'learner' }).lean()
      : null;
    const user = enrollment ? await User.findById(input.userId).lean() : null;
    if (!user) {
      throw new AppError('VALIDATION_ERROR', 'Unknown user: not an active learner of this course', {
        user_id: [input.userId],
      });
    }
    const score = agsScoreSchema.safeParse({
      userId: user.sub,
      scoreGiven: input.scoreGiven,
      scoreMaximum: input.scoreMaximum,
      comment: input.comment,
      timestamp: new Date().toISOString(),
      activityProgress: input.activityProgress,
      gradingProgress: input.gradingProgress,
    });
    if (!score.success) {
      throw new AppError('VALIDATION_ERROR', 'Invalid score', {
        fields: score.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    return this.publisher.publish({
      issuer: course.issuer,
      clientId: course.clientId,
      activity: input.activity,
      lineItem: input.lineItem,
      lineItemSpec: {
        lineItemsUrl: course.lineItemsUrl,
        resourceLinkId: seminar.resourceLinkId,
        resourceId: input.activity,
        tag: input.tag,
        label: input.label,
        scoreMaximum: input.scoreMaximum,
      },
      score: score.data,
      refs: { course: String(course._id), seminar: String(seminar._id), user: String(user._id) },
    });
  }

  /** A graded submission: posted now unless the seminar releases quiz grades manually (`force` = release). */
  async publishSubmission(submissionId: string, force = false): Promise<GradeSyncEntry | undefined> {
    const submission = await QuizSubmission.findById(submissionId).lean();
    if (!submission) return undefined;
    const [quiz, seminar] = await Promise.all([
      Quiz.findById(submission.quiz).lean(),
      Seminar.findById(submission.seminar).lean(),
    ]);
    if (!quiz || !seminar) return undefined;
    if (!force && seminar.settings?.releaseQuizGrades === 'manual') return undefined;
    if (seminar.settings?.quizSet) return this.publishQuizSet(seminar, String(submission.user));
    return this.publishScore({
      seminarId: String(seminar._id),
      userId: String(submission.user),
      activity: quizActivity(String(quiz._id)),
      label: quiz.title,
      tag: 'quiz',
      scoreGiven: submission.score,
      scoreMaximum: submission.maxScore,
      activityProgress: 'Completed',
      gradingProgress: submission.pendingReviews > 0 ? 'PendingManual' : 'FullyGraded',
    });
  }

  /**
   * A Deep Linking quiz set has one line item (resourceId `quiz-set`, DESIGN.md §6: one per resource link and
   * gradable activity), so each learner gets one score there: their points over every released quiz of the
   * seminar, Completed once they answered them all, PendingManual while any short answer awaits review.
   */
  private async publishQuizSet(seminar: { _id: unknown; title: string }, userId: string): Promise<GradeSyncEntry> {
    const [quizzes, submissions] = await Promise.all([
      Quiz.find({ seminar: seminar._id, status: { $ne: 'draft' } }, { totalPoints: 1 }).lean(),
      QuizSubmission.find({ seminar: seminar._id, user: userId }, { quiz: 1, score: 1, pendingReviews: 1 }).lean(),
    ]);
    const released = new Set(quizzes.map((q) => String(q._id)));
    const answered = submissions.filter((s) => released.has(String(s.quiz)));
    return this.publishScore({
      seminarId: String(seminar._id),
      userId,
      activity: QUIZ_SET_ACTIVITY,
      label: seminar.title,
      tag: 'quiz',
      scoreGiven: answered.reduce((sum, s) => sum + s.score, 0),
      scoreMaximum: quizzes.reduce((sum, q) => sum + q.totalPoints, 0),
      activityProgress: answered.length === quizzes.length ? 'Completed' : 'InProgress',
      gradingProgress: answered.some((s) => s.pendingReviews > 0) ? 'PendingManual' : 'FullyGraded',
    });
  }

  /** Fire-and-forget from a request path: a failure to queue is logged, the learner's answer stands. */
  submissionGraded(submissionId: string): void {
    this.publishSubmission(submissionId).catch((err: unknown) =>
      this.log.warn({ err, submissionId }, 'queueing a quiz score failed'),
    );
  }

  async publishQuiz(quizId: string): Promise<number> {
    const submissions = await QuizSubmission.find({ quiz: quizId }, { _id: 1 }).lean();
    for (const s of submissions) await this.publishSubmission(String(s._id), true);
    return submissions.length;
  }

  /**
   * Participation scores (0–100) of every active learner of the seminar's course, with the seminar's weights
   * as they are now: a change of weights reaches the gradebook only through this (publish or session end).
   */
  async publishParticipation(seminarId: string): Promise<number> {
    const seminar = await Seminar.findById(seminarId).lean();
    if (!seminar) throw new AppError('NOT_FOUND', 'Session not found');
    const settings = effectiveParticipationSettings(seminar);
    const [learners, summaries, polls, quizzes] = await Promise.all([
      Enrollment.find({ course: seminar.course, role: 'learner', status: 'active' }).lean(),
      ParticipationSummary.find({ seminar: seminar._id }).lean(),
      Poll.countDocuments({ seminar: seminar._id }),
      Quiz.find({ seminar: seminar._id, status: { $ne: 'draft' } }, { _id: 1 }).lean(),
    ]);
    const byUser = new Map(summaries.map((s) => [String(s.user), s]));
    for (const learner of learners) {
      const answered = await QuizSubmission.countDocuments({
        user: learner.user,
        quiz: { $in: quizzes.map((q) => q._id) },
      });
      const counts = countsFromSummary(byUser.get(String(learner.user)), {
        polls,
        quizzes: quizzes.length,
        quizzesAnswered: answered,
      });
      await this.publishScore({
        seminarId,
        userId: String(learner.user),
        activity: PARTICIPATION_ACTIVITY,
        label: `${seminar.title} — participation`,
        tag: 'participation',
        scoreGiven: participationScore(counts, settings).score,
        scoreMaximum: 100,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      });
    }
    return learners.length;
  }

  /** Session end hook: participation-graded seminars post their grades. */
  async sessionEnded(seminarId: string): Promise<void> {
    const seminar = await Seminar.findById(seminarId, { settings: 1 }).lean();
    if (seminar?.settings?.participationGraded) await this.publishParticipation(seminarId);
  }

  async list(seminarId: string) {
    const docs = await GradeSync.find({ seminar: seminarId }).sort({ activity: 1, createdAt: 1 }).lean();
    const users = await User.find({ _id: { $in: docs.map((d) => d.user).filter(Boolean) } }, { name: 1 }).lean();
    const names = new Map(users.map((u) => [String(u._id), u.name]));
    return docs.map((d) => ({
      key: d.key,
      user_id: d.user ? String(d.user) : null,
      user_name: (d.user && names.get(String(d.user))) || null,
      label: (d.lineItemSpec as { label?: string } | undefined)?.label ?? d.activity,
      platform_user_id: (d.score as { userId?: string }).userId ?? null,
      activity: d.activity,
      line_item: d.lineItem ?? null,
      score_given: (d.score as { scoreGiven?: number }).scoreGiven ?? null,
      score_maximum: (d.score as { scoreMaximum?: number }).scoreMaximum ?? null,
      grading_progress: (d.score as { gradingProgress?: string }).gradingProgress ?? null,
      state: d.state,
      attempts: d.attempts,
      last_error: d.lastError ?? null,
      platform_status: d.platformStatus ?? null,
      synced_at: d.syncedAt?.toISOString() ?? null,
    }));
  }

  /** Our last score against the platform's `/results`, per line item of the seminar. */
  async drift(seminarId: string) {
    const docs = await GradeSync.find({ seminar: seminarId, lineItem: { $exists: true } }).lean();
    const byLineItem = new Map<string, typeof docs>();
    for (const d of docs) byLineItem.set(d.lineItem!, [...(byLineItem.get(d.lineItem!) ?? []), d]);
    const out = [];
    for (const [lineItem, entries] of byLineItem) {
      const first = entries[0]!;
      const results = await this.publisher.results(first.issuer, first.clientId, lineItem);
      const platform = new Map(results.map((r) => [r.userId, r.resultScore]));
      for (const e of entries) {
        const ours = (e.score as { scoreGiven?: number; userId: string }).scoreGiven;
        const theirs = platform.get((e.score as { userId: string }).userId);
        out.push({
          key: e.key,
          activity: e.activity,
          line_item: lineItem,
          ours: ours ?? null,
          platform: theirs ?? null,
          in_sync: theirs === ours,
        });
      }
    }
    return out;
  }

  /** Queues what a previous run left unfinished (a tool restart loses no score). */
  async start(): Promise<void> {
    const resumed = await this.publisher.resume();
    if (resumed > 0) this.log.info({ resumed }, 'unfinished grade syncs queued again');
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}

/** Wiring for tool/server.ts: the service, its end-of-session hook, and the in-process worker by default. */
export function createGradeSync(
  config: Config,
  stores: Stores,
  launch: Pick<Launch, 'accessToken'>,
  live: Pick<Live, 'rooms'>,
  logger: Logger,
  runWorker = config.grades.inProcessWorker,
): GradeSyncService {
  const grades = new GradeSyncService({
    connection: () => stores.newRedis('grade-sync'),
    accessToken: (issuer, clientId, scopes) => launch.accessToken(issuer, clientId, scopes),
    logger,
    runWorker,
    attempts: config.grades.attempts,
    baseDelayMs: config.grades.baseDelayMs,
  });
  live.rooms.onEnd(async (room) => grades.sessionEnded(room.seminarId));
  return grades;
}
