import { useState } from 'preact/hooks';
import type { QuizAnswer, QuizQuestionPayload, QuizSolution, QuizSubmissionResponse } from '../../api/index.js';
import { toQuizFeedback } from '../../state/index.js';
import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';
import { isAnswered } from './answers.js';
import { QuizCountdown } from './QuizCountdown.js';

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

/**
 * The right answer of a question as revealed when a live quiz closes; the explanation too unless the learner's
 * own feedback already showed it.
 */
function SolutionNote(props: {
  question: QuizQuestionPayload;
  solution: QuizSolution | undefined;
  withExplanation: boolean;
}) {
  const { t } = useApp();
  const { question, solution } = props;
  if (!solution) return null;
  const right =
    solution.correct_answer !== undefined
      ? t(solution.correct_answer ? 'quiz.true' : 'quiz.false')
      : (solution.correct_option_indexes ?? []).map((i) => question.options?.[i] ?? '').join(', ');
  return (
    <p class="muted" data-testid="quiz-solution">
      {right ? t('liveQuiz.answerWas', { answer: right }) : null}
      {props.withExplanation && solution.explanation ? ` — ${solution.explanation}` : ''}
    </p>
  );
}

/**
 * A quiz to answer: every question, submit, then per-question feedback with explanations. A live round
 * (`quiz_started`) also shows its countdown, is answered over the socket, and reveals the solutions and the
 * class average once closed; a self-paced published quiz is submitted over REST.
 */
export function QuizCard() {
  const { t, api } = useApp();
  const { store, socket } = useRoomServices();
  const quizState = useRoom((s) => s.quiz);
  const round = useRoom((s) => s.liveQuiz);
  const [answers, setAnswers] = useState<Answers>({});
  const { busy, error, run } = useAction();
  if (!quizState) return null;
  const { quiz, status, feedback } = quizState;
  const live = round?.quiz.id === quiz.id ? round : null;
  const closed = live?.closed ?? false;
  const complete = quiz.questions.every((q) => isAnswered(answers[q.id]));

  const send = async (): Promise<QuizSubmissionResponse | undefined> => {
    const list = Object.values(answers);
    if (!live) return run(() => api.submitQuiz(quiz.id, list));
    const ack = await run(() =>
      socket.emit<'quiz_answer', QuizSubmissionResponse>('quiz_answer', { quiz_id: quiz.id, answers: list }),
    );
    return ack?.ok ? ack : undefined;
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const result = await send();
    if (result)
      store.dispatch({
        type: 'quiz_graded',
        score: result.auto_graded_score,
        maxScore: result.max_score,
        feedback: toQuizFeedback(result),
      });
  };
  const feedbackFor = (id: string) => feedback.find((f) => f.questionId === id);
  const solutionFor = (id: string) => live?.solutions.find((s) => s.question_id === id);
  const average = live?.stats?.average_percentage;

  return (
    <section class="card quiz" aria-labelledby="quiz-title" data-testid="quiz-card">
      <header class="card__header">
        <h3 id="quiz-title">{quiz.title}</h3>
        {live ? <QuizCountdown endsAt={live.quiz.ends_at} closed={closed} /> : null}
        <button type="button" class="link" onClick={() => store.dispatch({ type: 'quiz_dismissed' })}>
          {t('common.close')}
        </button>
      </header>
      <form onSubmit={submit}>
        {quiz.questions.map((question, index) => {
          const fb = feedbackFor(question.id);
          return (
            <fieldset key={question.id} disabled={status === 'submitted' || closed}>
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
              {closed ? (
                <SolutionNote
                  question={question}
                  solution={solutionFor(question.id)}
                  withExplanation={!fb?.explanation}
                />
              ) : null}
            </fieldset>
          );
        })}
        {status === 'open' && closed ? (
          <p class="muted" role="status">
            {t('liveQuiz.missed')}
          </p>
        ) : status === 'open' ? (
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
        {closed && average !== null && average !== undefined ? (
          <p class="muted" data-testid="quiz-class-average">
            {t('liveQuiz.classAverage', { n: average })}
          </p>
        ) : null}
        <ErrorText error={error} />
      </form>
    </section>
  );
}
