import { expect } from 'chai';
import { spotCheckpoints, type SpokenSegment } from '../../../tool/ai/index.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0);
/** Segments 10 s apart unless a start second is given. */
function transcript(...lines: (string | [string, number])[]): SpokenSegment[] {
  return lines.map((line, i) => {
    const [text, second] = typeof line === 'string' ? [line, i * 10] : line;
    return { text, startMs: T0 + second * 1000, endMs: T0 + (second + 8) * 1000 };
  });
}
const phrases = (segments: SpokenSegment[], options = {}) => spotCheckpoints(segments, options).map((h) => h.phrase);

describe('checkpoint phrase spotting', () => {
  it('finds the seed 004 Korean check-in phrases', () => {
    const hits = spotCheckpoints(
      transcript(
        ['경사 하강법은 기울기의 반대 방향으로 이동합니다. 이해되셨나요?', 0],
        ['그럼 학습률을 봅시다. 질문 있나요?', 200],
        ['여기까지 괜찮으시죠?', 400],
        ['자, 다음으로 넘어갈게요.', 600],
      ),
    );
    expect(hits.map((h) => [h.phrase, h.segmentIndex])).to.deep.equal([
      ['이해되셨나요', 0],
      ['질문 있나요', 1],
      ['여기까지 괜찮으시죠', 2],
      ['다음으로 넘어갈게요', 3],
    ]);
    expect(hits[0]!.atMs).to.equal(T0 + 8000);
  });

  it('tolerates Korean spacing variants and punctuation from speech-to-text', () => {
    expect(phrases(transcript('이해 되셨나요'))).to.deep.equal(['이해되셨나요']);
    expect(phrases(transcript('질문있나요?!'))).to.deep.equal(['질문 있나요']);
    expect(phrases(transcript('여기 까지 괜찮 으시죠…'))).to.deep.equal(['여기까지 괜찮으시죠']);
    expect(phrases(transcript('다음으로넘어갈게요'))).to.deep.equal(['다음으로 넘어갈게요']);
    expect(phrases(transcript('이해가 되셨나요, 여러분'))).to.deep.equal(['이해가 되셨나요']);
  });

  it('finds English check-ins regardless of case and punctuation', () => {
    expect(phrases(transcript('So... Does that make sense?'))).to.deep.equal(['does that make sense']);
    expect(phrases(transcript('ANY QUESTIONS so far'))).to.deep.equal(['any questions']);
    expect(phrases(transcript('Alright, let’s move on to the proof.'))).to.deep.equal(["let's move on"]);
  });

  it('ignores lecture text that only resembles a check-in', () => {
    const negatives = transcript(
      ['How many questions are on the exam is not decided.', 0],
      ['This makes sense only for convex functions.', 200],
      ['질문이 많았던 부분은 다음 주에 다룹니다.', 400],
      ['이해하기 어려운 개념입니다.', 600],
      ['We will not move on until the proof is done.', 800],
    );
    expect(spotCheckpoints(negatives)).to.deep.equal([]);
  });

  it('finds a phrase split across two speech-to-text chunks', () => {
    const hits = spotCheckpoints(transcript('자 여기까지 이해', '되셨나요? 좋습니다.'));
    expect(hits).to.have.length(1);
    expect(hits[0]!.segmentIndex).to.equal(1);
  });

  it('turns one check-in into one suggestion within the cooldown', () => {
    const segments = transcript(['이해되셨나요? 질문 있나요?', 0], ['Any questions?', 10], ['질문 있나요', 200]);
    const hits = spotCheckpoints(segments, { cooldownMs: 90_000 });
    expect(hits.map((h) => h.segmentIndex)).to.deep.equal([0, 2]);
  });

  it('keeps the cooldown across incremental calls through lastHitMs', () => {
    const segments = transcript(['질문 있나요', 30]);
    expect(spotCheckpoints(segments, { cooldownMs: 90_000, lastHitMs: T0 })).to.deep.equal([]);
    expect(spotCheckpoints(segments, { cooldownMs: 10_000, lastHitMs: T0 })).to.have.length(1);
  });

  it('uses a configured phrase list instead of the defaults', () => {
    const segments = transcript('다들 따라오고 계시죠?', '이해되셨나요?');
    expect(phrases(segments, { phrases: ['따라오고 계시죠'], cooldownMs: 0 })).to.deep.equal(['따라오고 계시죠']);
  });
});
