import { useState } from 'preact/hooks';
import type { PollState } from '../../state/index.js';
import { secondsLeft, formatClock } from '../../state/index.js';
import { ErrorText, useAction, useApp, useNow, useRoomServices } from '../../ui/index.js';
import { LazyBarChart } from '../charts/index.js';

export function pollBars(poll: PollState) {
  return poll.options.map((option) => {
    const result = poll.results?.[option.id];
    return { label: option.text, value: result?.votes ?? 0, caption: `${Math.round(result?.percentage ?? 0)}%` };
  });
}

/** A poll: answer it (single or multiple choice), then see the responses and, once closed, the results. */
export function PollCard(props: { poll: PollState; staff: boolean }) {
  const { t, api } = useApp();
  const { store, socket } = useRoomServices();
  const { poll } = props;
  const [choice, setChoice] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  const now = useNow();
  const left = poll.endsAt && poll.status === 'open' ? secondsLeft(poll.endsAt, now) : null;
  const inputType = poll.type === 'single_choice' ? 'radio' : 'checkbox';

  const submit = async (e: Event) => {
    e.preventDefault();
    if (choice.length === 0) return;
    const done = await run(() => api.respondToPoll(poll.id, choice));
    if (done) store.dispatch({ type: 'poll_answered', pollId: poll.id, optionIds: choice });
  };
  const toggle = (id: string, checked: boolean) =>
    setChoice(inputType === 'radio' ? [id] : checked ? [...choice, id] : choice.filter((c) => c !== id));

  return (
    <section class="card poll" aria-labelledby={`poll-${poll.id}`} data-testid="poll-card">
      <header class="card__header">
        <h3 id={`poll-${poll.id}`}>{poll.question}</h3>
        <span class="muted">
          {poll.status === 'closed'
            ? t('poll.closed')
            : left !== null
              ? t('poll.timeLeft', { time: formatClock(left) })
              : t('poll.open')}
        </span>
      </header>
      {!props.staff && poll.status === 'open' && !poll.myAnswer ? (
        <form onSubmit={submit}>
          <fieldset>
            <legend class="visually-hidden">{poll.question}</legend>
            {poll.options.map((option) => (
              <label key={option.id} class="choice">
                <input
                  type={inputType}
                  name={`poll-${poll.id}`}
                  value={option.id}
                  checked={choice.includes(option.id)}
                  onChange={(e) => toggle(option.id, (e.currentTarget as HTMLInputElement).checked)}
                />
                {option.text}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary" disabled={busy || choice.length === 0}>
            {busy ? t('common.sending') : t('poll.submit')}
          </button>
        </form>
      ) : null}
      {poll.myAnswer ? <p class="success">{t('poll.thanks')}</p> : null}
      {/* The server sends counts to learners only when the poll shows live results, or once it is closed:
          without them a learner would read "0 responses" right after voting. */}
      {props.staff || poll.results ? (
        <p class="muted">
          {t('poll.responses', { count: poll.totalResponses, rate: Math.round(poll.responseRate * 100) })}
        </p>
      ) : null}
      {poll.results ? (
        <LazyBarChart
          title={t('poll.results')}
          bars={pollBars(poll)}
          fallback={<p class="muted">{t('common.loading')}</p>}
        />
      ) : null}
      {props.staff && poll.status === 'open' ? (
        <button type="button" onClick={() => void run(() => socket.emit('poll_close', { poll_id: poll.id }))}>
          {t('poll.close')}
        </button>
      ) : null}
      <ErrorText error={error} />
    </section>
  );
}
