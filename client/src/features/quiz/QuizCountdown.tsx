import { formatClock, secondsLeft } from '../../state/index.js';
import { useApp, useNow } from '../../ui/index.js';

/** Time left of a live quiz round; a timer role so screen readers do not announce every tick. */
export function QuizCountdown(props: { endsAt: string | null; closed: boolean }) {
  const { t } = useApp();
  const now = useNow();
  if (props.closed) return <span class="muted">{t('liveQuiz.closed')}</span>;
  if (!props.endsAt) return <span class="muted">{t('liveQuiz.running')}</span>;
  const left = secondsLeft(props.endsAt, now);
  return (
    <span class="muted" role="timer" data-testid="quiz-countdown">
      {left > 0 ? t('liveQuiz.timeLeft', { time: formatClock(left) }) : t('liveQuiz.timeUp')}
    </span>
  );
}
