import {
  gradeSubmission,
  type Answer,
  type Embedder,
  type Question,
  type ShortAnswerOptions,
} from '../../grading/index.js';
import { AppError } from '../http/index.js';
import { QuizQuestion, QuizSubmission } from '../store/models/index.js';
import { feedbackText, percentage, toResponse, totals, type StoredResponse } from './views.js';

/** What grading a submission needs; the REST route and the live room get the same object from tool/server.ts. */
export interface QuizGrading {
  embedder: Embedder;
  shortAnswerOptions?: ShortAnswerOptions;
  /** A submission was graded or re-graded by review: grade passback queues its score (DESIGN.md §6). */
  onGraded?: (submissionId: string) => void;
}

export const MAX_QUESTIONS = 100;
/** Network and clock slack after a quiz's time limit before a submission is refused. */
const TIME_LIMIT_GRACE_MS = 30_000;
/** A live round's deadline is shown to everyone as a countdown, so its slack only covers the last ack in flight. */
export const LIVE_GRACE_MS = 1_500;
const DUPLICATE_KEY = 11000;

/** The fields of a stored quiz that decide whether it takes submissions. */
export interface SubmittableQuiz {
  _id: unknown;
  course: unknown;
  seminar: unknown;
  status: string;
  publishedAt?: Date | null;
  timeLimitMinutes?: number | null;
  liveEndsAt?: Date | null;
}

export interface Submitter {
  id: string;
  name: string;
  locale?: string;
}

export interface QuizQuestionEntry {
  id: string;
  question: Question;
}

export async function quizQuestions(quizId: unknown): Promise<QuizQuestionEntry[]> {
  const docs = await QuizQuestion.find({ quiz: quizId }).sort({ order: 1 }).lean();
  return docs.map((d) => ({ id: String(d._id), question: d.definition as Question }));
}

export async function questionMap(quizId: unknown): Promise<Map<string, Question>> {
  return new Map((await quizQuestions(quizId)).map((q) => [q.id, q.question]));
}

/** Last moment (epoch ms) a submission is taken: the live round's end, else the time limit after publication. */
export function submissionDeadline(quiz: SubmittableQuiz): number | null {
  if (quiz.liveEndsAt) return quiz.liveEndsAt.getTime() + LIVE_GRACE_MS;
  if (!quiz.publishedAt || !quiz.timeLimitMinutes) return null;
  return quiz.publishedAt.getTime() + quiz.timeLimitMinutes * 60_000 + TIME_LIMIT_GRACE_MS;
}

export function requireOpen(quiz: SubmittableQuiz, now: Date): void {
  if (quiz.status !== 'published') throw new AppError('CONFLICT', 'Quiz is closed');
  const deadline = submissionDeadline(quiz);
  if (deadline !== null && now.getTime() > deadline) throw new AppError('CONFLICT', 'The time limit has passed');
}

interface GradedSubmission {
  _id: unknown;
  quiz: unknown;
  submittedAt: Date;
  score: number;
  maxScore: number;
  status: string;
  responses: StoredResponse[];
}

/**
 * What the learner gets back for a submission (seed 000's POST /quizzes/{id}/submissions response): the score
 * and, per question, correctness, points and the explanation or short-answer feedback.
 */
export function submissionReceipt(
  submission: GradedSubmission,
  questions: Map<string, Question>,
  locale: string | undefined,
) {
  return {
    submission_id: String(submission._id),
    quiz_id: String(submission.quiz),
    submitted_at: submission.submittedAt.toISOString(),
    auto_graded_score: submission.score,
    max_score: submission.maxScore,
    percentage: percentage(submission.score, submission.maxScore),
    status: submission.status,
    feedback: submission.responses.map((r) => {
      const explanation = feedbackText(r, locale) ?? questions.get(String(r.question))?.explanation;
      return {
        question_id: String(r.question),
        correct: r.correct,
        points_earned: r.points,
        ...(r.type === 'short_answer' ? { similarity_score: r.similarity ?? 0 } : {}),
        ...(explanation ? { explanation } : {}),
        ...(r.reviewState === 'pending' ? { review_state: 'pending' } : {}),
      };
    }),
  };
}
export type SubmissionReceipt = ReturnType<typeof submissionReceipt>;

/**
 * Grades and stores a learner's one submission, then tells grade passback. Shared by the REST route and the
 * live room's `quiz_answer`, so both refuse the same way (closed, late, unknown question, second attempt).
 */
export async function submitQuiz(
  grading: QuizGrading,
  quiz: SubmittableQuiz,
  learner: Submitter,
  answers: Answer[],
  now = new Date(),
): Promise<SubmissionReceipt> {
  requireOpen(quiz, now);
  const questions = await quizQuestions(quiz._id);
  const known = new Set(questions.map((q) => q.id));
  const unknown = answers.filter((a) => !known.has(a.question_id));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_ERROR', 'Answers to questions not in this quiz', {
      question_id: unknown.map((a) => a.question_id),
    });
  }
  if (await QuizSubmission.exists({ quiz: quiz._id, user: learner.id })) {
    throw new AppError('CONFLICT', 'Already submitted');
  }
  const grades = await gradeSubmission(grading.embedder, questions, answers, grading.shortAnswerOptions);
  const byQuestion = new Map(answers.map((a) => [a.question_id, a]));
  const responses = grades.map((g, i) => toResponse(g, questions[i]!.question, byQuestion.get(g.questionId)));
  const total = totals(responses);
  const submission = await QuizSubmission.create({
    quiz: quiz._id,
    course: quiz.course,
    seminar: quiz.seminar,
    user: learner.id,
    userName: learner.name,
    submittedAt: now,
    ...total,
    responses,
  }).catch((err: unknown) => {
    // A concurrent second submission loses on the unique {quiz, user} index (real MongoDB).
    if ((err as { code?: number }).code === DUPLICATE_KEY) throw new AppError('CONFLICT', 'Already submitted');
    throw err;
  });
  grading.onGraded?.(String(submission._id));
  const graded = { _id: submission._id, quiz: quiz._id, submittedAt: now, ...total, responses };
  return submissionReceipt(graded, new Map(questions.map((q) => [q.id, q.question])), learner.locale);
}
