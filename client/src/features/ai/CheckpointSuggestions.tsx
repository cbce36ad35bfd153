import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type CheckpointSuggestionPayload, type DraftQuestion } from '../../api/index.js';
import { announceQuizChange } from '../quiz/index.js';
import { ErrorText, TextField, useAction, useApp, useRoomServices } from '../../ui/index.js';
import { reasonKey } from './assist-reasons.js';
import { DraftQuestionEditor } from './DraftQuestionEditor.js';
import { isDraftReady } from './draft-quiz.js';
import { mergeSuggestions } from './suggestion-list.js';

/** Another staff member (or an earlier try) dismissed it already: nothing went wrong. */
const alreadyGone = (err: unknown) => err instanceof ApiError && err.code === 'NOT_FOUND';

function SuggestionCard(props: { suggestion: CheckpointSuggestionPayload; onDone(): void }) {
  const { t, api } = useApp();
  const { suggestion } = props;
  const [title, setTitle] = useState(suggestion.quiz?.title ?? '');
  const [questions, setQuestions] = useState<DraftQuestion[]>(suggestion.quiz?.questions ?? []);
  const { busy, error, run } = useAction();

  // Created and published: the quiz appears in the QuizLauncher, from where it is fired live.
  const create = async (e: Event) => {
    e.preventDefault();
    const created = await run(async () => {
      const quiz = await api.createQuiz({ title: title.trim(), questions });
      await api.publishQuiz(quiz.id);
      return quiz;
    });
    if (created) {
      announceQuizChange();
      props.onDone();
    }
  };

  return (
    <article class="card" aria-label={t('ai.suggestionFor', { phrase: suggestion.phrase })}>
      <h4>{t('ai.heard', { phrase: suggestion.phrase })}</h4>
      {suggestion.excerpt ? <blockquote class="muted">{suggestion.excerpt}</blockquote> : null}
      {suggestion.error ? (
        <p class="error" role="status">
          {t('ai.noDraft')} — {t(reasonKey(suggestion.error.reason))}
        </p>
      ) : (
        <form class="stack" onSubmit={create}>
          <TextField label={t('ai.quizTitle')} value={title} maxLength={255} onValue={setTitle} />
          {questions.map((_, i) => (
            <DraftQuestionEditor
              key={i}
              questions={questions}
              index={i}
              name={`${suggestion.id}-${i}`}
              onChange={setQuestions}
            />
          ))}
          <button type="submit" class="primary" disabled={busy || !isDraftReady(title, questions)}>
            {busy ? t('common.sending') : t('ai.createQuiz')}
          </button>
          <ErrorText error={error} />
        </form>
      )}
      <button type="button" onClick={props.onDone}>
        {t('ai.dismiss')}
      </button>
    </article>
  );
}

/**
 * Staff: checkpoint quiz drafts offered when the instructor's check-in phrase is heard (never fired by itself).
 * The server keeps the open ones, so they are fetched on mount and after every (re)join and merged with those
 * arriving live; dismissing or creating the quiz closes one on the server too, without waiting for it.
 */
export function CheckpointSuggestions() {
  const { t, api } = useApp();
  const { socket } = useRoomServices();
  const [suggestions, setSuggestions] = useState<CheckpointSuggestionPayload[]>([]);
  const [syncFailed, setSyncFailed] = useState(false);
  // A list fetched while a dismissal is still on its way must not bring that suggestion back.
  const dismissed = useRef(new Set<string>());
  useEffect(() => {
    const receive = (incoming: CheckpointSuggestionPayload[]) =>
      setSuggestions((shown) => mergeSuggestions(shown, incoming, dismissed.current));
    const load = () =>
      api.checkpointSuggestions().then(
        (open) => {
          setSyncFailed(false);
          receive(open.suggestions);
        },
        () => setSyncFailed(true),
      );
    void load();
    const stopJoined = socket.listen('session_joined', () => void load());
    const stopLive = socket.listen('checkpoint_suggestion', (s) => receive([s]));
    return () => {
      stopJoined();
      stopLive();
    };
  }, [socket, api]);
  const dismiss = (id: string) => {
    dismissed.current.add(id);
    setSuggestions((shown) => shown.filter((s) => s.id !== id));
    api.dismissCheckpointSuggestion(id).then(
      () => setSyncFailed(false),
      (err: unknown) => setSyncFailed(!alreadyGone(err)),
    );
  };
  return (
    <section class="card" aria-labelledby="checkpoint-title" aria-live="polite" data-testid="checkpoint-suggestions">
      <h3 id="checkpoint-title">{t('ai.checkpoints')}</h3>
      {suggestions.length === 0 ? <p class="muted">{t('ai.noCheckpoints')}</p> : null}
      {suggestions.map((s) => (
        <SuggestionCard key={s.id} suggestion={s} onDone={() => dismiss(s.id)} />
      ))}
      <ErrorText error={syncFailed ? t('ai.suggestionsSyncFailed') : null} />
    </section>
  );
}
