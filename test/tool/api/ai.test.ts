import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { Types } from 'mongoose';
import request from 'supertest';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { AiCredential, Enrollment, Seminar, TranscriptSegment } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { FAKE_SUMMARY, FakeOpenAi } from '../../support/fake-openai.js';
import { tokenFor } from '../../support/tokens.js';

const newId = () => new Types.ObjectId().toHexString();

async function newSeminar(course: string) {
  const seminar = await Seminar.create({ course, resourceLinkId: `rl-${newId()}`, title: 'Week 3' });
  return String(seminar._id);
}

describe('AI REST API without any AI configuration', function () {
  this.timeout(60_000);
  let server: ToolServer;
  const course = newId();
  before(async () => {
    server = await startToolServer(await testConfig(), createLogger('silent'));
  });
  after(async () => {
    await server?.close();
  });

  it('reports every assist off with its reason, and clustering on its lexical fallback', async () => {
    const res = await request(server.url)
      .get(`/api/v1/courses/${course}/ai/status`)
      .set('Authorization', `Bearer ${tokenFor(server, { course })}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({
      enabled: false,
      reason: 'no_api_key',
      key_source: null,
      model: null,
      assists: {
        transcript: { on: false, reason: 'no_api_key' },
        checkpoint_quiz: { on: false, reason: 'no_api_key' },
        ai_quiz: { on: false, reason: 'no_api_key' },
        summary_note: { on: false, reason: 'no_api_key' },
        qa_clustering: { on: true, method: 'lexical' },
      },
    });
  });

  it('answers AI requests with 503 and the reason instead of failing', async () => {
    const seminar = await newSeminar(course);
    const auth = `Bearer ${tokenFor(server, { course, seminar, role: 'instructor' })}`;
    for (const path of ['ai/checkpoint-quiz', 'summary-note']) {
      const res = await request(server.url)
        .post(`/api/v1/sessions/${seminar}/${path}`)
        .set('Authorization', auth)
        .send({});
      expect(res.status).to.equal(503);
      expect(res.body.error.code).to.equal('SERVICE_UNAVAILABLE');
      expect(res.body.error.details.reason).to.equal('no_api_key');
    }
  });

  it('still clusters questions lexically', async () => {
    const seminar = await newSeminar(course);
    const res = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/questions/cluster`)
      .set('Authorization', `Bearer ${tokenFor(server, { course, seminar, role: 'ta' })}`)
      .send({
        questions: [
          { id: 'a', text: '과제 마감이 언제인가요?' },
          { id: 'b', text: '과제 마감은 언제인가요?' },
          { id: 'c', text: 'What is backpropagation?' },
        ],
      });
    expect(res.status).to.equal(200);
    expect(res.body.method).to.equal('lexical');
    expect(res.body.clusters.map((c: { question_ids: string[] }) => c.question_ids.sort())).to.deep.equal([
      ['a', 'b'],
      ['c'],
    ]);
  });

  it('refuses to store a provider key without AI_ENCRYPTION_KEY', async () => {
    const res = await request(server.url)
      .put('/api/v1/ai/credentials')
      .set('Authorization', `Bearer ${tokenFor(server, { course, role: 'instructor' })}`)
      .send({ api_key: 'sk-never-stored-123' });
    expect(res.status).to.equal(503);
    expect(res.body.error.details.reason).to.equal('no_encryption_key');
    expect(await AiCredential.countDocuments({ platform: 'https://dev-lms.test' })).to.equal(0);
  });
});

describe('AI REST API against a local OpenAI-compatible server', function () {
  this.timeout(60_000);
  let server: ToolServer;
  let fake: FakeOpenAi;
  let logs = '';
  const course = newId();
  const deploymentKey = 'sk-test-valid';
  let seminar: string;
  const as = (role: 'instructor' | 'ta' | 'learner', extra = {}) =>
    `Bearer ${tokenFor(server, { course, seminar, role, ...extra })}`;

  before(async () => {
    fake = await FakeOpenAi.start();
    const sink = new PassThrough();
    sink.on('data', (d: Buffer) => (logs += d.toString()));
    const config = await testConfig({
      OPENAI_API_KEY: deploymentKey,
      OPENAI_BASE_URL: fake.url,
      OPENAI_TIMEOUT_MS: '2000',
      OPENAI_RETRY_BASE_MS: '10',
      AI_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    });
    server = await startToolServer(config, createLogger('debug', sink));
    seminar = await newSeminar(course);
    const now = Date.now();
    await TranscriptSegment.create([
      {
        seminar,
        course,
        startAt: new Date(now - 120_000),
        endAt: new Date(now - 110_000),
        text: 'Gradient descent moves against the gradient, scaled by the learning rate.',
      },
      {
        seminar,
        course,
        startAt: new Date(now - 20_000),
        endAt: new Date(now - 10_000),
        text: 'Does that make sense?',
      },
    ]);
  });
  beforeEach(() => fake.reset());
  after(async () => {
    await server?.close();
    await fake?.close();
  });

  it('reports the assists on with the deployment key, the transcript fed by the media tap', async () => {
    const res = await request(server.url)
      .get(`/api/v1/courses/${course}/ai/status`)
      .set('Authorization', as('learner'));
    expect(res.body).to.deep.include({ enabled: true, key_source: 'deployment', model: 'gpt-4o-mini' });
    expect(res.body.assists.ai_quiz).to.deep.equal({ on: true });
    expect(res.body.assists.transcript).to.deep.equal({ on: true });
    expect(res.body.assists.qa_clustering).to.deep.equal({ on: true, method: 'embeddings' });
  });

  it('suggests a checkpoint quiz from the recent transcript and uploaded material', async () => {
    await request(server.url)
      .post(`/api/v1/sessions/${seminar}/materials`)
      .set('Authorization', as('instructor'))
      .attach('file', Buffer.from('# Learning rate\nThe learning rate is the step size.'), 'week3.md')
      .expect(201);
    const res = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/ai/checkpoint-quiz`)
      .set('Authorization', as('ta'))
      .send({ window_minutes: 5, question_count: 2 });
    expect(res.status).to.equal(200);
    expect(res.body.is_ai_generated).to.equal(true);
    expect(res.body.quiz.questions[0]).to.include({ type: 'single_choice', correct_option_index: 0 });
    const prompt = JSON.stringify(fake.requests[0]!.body.messages);
    expect(prompt).to.include('Does that make sense?').and.include('The learning rate is the step size.');
    expect(fake.requests[0]!.authorization).to.equal(`Bearer ${deploymentKey}`);
  });

  it('never lets a learner generate a quiz', async () => {
    const res = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/ai/checkpoint-quiz`)
      .set('Authorization', as('learner'))
      .send({});
    expect(res.status).to.equal(403);
    expect(fake.requests).to.have.length(0);
  });

  it('turns malformed model output into a clear 502 without the raw output', async () => {
    fake.enqueue('chat', { kind: 'content', content: 'RAW-GARBAGE not json' }, { kind: 'content', content: '{"x":1}' });
    const res = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/ai/checkpoint-quiz`)
      .set('Authorization', as('instructor'))
      .send({});
    expect(res.status).to.equal(502);
    expect(res.body.error.details.reason).to.equal('malformed_output');
    expect(res.text).not.to.include('RAW-GARBAGE');
  });

  it('accounts tokens and cost per course and day', async () => {
    const res = await request(server.url)
      .get(`/api/v1/courses/${course}/ai/usage`)
      .set('Authorization', as('instructor'));
    expect(res.status).to.equal(200);
    const quizRow = res.body.days.find((d: { feature: string }) => d.feature === 'quiz');
    expect(quizRow.requests).to.equal(3);
    expect(quizRow.prompt_tokens).to.be.greaterThan(0);
    expect(res.body.total.cost_usd).to.be.greaterThan(0);
  });

  it('honours the per-course switch, which only an instructor may flip', async () => {
    const path = `/api/v1/courses/${course}/ai/settings`;
    await request(server.url).put(path).set('Authorization', as('learner')).send({ enabled: false }).expect(403);
    const off = await request(server.url).put(path).set('Authorization', as('instructor')).send({ enabled: false });
    expect(off.body).to.deep.include({ enabled: false, reason: 'course_disabled' });
    const quiz = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/ai/checkpoint-quiz`)
      .set('Authorization', as('instructor'))
      .send({});
    expect(quiz.status).to.equal(503);
    expect(quiz.body.error.details.reason).to.equal('course_disabled');
    const on = await request(server.url).put(path).set('Authorization', as('instructor')).send({ enabled: true });
    expect(on.body.enabled).to.equal(true);
  });

  it("refuses another course's status and sessions", async () => {
    const other = newId();
    await request(server.url)
      .get(`/api/v1/courses/${other}/ai/status`)
      .set('Authorization', as('instructor'))
      .expect(403);
    const foreign = await newSeminar(other);
    await request(server.url)
      .post(`/api/v1/sessions/${foreign}/ai/checkpoint-quiz`)
      .set('Authorization', as('instructor'))
      .send({})
      .expect(403);
  });

  it('drafts a summary note that learners see only after the instructor edits and approves it', async () => {
    const path = `/api/v1/sessions/${seminar}/summary-note`;
    const draft = await request(server.url)
      .post(path)
      .set('Authorization', as('instructor'))
      .send({
        chat: [{ text: 'Is the exam open book?' }],
        questions: [
          { text: 'How do we pick the learning rate?', answered: false },
          { text: 'What is a gradient?', answered: true },
        ],
      });
    expect(draft.status).to.equal(201);
    expect(draft.body).to.include({ status: 'draft', title: FAKE_SUMMARY.title });
    expect(draft.body.unanswered_questions).to.deep.equal(FAKE_SUMMARY.unanswered_questions);
    const prompt = JSON.stringify(fake.requests[0]!.body.messages);
    expect(prompt).to.include('Open student questions:\\n- How do we pick the learning rate?');
    expect(prompt).to.include('Is the exam open book?').and.include('Does that make sense?');

    // An absentee on the roster (NRPS) cannot tell a draft from no note at all.
    const absentee = newId();
    await Enrollment.create({ course, user: absentee, role: 'learner', source: 'nrps' });
    await request(server.url)
      .get(path)
      .set('Authorization', as('learner', { sub: absentee }))
      .expect(404);
    await request(server.url).get(path).set('Authorization', as('ta')).expect(200);
    await request(server.url).patch(path).set('Authorization', as('learner')).send({ title: 'x' }).expect(403);
    const edited = await request(server.url)
      .patch(path)
      .set('Authorization', as('instructor'))
      .send({ title: 'Week 3 — edited', key_points: ['Only this point'] });
    expect(edited.body).to.include({ title: 'Week 3 — edited', status: 'draft' });

    const approved = await request(server.url).post(`${path}/approve`).set('Authorization', as('instructor'));
    expect(approved.body.status).to.equal('approved');
    // The absentee reads it now; a token holder who is not on the roster does not.
    await request(server.url)
      .get(path)
      .set('Authorization', as('learner', { sub: newId() }))
      .expect(403);
    const seen = await request(server.url)
      .get(path)
      .set('Authorization', as('learner', { sub: absentee }));
    expect(seen.status).to.equal(200);
    expect(seen.body).to.include({ title: 'Week 3 — edited', status: 'approved' });
    expect(seen.body.key_points).to.deep.equal(['Only this point']);
    expect(seen.body.self_test).to.have.length(1);

    await request(server.url).post(path).set('Authorization', as('instructor')).send({}).expect(409);
  });

  it('clusters questions with provider embeddings when AI is on', async () => {
    const res = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/questions/cluster`)
      .set('Authorization', as('instructor'))
      .send({
        questions: [
          { id: 'a', text: 'learning rate?' },
          { id: 'b', text: 'learning rate??' },
        ],
      });
    expect(res.status).to.equal(200);
    expect(res.body.method).to.equal('embeddings');
    expect(res.body.clusters).to.have.length(1);
    expect(fake.count('embeddings')).to.equal(1);
  });

  it('stores a platform key sealed, uses it for that platform, and never returns or logs it', async () => {
    const platform = 'https://other-lms.test';
    const platformKey = 'sk-platform-secret-9876';
    const auth = as('instructor', { platform });
    const put = await request(server.url)
      .put('/api/v1/ai/credentials')
      .set('Authorization', auth)
      .send({ api_key: platformKey });
    expect(put.status).to.equal(200);
    expect(put.body).to.deep.equal({ platform, deployment_id: null, key_hint: '…9876' });

    const insecure = await request(server.url)
      .put('/api/v1/ai/credentials')
      .set('Authorization', auth)
      .send({ api_key: platformKey, base_url: 'http://169.254.169.254/v1' });
    expect(insecure.status).to.equal(400);
    expect(insecure.text).not.to.include(platformKey);

    const stored = await AiCredential.findOne({ platform }).lean();
    expect(JSON.stringify(stored)).not.to.include(platformKey);

    const status = await request(server.url).get(`/api/v1/courses/${course}/ai/status`).set('Authorization', auth);
    expect(status.body.key_source).to.equal('platform');
    expect(status.text).not.to.include(platformKey);

    // The fake accepts only the deployment key, so the platform key is refused: proof that it was the one sent.
    const quiz = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/ai/checkpoint-quiz`)
      .set('Authorization', auth)
      .send({});
    expect(quiz.status).to.equal(502);
    expect(quiz.text).not.to.include(platformKey);
    expect(fake.requests[0]!.authorization).to.equal(`Bearer ${platformKey}`);
    const after = await request(server.url).get(`/api/v1/courses/${course}/ai/status`).set('Authorization', auth);
    expect(after.body).to.deep.include({ enabled: false, reason: 'provider_failing' });

    expect(logs).to.include('AI provider key stored');
    expect(logs).not.to.include(platformKey);
    expect(logs).not.to.include(deploymentKey);
  });
});
