import { z } from 'zod';
import { questionSchema } from '../../grading/index.js';

/**
 * Quiz questions as the model must return them: exactly what the Quizzes module accepts (grading's
 * questionSchema, seed 000 §3.2.5), so an instructor can edit a suggestion and post it unchanged to
 * `POST /sessions/{id}/quizzes`. Models often leave out points, so a missing value counts as 1.
 */
export const generatedQuestionSchema = z.preprocess(
  (q) => (q !== null && typeof q === 'object' && !('points' in q) ? { ...q, points: 1 } : q),
  questionSchema,
);
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
