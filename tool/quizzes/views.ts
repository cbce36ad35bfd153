// JSON shapes of the quiz API (seed 000 §3.2.5) built from stored records; no I/O here.
import {
  selectedOptions,
  shortAnswerFeedback,
  type Answer,
  type AnswerGrade,
  type Question,
} from '../../grading/index.js';
import type { VerifiedSession } from '../../launch/index.js';
import type { ReviewState } from '../store/models/index.js';

export const isStaff = (session: VerifiedSession) => session.role === 'instructor' || session.role === 'ta';

export interface QuizRecord {
  _id: unknown;
  seminar: unknown;
  title: string;
  timeLimitMinutes?: number | null;
  totalPoints: number;
  questionCount: number;
  status: string;
  publishedAt?: Date | null;
  createdAt: Date;
}

/** Seed 000's quiz summary (the POST /sessions/{id}/quizzes response). */
export function quizSummary(quiz: QuizRecord) {
  return {
    id: String(quiz._id),
    session_id: String(quiz.seminar),
    title: quiz.title,
    time_limit_minutes: quiz.timeLimitMinutes ?? null,
    total_points: quiz.totalPoints,
    question_count: quiz.questionCount,
    status: quiz.status,
    published_at: quiz.publishedAt?.toISOString() ?? null,
    created_at: quiz.createdAt.toISOString(),
  };
}

/** The stored form of one graded answer. */
export function toResponse(grade: AnswerGrade, question: Question, answer: Answer | undefined) {
  const short = grade.shortAnswer;
  const pending = short?.needsReview ?? false;
  return {
    question: grade.questionId as unknown,
    type: question.type,
    selectedOptionIndexes: question.type.endsWith('_choice') && answer ? selectedOptions(answer) : undefined,
    selectedAnswer: question.type === 'true_false' ? answer?.selected_answer : undefined,
    answerText: question.type === 'short_answer' ? (answer?.answer_text ?? '') : undefined,
    correct: grade.correct,
    points: grade.points,
    maxPoints: grade.maxPoints,
    autoPoints: grade.points,
    similarity: short?.similarity,
    keywordCoverage: short?.keywordCoverage ?? undefined,
    confidence: short?.confidence,
    method: short?.method,
    flags: short?.flags,
    reviewState: (pending ? 'pending' : 'none') satisfies ReviewState,
  };
}

/** A graded answer as stored (QuizSubmission.responses) and as built at submission time. */
export interface StoredResponse {
  question: unknown;
  type: string;
  points: number;
  maxPoints: number;
  autoPoints: number;
  correct: boolean;
  reviewState: string;
  similarity?: number | null;
  keywordCoverage?: number | null;
  confidence?: number | null;
  method?: string | null;
  flags?: string[] | null;
  reviewComment?: string | null;
  answerText?: string | null;
  selectedOptionIndexes?: number[] | null;
  selectedAnswer?: boolean | null;
}

export function totals(responses: StoredResponse[]) {
  const score = responses.reduce((sum, r) => sum + r.points, 0);
  const maxScore = responses.reduce((sum, r) => sum + r.maxPoints, 0);
  const pendingReviews = responses.filter((r) => r.reviewState === 'pending').length;
  return { score, maxScore, pendingReviews, status: pendingReviews > 0 ? 'pending_review' : 'graded' };
}

export const percentage = (score: number, max: number) => (max > 0 ? Math.round((1000 * score) / max) / 10 : 0);

export function feedbackText(response: StoredResponse, locale: string | undefined): string | undefined {
  if (response.type !== 'short_answer') return undefined;
  return shortAnswerFeedback(
    {
      points: response.points,
      similarity: response.similarity ?? 0,
      needsReview: response.reviewState === 'pending',
      flags: response.flags ?? [],
    },
    response.maxPoints,
    locale,
  );
}

/** Seed 000 GET /quizzes/{id}/submissions/{sid}; staff also see what the scorer measured. */
export function submissionView(
  submission: {
    _id: unknown;
    user: unknown;
    userName: string;
    submittedAt: Date;
    responses: StoredResponse[];
    score: number;
    maxScore: number;
    status: string;
  },
  quiz: { _id: unknown; title: string },
  questions: Map<string, Question>,
  session: VerifiedSession,
) {
  const staff = isStaff(session);
  return {
    submission_id: String(submission._id),
    quiz: { id: String(quiz._id), title: quiz.title },
    student: { id: String(submission.user), full_name: submission.userName },
    submitted_at: submission.submittedAt.toISOString(),
    score: submission.score,
    max_score: submission.maxScore,
    percentage: percentage(submission.score, submission.maxScore),
    status: submission.status,
    answers: submission.responses.map((r) => {
      const q = questions.get(String(r.question));
      return {
        question: { id: String(r.question), type: r.type, question_text: q?.question_text ?? '', points: r.maxPoints },
        ...(r.selectedOptionIndexes?.length === 1 ? { selected_option_index: r.selectedOptionIndexes[0] } : {}),
        ...(r.selectedOptionIndexes ? { selected_option_indexes: r.selectedOptionIndexes } : {}),
        ...(r.selectedAnswer === undefined || r.selectedAnswer === null ? {} : { selected_answer: r.selectedAnswer }),
        ...(r.answerText === undefined || r.answerText === null ? {} : { answer_text: r.answerText }),
        correct: r.correct,
        points_earned: r.points,
        ...(q?.explanation ? { explanation: q.explanation } : {}),
        ...(r.type === 'short_answer'
          ? { similarity_score: r.similarity ?? 0, feedback: feedbackText(r, session.locale) }
          : {}),
        review_state: r.reviewState,
        ...(r.reviewComment ? { review_comment: r.reviewComment } : {}),
        ...(staff && r.type === 'short_answer'
          ? {
              auto_points: r.autoPoints,
              confidence: r.confidence,
              keyword_coverage: r.keywordCoverage ?? null,
              method: r.method,
              flags: r.flags ?? [],
            }
          : {}),
      };
    }),
  };
}
