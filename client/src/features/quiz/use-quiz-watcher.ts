import { useEffect } from 'preact/hooks';
import { useApp, useRoomServices } from '../../ui/index.js';

export const QUIZ_POLL_MS = 15_000;

/**
 * Learners: shows a newly published self-paced quiz, found by polling the published list (no room event
 * announces REST publication). Live quizzes arrive with `quiz_started` instead. Quizzes seen in this tab are
 * not shown again.
 */
export function useQuizWatcher(enabled: boolean): void {
  const { api } = useApp();
  const { store } = useRoomServices();
  useEffect(() => {
    if (!enabled) return;
    const seen = new Set<string>();
    let alive = true;
    const show = async (quizId: string) => {
      if (seen.has(quizId)) return;
      seen.add(quizId);
      try {
        const quiz = await api.getQuiz(quizId);
        if (alive) store.dispatch({ type: 'quiz_loaded', quiz, at: new Date().toISOString() });
      } catch {
        seen.delete(quizId);
      }
    };
    const poll = async () => {
      try {
        const { quizzes } = await api.listQuizzes();
        const latest = quizzes
          .filter((q) => q.status === 'published')
          .sort((a, b) => (b.published_at ?? '').localeCompare(a.published_at ?? ''))[0];
        if (latest) await show(latest.id);
      } catch {
        // Quizzes are optional for a seminar; a failed poll is retried on the next tick.
      }
    };
    void poll();
    const id = setInterval(() => void poll(), QUIZ_POLL_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [enabled, api, store]);
}
