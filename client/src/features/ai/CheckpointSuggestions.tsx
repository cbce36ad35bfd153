import { useEffect, useState } from 'preact/hooks';
import type { CheckpointSuggestionPayload, DraftQuestion } from '../../api/index.js';
import { announceQuizChange } from '../quiz/index.js';
import { ErrorText, TextField, useAction, useApp, useRoomServices } from '../../ui/index.js';
import { reasonKey } from './assist-reasons.js';
import { DraftQuestionEditor } from './DraftQuestionEditor.js';
import { isDraftReady } from './draft-quiz.js';

/** Older suggestions than this are dropped: a check-in is only worth a quiz right after it. */
const KEPT_SUGGESTIONS = 3;

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

/** Staff: checkpoint quiz drafts offered when the instructor's check-in phrase is heard (never fired by itself). */
export function CheckpointSuggestions() {
  const { t } = useApp();
  const { socket } = useRoomServices();
  const [suggestions, setSuggestions] = useState<CheckpointSuggestionPayload[]>([]);
  useEffect(
    () => socket.listen('checkpoint_suggestion', (s) => setSuggestions((all) => [...all, s].slice(-KEPT_SUGGESTIONS))),
    [socket],
  );
  const dismiss = (id: string) => setSuggestions((all) => all.filter((s) => s.id !== id));
  return (
    <section class="card" aria-labelledby="checkpoint-title" aria-live="polite" data-testid="checkpoint-suggestions">
      <h3 id="checkpoint-title">{t('ai.checkpoints')}</h3>
      {suggestions.length === 0 ? <p class="muted">{t('ai.noCheckpoints')}</p> : null}
      {suggestions.map((s) => (
        <SuggestionCard key={s.id} suggestion={s} onDone={() => dismiss(s.id)} />
      ))}
    </section>
  );
}
