import { expect } from 'chai';
import type { CheckpointSuggestionPayload, DraftQuestion } from '../../client/src/api/index.js';
import {
  isDraftReady,
  KEPT_SUGGESTIONS,
  mergeSuggestions,
  patchQuestion,
  reasonKey,
  removeQuestion,
  setOption,
  toggleCorrect,
} from '../../client/src/features/ai/index.js';
import { MESSAGES } from '../../client/src/i18n/index.js';

const DRAFT: DraftQuestion[] = [
  { type: 'single_choice', question_text: 'Step size?', options: ['lr', 'epochs'], correct_option_index: 0, points: 1 },
  {
    type: 'multiple_choice',
    question_text: 'Which?',
    options: ['a', 'b', 'c'],
    correct_option_indexes: [0],
    points: 1,
  },
  { type: 'short_answer', question_text: 'Why?', model_answer: 'Overshoot.', points: 1 },
];

describe('client AI assist: editing a checkpoint quiz draft', () => {
  it('edits one question, option and correct answer without touching the others', () => {
    let q = patchQuestion(DRAFT, 0, { question_text: 'What is the step size?' });
    q = setOption(q, 0, 1, 'batch size');
    q = toggleCorrect(q, 1, 2);
    q = toggleCorrect(q, 1, 0);
    expect(q[0]).to.include({ question_text: 'What is the step size?' });
    expect((q[0] as { options: string[] }).options).to.deep.equal(['lr', 'batch size']);
    expect((q[1] as { correct_option_indexes: number[] }).correct_option_indexes).to.deep.equal([2]);
    expect(q[2]).to.equal(DRAFT[2]);
    expect(DRAFT[0]!.question_text).to.equal('Step size?');
  });

  it('is ready only with a title, question texts, filled options and an answer', () => {
    expect(isDraftReady('Checkpoint', DRAFT)).to.equal(true);
    expect(isDraftReady(' ', DRAFT)).to.equal(false);
    expect(isDraftReady('Checkpoint', [])).to.equal(false);
    expect(isDraftReady('Checkpoint', setOption(DRAFT, 0, 0, ' '))).to.equal(false);
    expect(isDraftReady('Checkpoint', toggleCorrect(DRAFT, 1, 0))).to.equal(false);
    expect(isDraftReady('Checkpoint', patchQuestion(DRAFT, 2, { model_answer: '' }))).to.equal(false);
    expect(isDraftReady('Checkpoint', removeQuestion(DRAFT, 1))).to.equal(true);
  });

  it('explains every server reason in both languages and unknown ones as a general failure', () => {
    for (const reason of ['no_api_key', 'course_disabled', 'timeout', 'malformed_output', 'no_audio_tap', 'x']) {
      const key = reasonKey(reason);
      expect(MESSAGES.en, key).to.have.property(key);
      expect(MESSAGES.ko, key).to.have.property(key);
    }
    expect(reasonKey('x')).to.equal('ai.reason.internal');
    expect(reasonKey(null)).to.equal('ai.reason.internal');
  });
});

describe('client AI assist: open checkpoint suggestions, live and replayed', () => {
  const suggestion = (id: string, minute: number): CheckpointSuggestionPayload => ({
    id,
    phrase: 'does that make sense',
    at: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
    excerpt: '',
    quiz: null,
    error: { reason: 'timeout', message: 'no answer' },
  });

  it('merges by id, oldest first, keeping the newest few and the objects already shown', () => {
    const shown = [suggestion('b', 2), suggestion('d', 4)];
    const replayed = [suggestion('d', 4), suggestion('c', 3), suggestion('a', 1)];
    const merged = mergeSuggestions(shown, replayed, new Set());
    expect(merged.map((s) => s.id)).to.deep.equal(['b', 'c', 'd']);
    expect(merged).to.have.length(KEPT_SUGGESTIONS);
    expect(merged[2]).to.equal(shown[1]);
  });

  it('never brings back a suggestion dismissed here', () => {
    const merged = mergeSuggestions([suggestion('a', 1)], [suggestion('a', 1), suggestion('b', 2)], new Set(['a']));
    expect(merged.map((s) => s.id)).to.deep.equal(['b']);
  });
});
