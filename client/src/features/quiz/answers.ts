import type { QuizAnswer } from '../../api/index.js';

/** Whether a question has an answer worth submitting. */
export function isAnswered(answer: QuizAnswer | undefined): boolean {
  if (!answer) return false;
  return (
    answer.selected_option_index !== undefined ||
    (answer.selected_option_indexes?.length ?? 0) > 0 ||
    answer.selected_answer !== undefined ||
    (answer.answer_text?.trim().length ?? 0) > 0
  );
}
