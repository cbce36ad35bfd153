import { useState } from 'preact/hooks';
import { sortedQuestions } from '../../state/index.js';
import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

/**
 * Anonymous Q&A: anyone asks (no name is shown to anyone), upvotes others' questions once; staff also mark
 * questions answered. Unanswered and most-voted questions come first.
 */
export function QuestionsPanel(props: { staff: boolean }) {
  const { t } = useApp();
  const { socket, store } = useRoomServices();
  const questions = useRoom(sortedQuestions);
  // The server takes questions only while the seminar is live; before and after, offer none.
  const live = useRoom((s) => s.session?.status === 'live');
  const [draft, setDraft] = useState('');
  const { busy, error, run } = useAction();

  const ask = async (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    if (await run(() => socket.emit('question_ask', { text }))) setDraft('');
  };
  const upvote = async (questionId: string) => {
    const ack = await run(() =>
      socket.emit<'question_upvote', { upvotes: number }>('question_upvote', { question_id: questionId }),
    );
    if (ack?.ok) store.dispatch({ type: 'question_upvoted', questionId, upvotes: ack.upvotes });
  };

  return (
    <section class="questions" aria-label={t('qa.title')}>
      {live ? (
        <form class="questions__form" onSubmit={ask}>
          <label for="question-input">{t('qa.askLabel')}</label>
          <textarea
            id="question-input"
            rows={2}
            maxLength={500}
            value={draft}
            onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
          />
          <p class="muted">{t('qa.anonymous')}</p>
          <button type="submit" class="primary" disabled={busy || !draft.trim()}>
            {busy ? t('common.sending') : t('qa.ask')}
          </button>
        </form>
      ) : (
        <p class="muted">{t('qa.liveOnly')}</p>
      )}
      <ErrorText error={error} />
      {questions.length === 0 ? <p class="muted">{t('qa.empty')}</p> : null}
      <ul class="list questions__list">
        {questions.map((q) => (
          <li key={q.id} class={q.answered ? 'answered' : ''}>
            {q.hidden ? <span class="muted">{t('qa.hidden')}</span> : null}
            <p>{q.text}</p>
            <div class="row">
              <button
                type="button"
                class="chip"
                aria-pressed={q.upvoted_by_me ?? false}
                disabled={q.upvoted_by_me || q.answered}
                aria-label={t('qa.upvote', { count: q.upvotes })}
                onClick={() => void upvote(q.id)}
              >
                ▲ {q.upvotes}
              </button>
              {q.answered ? <span class="success">{t('qa.answered')}</span> : null}
              {props.staff ? (
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    void run(() => socket.emit('question_answer', { question_id: q.id, answered: !q.answered }))
                  }
                >
                  {q.answered ? t('qa.markOpen') : t('qa.markAnswered')}
                </button>
              ) : null}
              {props.staff ? (
                <button
                  type="button"
                  class="link"
                  onClick={() => void run(() => socket.emit('question_hide', { question_id: q.id, hidden: !q.hidden }))}
                >
                  {q.hidden ? t('qa.show') : t('qa.hide')}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
