import type { DraftQuestion } from '../../api/index.js';
import { TextField, useApp } from '../../ui/index.js';
import { patchQuestion, removeQuestion, setOption, toggleCorrect } from './draft-quiz.js';

/** One drafted question, editable in place: text, options and the correct answer. */
export function DraftQuestionEditor(props: {
  questions: DraftQuestion[];
  index: number;
  name: string;
  onChange(questions: DraftQuestion[]): void;
}) {
  const { t } = useApp();
  const { questions, index, onChange } = props;
  const q = questions[index]!;
  return (
    <fieldset class="stack">
      <legend>{t('ai.question', { n: index + 1 })}</legend>
      <TextField
        label={t('ai.questionText')}
        value={q.question_text}
        maxLength={2000}
        onValue={(text) => onChange(patchQuestion(questions, index, { question_text: text }))}
      />
      {q.type === 'single_choice' || q.type === 'multiple_choice'
        ? q.options.map((option, j) => (
            <div key={j} class="row">
              <input
                type={q.type === 'single_choice' ? 'radio' : 'checkbox'}
                name={`${props.name}-correct`}
                checked={
                  q.type === 'single_choice' ? q.correct_option_index === j : q.correct_option_indexes.includes(j)
                }
                aria-label={t('quiz.markCorrect', { n: j + 1 })}
                onChange={() =>
                  onChange(
                    q.type === 'single_choice'
                      ? patchQuestion(questions, index, { correct_option_index: j })
                      : toggleCorrect(questions, index, j),
                  )
                }
              />
              <TextField
                class="grow"
                label={t('poll.option', { n: j + 1 })}
                value={option}
                maxLength={500}
                onValue={(text) => onChange(setOption(questions, index, j, text))}
              />
            </div>
          ))
        : null}
      {q.type === 'true_false' ? (
        <label>
          {t('ai.correctAnswer')}
          <select
            value={String(q.correct_answer)}
            onChange={(e) =>
              onChange(
                patchQuestion(questions, index, {
                  correct_answer: (e.currentTarget as HTMLSelectElement).value === 'true',
                }),
              )
            }
          >
            <option value="true">{t('ai.true')}</option>
            <option value="false">{t('ai.false')}</option>
          </select>
        </label>
      ) : null}
      {q.type === 'short_answer' ? (
        <TextField
          label={t('ai.modelAnswer')}
          value={q.model_answer}
          maxLength={2000}
          onValue={(text) => onChange(patchQuestion(questions, index, { model_answer: text }))}
        />
      ) : null}
      <button type="button" onClick={() => onChange(removeQuestion(questions, index))}>
        {t('ai.removeQuestion')}
      </button>
    </fieldset>
  );
}
