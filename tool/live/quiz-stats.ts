import type { Question } from '../../grading/index.js';
import { percentage, type QuizQuestionEntry, type StoredResponse } from '../quizzes/index.js';

/** The parts of a stored submission the live statistics read. */
export interface SubmissionFacts {
  score: number;
  maxScore: number;
  submittedAt: Date;
  responses: StoredResponse[];
}

export interface QuestionStats {
  question_id: string;
  type: Question['type'];
  correct: number;
  /** Short answers the scorer left for an instructor's review. */
  pending: number;
  /** Answers per option (choice questions), [true, false] (true/false questions), null for short answers. */
  distribution: number[] | null;
}

export interface QuizStats {
  quiz_id: string;
  answered: number;
  learners_present: number;
  /** Mean of the submissions' percentages; null before the first answer. */
  average_percentage: number | null;
  /** Time from the start of the live round to each submission. */
  mean_answer_seconds: number | null;
  median_answer_seconds: number | null;
  questions: QuestionStats[];
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

function mean(values: number[]): number | null {
  return values.length === 0 ? null : oneDecimal(values.reduce((a, b) => a + b, 0) / values.length);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return oneDecimal(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

function distribution(question: Question, responses: StoredResponse[]): number[] | null {
  if (question.type === 'true_false') {
    return [true, false].map((value) => responses.filter((r) => r.selectedAnswer === value).length);
  }
  if (question.type === 'short_answer') return null;
  const counts = question.options.map(() => 0);
  for (const r of responses) for (const i of r.selectedOptionIndexes ?? []) if (i < counts.length) counts[i]!++;
  return counts;
}

/** Live round statistics for staff (`quiz_stats`, `quiz_closed`); pure, from the stored submissions. */
export function quizStats(
  quiz: { _id: unknown; liveStartedAt?: Date | null },
  questions: QuizQuestionEntry[],
  submissions: SubmissionFacts[],
  learnersPresent: number,
): QuizStats {
  const startedAt = quiz.liveStartedAt?.getTime() ?? 0;
  const seconds = submissions.map((s) => Math.max(0, (s.submittedAt.getTime() - startedAt) / 1000));
  return {
    quiz_id: String(quiz._id),
    answered: submissions.length,
    learners_present: learnersPresent,
    average_percentage: mean(submissions.map((s) => percentage(s.score, s.maxScore))),
    mean_answer_seconds: mean(seconds),
    median_answer_seconds: median(seconds),
    questions: questions.map(({ id, question }) => {
      const responses = submissions.flatMap((s) => s.responses.filter((r) => String(r.question) === id));
      return {
        question_id: id,
        type: question.type,
        correct: responses.filter((r) => r.correct).length,
        pending: responses.filter((r) => r.reviewState === 'pending').length,
        distribution: distribution(question, responses),
      };
    }),
  };
}
