import type { DraftQuestion } from '../../api/index.js';

/** Pure edits of an AI quiz draft, so the suggestion card stays a view. */

export function patchQuestion(
  questions: DraftQuestion[],
  index: number,
  patch: Partial<DraftQuestion>,
): DraftQuestion[] {
  return questions.map((q, i) => (i === index ? ({ ...q, ...patch } as DraftQuestion) : q));
}

export function setOption(questions: DraftQuestion[], index: number, option: number, text: string): DraftQuestion[] {
  const q = questions[index];
  if (!q || !('options' in q)) return questions;
  return patchQuestion(questions, index, { options: q.options.map((o, j) => (j === option ? text : o)) });
}

/** Multiple choice: ticks or unticks one correct option. */
export function toggleCorrect(questions: DraftQuestion[], index: number, option: number): DraftQuestion[] {
  const q = questions[index];
  if (q?.type !== 'multiple_choice') return questions;
  const chosen = q.correct_option_indexes.includes(option)
    ? q.correct_option_indexes.filter((o) => o !== option)
    : [...q.correct_option_indexes, option].sort((a, b) => a - b);
  return patchQuestion(questions, index, { correct_option_indexes: chosen });
}

export function removeQuestion(questions: DraftQuestion[], index: number): DraftQuestion[] {
  return questions.filter((_, i) => i !== index);
}

/** What the quiz REST would refuse anyway: empty texts, empty options, a multiple choice without an answer. */
export function isDraftReady(title: string, questions: DraftQuestion[]): boolean {
  if (!title.trim() || questions.length === 0) return false;
  return questions.every((q) => {
    if (!q.question_text.trim()) return false;
    if (q.type === 'single_choice' || q.type === 'multiple_choice') {
      if (q.options.length < 2 || q.options.some((o) => !o.trim())) return false;
    }
    if (q.type === 'multiple_choice') return q.correct_option_indexes.length > 0;
    if (q.type === 'short_answer') return Boolean(q.model_answer.trim());
    return true;
  });
}
