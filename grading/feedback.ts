const MESSAGES = {
  en: {
    good: 'Good understanding!',
    partial: 'Partly there.',
    missed: 'Not quite.',
    empty: 'No answer given.',
    similarity: (pct: number) => `Similarity to model answer: ${pct}%`,
    review: 'Your instructor will review this answer.',
  },
  ko: {
    good: '잘 이해했습니다!',
    partial: '부분적으로 맞았습니다.',
    missed: '다시 확인해 보세요.',
    empty: '답이 없습니다.',
    similarity: (pct: number) => `모범 답안과의 유사도: ${pct}%`,
    review: '교수자가 이 답안을 검토합니다.',
  },
} as const;

/** Seed 000's short-answer feedback line ("Good understanding! Similarity to model answer: 85%"). */
export function shortAnswerFeedback(
  score: { points: number; similarity: number; needsReview: boolean; flags: readonly string[] },
  maxPoints: number,
  locale = 'en',
): string {
  const m = locale.toLowerCase().startsWith('ko') ? MESSAGES.ko : MESSAGES.en;
  if (score.flags.includes('empty')) return m.empty;
  const share = maxPoints > 0 ? score.points / maxPoints : 0;
  const verdict = share >= 0.75 ? m.good : share > 0 ? m.partial : m.missed;
  const parts = [verdict, m.similarity(Math.round(score.similarity * 100))];
  if (score.needsReview) parts.push(m.review);
  return parts.join(' ');
}
