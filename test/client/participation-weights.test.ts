import { expect } from 'chai';
import { PARTICIPATION_WEIGHT_KEYS } from '../../client/src/api/index.js';
import {
  draftsOf,
  parseWeights,
  WEIGHTS_ERROR_KEYS,
  weightLabelKey,
  weightShares,
} from '../../client/src/features/dashboard/participation-weights.js';
import { MESSAGES } from '../../client/src/i18n/index.js';
import { DEFAULT_PARTICIPATION_SETTINGS } from '../../grading/index.js';

const DEFAULTS = DEFAULT_PARTICIPATION_SETTINGS.weights;

describe('participation weights card logic', () => {
  it('names the same components as the server, in both languages', () => {
    expect([...PARTICIPATION_WEIGHT_KEYS].sort()).to.deep.equal(Object.keys(DEFAULTS).sort());
    for (const key of PARTICIPATION_WEIGHT_KEYS)
      for (const locale of ['en', 'ko'] as const)
        expect(MESSAGES[locale], locale).to.have.property(weightLabelKey(key));
    for (const messageKey of Object.values(WEIGHTS_ERROR_KEYS)) expect(MESSAGES.en).to.have.property(messageKey!);
  });

  it('round-trips saved weights through the typed drafts', () => {
    expect(parseWeights(draftsOf(DEFAULTS))).to.deep.equal({ weights: DEFAULTS });
    expect(parseWeights({ ...draftsOf(DEFAULTS), chat: ' 2.5 ' })).to.deep.equal({
      weights: { ...DEFAULTS, chat: 2.5 },
    });
  });

  it('names the field that is empty, not a number or negative, and refuses all-zero weights', () => {
    const drafts = draftsOf(DEFAULTS);
    expect(parseWeights({ ...drafts, polls: '' })).to.deep.equal({
      problem: { key: 'participationWeights.error.notNumber', field: 'polls' },
    });
    expect(parseWeights({ ...drafts, talk: 'abc' })).to.deep.equal({
      problem: { key: 'participationWeights.error.notNumber', field: 'talk' },
    });
    expect(parseWeights({ ...drafts, hands: '-1' })).to.deep.equal({
      problem: { key: 'participationWeights.error.negative', field: 'hands' },
    });
    const zeros = draftsOf({ talk: 0, chat: 0, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 });
    expect(parseWeights(zeros)).to.deep.equal({ problem: { key: 'participationWeights.error.allZero' } });
    for (const key of ['notNumber', 'negative', 'allZero'])
      expect(MESSAGES.ko).to.have.property(`participationWeights.error.${key}`);
  });

  it('shows each weight as its share of the total', () => {
    expect(weightShares(DEFAULTS)).to.deep.equal({
      talk: 30,
      chat: 20,
      polls: 15,
      quizzes: 15,
      hands: 13,
      pulse: 3,
      questions: 5,
    });
    expect(weightShares({ talk: 1, chat: 3, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 })).to.include({
      talk: 25,
      chat: 75,
      polls: 0,
    });
  });
});
