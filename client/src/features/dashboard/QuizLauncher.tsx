import { useEffect, useState } from 'preact/hooks';
import type { QuizSummary } from '../../api/index.js';
import { onQuizChange } from '../quiz/index.js';
import { ErrorText, TextField, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';
import { LiveQuizStats } from './LiveQuizStats.js';

/** Time limits offered for a live round, in seconds; 0 = until staff close it (or the quiz's own limit). */
const LIVE_LIMITS = [30, 60, 120, 300, 0];

/**
 * Staff: the session's quizzes with a publish button for drafts (self-paced) and a button that fires one live
 * into the room, a quick single-question check written on the spot (created and fired in one go), and the
 * live round's statistics. Longer quizzes come from the quiz editor/import API.
 */
export function QuizLauncher() {
  const { t, api } = useApp();
  const { socket } = useRoomServices();
  const running = useRoom((s) => (s.liveQuiz && !s.liveQuiz.closed ? s.liveQuiz.quiz.id : null));
  const [quizzes, setQuizzes] = useState<QuizSummary[]>([]);
  const [limit, setLimit] = useState(60);
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [correct, setCorrect] = useState(0);
  const [explanation, setExplanation] = useState('');
  const { busy, error, run } = useAction();
  const refresh = () =>
    void api.listQuizzes().then(
      (r) => setQuizzes(r.quizzes),
      () => undefined,
    );
  useEffect(refresh, [api, running]);
  useEffect(() => onQuizChange(refresh), [api]);
  const startLive = (quizId: string) =>
    socket.emit('quiz_start', { quiz_id: quizId, ...(limit ? { time_limit_seconds: limit } : {}) });
  const filled = options.map((o) => o.trim());
  const ready = question.trim() && filled.every(Boolean) && filled.length >= 2;

  const launch = async (e: Event) => {
    e.preventDefault();
    const created = await run(async () => {
      const quiz = await api.createQuiz({
        title: question.trim().slice(0, 80),
        questions: [
          {
            type: 'single_choice',
            question_text: question.trim(),
            options: filled,
            correct_option_index: correct,
            points: 1,
            ...(explanation.trim() ? { explanation: explanation.trim() } : {}),
          },
        ],
      });
      return startLive(quiz.id);
    });
    if (created) {
      setQuestion('');
      setOptions(['', '']);
      setCorrect(0);
      setExplanation('');
      refresh();
    }
  };

  return (
    <section class="card" aria-labelledby="quiz-launcher-title" aria-busy={busy}>
      <h3 id="quiz-launcher-title">{t('quiz.launcher')}</h3>
      <LiveQuizStats />
      <label>
        {t('liveQuiz.timeLimit')}
        <select value={limit} onChange={(e) => setLimit(Number((e.currentTarget as HTMLSelectElement).value))}>
          {LIVE_LIMITS.map((s) => (
            <option key={s} value={s}>
              {s ? t('common.seconds', { n: s }) : t('liveQuiz.noLimit')}
            </option>
          ))}
        </select>
      </label>
      <ul class="list">
        {quizzes.map((quiz) => (
          <li key={quiz.id}>
            <span>{quiz.title}</span>
            <span class="muted">
              {quiz.status === 'closed'
                ? t('liveQuiz.closed')
                : t(`quiz.status.${quiz.status === 'published' ? 'published' : 'draft'}`)}
            </span>
            {quiz.status !== 'closed' && !running ? (
              <button type="button" disabled={busy} onClick={() => void run(() => startLive(quiz.id)).then(refresh)}>
                {t('liveQuiz.start')}
              </button>
            ) : null}
            {quiz.status === 'draft' ? (
              <button
                type="button"
                disabled={busy}
                onClick={() => void run(() => api.publishQuiz(quiz.id)).then(refresh)}
              >
                {t('quiz.publish')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <form onSubmit={launch} class="stack">
        <TextField label={t('quiz.quickQuestion')} value={question} maxLength={2000} onValue={setQuestion} />
        <fieldset>
          <legend>{t('quiz.correctOption')}</legend>
          {options.map((option, i) => (
            <div key={i} class="row">
              <input
                type="radio"
                name="quick-quiz-correct"
                checked={correct === i}
                aria-label={t('quiz.markCorrect', { n: i + 1 })}
                onChange={() => setCorrect(i)}
              />
              <label class="grow">
                {t('poll.option', { n: i + 1 })}
                <input
                  value={option}
                  maxLength={500}
                  onInput={(e) =>
                    setOptions(options.map((o, j) => (j === i ? (e.currentTarget as HTMLInputElement).value : o)))
                  }
                />
              </label>
            </div>
          ))}
          <button type="button" disabled={options.length >= 6} onClick={() => setOptions([...options, ''])}>
            {t('poll.addOption')}
          </button>
        </fieldset>
        <TextField label={t('quiz.explanation')} value={explanation} maxLength={2000} onValue={setExplanation} />
        <button type="submit" class="primary" disabled={busy || !ready || Boolean(running)}>
          {busy ? t('common.sending') : t('liveQuiz.launchQuick')}
        </button>
        <ErrorText error={error} />
      </form>
    </section>
  );
}
