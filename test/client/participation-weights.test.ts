import { expect } from 'chai';
import { PARTICIPATION_WEIGHT_KEYS } from '../../client/src/api/index.js';
import {
  draftsOf,
  parseSettings,
  TARGET_OF,
  targetLabelKey,
  WEIGHTS_ERROR_KEYS,
  weightLabelKey,
  weightShares,
} from '../../client/src/features/dashboard/participation-weights.js';
import { MESSAGES } from '../../client/src/i18n/index.js';
import { DEFAULT_PARTICIPATION_SETTINGS } from '../../grading/index.js';

const DEFAULTS = DEFAULT_PARTICIPATION_SETTINGS.weights;
const drafts = draftsOf(DEFAULT_PARTICIPATION_SETTINGS);
const withWeight = (field: string, text: string) => ({ ...drafts, weights: { ...drafts.weights, [field]: text } });

describe('participation weights card logic', () => {
  it('names the same components and targets as the server, in both languages', () => {
    expect([...PARTICIPATION_WEIGHT_KEYS].sort()).to.deep.equal(Object.keys(DEFAULTS).sort());
    expect(Object.values(TARGET_OF).sort()).to.deep.equal(Object.keys(DEFAULT_PARTICIPATION_SETTINGS.targets).sort());
    for (const locale of ['en', 'ko'] as const) {
      for (const key of PARTICIPATION_WEIGHT_KEYS)
        expect(MESSAGES[locale], locale).to.have.property(weightLabelKey(key));
      for (const key of Object.values(TARGET_OF))
        expect(MESSAGES[locale], locale).to.have.property(targetLabelKey(key));
    }
    for (const messageKey of Object.values(WEIGHTS_ERROR_KEYS)) expect(MESSAGES.en).to.have.property(messageKey!);
  });

  it('round-trips saved settings through the typed drafts', () => {
    expect(parseSettings(drafts)).to.deep.equal({ settings: DEFAULT_PARTICIPATION_SETTINGS });
    expect(
      parseSettings({ ...withWeight('chat', ' 2.5 '), targets: { ...drafts.targets, talkSeconds: '300' } }),
    ).to.deep.equal({
      settings: {
        weights: { ...DEFAULTS, chat: 2.5 },
        targets: { ...DEFAULT_PARTICIPATION_SETTINGS.targets, talkSeconds: 300 },
      },
    });
  });

  it('names the weight that is empty, not a number or negative, and refuses all-zero weights', () => {
    expect(parseSettings(withWeight('polls', ''))).to.deep.equal({
      problem: { key: 'participationWeights.error.notNumber', field: 'polls', part: 'weight' },
    });
    expect(parseSettings(withWeight('talk', 'abc'))).to.deep.equal({
      problem: { key: 'participationWeights.error.notNumber', field: 'talk', part: 'weight' },
    });
    expect(parseSettings(withWeight('hands', '-1'))).to.deep.equal({
      problem: { key: 'participationWeights.error.negative', field: 'hands', part: 'weight' },
    });
    const zeros = draftsOf({
      ...DEFAULT_PARTICIPATION_SETTINGS,
      weights: { talk: 0, chat: 0, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 },
    });
    expect(parseSettings(zeros)).to.deep.equal({ problem: { key: 'participationWeights.error.allZero' } });
    for (const key of ['notNumber', 'negative', 'allZero', 'targetNotPositive'])
      expect(MESSAGES.ko).to.have.property(`participationWeights.error.${key}`);
  });

  it('names a full-marks target that is empty, zero or negative by its component', () => {
    for (const text of ['', '0', '-3', 'x'])
      expect(parseSettings({ ...drafts, targets: { ...drafts.targets, handRaises: text } }), text).to.deep.equal({
        problem: { key: 'participationWeights.error.targetNotPositive', field: 'hands', part: 'target' },
      });
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
