import { z } from 'zod';

/**
 * Quiz questions as the model must return them: the quiz question shape of seed 000 §3.2.5 as the Quizzes
 * module accepts it (single/multiple choice, true/false, short answer with model answer and keywords), so an
 * instructor can edit a suggestion and post it unchanged to `POST /sessions/{id}/quizzes`.
 */
const base = {
  question_text: z.string().trim().min(1).max(2000),
  points: z.number().positive().max(1000).default(1),
  explanation: z.string().max(2000).optional(),
};
const options = z.array(z.string().trim().min(1).max(500)).min(2).max(10);
const optionIndex = z.number().int().min(0).max(9);

export const generatedQuestionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('single_choice'), ...base, options, correct_option_index: optionIndex }),
    z.object({
      type: z.literal('multiple_choice'),
      ...base,
      options,
      correct_option_indexes: z.array(optionIndex).min(1).max(10),
    }),
    z.object({ type: z.literal('true_false'), ...base, correct_answer: z.boolean() }),
    z.object({
      type: z.literal('short_answer'),
      ...base,
      model_answer: z.string().trim().min(1).max(5000),
      keywords: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    }),
  ])
  .superRefine((q, ctx) => {
    const right =
      q.type === 'single_choice'
        ? [q.correct_option_index]
        : q.type === 'multiple_choice'
          ? q.correct_option_indexes
          : [];
    if ('options' in q && right.some((i) => i >= q.options.length)) {
      ctx.addIssue({ code: 'custom', path: ['correct_option_index'], message: 'index beyond the options' });
    }
  });
export type GeneratedQuestion = z.infer<typeof generatedQuestionSchema>;

export const generatedQuizSchema = z.object({
  title: z.string().trim().min(1).max(255),
  questions: z.array(generatedQuestionSchema).min(1).max(10),
});
export type GeneratedQuiz = z.infer<typeof generatedQuizSchema>;

/** The shape spelled out for the model; kept next to the schema it mirrors. */
export const QUESTION_SHAPE_FOR_PROMPT = `Each question is one of:
{"type":"single_choice","question_text":"…","options":["…","…","…","…"],"correct_option_index":0,"explanation":"…"}
{"type":"multiple_choice","question_text":"…","options":["…","…","…"],"correct_option_indexes":[0,2],"explanation":"…"}
{"type":"true_false","question_text":"…","correct_answer":true,"explanation":"…"}
{"type":"short_answer","question_text":"…","model_answer":"…","keywords":["…","…"]}`;
