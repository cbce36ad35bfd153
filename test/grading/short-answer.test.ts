import { expect } from 'chai';
import {
  DEFAULT_SHORT_ANSWER_OPTIONS,
  lexicalSimilarity,
  matchKeywords,
  pointsForSimilarity,
  scoreShortAnswer,
  shortAnswerOptionsSchema,
  type ShortAnswerInput,
} from '../../grading/index.js';
import { SHORT_ANSWER_CASES, type ShortAnswerCase, type AnswerKind } from '../support/short-answers.js';

const SEED_MODEL_ANSWER =
  'Overfitting occurs when a model learns training data too well, including noise, resulting in poor generalization to new data.';
const SEED_ANSWER = 'Overfitting happens when the model memorizes training data and fails to generalize.';

function input(overrides: Partial<ShortAnswerInput>): ShortAnswerInput {
  return {
    answer: SEED_ANSWER,
    modelAnswer: SEED_MODEL_ANSWER,
    keywords: [],
    similarity: 0.85,
    method: 'transformers',
    maxPoints: 15,
    ...overrides,
  };
}

function lexicalScore(c: ShortAnswerCase, kind: AnswerKind) {
  const answer = c.answers[kind];
  return scoreShortAnswer({
    answer,
    modelAnswer: c.modelAnswer,
    keywords: c.keywords,
    similarity: lexicalSimilarity(c.modelAnswer, answer),
    method: 'lexical',
    maxPoints: 10,
    forceReview: true,
  });
}

describe('grading/short-answer', () => {
  it("reproduces seed 000's example: similarity 0.85 on a 15-point question earns 12.5", () => {
    const score = scoreShortAnswer(input({}));
    expect(score.points).to.equal(12.5);
    expect(score.similarity).to.equal(0.85);
    expect(score.method).to.equal('transformers');
    expect(score.needsReview).to.equal(false);
  });

  it('maps similarity linearly between the anchors, clamped and rounded to half points', () => {
    const mapping = DEFAULT_SHORT_ANSWER_OPTIONS.mapping.transformers;
    expect(pointsForSimilarity(0.5, 15, mapping)).to.equal(0);
    expect(pointsForSimilarity(0.2, 15, mapping)).to.equal(0);
    expect(pointsForSimilarity(0.92, 15, mapping)).to.equal(15);
    expect(pointsForSimilarity(0.99, 15, mapping)).to.equal(15);
    expect(pointsForSimilarity(0.71, 10, mapping)).to.equal(5);
    expect(pointsForSimilarity(0.88, 15, { zeroAt: 0.6, fullAt: 0.9, roundTo: 1 })).to.equal(14);
  });

  it('uses the configured mapping of the method that produced the similarity', () => {
    const lexical = scoreShortAnswer(input({ similarity: 0.6, method: 'lexical' }));
    const transformers = scoreShortAnswer(input({ similarity: 0.6, method: 'transformers' }));
    expect(lexical.points).to.be.greaterThan(transformers.points);
  });

  it('refuses a mapping whose zero anchor is not below its full anchor', () => {
    const bad = { ...DEFAULT_SHORT_ANSWER_OPTIONS, mapping: { ...DEFAULT_SHORT_ANSWER_OPTIONS.mapping } };
    bad.mapping.lexical = { zeroAt: 0.8, fullAt: 0.4, roundTo: 0.5 };
    expect(shortAnswerOptionsSchema.safeParse(bad).success).to.equal(false);
    expect(shortAnswerOptionsSchema.safeParse(DEFAULT_SHORT_ANSWER_OPTIONS).success).to.equal(true);
  });

  it('scores an empty answer 0 with full confidence and no review, in either method', () => {
    for (const method of ['transformers', 'lexical'] as const) {
      const score = scoreShortAnswer(input({ answer: '  ?! ', similarity: 0.9, method, forceReview: true }));
      expect(score).to.include({ points: 0, confidence: 1, needsReview: false });
      expect(score.flags).to.deep.equal(['empty']);
    }
  });

  it('scores an off-topic answer 0 with high confidence', () => {
    const score = scoreShortAnswer(input({ answer: 'I had pizza for lunch.', similarity: 0.12 }));
    expect(score.points).to.equal(0);
    expect(score.confidence).to.be.at.least(0.9);
    expect(score.flags).to.include('off_topic');
    expect(score.needsReview).to.equal(false);
  });

  it('gives a borderline answer low confidence and sends it to review', () => {
    const score = scoreShortAnswer(input({ similarity: 0.71 }));
    expect(score.points).to.be.within(6, 9);
    expect(score.confidence).to.be.below(DEFAULT_SHORT_ANSWER_OPTIONS.reviewBelow);
    expect(score.needsReview).to.equal(true);
  });

  it('marks every non-empty lexical grade as needing review', () => {
    expect(scoreShortAnswer(input({ similarity: 0.95, method: 'lexical', forceReview: true })).needsReview).to.equal(
      true,
    );
  });

  it('counts keyword coverage into the score and lowers confidence when keywords and similarity disagree', () => {
    const keywords = ['training data', 'noise', 'generaliz'];
    const covered = scoreShortAnswer(input({ keywords, similarity: 0.7 }));
    const uncovered = scoreShortAnswer(input({ answer: 'Overfitting is bad.', keywords, similarity: 0.7 }));
    expect(covered.keywordCoverage).to.be.closeTo(2 / 3, 0.001);
    expect(covered.matchedKeywords).to.deep.equal(['training data', 'generaliz']);
    expect(uncovered.keywordCoverage).to.equal(0);
    expect(covered.points).to.be.greaterThan(uncovered.points);
    const agreeing = scoreShortAnswer(input({ keywords, similarity: 0.95, answer: SEED_ANSWER + ' noise' }));
    const disagreeing = scoreShortAnswer(input({ keywords, similarity: 0.95, answer: 'Overfitting is a thing.' }));
    expect(agreeing.confidence).to.be.greaterThan(disagreeing.confidence);
  });

  it('matches Korean keywords inside words with particles, across spacing, and by alternatives', () => {
    const answer = '과적합은 훈련데이터의 노이즈까지 외워서 일반화를 못 한다';
    expect(matchKeywords(answer, ['훈련 데이터', '잡음|노이즈', '일반화', '편향'])).to.deep.equal([
      '훈련 데이터',
      '잡음|노이즈',
      '일반화',
    ]);
  });

  it('lowers confidence and asks for review when an answer is far shorter than the model answer', () => {
    const normal = scoreShortAnswer(input({ similarity: 0.95 }));
    const tiny = scoreShortAnswer(input({ answer: 'Overfit noise', similarity: 0.95 }));
    expect(tiny.flags).to.include('too_short');
    expect(tiny.confidence).to.be.below(normal.confidence);
    expect(tiny.needsReview).to.equal(true);
  });

  describe('lexical path on the fixed English and Korean answers', () => {
    for (const c of SHORT_ANSWER_CASES) {
      it(`ranks paraphrase above partial and wrong, and those above off-topic (${c.language}: ${c.question})`, () => {
        const sim = (kind: AnswerKind) => lexicalSimilarity(c.modelAnswer, c.answers[kind]);
        expect(sim('paraphrase')).to.be.greaterThan(sim('partial'));
        expect(sim('paraphrase')).to.be.greaterThan(sim('wrong'));
        expect(sim('partial')).to.be.greaterThan(sim('off_topic'));
        expect(sim('wrong')).to.be.greaterThan(sim('off_topic'));
      });

      it(`gives full points to the paraphrase and 0 to off-topic and empty answers (${c.language}: ${c.question})`, () => {
        expect(lexicalScore(c, 'paraphrase').points).to.equal(10);
        expect(lexicalScore(c, 'partial').points).to.be.below(10);
        for (const kind of ['off_topic', 'empty'] as const) {
          const score = lexicalScore(c, kind);
          expect(score.points, kind).to.equal(0);
          expect(score.confidence, kind).to.be.at.least(0.9);
        }
      });
    }

    it('is less confident about partial answers than about paraphrases and off-topic answers', () => {
      for (const c of SHORT_ANSWER_CASES) {
        const partial = lexicalScore(c, 'partial');
        expect(partial.needsReview).to.equal(true);
        expect(partial.confidence, c.answers.partial).to.be.below(lexicalScore(c, 'paraphrase').confidence);
        expect(partial.confidence, c.answers.partial).to.be.below(lexicalScore(c, 'off_topic').confidence);
      }
    });
  });
});
