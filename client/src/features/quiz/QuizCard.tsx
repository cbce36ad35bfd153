import { useState } from 'preact/hooks';
import type { QuizAnswer } from '../../api/index.js';
import { useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

/** The published quiz: answer every question, submit, then see per-question feedback with explanations. */
export function QuizCard() {
  const { t, api } = useApp();
  const { store } = useRoomServices();
  const quizState = useRoom((s) => s.quiz);
  const [answers, setAnswers] = useState<Record<string, QuizAnswer>>({});
  const { busy, error, run } = useAction();
  if (!quizState) return null;
  const { quiz, status, feedback } = quizState;

  const submit = async (e: Event) => {
    e.preventDefault();
    const result = await run(() => api.submitQuiz(quiz.id, Object.values(answers)));
    if (result)
      store.dispatch({
        type: 'quiz_graded',
        score: result.auto_graded_score,
        maxScore: result.max_score,
        feedback: result.feedback.map((f) => ({
          questionId: f.question_id,
          correct: f.correct,
          pointsEarned: f.points_earned,
          explanation: f.explanation,
        })),
      });
  };
  const feedbackFor = (id: string) => feedback.find((f) => f.questionId === id);

  return (
    <section class="card quiz" aria-labelledby="quiz-title" data-testid="quiz-card">
      <header class="card__header">
        <h3 id="quiz-title">{quiz.title}</h3>
        <button type="button" class="link" onClick={() => store.dispatch({ type: 'quiz_dismissed' })}>
          {t('common.close')}
        </button>
      </header>
      <form onSubmit={submit}>
        {quiz.questions.map((question, index) => {
          const fb = feedbackFor(question.id);
          return (
            <fieldset key={question.id} disabled={status === 'submitted'}>
              <legend>
                {index + 1}. {question.question_text}
              </legend>
              {question.type === 'multiple_choice' ? (
                (question.options ?? []).map((option, optionIndex) => (
                  <label key={option} class="choice">
                    <input
                      type="radio"
                      name={`q-${question.id}`}
                      checked={answers[question.id]?.selected_option_index === optionIndex}
                      onChange={() =>
                        setAnswers({
                          ...answers,
                          [question.id]: {
                            question_id: question.id,
                            type: 'multiple_choice',
                            selected_option_index: optionIndex,
                          },
                        })
                      }
                    />
                    {option}
                  </label>
                ))
              ) : (
                <textarea
                  aria-label={question.question_text}
                  rows={3}
                  maxLength={2000}
                  value={answers[question.id]?.answer_text ?? ''}
                  onInput={(e) =>
                    setAnswers({
                      ...answers,
                      [question.id]: {
                        question_id: question.id,
                        type: 'short_answer',
                        answer_text: (e.currentTarget as HTMLTextAreaElement).value,
                      },
                    })
                  }
                />
              )}
              {fb ? (
                <p class={fb.correct === false ? 'error' : fb.correct ? 'success' : 'muted'} role="status">
                  {fb.correct === null ? t('quiz.pending') : fb.correct ? t('quiz.correct') : t('quiz.incorrect')}
                  {fb.explanation ? ` — ${fb.explanation}` : ''}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        {status === 'open' ? (
          <button type="submit" class="primary" disabled={busy || Object.keys(answers).length < quiz.questions.length}>
            {busy ? t('common.sending') : t('quiz.submit')}
          </button>
        ) : (
          <p class="success" role="status">
            {quizState.score !== null
              ? t('quiz.score', { score: quizState.score, max: quizState.maxScore ?? 0 })
              : t('quiz.pending')}
          </p>
        )}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
