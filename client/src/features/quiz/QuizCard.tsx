import { useState } from 'preact/hooks';
import type { QuizAnswer, QuizQuestionPayload } from '../../api/index.js';
import { useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';
import { isAnswered } from './answers.js';

type Answers = Record<string, QuizAnswer>;

function QuestionInput(props: {
  question: QuizQuestionPayload;
  answer: QuizAnswer | undefined;
  onAnswer(answer: QuizAnswer): void;
}) {
  const { t } = useApp();
  const { question, answer } = props;
  const base = { question_id: question.id, type: question.type };
  if (question.type === 'short_answer')
    return (
      <textarea
        aria-label={question.question_text}
        rows={3}
        maxLength={5000}
        value={answer?.answer_text ?? ''}
        onInput={(e) => props.onAnswer({ ...base, answer_text: (e.currentTarget as HTMLTextAreaElement).value })}
      />
    );
  if (question.type === 'true_false')
    return (
      <>
        {[true, false].map((value) => (
          <label key={String(value)} class="choice">
            <input
              type="radio"
              name={`q-${question.id}`}
              checked={answer?.selected_answer === value}
              onChange={() => props.onAnswer({ ...base, selected_answer: value })}
            />
            {value ? t('quiz.true') : t('quiz.false')}
          </label>
        ))}
      </>
    );
  const multiple = question.type === 'multiple_choice';
  const chosen = answer?.selected_option_indexes ?? [];
  return (
    <>
      {(question.options ?? []).map((option, index) => (
        <label key={index} class="choice">
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={`q-${question.id}`}
            checked={multiple ? chosen.includes(index) : answer?.selected_option_index === index}
            onChange={(e) =>
              props.onAnswer(
                multiple
                  ? {
                      ...base,
                      selected_option_indexes: (e.currentTarget as HTMLInputElement).checked
                        ? [...chosen, index].sort((a, b) => a - b)
                        : chosen.filter((c) => c !== index),
                    }
                  : { ...base, selected_option_index: index },
              )
            }
          />
          {option}
        </label>
      ))}
    </>
  );
}

/** The published quiz: answer every question, submit, then see per-question feedback with explanations. */
export function QuizCard() {
  const { t, api } = useApp();
  const { store } = useRoomServices();
  const quizState = useRoom((s) => s.quiz);
  const [answers, setAnswers] = useState<Answers>({});
  const { busy, error, run } = useAction();
  if (!quizState) return null;
  const { quiz, status, feedback } = quizState;
  const complete = quiz.questions.every((q) => isAnswered(answers[q.id]));

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
              <QuestionInput
                question={question}
                answer={answers[question.id]}
                onAnswer={(answer) => setAnswers({ ...answers, [question.id]: answer })}
              />
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
          <button type="submit" class="primary" disabled={busy || !complete}>
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
