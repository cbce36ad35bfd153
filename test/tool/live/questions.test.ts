import { expect } from 'chai';
import { lexicalClusterer } from '../../../tool/live/questions.js';
import { textSimilarity } from '../../../tool/live/similarity.js';
import { useToolServer } from '../../support/tool-server.js';
import { Question } from '../../../tool/store/index.js';
import { ack, closeAll, next, silence, type Person, classroom } from './helpers.js';

interface PublicQuestion {
  id: string;
  text: string;
  upvotes: number;
  answered: boolean;
  cluster_id: string;
}

describe('lexical question similarity (pure)', () => {
  it('scores paraphrases above unrelated questions, in English and Korean', () => {
    const en = textSimilarity('What is overfitting?', 'what is overfitting exactly');
    expect(en).to.be.greaterThan(textSimilarity('What is overfitting?', 'When is the exam due?'));
    const ko = textSimilarity('과적합이 무엇인가요?', '과적합이 뭔가요');
    expect(ko).to.be.greaterThan(textSimilarity('과적합이 무엇인가요?', '시험은 언제인가요?'));
    expect(textSimilarity('Same text', 'same text!')).to.be.closeTo(1, 1e-9);
  });

  it('puts a new question into the group of the most similar one above the threshold', async () => {
    const clusterer = lexicalClusterer();
    const existing = [
      { id: 'a', text: 'When is the exam?', cluster: 'g1' },
      { id: 'b', text: 'Can you explain overfitting again?', cluster: 'g2' },
    ];
    expect(await clusterer.assign('could you explain overfitting again please', existing)).to.equal('g2');
    expect(await clusterer.assign('Which GPU should I buy?', existing)).to.equal(null);
  });
});

describe('live room: anonymous Q&A', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let teacher: Person, alice: Person, bob: Person;

  beforeEach(async () => ({ teacher, alice, bob } = await classroom(tool)));
  afterEach(() => closeAll(teacher, alice, bob));

  it('shows questions to everyone without the author, who is stored server-side only', async () => {
    const seenByTeacher = next<{ question: PublicQuestion }>(teacher.socket, 'question_posted');
    const asked = await ack(alice.socket, 'question_ask', { text: 'What is overfitting?' });
    const broadcast = await seenByTeacher;
    expect(broadcast.question.text).to.equal('What is overfitting?');
    for (const payload of [asked, broadcast, await ack(teacher.socket, 'question_list')]) {
      expect(JSON.stringify(payload)).to.not.include(alice.claims.sub);
      expect(JSON.stringify(payload)).to.not.include('Alice');
    }
    const stored = await Question.findById(broadcast.question.id).select('+author').lean();
    expect(String(stored!.author)).to.equal(alice.claims.sub);
  });

  it('counts one upvote per user and sorts by votes', async () => {
    const first = (await ack(alice.socket, 'question_ask', { text: 'When is the exam?' })).question as PublicQuestion;
    const second = (await ack(bob.socket, 'question_ask', { text: 'Can we get the slides?' }))
      .question as PublicQuestion;
    expect((await ack(alice.socket, 'question_upvote', { question_id: second.id })).counted).to.equal(true);
    expect((await ack(alice.socket, 'question_upvote', { question_id: second.id })).counted).to.equal(false);
    await ack(teacher.socket, 'question_upvote', { question_id: second.id });
    const list = await ack(bob.socket, 'question_list');
    const questions = list.questions as PublicQuestion[];
    expect(questions.map((q) => [q.id, q.upvotes])).to.deep.equal([
      [second.id, 2],
      [first.id, 0],
    ]);
  });

  it('lets staff mark answered and hide, and only staff', async () => {
    const q = (await ack(alice.socket, 'question_ask', { text: 'Is this on the exam?' })).question as PublicQuestion;
    expect((await ack(bob.socket, 'question_answer', { question_id: q.id })).error?.code).to.equal('FORBIDDEN');
    expect((await ack(bob.socket, 'question_hide', { question_id: q.id })).error?.code).to.equal('FORBIDDEN');
    const answered = next<{ question: PublicQuestion }>(bob.socket, 'question_updated');
    await ack(teacher.socket, 'question_answer', { question_id: q.id });
    expect((await answered).question.answered).to.equal(true);
    const removed = next<{ question_id: string }>(bob.socket, 'question_removed');
    const noUpdateForLearners = silence(bob.socket, 'question_updated', 300);
    await ack(teacher.socket, 'question_hide', { question_id: q.id });
    expect((await removed).question_id).to.equal(q.id);
    await noUpdateForLearners;
    expect(((await ack(bob.socket, 'question_list')).questions as unknown[]).length).to.equal(0);
    expect(((await ack(teacher.socket, 'question_list')).questions as unknown[]).length).to.equal(1);
  });

  it('groups similar questions', async () => {
    const a = (await ack(alice.socket, 'question_ask', { text: 'Can you explain overfitting again?' }))
      .question as PublicQuestion;
    const b = (await ack(bob.socket, 'question_ask', { text: 'could you explain overfitting again please' }))
      .question as PublicQuestion;
    const c = (await ack(bob.socket, 'question_ask', { text: 'When is the exam?' })).question as PublicQuestion;
    expect(b.cluster_id).to.equal(a.cluster_id);
    expect(c.cluster_id).to.not.equal(a.cluster_id);
    const list = await ack(teacher.socket, 'question_list');
    const groups = list.groups as { cluster_id: string; question_ids: string[] }[];
    expect(groups.find((g) => g.cluster_id === a.cluster_id)?.question_ids).to.have.members([a.id, b.id]);
  });
});
