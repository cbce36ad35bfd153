import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { answerSchema, learnerQuestion, questionSchema, type Answer, type Question } from '../../grading/index.js';
import type { VerifiedSession } from '../../launch/index.js';
import { AppError, parseOrThrow } from '../http/errors.js';
import {
  isStaff,
  MAX_QUESTIONS,
  percentage,
  questionMap,
  quizQuestions,
  quizSummary,
  requireOpen,
  submissionView,
  submitQuiz,
  totals,
  type QuizGrading,
  type SubmissionReceipt,
  type Submitter,
} from '../quizzes/index.js';
import { Quiz, QuizQuestion, QuizReviewAudit, QuizSubmission, Seminar } from '../store/models/index.js';

/** Where answers to a quiz whose live round is running go instead (tool/live's LiveQuizService). */
export interface LiveRoundAnswers {
  answerInSeminar(
    seminarId: string,
    learner: Submitter,
    input: { quiz_id: string; answers: Answer[] },
  ): Promise<SubmissionReceipt>;
}
export type QuizDeps = QuizGrading & { liveRound: LiveRoundAnswers };

const EXPORT_FORMAT = 'eduforum-quiz';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'not an id');
const quizBodySchema = z.object({
  title: z.string().trim().min(1).max(255),
  description: z.string().max(5000).optional(),
  time_limit_minutes: z.number().int().min(1).max(600).optional(),
  questions: z.array(questionSchema).max(MAX_QUESTIONS).default([]),
  bank_question_ids: z.array(objectId).max(MAX_QUESTIONS).default([]),
});
const quizExportSchema = quizBodySchema.omit({ bank_question_ids: true }).extend({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
});
const bankBodySchema = z.object({ questions: z.array(questionSchema).min(1).max(MAX_QUESTIONS) });
const submissionBodySchema = z.object({ answers: z.array(answerSchema).max(MAX_QUESTIONS) });
const reviewBodySchema = z
  .object({
    question_id: objectId,
    action: z.enum(['accept', 'override']),
    points: z.number().min(0).optional(),
    comment: z.string().trim().max(2000).default(''),
  })
  .refine((b) => b.action === 'accept' || (b.points !== undefined && b.comment.length > 0), {
    message: 'an override needs points and a comment',
    path: ['comment'],
  });

type Handler = (req: Request, res: Parameters<RequestHandler>[1]) => Promise<void>;
const handle =
  (fn: Handler): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch(next);
  };

function requireStaff(session: VerifiedSession): void {
  if (!isStaff(session)) throw new AppError('FORBIDDEN', 'Only instructors and TAs may do this');
}

function sessionOf(req: Request): VerifiedSession {
  if (!req.session) throw new AppError('UNAUTHORIZED', 'Missing session');
  return req.session;
}

function idParam(req: Request, name: string): string {
  const value = req.params[name];
  if (!value || !objectId.safeParse(value).success) throw new AppError('NOT_FOUND', `No such ${name}`);
  return value;
}

/** A token may only touch its own course (DESIGN.md §2). */
function requireCourse(session: VerifiedSession, course: unknown): void {
  if (String(course) !== session.course) throw new AppError('FORBIDDEN', 'Belongs to another course');
}

async function seminarFor(req: Request) {
  const seminar = await Seminar.findById(idParam(req, 'sessionId')).lean();
  if (!seminar) throw new AppError('NOT_FOUND', 'No such session');
  requireCourse(sessionOf(req), seminar.course);
  return seminar;
}

/** The quiz, refused to other courses and hidden from learners while it is a draft. */
async function quizFor(req: Request) {
  const session = sessionOf(req);
  const quiz = await Quiz.findById(idParam(req, 'quizId')).lean();
  if (!quiz) throw new AppError('NOT_FOUND', 'No such quiz');
  requireCourse(session, quiz.course);
  if (quiz.status === 'draft' && !isStaff(session)) throw new AppError('NOT_FOUND', 'No such quiz');
  return quiz;
}

/** Creates a draft quiz from inline questions plus copies of bank questions of the same course. */
async function createQuiz(
  session: VerifiedSession,
  seminar: { _id: unknown; course: unknown },
  body: z.infer<typeof quizBodySchema>,
) {
  const bank = await QuizQuestion.find({ _id: { $in: body.bank_question_ids }, course: seminar.course }).lean();
  if (bank.length !== new Set(body.bank_question_ids).size) {
    throw new AppError('VALIDATION_ERROR', 'Unknown question bank ids', { bank_question_ids: ['not in this course'] });
  }
  const questions = [...body.questions, ...bank.map((b) => b.definition as Question)];
  if (questions.length === 0 || questions.length > MAX_QUESTIONS) {
    throw new AppError('VALIDATION_ERROR', `A quiz has 1 to ${MAX_QUESTIONS} questions`, {
      questions: ['wrong number of questions'],
    });
  }
  const quiz = await Quiz.create({
    course: seminar.course,
    seminar: seminar._id,
    title: body.title,
    description: body.description ?? '',
    timeLimitMinutes: body.time_limit_minutes,
    totalPoints: questions.reduce((sum, q) => sum + q.points, 0),
    questionCount: questions.length,
    createdBy: session.sub,
  });
  await QuizQuestion.insertMany(
    questions.map((q, order) => ({
      course: seminar.course,
      quiz: quiz._id,
      order,
      type: q.type,
      definition: q,
      tags: q.tags ?? [],
      createdBy: session.sub,
    })),
  );
  return quiz.toObject();
}

/**
 * Quiz authoring, submission with grading on submit, question bank, import/export and the short-answer
 * review queue (seed 000 §3.2.5 plus ours). Mounted under /api/v1 behind the session token.
 */
export function quizzesRouter(deps: QuizDeps): Router {
  const router = Router();

  router.post(
    '/sessions/:sessionId/quizzes',
    handle(async (req, res) => {
      const session = sessionOf(req);
      requireStaff(session);
      const seminar = await seminarFor(req);
      const quiz = await createQuiz(session, seminar, parseOrThrow(quizBodySchema, req.body));
      res.status(201).json(quizSummary(quiz));
    }),
  );

  router.post(
    '/sessions/:sessionId/quizzes/import',
    handle(async (req, res) => {
      const session = sessionOf(req);
      requireStaff(session);
      const seminar = await seminarFor(req);
      const body = parseOrThrow(quizExportSchema, req.body, 'Not an EduForum quiz export');
      const quiz = await createQuiz(session, seminar, { ...body, bank_question_ids: [] });
      res.status(201).json(quizSummary(quiz));
    }),
  );

  router.get(
    '/sessions/:sessionId/quizzes',
    handle(async (req, res) => {
      const seminar = await seminarFor(req);
      const filter = isStaff(sessionOf(req)) ? {} : { status: { $ne: 'draft' } };
      const quizzes = await Quiz.find({ seminar: seminar._id, ...filter })
        .sort({ createdAt: 1 })
        .lean();
      res.json({ quizzes: quizzes.map(quizSummary) });
    }),
  );

  router.post(
    '/quizzes/:quizId/publish',
    handle(async (req, res) => {
      requireStaff(sessionOf(req));
      const quiz = await quizFor(req);
      if (quiz.status !== 'draft') throw new AppError('CONFLICT', `Quiz is already ${quiz.status}`);
      const publishedAt = new Date();
      await Quiz.updateOne({ _id: quiz._id, status: 'draft' }, { $set: { status: 'published', publishedAt } });
      res.json({ id: String(quiz._id), status: 'published', published_at: publishedAt.toISOString() });
    }),
  );

  router.get(
    '/quizzes/:quizId',
    handle(async (req, res) => {
      const quiz = await quizFor(req);
      const staff = isStaff(sessionOf(req));
      const questions = await quizQuestions(quiz._id);
      res.json({
        ...quizSummary(quiz),
        description: quiz.description,
        questions: questions.map(({ id, question }, order) => ({
          id,
          order,
          ...(staff ? question : learnerQuestion(question)),
        })),
      });
    }),
  );

  router.get(
    '/quizzes/:quizId/export',
    handle(async (req, res) => {
      requireStaff(sessionOf(req));
      const quiz = await quizFor(req);
      const questions = await quizQuestions(quiz._id);
      res.json({
        format: EXPORT_FORMAT,
        version: 1,
        title: quiz.title,
        description: quiz.description,
        ...(quiz.timeLimitMinutes ? { time_limit_minutes: quiz.timeLimitMinutes } : {}),
        questions: questions.map((q) => q.question),
      });
    }),
  );

  router.post(
    '/quizzes/:quizId/submissions',
    handle(async (req, res) => {
      const session = sessionOf(req);
      if (session.role !== 'learner') throw new AppError('FORBIDDEN', 'Only learners submit quizzes');
      const quiz = await quizFor(req);
      const now = new Date();
      requireOpen(quiz, now);
      const body = parseOrThrow(submissionBodySchema, req.body);
      const learner = { id: session.sub, name: session.name, locale: session.locale };
      const receipt = quiz.liveStartedAt
        ? await deps.liveRound.answerInSeminar(String(quiz.seminar), learner, {
            quiz_id: String(quiz._id),
            answers: body.answers,
          })
        : await submitQuiz(deps, quiz, learner, body.answers, now);
      res.status(201).json(receipt);
    }),
  );

  router.get(
    '/quizzes/:quizId/submissions',
    handle(async (req, res) => {
      requireStaff(sessionOf(req));
      const quiz = await quizFor(req);
      const submissions = await QuizSubmission.find({ quiz: quiz._id }).sort({ submittedAt: 1 }).lean();
      res.json({
        submissions: submissions.map((s) => ({
          submission_id: String(s._id),
          student: { id: String(s.user), full_name: s.userName },
          submitted_at: s.submittedAt.toISOString(),
          score: s.score,
          max_score: s.maxScore,
          percentage: percentage(s.score, s.maxScore),
          status: s.status,
          pending_reviews: s.pendingReviews,
        })),
      });
    }),
  );

  router.get(
    '/quizzes/:quizId/submissions/:submissionId',
    handle(async (req, res) => {
      const session = sessionOf(req);
      const quiz = await quizFor(req);
      const submission = await QuizSubmission.findOne({ _id: idParam(req, 'submissionId'), quiz: quiz._id }).lean();
      if (!submission || (!isStaff(session) && String(submission.user) !== session.sub)) {
        throw new AppError('NOT_FOUND', 'No such submission');
      }
      res.json(submissionView(submission, quiz, await questionMap(quiz._id), session));
    }),
  );

  router.get(
    '/quizzes/:quizId/reviews',
    handle(async (req, res) => {
      requireStaff(sessionOf(req));
      const quiz = await quizFor(req);
      const [submissions, questions] = await Promise.all([
        QuizSubmission.find({ quiz: quiz._id, pendingReviews: { $gt: 0 } })
          .sort({ submittedAt: 1 })
          .lean(),
        questionMap(quiz._id),
      ]);
      const reviews = submissions.flatMap((s) =>
        s.responses
          .filter((r) => r.reviewState === 'pending')
          .map((r) => {
            const q = questions.get(String(r.question));
            return {
              submission_id: String(s._id),
              student: { id: String(s.user), full_name: s.userName },
              question: {
                id: String(r.question),
                question_text: q?.question_text ?? '',
                points: r.maxPoints,
                model_answer: q?.type === 'short_answer' ? q.model_answer : null,
              },
              answer_text: r.answerText ?? '',
              auto_points: r.autoPoints,
              similarity_score: r.similarity ?? 0,
              keyword_coverage: r.keywordCoverage ?? null,
              confidence: r.confidence ?? null,
              method: r.method ?? null,
              flags: r.flags ?? [],
            };
          }),
      );
      res.json({ reviews });
    }),
  );

  router.post(
    '/quizzes/:quizId/submissions/:submissionId/reviews',
    handle(async (req, res) => {
      const session = sessionOf(req);
      requireStaff(session);
      const quiz = await quizFor(req);
      const body = parseOrThrow(reviewBodySchema, req.body);
      const submission = await QuizSubmission.findOne({ _id: idParam(req, 'submissionId'), quiz: quiz._id }).lean();
      if (!submission) throw new AppError('NOT_FOUND', 'No such submission');
      const index = submission.responses.findIndex((r) => String(r.question) === body.question_id);
      const response = submission.responses[index];
      if (!response || response.type !== 'short_answer') {
        throw new AppError('NOT_FOUND', 'No short answer to that question in this submission');
      }
      const toPoints = body.action === 'accept' ? response.points : body.points!;
      if (toPoints > response.maxPoints) {
        throw new AppError('VALIDATION_ERROR', 'Points above the question maximum', {
          points: [`at most ${response.maxPoints}`],
        });
      }
      const at = new Date();
      const updated = {
        ...response,
        points: toPoints,
        correct: toPoints >= response.maxPoints / 2,
        reviewState: body.action === 'accept' ? 'accepted' : 'overridden',
        reviewComment: body.comment || undefined,
        reviewedBy: session.sub,
        reviewedAt: at,
      };
      const responses = submission.responses.map((r, i) => (i === index ? updated : r));
      const total = totals(responses);
      await QuizSubmission.updateOne({ _id: submission._id }, { $set: { responses, ...total } });
      deps.onGraded?.(String(submission._id));
      await QuizReviewAudit.create({
        course: quiz.course,
        quiz: quiz._id,
        submission: submission._id,
        question: response.question,
        student: submission.user,
        actor: session.sub,
        actorRole: session.role,
        action: body.action,
        fromPoints: response.points,
        toPoints,
        comment: body.comment,
        at,
      });
      req.log?.info(
        { quiz: String(quiz._id), submission: String(submission._id), action: body.action, toPoints },
        'short answer reviewed',
      );
      const view = submissionView({ ...submission, responses, ...total }, quiz, await questionMap(quiz._id), session);
      res.json(view);
    }),
  );

  router.get(
    '/quizzes/:quizId/reviews/audit',
    handle(async (req, res) => {
      requireStaff(sessionOf(req));
      const quiz = await quizFor(req);
      const entries = await QuizReviewAudit.find({ quiz: quiz._id }).sort({ at: 1 }).lean();
      res.json({
        audit: entries.map((e) => ({
          submission_id: String(e.submission),
          question_id: String(e.question),
          student_id: String(e.student),
          actor_id: String(e.actor),
          actor_role: e.actorRole,
          action: e.action,
          from_points: e.fromPoints,
          to_points: e.toPoints,
          comment: e.comment,
          at: e.at.toISOString(),
        })),
      });
    }),
  );

  router.get(
    '/courses/:courseId/question-bank',
    handle(async (req, res) => {
      const session = sessionOf(req);
      requireStaff(session);
      requireCourse(session, idParam(req, 'courseId'));
      const questions = await QuizQuestion.find({ course: session.course, quiz: null }).sort({ createdAt: 1 }).lean();
      res.json({ questions: questions.map((q) => ({ id: String(q._id), ...(q.definition as Question) })) });
    }),
  );

  router.post(
    '/courses/:courseId/question-bank',
    handle(async (req, res) => {
      const session = sessionOf(req);
      requireStaff(session);
      requireCourse(session, idParam(req, 'courseId'));
      const body = parseOrThrow(bankBodySchema, req.body);
      const docs = await QuizQuestion.insertMany(
        body.questions.map((q) => ({
          course: session.course,
          type: q.type,
          definition: q,
          tags: q.tags ?? [],
          createdBy: session.sub,
        })),
      );
      res.status(201).json({ questions: docs.map((d, i) => ({ id: String(d._id), ...body.questions[i]! })) });
    }),
  );

  router.delete(
    '/courses/:courseId/question-bank/:questionId',
    handle(async (req, res) => {
      const session = sessionOf(req);
      requireStaff(session);
      requireCourse(session, idParam(req, 'courseId'));
      const result = await QuizQuestion.deleteOne({
        _id: idParam(req, 'questionId'),
        course: session.course,
        quiz: null,
      });
      if (result.deletedCount === 0) throw new AppError('NOT_FOUND', 'No such bank question');
      res.status(204).end();
    }),
  );

  return router;
}
