import { expect } from 'chai';
import request from 'supertest';
import type { ParticipationEvent } from '../../../tool/analytics/index.js';
import type { QuizStats as Stats } from '../../../tool/live/index.js';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { Quiz, QuizSubmission, Seminar } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { claims } from '../../support/tokens.js';
import {
  ack,
  closeAll,
  join,
  classroom,
  next,
  person,
  restartLosingDueTime,
  seedSeminar,
  silence,
  type Person,
} from './helpers.js';

const CHECKPOINT = {
  title: 'Checkpoint',
  questions: [
    {
      type: 'single_choice',
      question_text: 'Which model learns from labels?',
      points: 2,
      options: ['Clustering', 'Classification', 'PCA'],
      correct_option_index: 1,
      explanation: 'Classification is supervised.',
    },
    { type: 'true_false', question_text: 'Overfitting hurts generalisation.', points: 1, correct_answer: true },
  ],
};

/** A draft of CHECKPOINT made through the REST API, as an instructor's editor would. */
async function createQuiz(url: string, token: string, seminarId: string): Promise<string> {
  const res = await request(url)
    .post(`/api/v1/sessions/${seminarId}/quizzes`)
    .set({ Authorization: `Bearer ${token}` })
    .send(CHECKPOINT);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.id as string;
}

interface LiveQuiz {
  id: string;
  status: string;
  ends_at: string | null;
  time_limit_seconds: number | null;
  questions: Array<Record<string, unknown> & { id: string }>;
}
interface Receipt {
  ok: boolean;
  percentage: number;
  auto_graded_score: number;
  feedback: Array<{ question_id: string; correct: boolean; explanation?: string }>;
}

describe('live room: checkpoint quiz over sockets', function () {
  this.timeout(30_000);
  let server: ToolServer;
  let where: { courseId: string; seminarId: string };
  let teacher: Person, alice: Person, bob: Person;
  const recorded: ParticipationEvent[] = [];
  const graded: string[] = [];
  const mint = (c: Parameters<ToolServer['tokens']['mint']>[0]) => server.tokens.mint(c);

  before(async () => {
    server = await startToolServer(await testConfig(), createLogger('silent'), {
      participation: { record: (event) => recorded.push(event) },
    });
    const passback = server.grades.submissionGraded.bind(server.grades);
    server.grades.submissionGraded = (id) => {
      graded.push(id);
      passback(id);
    };
  });
  beforeEach(async () => ({ where, teacher, alice, bob } = await classroom({ url: server.url, mint })));
  afterEach(() => closeAll(teacher, alice, bob));
  after(() => server?.close());

  const draftQuiz = () => createQuiz(server.url, teacher.token, where.seminarId);

  async function start(payload: Record<string, unknown>): Promise<LiveQuiz> {
    const started = next<{ quiz: LiveQuiz }>(alice.socket, 'quiz_started');
    const answer = await ack(teacher.socket, 'quiz_start', payload);
    expect(answer.ok, JSON.stringify(answer.error)).to.equal(true);
    return (await started).quiz;
  }

  const choose = (quiz: LiveQuiz, option: number, truth: boolean) => ({
    quiz_id: quiz.id,
    answers: [
      { question_id: quiz.questions[0]!.id, selected_option_index: option },
      { question_id: quiz.questions[1]!.id, selected_answer: truth },
    ],
  });

  it('refuses quiz_start and quiz_close to learners and malformed payloads to staff', async () => {
    const id = await draftQuiz();
    expect((await ack(alice.socket, 'quiz_start', { quiz_id: id })).error?.code).to.equal('FORBIDDEN');
    expect((await ack(alice.socket, 'quiz_close', { quiz_id: id })).error?.code).to.equal('FORBIDDEN');
    expect((await ack(teacher.socket, 'quiz_answer', { quiz_id: id, answers: [] })).error?.code).to.equal('FORBIDDEN');
    for (const bad of [{}, { quiz_id: 'nope' }, { quiz_id: id, time_limit_seconds: 0 }]) {
      expect((await ack(teacher.socket, 'quiz_start', bad)).error?.code, JSON.stringify(bad)).to.equal(
        'VALIDATION_ERROR',
      );
    }
    const quiz = await start({ quiz_id: id });
    for (const bad of [{ quiz_id: quiz.id }, { quiz_id: quiz.id, answers: 'all' }, { quiz_id: quiz.id, answers: [] }]) {
      expect((await ack(alice.socket, 'quiz_answer', bad)).error?.code, JSON.stringify(bad)).to.equal(
        'VALIDATION_ERROR',
      );
    }
    const unknownQuestion = await ack(alice.socket, 'quiz_answer', {
      quiz_id: quiz.id,
      answers: [{ question_id: 'elsewhere', selected_answer: true }],
    });
    expect(unknownQuestion.error?.code).to.equal('VALIDATION_ERROR');
  });

  it('runs start → answer with instant feedback → staff stats → close with solutions', async () => {
    const id = await draftQuiz();
    const quiz = await start({ quiz_id: id, time_limit_seconds: 120 });
    expect(quiz.status).to.equal('live');
    expect(quiz.time_limit_seconds).to.equal(120);
    expect(JSON.stringify(quiz)).to.not.match(/correct_option|correct_answer|explanation|model_answer|keywords/);
    expect((await Quiz.findById(id).lean())!.status).to.equal('published');

    const firstStats = next<Stats>(teacher.socket, 'quiz_stats');
    const learnersQuiet = silence(bob.socket, 'quiz_stats', 400);
    const right = (await ack(alice.socket, 'quiz_answer', choose(quiz, 1, true))) as unknown as Receipt;
    expect(right.ok).to.equal(true);
    expect(right.percentage).to.equal(100);
    expect(right.feedback).to.deep.equal([
      {
        question_id: quiz.questions[0]!.id,
        correct: true,
        points_earned: 2,
        explanation: 'Classification is supervised.',
      },
      { question_id: quiz.questions[1]!.id, correct: true, points_earned: 1 },
    ]);
    expect((await firstStats).answered).to.equal(1);
    await learnersQuiet;

    const secondStats = next<Stats>(teacher.socket, 'quiz_stats', (s) => s.answered === 2);
    const wrong = (await ack(bob.socket, 'quiz_answer', choose(quiz, 0, true))) as unknown as Receipt;
    expect(wrong.feedback.map((f) => f.correct)).to.deep.equal([false, true]);
    expect(wrong.auto_graded_score).to.equal(1);
    const stats = await secondStats;
    expect(stats).to.deep.include({ quiz_id: quiz.id, answered: 2, learners_present: 2, average_percentage: 66.7 });
    expect(stats.questions).to.deep.equal([
      { question_id: quiz.questions[0]!.id, type: 'single_choice', correct: 1, pending: 0, distribution: [1, 1, 0] },
      { question_id: quiz.questions[1]!.id, type: 'true_false', correct: 2, pending: 0, distribution: [2, 0] },
    ]);
    expect(stats.mean_answer_seconds).to.be.a('number').within(0, 30);
    expect(stats.median_answer_seconds).to.equal(stats.mean_answer_seconds);

    const again = await ack(alice.socket, 'quiz_answer', choose(quiz, 0, false));
    expect(again.error?.code).to.equal('CONFLICT');

    const closed = next<{ quiz_id: string; stats: Stats; solutions: Array<Record<string, unknown>> }>(
      bob.socket,
      'quiz_closed',
    );
    expect((await ack(teacher.socket, 'quiz_close', { quiz_id: quiz.id })).ok).to.equal(true);
    const final = await closed;
    expect(final.stats.answered).to.equal(2);
    expect(final.solutions).to.deep.equal([
      { question_id: quiz.questions[0]!.id, correct_option_indexes: [1], explanation: 'Classification is supervised.' },
      { question_id: quiz.questions[1]!.id, correct_answer: true },
    ]);
    expect((await Quiz.findById(id).lean())!.status).to.equal('closed');
    expect((await ack(teacher.socket, 'quiz_close', { quiz_id: quiz.id })).error?.code).to.equal('CONFLICT');
  });

  it('grades socket answers through grade passback and counts them as participation', async () => {
    const quiz = await start({ quiz_id: await draftQuiz() });
    const answer = await ack(alice.socket, 'quiz_answer', choose(quiz, 0, true));
    const submission = await QuizSubmission.findOne({ quiz: quiz.id, user: alice.claims.sub }).lean();
    expect(String(submission!._id)).to.equal(answer.submission_id);
    expect(graded).to.include(String(submission!._id));
    const event = recorded.find((e) => e.type === 'quiz_answer' && e.userId === alice.claims.sub);
    expect(event).to.deep.include({ seminarId: where.seminarId, value: 33.3, correct: false });
  });

  it('counts a REST submission to the running round in the staff statistics and participation', async () => {
    const quiz = await start({ quiz_id: await draftQuiz() });
    const stats = next<Stats>(teacher.socket, 'quiz_stats', (s) => s.answered === 1);
    const res = await request(server.url)
      .post(`/api/v1/quizzes/${quiz.id}/submissions`)
      .set({ Authorization: `Bearer ${bob.token}` })
      .send({ answers: choose(quiz, 1, false).answers });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.percentage).to.equal(66.7);
    expect((await stats).questions[1]!.distribution).to.deep.equal([0, 1]);
    const event = recorded.find((e) => e.type === 'quiz_answer' && e.userId === bob.claims.sub);
    expect(event).to.deep.include({ seminarId: where.seminarId, value: 66.7, correct: false });
    expect((await ack(bob.socket, 'quiz_answer', choose(quiz, 1, true))).error?.code).to.equal('CONFLICT');
  });

  it('ends a burst of simultaneous answers with statistics that count every one of them', async () => {
    const more = await Promise.all([1, 2, 3, 4].map((n) => person(server.url, mint, where, { name: `Extra ${n}` })));
    for (const p of more) await join(p);
    const quiz = await start({ quiz_id: await draftQuiz() });
    const all = next<Stats>(teacher.socket, 'quiz_stats', (s) => s.answered === 6);
    const acks = await Promise.all(
      [alice, bob, ...more].map((p, i) => ack(p.socket, 'quiz_answer', choose(quiz, i % 3, true))),
    );
    expect(acks.every((a) => a.ok)).to.equal(true);
    expect((await all).questions[0]!.distribution).to.deep.equal([2, 2, 2]);
    closeAll(...more);
  });

  it("answers NOT_FOUND for another seminar's quiz", async () => {
    const other = await seedSeminar();
    const otherTeacher = mint(claims({ role: 'instructor', course: other.courseId, seminar: other.seminarId }));
    const foreign = await createQuiz(server.url, otherTeacher, other.seminarId);
    expect((await ack(teacher.socket, 'quiz_start', { quiz_id: foreign })).error?.code).to.equal('NOT_FOUND');
    const answer = { quiz_id: foreign, answers: [{ question_id: 'x', selected_answer: true }] };
    expect((await ack(alice.socket, 'quiz_answer', answer)).error?.code).to.equal('NOT_FOUND');
    expect((await ack(teacher.socket, 'quiz_close', { quiz_id: foreign })).error?.code).to.equal('NOT_FOUND');
  });

  it('allows one live quiz at a time, only while the session is live', async () => {
    const first = await start({ quiz_id: await draftQuiz() });
    const second = await draftQuiz();
    const busy = await ack(teacher.socket, 'quiz_start', { quiz_id: second });
    expect(busy.error).to.deep.include({ code: 'CONFLICT' });
    expect((await ack(teacher.socket, 'quiz_start', { quiz_id: first.id })).error?.code).to.equal('CONFLICT');
    await ack(teacher.socket, 'quiz_close', { quiz_id: first.id });
    await Seminar.updateOne({ _id: where.seminarId }, { $set: { status: 'WAITING' } });
    await server.stores.redis.del(`live:${where.seminarId}:status`);
    expect((await ack(teacher.socket, 'quiz_start', { quiz_id: second })).error?.code).to.equal('CONFLICT');
  });

  it('closes by itself at the deadline and refuses late answers', async () => {
    const quiz = await start({ quiz_id: await draftQuiz(), time_limit_seconds: 5 });
    expect(Date.parse(quiz.ends_at!) - Date.now()).to.be.within(3_000, 5_100);
    const closed = await next<{ quiz_id: string }>(bob.socket, 'quiz_closed', undefined, 10_000);
    expect(closed.quiz_id).to.equal(quiz.id);
    expect((await ack(alice.socket, 'quiz_answer', choose(quiz, 1, true))).error?.code).to.equal('CONFLICT');
  });

  it('gives late joiners the running quiz and learners their own answer', async () => {
    const quiz = await start({ quiz_id: await draftQuiz() });
    await ack(alice.socket, 'quiz_answer', choose(quiz, 1, true));
    alice.socket.disconnect();
    alice = await person(server.url, mint, where, { sub: alice.claims.sub, name: 'Alice' });
    const mine = (await join(alice)).snapshot.quiz as LiveQuiz & { my_answer: Receipt };
    expect(mine.id).to.equal(quiz.id);
    expect(mine.my_answer.percentage).to.equal(100);
    const carol = await person(server.url, mint, where, { name: 'Carol' });
    const fresh = (await join(carol)).snapshot.quiz as LiveQuiz & { my_answer: unknown };
    expect(fresh.my_answer).to.equal(null);
    expect(JSON.stringify(fresh)).to.not.match(/correct_option|correct_answer/);
    const ta = await person(server.url, mint, where, { role: 'ta' });
    const staffView = (await join(ta)).snapshot.quiz as { stats: Stats };
    expect(staffView.stats.answered).to.equal(1);
    closeAll(carol, ta);
  });

  it('closes the live quiz when the session ends', async () => {
    const quiz = await start({ quiz_id: await draftQuiz() });
    const closed = next<{ quiz_id: string }>(alice.socket, 'quiz_closed');
    await server.live.rooms.get(where.seminarId, where.courseId).then((room) => room.end());
    expect((await closed).quiz_id).to.equal(quiz.id);
  });
});

describe('live room: quiz auto-close across a restart', function () {
  this.timeout(30_000);

  it('closes a due live quiz after the starting process stopped, even when Redis lost the due time', async () => {
    const config = await testConfig();
    const first = await startToolServer(config, createLogger('silent'));
    const where = await seedSeminar();
    const teacher = await person(first.url, (c) => first.tokens.mint(c), where, { role: 'instructor' });
    await join(teacher);
    const id = await createQuiz(first.url, teacher.token, where.seminarId);
    expect((await ack(teacher.socket, 'quiz_start', { quiz_id: id, time_limit_seconds: 5 })).ok).to.equal(true);
    closeAll(teacher);
    const closed = await restartLosingDueTime(first, config, `quiz_close:${id}`, async () => {
      return (await Quiz.findById(id).lean())!.status === 'closed';
    });
    expect(closed).to.equal(true);
  });
});
