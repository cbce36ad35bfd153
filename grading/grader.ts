import type { Embedder } from './embedder.js';
import { gradeObjective, type Answer, type Question } from './quiz.js';
import {
  DEFAULT_SHORT_ANSWER_OPTIONS,
  scoreShortAnswer,
  type ShortAnswerOptions,
  type ShortAnswerScore,
} from './short-answer.js';

type ShortAnswerQuestion = Extract<Question, { type: 'short_answer' }>;

/** Scores many answers to one short-answer question with one embedder call (the model answer is shared). */
export async function gradeShortAnswers(
  embedder: Embedder,
  question: ShortAnswerQuestion,
  answers: string[],
  options: ShortAnswerOptions = DEFAULT_SHORT_ANSWER_OPTIONS,
): Promise<ShortAnswerScore[]> {
  const similarities = await embedder.similarities(question.model_answer, answers);
  return answers.map((answer, i) =>
    scoreShortAnswer(
      {
        answer,
        modelAnswer: question.model_answer,
        keywords: question.keywords ?? [],
        similarity: similarities[i]!,
        method: embedder.info.method,
        maxPoints: question.points,
        forceReview: embedder.info.needsReview,
      },
      options,
    ),
  );
}

export interface AnswerGrade {
  questionId: string;
  correct: boolean;
  points: number;
  maxPoints: number;
  /** Present for short answers. */
  shortAnswer?: ShortAnswerScore;
}

/** A short answer counts as correct (seed 000 feedback) once it earns at least half the points. */
export const SHORT_ANSWER_CORRECT_SHARE = 0.5;

/** Grades one submission: objective questions exactly, short answers through the embedder and scorer. */
export async function gradeSubmission(
  embedder: Embedder,
  questions: Array<{ id: string; question: Question }>,
  answers: Answer[],
  options: ShortAnswerOptions = DEFAULT_SHORT_ANSWER_OPTIONS,
): Promise<AnswerGrade[]> {
  const byQuestion = new Map(answers.map((a) => [a.question_id, a]));
  return Promise.all(
    questions.map(async ({ id, question }): Promise<AnswerGrade> => {
      const answer = byQuestion.get(id);
      if (question.type !== 'short_answer') {
        return { questionId: id, maxPoints: question.points, ...gradeObjective(question, answer) };
      }
      const [score] = await gradeShortAnswers(embedder, question, [answer?.answer_text ?? ''], options);
      return {
        questionId: id,
        correct: score!.points >= question.points * SHORT_ANSWER_CORRECT_SHARE,
        points: score!.points,
        maxPoints: question.points,
        shortAnswer: score,
      };
    }),
  );
}
