import type { QuizQuestionPayload } from '../../api/index.js';
import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';
import { LazyBarChart, type Bar } from '../charts/index.js';
import { QuizCountdown } from '../quiz/index.js';

/** One bar per option (true/false: True, False) with how many learners chose it. */
export function answerBars(question: QuizQuestionPayload, distribution: number[], labels: [string, string]): Bar[] {
  const names = question.type === 'true_false' ? labels : (question.options ?? []);
  return names.map((label, i) => ({ label, value: distribution[i] ?? 0, caption: String(distribution[i] ?? 0) }));
}

/** Staff: the running (or just closed) live quiz: countdown, answers so far, score and time, per-question bars. */
export function LiveQuizStats() {
  const { t } = useApp();
  const { socket } = useRoomServices();
  const round = useRoom((s) => s.liveQuiz);
  const { busy, error, run } = useAction();
  if (!round) return null;
  const { quiz, stats, closed } = round;

  return (
    <div class="stack" data-testid="live-quiz-stats">
      <div class="row">
        <strong>{quiz.title}</strong>
        <QuizCountdown endsAt={quiz.ends_at} closed={closed} />
      </div>
      <p data-testid="live-quiz-answered">
        {t('liveQuiz.answered', { answered: stats?.answered ?? 0, present: stats?.learners_present ?? 0 })}
      </p>
      {stats?.average_percentage !== null && stats?.average_percentage !== undefined ? (
        <p>
          {t('liveQuiz.average', { n: stats.average_percentage })}{' '}
          {t('liveQuiz.times', { mean: stats.mean_answer_seconds ?? 0, median: stats.median_answer_seconds ?? 0 })}
        </p>
      ) : null}
      {quiz.questions.map((question, index) => {
        const counts = stats?.questions.find((q) => q.question_id === question.id);
        const title = `${index + 1}. ${question.question_text} — ${t('liveQuiz.correctCount', { n: counts?.correct ?? 0 })}`;
        return counts?.distribution ? (
          <LazyBarChart
            key={question.id}
            title={title}
            bars={answerBars(question, counts.distribution, [t('quiz.true'), t('quiz.false')])}
            fallback={<p class="muted">{t('common.loading')}</p>}
          />
        ) : (
          <p key={question.id}>{title}</p>
        );
      })}
      {closed ? null : (
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(() => socket.emit('quiz_close', { quiz_id: quiz.id }))}
        >
          {t('liveQuiz.close')}
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}
