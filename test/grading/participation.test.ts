import { expect } from 'chai';
import {
  DEFAULT_PARTICIPATION_SETTINGS,
  participationScore,
  participationSettingsSchema,
  type ParticipationCounts,
} from '../../grading/index.js';

const NONE: ParticipationCounts = {
  talkSeconds: 0,
  chatMessages: 0,
  pollsAnswered: 0,
  pollsOffered: 0,
  quizzesAnswered: 0,
  quizzesOffered: 0,
  handRaises: 0,
  pulseResponses: 0,
  questionActions: 0,
};

describe('grading/participation', () => {
  it("reproduces seed 000's example row: 180 s talk, 8 chats, 4/4 polls, 1/1 quiz, 2 hands → 92.5", () => {
    const { score } = participationScore({
      ...NONE,
      talkSeconds: 180,
      chatMessages: 8,
      pollsAnswered: 4,
      pollsOffered: 4,
      quizzesAnswered: 1,
      quizzesOffered: 1,
      handRaises: 2,
    });
    expect(score).to.equal(92.5);
  });

  it('scores a silent student 0 and a student active everywhere 100', () => {
    expect(participationScore({ ...NONE, pollsOffered: 3, quizzesOffered: 1 }).score).to.equal(0);
    const full = {
      talkSeconds: 600,
      chatMessages: 9,
      pollsAnswered: 2,
      pollsOffered: 2,
      quizzesAnswered: 1,
      quizzesOffered: 1,
      handRaises: 3,
      pulseResponses: 5,
      questionActions: 4,
    };
    expect(participationScore(full).score).to.equal(100);
  });

  it('saturates each count at its target so one channel cannot dominate', () => {
    const talker = participationScore({ ...NONE, talkSeconds: 3600, pollsOffered: 1, quizzesOffered: 1 });
    expect(talker.components.talk).to.equal(1);
    expect(talker.score).to.equal(30);
  });

  it('leaves polls and quizzes out when none were offered instead of counting them as missed', () => {
    const result = participationScore({
      ...NONE,
      talkSeconds: 120,
      chatMessages: 5,
      handRaises: 2,
      pulseResponses: 3,
      questionActions: 2,
    });
    expect(result.components).to.not.have.property('polls');
    expect(result.components).to.not.have.property('quizzes');
    expect(result.score).to.equal(100);
  });

  it('counts answered polls and quizzes as a share of those offered', () => {
    const half = participationScore({ ...NONE, pollsAnswered: 1, pollsOffered: 2 });
    expect(half.components.polls).to.equal(0.5);
  });

  it('follows per-seminar weights', () => {
    const counts = { ...NONE, chatMessages: 5, pollsOffered: 1, quizzesOffered: 1 };
    const chatOnly = {
      ...DEFAULT_PARTICIPATION_SETTINGS,
      weights: { talk: 0, chat: 1, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 },
    };
    expect(participationScore(counts, chatOnly).score).to.equal(100);
    expect(participationScore(counts).score).to.equal(20);
  });

  it('validates settings: negative weights are refused', () => {
    const bad = { ...DEFAULT_PARTICIPATION_SETTINGS, weights: { ...DEFAULT_PARTICIPATION_SETTINGS.weights, chat: -1 } };
    expect(participationSettingsSchema.safeParse(bad).success).to.equal(false);
    expect(participationSettingsSchema.safeParse(DEFAULT_PARTICIPATION_SETTINGS).success).to.equal(true);
  });

  it('normalises custom weights and targets over the components that apply', () => {
    const custom = {
      weights: { talk: 2, chat: 1, polls: 1, quizzes: 3, hands: 0, pulse: 0, questions: 0 },
      targets: { talkSeconds: 60, chatMessages: 10, handRaises: 1, pulseResponses: 1, questionActions: 1 },
    };
    // talk 30/60 = 0.5, chat 5/10 = 0.5, polls 1/2 = 0.5, no quiz offered: (2·0.5 + 1·0.5 + 1·0.5) / 4 = 0.5.
    const counts = { ...NONE, talkSeconds: 30, chatMessages: 5, pollsAnswered: 1, pollsOffered: 2, handRaises: 9 };
    expect(participationScore(counts, custom).score).to.equal(50);
    // Once a quiz is offered and answered it joins the sum: (2 + 3·1) / 7 = 0.714… → 71.4.
    expect(participationScore({ ...counts, quizzesAnswered: 1, quizzesOffered: 1 }, custom).score).to.equal(71.4);
  });

  it('validates settings: unknown keys, all-zero weights and non-positive targets are refused', () => {
    const { weights, targets } = DEFAULT_PARTICIPATION_SETTINGS;
    const refused = [
      { weights: { ...weights, speaking: 1 }, targets },
      { weights: { talk: 0, chat: 0, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 }, targets },
      { weights, targets: { ...targets, handRaises: 0 } },
      { weights, targets, extra: 1 },
      { weights },
    ];
    for (const bad of refused)
      expect(participationSettingsSchema.safeParse(bad).success, JSON.stringify(bad)).to.equal(false);
  });
});
