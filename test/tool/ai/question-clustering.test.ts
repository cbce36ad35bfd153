import { expect } from 'chai';
import { clusterQuestions, embeddingSimilarity, type TextSimilarity } from '../../../tool/ai/index.js';

const questions = [
  { id: 'q1', text: '학습률은 어떻게 정하나요?', upvotes: 1 },
  { id: 'q2', text: 'How do we choose the learning rate?' },
  { id: 'q3', text: '학습률은 어떻게 정하면 되나요?', upvotes: 4 },
  { id: 'q4', text: 'How should we choose the learning rate?' },
  { id: 'q5', text: '과제 마감이 언제인가요?' },
];

describe('Q&A clustering', () => {
  it('groups paraphrased questions lexically and keeps unrelated ones apart', async () => {
    const { method, clusters } = await clusterQuestions(questions);
    expect(method).to.equal('lexical');
    const groups = clusters.map((c) => [...c.questionIds].sort());
    expect(groups).to.deep.include(['q1', 'q3']);
    expect(groups).to.deep.include(['q2', 'q4']);
    expect(groups).to.deep.include(['q5']);
  });

  it('represents a cluster by its most upvoted question', async () => {
    const { clusters } = await clusterQuestions(questions);
    const korean = clusters.find((c) => c.questionIds.includes('q1'))!;
    expect(korean.representative.id).to.equal('q3');
  });

  it('uses a plugged-in similarity (e.g. sentence embeddings) instead of the fallback', async () => {
    const sameTopic: TextSimilarity = {
      method: 'embeddings',
      async similarities(reference, texts) {
        const topic = (t: string) => (/학습률|learning rate/.test(t) ? 'lr' : 'other');
        return texts.map((t) => (topic(t) === topic(reference) ? 0.9 : 0.1));
      },
    };
    const { method, clusters } = await clusterQuestions(questions, { similarity: sameTopic });
    expect(method).to.equal('embeddings');
    expect(clusters.map((c) => c.size)).to.deep.equal([4, 1]);
  });

  it('turns vector embeddings into similarities by cosine', async () => {
    const vectors: Record<string, number[]> = { a: [1, 0], b: [1, 0.1], c: [0, 1] };
    const similarity = embeddingSimilarity('vectors', async (texts) => texts.map((t) => vectors[t]!));
    const [ab, ac] = await similarity.similarities('a', ['b', 'c']);
    expect(ab).to.be.greaterThan(0.99);
    expect(ac).to.equal(0);
  });

  it('embeds each question once for a whole clustering run', async () => {
    const requests: string[][] = [];
    const similarity = embeddingSimilarity('vectors', async (texts) => {
      requests.push(texts);
      return texts.map((t) => [t.length, 1]);
    });
    await clusterQuestions(questions, { similarity });
    expect(requests).to.have.length(1);
    expect(requests[0]).to.have.members(questions.map((q) => q.text));
  });

  it('returns no clusters for no questions', async () => {
    expect((await clusterQuestions([])).clusters).to.deep.equal([]);
  });
});
