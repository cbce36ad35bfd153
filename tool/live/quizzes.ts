import { isValidObjectId } from 'mongoose';
import { z } from 'zod';
import { answerSchema, correctOptions, learnerQuestion } from '../../grading/index.js';
import { AppError } from '../http/index.js';
import {
  LIVE_GRACE_MS,
  MAX_QUESTIONS,
  quizQuestions,
  submissionReceipt,
  submitQuiz,
  type QuizGrading,
  type QuizQuestionEntry,
  type SubmissionReceipt,
  type Submitter,
} from '../quizzes/index.js';
import { Quiz, QuizSubmission } from '../store/index.js';
import type { LiveContext } from './context.js';
import { liveEvent, type LiveSocketData } from './events.js';
import type { Feature } from './feature.js';
import { LIMITS } from './limits.js';
import { quizStats, type QuizStats } from './quiz-stats.js';
import { isStaff, STAFF, type Room } from './room.js';
import type { Rooms } from './rooms.js';
import { objectId } from './sanitize.js';

export const quizStartSchema = z.object({
  quiz_id: objectId,
  time_limit_seconds: z.number().int().min(LIMITS.liveQuizMinSeconds).max(LIMITS.liveQuizMaxSeconds).optional(),
});
export const quizAnswerSchema = z.object({
  quiz_id: objectId,
  answers: z.array(answerSchema).min(1).max(MAX_QUESTIONS),
});
type QuizAnswerInput = z.output<typeof quizAnswerSchema>;
const quizCloseSchema = z.object({ quiz_id: objectId });

type QuizLean = NonNullable<Awaited<ReturnType<typeof loadQuiz>>>;
function loadQuiz(id: string) {
  return Quiz.findById(id).lean();
}

/** Held only while a start is checked and written, so two staff starting at once cannot both win. */
const START_MUTEX_S = 10;

/** The quiz as everyone in the room sees it while it runs: questions without answers, and the deadline. */
function liveQuizView(quiz: QuizLean, questions: QuizQuestionEntry[]) {
  const startedAt = quiz.liveStartedAt!;
  const endsAt = quiz.liveEndsAt ?? null;
  return {
    id: String(quiz._id),
    session_id: String(quiz.seminar),
    title: quiz.title,
    description: quiz.description,
    status: 'live' as const,
    questions: questions.map(({ id, question }, order) => ({ id, order, ...learnerQuestion(question) })),
    time_limit_seconds: endsAt ? Math.round((endsAt.getTime() - startedAt.getTime()) / 1000) : null,
    started_at: startedAt.toISOString(),
    ends_at: endsAt?.toISOString() ?? null,
  };
}

/** Revealed to everyone once the round is closed; short answers keep their model answer and keywords private. */
function solutions(questions: QuizQuestionEntry[]) {
  return questions.map(({ id, question }) => ({
    question_id: id,
    ...(question.type === 'single_choice' || question.type === 'multiple_choice'
      ? { correct_option_indexes: correctOptions(question) }
      : {}),
    ...(question.type === 'true_false' ? { correct_answer: question.correct_answer } : {}),
    ...(question.explanation ? { explanation: question.explanation } : {}),
  }));
}

/**
 * Live checkpoint quiz (issue 9, seed 004): staff fire a quiz into the room, learners answer once with instant
 * feedback (graded by the same module as the REST submission, so the score reaches grade passback), staff
 * watch the statistics, and the round closes by hand, at its deadline (a persisted due time) or with the
 * session. Mongo holds which quiz is live (`liveStartedAt` on a published quiz), so any process can serve it.
 */
export class LiveQuizService {
  /** Quizzes whose statistics are being computed on this process → whether another answer came in meanwhile. */
  private readonly statsRuns = new Map<string, boolean>();

  constructor(
    private readonly ctx: LiveContext,
    private readonly rooms: Rooms,
    private readonly grading: QuizGrading,
  ) {
    ctx.timers.on('quiz_close', (id) => this.close(id));
    rooms.onEnd(async (room) => {
      const live = await this.running(room.seminarId);
      if (live) await this.close(String(live._id));
    });
  }

  /** Re-adds the deadlines of running rounds, in case Redis lost them. */
  async restoreTimers(): Promise<void> {
    const live = await Quiz.find({ status: 'published', liveEndsAt: { $ne: null } }, { liveEndsAt: 1 }).lean();
    for (const quiz of live) await this.scheduleClose(String(quiz._id), quiz.liveEndsAt!, true);
  }

  private scheduleClose(quizId: string, endsAt: Date, onlyIfAbsent = false): Promise<void> {
    return this.ctx.timers.schedule('quiz_close', quizId, new Date(endsAt.getTime() + LIVE_GRACE_MS), onlyIfAbsent);
  }

  private running(seminarId: string) {
    return Quiz.findOne({ seminar: seminarId, status: 'published', liveStartedAt: { $ne: null } }).lean();
  }

  private async quizOf(room: Room, quizId: string): Promise<QuizLean> {
    const quiz = isValidObjectId(quizId) ? await loadQuiz(quizId) : null;
    if (!quiz || String(quiz.seminar) !== room.seminarId) throw new AppError('NOT_FOUND', 'Quiz not found');
    return quiz;
  }

  /** Publishes the quiz if it is a draft and opens its live round; one round at a time per seminar. */
  async start(room: Room, quizId: string, timeLimitSeconds: number | undefined) {
    await room.requireStatus('LIVE');
    const quiz = await this.quizOf(room, quizId);
    if (quiz.status === 'closed' || quiz.liveStartedAt) throw new AppError('CONFLICT', 'This quiz has already run');
    const mutex = room.key('quiz:starting');
    if (!(await this.ctx.redis.set(mutex, quizId, 'EX', START_MUTEX_S, 'NX')))
      throw new AppError('CONFLICT', 'Another quiz is being started');
    let started: QuizLean | null;
    try {
      const current = await this.running(room.seminarId);
      if (current) throw new AppError('CONFLICT', 'Another quiz is live', { quiz_id: String(current._id) });
      const now = new Date();
      const seconds = timeLimitSeconds ?? (quiz.timeLimitMinutes ? quiz.timeLimitMinutes * 60 : null);
      started = await Quiz.findOneAndUpdate(
        { _id: quizId, status: { $in: ['draft', 'published'] }, liveStartedAt: null },
        {
          $set: {
            status: 'published',
            publishedAt: quiz.publishedAt ?? now,
            liveStartedAt: now,
            liveEndsAt: seconds ? new Date(now.getTime() + seconds * 1000) : null,
          },
        },
        { new: true },
      ).lean();
    } finally {
      await this.ctx.redis.del(mutex);
    }
    if (!started) throw new AppError('CONFLICT', 'This quiz has already run');
    if (started.liveEndsAt) await this.scheduleClose(quizId, started.liveEndsAt);
    const view = liveQuizView(started, await quizQuestions(started._id));
    room.emit('quiz_started', { quiz: view });
    this.ctx.logger.info({ seminar: room.seminarId, quiz: quizId, ends_at: view.ends_at }, 'live quiz started');
    return { quiz: view };
  }

  /**
   * A REST submission to a quiz whose live round is running counts like a `quiz_answer` (statistics to staff,
   * participation), so a learner on a second device is not missing from the instructor's bars.
   */
  async answerInSeminar(seminarId: string, learner: Submitter, input: QuizAnswerInput): Promise<SubmissionReceipt> {
    return this.answer(await this.rooms.byId(seminarId), learner, input);
  }

  async answer(room: Room, learner: Submitter, input: QuizAnswerInput): Promise<SubmissionReceipt> {
    const quiz = await this.quizOf(room, input.quiz_id);
    if (!quiz.liveStartedAt) throw new AppError('NOT_FOUND', 'This quiz is not running live');
    const receipt = await submitQuiz(this.grading, quiz, learner, input.answers);
    await room.countActivity(learner.id, 'quiz_answer', {
      value: receipt.percentage,
      correct: receipt.feedback.every((f) => f.correct),
    });
    this.publishStats(room, quiz);
    return receipt;
  }

  /**
   * Sends staff fresh statistics after an answer. A burst of answers costs one computation at a time per quiz
   * (plus one more covering those that arrived meanwhile), and a failure does not fail the learner's ack: the
   * submission is already stored and graded.
   */
  private publishStats(room: Room, quiz: QuizLean): void {
    const id = String(quiz._id);
    if (this.statsRuns.has(id)) {
      this.statsRuns.set(id, true);
      return;
    }
    const run = async () => {
      do {
        this.statsRuns.set(id, false);
        room.emitStaff('quiz_stats', await this.stats(room, quiz));
      } while (this.statsRuns.get(id));
    };
    run()
      .catch((err: unknown) => this.ctx.logger.warn({ err, quiz: id }, 'live quiz statistics failed'))
      .finally(() => this.statsRuns.delete(id));
  }

  private async stats(room: Room, quiz: QuizLean, questions?: QuizQuestionEntry[]): Promise<QuizStats> {
    const [entries, submissions, learners] = await Promise.all([
      questions ?? quizQuestions(quiz._id),
      QuizSubmission.find({ quiz: quiz._id }, { score: 1, maxScore: 1, submittedAt: 1, responses: 1 }).lean(),
      room.learnerCount(),
    ]);
    return quizStats(quiz, entries, submissions, learners);
  }

  /** Closes a running round once (first caller wins) and reveals the solutions with the final statistics. */
  async close(quizId: string): Promise<void> {
    if (!isValidObjectId(quizId)) return;
    const closed = await Quiz.findOneAndUpdate(
      { _id: quizId, status: 'published', liveStartedAt: { $ne: null } },
      { $set: { status: 'closed', liveClosedAt: new Date() } },
      { new: true },
    ).lean();
    if (!closed) return;
    await this.ctx.timers.cancel('quiz_close', quizId);
    const room = await this.rooms.byId(String(closed.seminar));
    const questions = await quizQuestions(closed._id);
    room.emit('quiz_closed', {
      quiz_id: quizId,
      closed_at: closed.liveClosedAt!.toISOString(),
      stats: await this.stats(room, closed, questions),
      solutions: solutions(questions),
    });
    this.ctx.logger.info({ seminar: room.seminarId, quiz: quizId }, 'live quiz closed');
  }

  feature(): Feature {
    return {
      events: {
        quiz_start: liveEvent({
          schema: quizStartSchema,
          roles: STAFF,
          handle: async ({ room }, p) => this.start(room, p.quiz_id, p.time_limit_seconds),
        }),
        quiz_answer: liveEvent({
          schema: quizAnswerSchema,
          roles: ['learner'],
          rate: 'vote',
          handle: async ({ room, actor, socket }, p) =>
            this.answer(room, { ...actor, locale: (socket.data as LiveSocketData).session.locale }, p),
        }),
        quiz_close: liveEvent({
          schema: quizCloseSchema,
          roles: STAFF,
          handle: async ({ room }, p) => {
            const quiz = await this.quizOf(room, p.quiz_id);
            if (quiz.status !== 'published' || !quiz.liveStartedAt)
              throw new AppError('CONFLICT', 'This quiz is not running live');
            await this.close(p.quiz_id);
          },
        }),
      },
      snapshot: async (room, viewer) => {
        const quiz = await this.running(room.seminarId);
        if (!quiz) return { quiz: null };
        const questions = await quizQuestions(quiz._id);
        const view = liveQuizView(quiz, questions);
        if (isStaff(viewer.role)) return { quiz: { ...view, stats: await this.stats(room, quiz, questions) } };
        const mine = await QuizSubmission.findOne({ quiz: quiz._id, user: viewer.id }).lean();
        const byId = new Map(questions.map((q) => [q.id, q.question]));
        return { quiz: { ...view, my_answer: mine ? submissionReceipt(mine, byId, undefined) : null } };
      },
    };
  }
}
