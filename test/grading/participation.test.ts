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
});
