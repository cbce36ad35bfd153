import { useState } from 'preact/hooks';
import { ErrorText, TextField, useAction, useApp } from '../../ui/index.js';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 8;

/** Staff: write a poll and launch it (POST /sessions/{id}/polls); the room receives `poll_created`. */
export function PollLauncher() {
  const { t, api } = useApp();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [multiple, setMultiple] = useState(false);
  const [liveResults, setLiveResults] = useState(false);
  const [duration, setDuration] = useState(60);
  const { busy, error, run } = useAction();
  const filled = options.map((o) => o.trim()).filter(Boolean);

  const launch = async (e: Event) => {
    e.preventDefault();
    const created = await run(() =>
      api.createPoll({
        question: question.trim(),
        type: multiple ? 'multiple_choice' : 'single_choice',
        options: filled,
        anonymous: true,
        duration_seconds: duration,
        show_results_after: true,
        show_live_results: liveResults,
      }),
    );
    if (created) {
      setQuestion('');
      setOptions(['', '']);
    }
  };

  return (
    <section class="card" aria-labelledby="poll-launcher-title">
      <h3 id="poll-launcher-title">{t('poll.launcher')}</h3>
      <form onSubmit={launch} class="stack">
        <TextField label={t('poll.question')} value={question} maxLength={300} onValue={setQuestion} />
        {options.map((option, i) => (
          <label key={i}>
            {t('poll.option', { n: i + 1 })}
            <input
              value={option}
              maxLength={200}
              onInput={(e) =>
                setOptions(options.map((o, j) => (j === i ? (e.currentTarget as HTMLInputElement).value : o)))
              }
            />
          </label>
        ))}
        <div class="row">
          <button type="button" disabled={options.length >= MAX_OPTIONS} onClick={() => setOptions([...options, ''])}>
            {t('poll.addOption')}
          </button>
          <label class="choice">
            <input
              type="checkbox"
              checked={multiple}
              onChange={(e) => setMultiple((e.currentTarget as HTMLInputElement).checked)}
            />
            {t('poll.multiple')}
          </label>
          <label class="choice">
            <input
              type="checkbox"
              checked={liveResults}
              onChange={(e) => setLiveResults((e.currentTarget as HTMLInputElement).checked)}
            />
            {t('poll.liveResults')}
          </label>
          <label>
            {t('poll.duration')}
            <select
              value={duration}
              onChange={(e) => setDuration(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {[30, 60, 120, 300].map((s) => (
                <option key={s} value={s}>
                  {t('common.seconds', { n: s })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" class="primary" disabled={busy || !question.trim() || filled.length < MIN_OPTIONS}>
          {busy ? t('common.sending') : t('poll.launch')}
        </button>
        <ErrorText error={error} />
      </form>
    </section>
  );
}
