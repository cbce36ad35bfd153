import { z } from 'zod';

/**
 * Quiz questions as authored (seed 000 §3.2.5 field names). Seed 000's `multiple_choice` carries one
 * `correct_option_index`; ours also accepts `correct_option_indexes` for several right options. A choice
 * answer is right only when exactly the right set is selected.
 */
const base = {
  question_text: z.string().trim().min(1).max(2000),
  points: z.number().positive().max(1000),
  explanation: z.string().max(2000).optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
};
const options = z.array(z.string().trim().min(1).max(500)).min(2).max(10);
const optionIndex = z.number().int().min(0).max(9);

export const questionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('single_choice'), ...base, options, correct_option_index: optionIndex }),
    z.object({
      type: z.literal('multiple_choice'),
      ...base,
      options,
      correct_option_index: optionIndex.optional(),
      correct_option_indexes: z.array(optionIndex).min(1).max(10).optional(),
    }),
    z.object({ type: z.literal('true_false'), ...base, correct_answer: z.boolean() }),
    z.object({
      type: z.literal('short_answer'),
      ...base,
      model_answer: z.string().trim().min(1).max(5000),
      keywords: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    }),
  ])
  .superRefine((q, ctx) => {
    if (q.type === 'single_choice' || q.type === 'multiple_choice') {
      const right = correctOptions(q);
      if (right.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['correct_option_indexes'], message: 'name the correct option(s)' });
      }
      if (right.some((i) => i >= q.options.length)) {
        ctx.addIssue({ code: 'custom', path: ['correct_option_indexes'], message: 'index beyond the options' });
      }
    }
  });
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question['type'];
export const QUESTION_TYPES = ['single_choice', 'multiple_choice', 'true_false', 'short_answer'] as const;

/** The right options of a choice question, sorted and without duplicates. */
export function correctOptions(q: Question): number[] {
  if (q.type === 'single_choice') return [q.correct_option_index];
  if (q.type !== 'multiple_choice') return [];
  const all = [
    ...(q.correct_option_indexes ?? []),
    ...(q.correct_option_index === undefined ? [] : [q.correct_option_index]),
  ];
  return [...new Set(all)].sort((a, b) => a - b);
}

/** A learner's answer to one question (seed 000 submission shape, plus indexes/boolean for our types). */
export const answerSchema = z.object({
  question_id: z.string().min(1),
  type: z.enum(QUESTION_TYPES).optional(),
  selected_option_index: optionIndex.optional(),
  selected_option_indexes: z.array(optionIndex).max(10).optional(),
  selected_answer: z.boolean().optional(),
  answer_text: z.string().max(5000).optional(),
});
export type Answer = z.infer<typeof answerSchema>;

export function selectedOptions(answer: Answer): number[] {
  const all = [
    ...(answer.selected_option_indexes ?? []),
    ...(answer.selected_option_index === undefined ? [] : [answer.selected_option_index]),
  ];
  return [...new Set(all)].sort((a, b) => a - b);
}

export interface ObjectiveGrade {
  correct: boolean;
  points: number;
}

/** Exact grading of choice and true/false questions: all or nothing. */
export function gradeObjective(question: Question, answer: Answer | undefined): ObjectiveGrade {
  let correct = false;
  if (answer && question.type === 'true_false') correct = answer.selected_answer === question.correct_answer;
  if (answer && (question.type === 'single_choice' || question.type === 'multiple_choice')) {
    const chosen = selectedOptions(answer);
    const right = correctOptions(question);
    correct = chosen.length === right.length && chosen.every((v, i) => v === right[i]);
  }
  return { correct, points: correct ? question.points : 0 };
}

/** What a learner may see of a question: never the right options, model answer or keywords. */
export function learnerQuestion(q: Question) {
  const shown: Record<string, unknown> = { type: q.type, question_text: q.question_text, points: q.points };
  if (q.type === 'single_choice' || q.type === 'multiple_choice') shown.options = q.options;
  return shown;
}
