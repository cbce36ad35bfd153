import { spawn } from 'node:child_process';
import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { AiCourseSetting, Enrollment, SummaryNote, TranscriptSegment } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { TEST_MODEL, testModelsDir } from '../../support/embedding-model.js';
import { FAKE_QUIZ, FAKE_SUMMARY, FakeOpenAi } from '../../support/fake-openai.js';
import { ack, closeAll, join, next, person, seedSeminar, type Person } from '../live/helpers.js';

const OPUS_PT = 101;
const OPUS_SSRC = 22222222;

/**
 * The live wiring end to end on a real tool server: the instructor's Opus RTP enters a real mediasoup producer
 * (plain-RTP ingest attributed to the instructor), the assistant taps it into ffmpeg, the fake OpenAI server
 * transcribes the chunks, and captions, checkpoint suggestions and the end-of-session note reach sockets.
 */
describe('SeminarAssistant on a live seminar', function () {
  this.timeout(60_000);
  let server: ToolServer;
  let fake: FakeOpenAi;
  const mint = (c: Parameters<ToolServer['tokens']['mint']>[0]) => server.tokens.mint(c);
  const bearer = (p: Person) => ({ Authorization: `Bearer ${p.token}` });

  before(async () => {
    fake = await FakeOpenAi.start();
    const config = await testConfig({
      OPENAI_API_KEY: 'sk-test-valid',
      OPENAI_BASE_URL: fake.url,
      OPENAI_TIMEOUT_MS: '1500',
      OPENAI_MAX_RETRIES: '0',
      AI_TRANSCRIPT_CHUNK_SECONDS: '1',
      MODELS_DIR: await testModelsDir(),
      EMBEDDING_MODEL: TEST_MODEL,
      EMBEDDING_QUANTIZED: '0',
    });
    server = await startToolServer(config, createLogger('silent'));
  });
  beforeEach(() => {
    fake.reset();
    fake.transcriptText = () => '';
  });
  after(async () => {
    await server?.close();
    await fake?.close();
  });

  /** A joined instructor on the course roster, so a plain-RTP ingest attributed to them counts as theirs. */
  async function rosterInstructor(where: { courseId: string; seminarId: string }) {
    const instructor = await person(server.url, mint, where, { role: 'instructor' });
    await Enrollment.create({
      course: where.courseId,
      user: instructor.claims.sub,
      role: 'instructor',
      source: 'launch',
    });
    await join(instructor);
    return instructor;
  }

  /** A LIVE seminar with a joined instructor and learner. */
  async function liveSeminar() {
    const where = await seedSeminar();
    const instructor = await rosterInstructor(where);
    const learner = await person(server.url, mint, where);
    await join(learner);
    return { where, instructor, learner };
  }

  /** The instructor's microphone: a mediasoup producer fed with `seconds` of Opus tone by ffmpeg. */
  async function speak(seminarId: string, userId: string, seconds: number) {
    const room = await server.media.room(seminarId, seminarId);
    const { producer, port } = await room.ingest({
      userId,
      source: 'mic',
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: OPUS_SSRC }],
      },
    });
    await server.assistant.idle();
    const sender = spawn(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', `sine=duration=${seconds}`]
        .concat(['-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-payload_type', String(OPUS_PT)])
        .concat(['-ssrc', String(OPUS_SSRC), '-f', 'rtp', `rtp://127.0.0.1:${port}`]),
      { stdio: 'ignore' },
    );
    const sent = new Promise((resolve) => sender.once('close', resolve));
    return { producer, sent };
  }

  it('captions the instructor live and offers staff (only) a checkpoint quiz on "이해되셨나요"', async () => {
    const { where, instructor, learner } = await liveSeminar();
    fake.enqueue(
      'transcriptions',
      { kind: 'content', content: 'Gradient descent moves against the gradient, scaled by the learning rate.' },
      { kind: 'content', content: '여기까지 이해되셨나요?' },
    );
    const learnerOffers: unknown[] = [];
    learner.socket.on('checkpoint_suggestion', (o) => learnerOffers.push(o));
    const caption = next<Record<string, unknown>>(learner.socket, 'caption', () => true, 20_000);
    const offer = next<Record<string, unknown>>(instructor.socket, 'checkpoint_suggestion', () => true, 25_000);
    const { producer, sent } = await speak(where.seminarId, instructor.claims.sub, 3);

    expect(await caption).to.include({
      text: 'Gradient descent moves against the gradient, scaled by the learning rate.',
      speaker: instructor.claims.sub,
    });
    const suggestion = await offer;
    expect(suggestion).to.include({ phrase: '이해되셨나요', error: null });
    expect(suggestion.excerpt).to.include('이해되셨나요');
    const quiz = suggestion.quiz as typeof FAKE_QUIZ;
    expect(quiz.title).to.equal(FAKE_QUIZ.title);
    expect(quiz.questions.map((q) => q.question_text)).to.deep.equal(FAKE_QUIZ.questions.map((q) => q.question_text));
    const prompt = JSON.stringify(fake.requests.find((r) => r.endpoint === 'chat')!.body.messages);
    expect(prompt).to.include('Gradient descent moves against the gradient');

    await sent;
    producer.close();
    await server.assistant.idle();
    const stored = await TranscriptSegment.find({ seminar: where.seminarId }).sort({ startAt: 1 }).lean();
    expect(stored.map((s) => s.text)).to.deep.equal([
      'Gradient descent moves against the gradient, scaled by the learning rate.',
      '여기까지 이해되셨나요?',
    ]);
    expect(String(stored[0]!.speaker)).to.equal(instructor.claims.sub);
    expect(learnerOffers).to.deep.equal([]);
    closeAll(instructor, learner);
  });

  it('keeps the offer for staff to list again over REST until one of them dismisses it', async () => {
    const { where, instructor, learner } = await liveSeminar();
    const ta = await person(server.url, mint, where, { role: 'ta' });
    fake.transcriptText = () => 'Any questions so far? Does that make sense?';
    const offer = next<Record<string, unknown>>(instructor.socket, 'checkpoint_suggestion', () => true, 25_000);
    const { producer, sent } = await speak(where.seminarId, instructor.claims.sub, 2);
    const live = await offer;
    await sent;
    producer.close();
    await server.assistant.idle();

    const path = `/api/v1/sessions/${where.seminarId}/ai/checkpoint-suggestions`;
    const listed = await request(server.url).get(path).set(bearer(instructor)).expect(200);
    const { timestamp: _sentAt, ...stored } = live;
    expect(listed.body.suggestions).to.deep.equal([stored]);
    const refused = await request(server.url).get(path).set(bearer(learner)).expect(403);
    expect(refused.body.error.code).to.equal('FORBIDDEN');
    await request(server.url)
      .delete(`${path}/${String(live.id)}`)
      .set(bearer(learner))
      .expect(403);
    const malformed = await request(server.url).delete(`${path}/not-an-id`).set(bearer(ta)).expect(400);
    expect(malformed.body.error.code).to.equal('VALIDATION_ERROR');

    await request(server.url)
      .delete(`${path}/${String(live.id)}`)
      .set(bearer(ta))
      .expect(204);
    const gone = await request(server.url)
      .delete(`${path}/${String(live.id)}`)
      .set(bearer(instructor))
      .expect(404);
    expect(gone.body.error.code).to.equal('NOT_FOUND');
    const after = await request(server.url).get(path).set(bearer(instructor)).expect(200);
    expect(after.body.suggestions).to.deep.equal([]);
    closeAll(instructor, learner, ta);
  });

  it('restarts the transcript when the microphone is republished, and passes a malformed draft on as an error', async () => {
    const { where, instructor, learner } = await liveSeminar();
    const first = await speak(where.seminarId, instructor.claims.sub, 1);
    await first.sent;
    first.producer.close();
    await server.assistant.idle();
    expect(fake.count('transcriptions')).to.be.greaterThan(0);

    fake.enqueue('transcriptions', {
      kind: 'content',
      content: 'So the learning rate is the step size of every update. Does that make sense?',
    });
    fake.enqueue('chat', { kind: 'content', content: 'not json {' }, { kind: 'content', content: '{"title":1}' });
    const offer = next<Record<string, unknown>>(instructor.socket, 'checkpoint_suggestion', () => true, 25_000);
    const second = await speak(where.seminarId, instructor.claims.sub, 2);
    const suggestion = await offer;
    expect(suggestion).to.include({ phrase: 'does that make sense', quiz: null });
    expect(suggestion.error).to.deep.equal({
      reason: 'malformed_output',
      message: 'The AI returned an unusable answer twice; try again or write it by hand',
    });
    expect(JSON.stringify(suggestion)).not.to.include('not json');
    await second.sent;
    second.producer.close();
    await server.assistant.idle();
    closeAll(instructor, learner);
  });

  it('starts the transcript of a microphone already there when the session goes live, and stops it at the end', async () => {
    const where = await seedSeminar('WAITING');
    const instructor = await rosterInstructor(where);
    fake.transcriptText = () => 'Welcome to week three.';
    const { producer, sent } = await speak(where.seminarId, instructor.claims.sub, 4);
    expect(fake.count('transcriptions')).to.equal(0);
    const caption = next<Record<string, unknown>>(instructor.socket, 'caption', () => true, 20_000);
    await request(server.url).post(`/api/v1/sessions/${where.seminarId}/start`).set(bearer(instructor)).expect(200);
    expect(await caption).to.include({ text: 'Welcome to week three.' });
    // Ending stops the transcript although the microphone still sends.
    await request(server.url).post(`/api/v1/sessions/${where.seminarId}/end`).set(bearer(instructor)).expect(200);
    await server.assistant.idle();
    const transcribed = fake.count('transcriptions');
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.count('transcriptions')).to.equal(transcribed);
    await sent;
    producer.close();
    await server.assistant.idle();
    closeAll(instructor);
  });

  it('starts nothing while AI is off for the course, and the status says which assist is off', async () => {
    const { where, instructor, learner } = await liveSeminar();
    await AiCourseSetting.create({ course: where.courseId, enabled: false, updatedBy: instructor.claims.sub });
    fake.transcriptText = () => 'Does that make sense?';
    const { producer, sent } = await speak(where.seminarId, instructor.claims.sub, 1);
    await sent;
    producer.close();
    await server.assistant.idle();
    expect(fake.count('transcriptions')).to.equal(0);
    expect(await TranscriptSegment.countDocuments({ seminar: where.seminarId })).to.equal(0);
    const status = await request(server.url)
      .get(`/api/v1/courses/${where.courseId}/ai/status`)
      .set(bearer(learner))
      .expect(200);
    expect(status.body.assists.transcript).to.deep.equal({ on: false, reason: 'course_disabled' });
    expect(status.body.assists.checkpoint_quiz).to.deep.equal({ on: false, reason: 'course_disabled' });
    closeAll(instructor, learner);
  });

  it('drafts the summary note in the background at session end; after approval absentees on the roster read it', async () => {
    const { where, instructor, learner } = await liveSeminar();
    await TranscriptSegment.create({
      seminar: where.seminarId,
      course: where.courseId,
      startAt: new Date(Date.now() - 60_000),
      endAt: new Date(Date.now() - 50_000),
      text: 'Today: gradient descent and the learning rate.',
    });
    expect((await ack(learner.socket, 'chat_message', { message: 'Is the exam open book?' })).ok).to.equal(true);
    expect((await ack(learner.socket, 'question_ask', { text: 'How do we pick the learning rate?' })).ok).to.equal(
      true,
    );
    // The provider hangs past its timeout: ending is not delayed and the note records why it is empty.
    fake.enqueue('chat', { kind: 'hang' });
    const failed = next<Record<string, unknown>>(instructor.socket, 'summary_ready', () => true, 10_000);
    const started = Date.now();
    await request(server.url).post(`/api/v1/sessions/${where.seminarId}/end`).set(bearer(instructor)).expect(200);
    expect(Date.now() - started).to.be.below(1000);
    expect(await failed).to.include({ session_id: where.seminarId, status: 'failed', reason: 'timeout' });
    const path = `/api/v1/sessions/${where.seminarId}/summary-note`;
    const failedNote = await request(server.url).get(path).set(bearer(instructor)).expect(200);
    expect(failedNote.body).to.include({ status: 'failed', failure_reason: 'timeout' });
    await request(server.url).post(`${path}/approve`).set(bearer(instructor)).expect(409);

    // The instructor asks again once the provider answers.
    const draft = await request(server.url).post(path).set(bearer(instructor)).send({}).expect(201);
    expect(draft.body).to.include({ status: 'draft', failure_reason: null, title: FAKE_SUMMARY.title });
    const prompt = JSON.stringify(fake.requests.at(-1)!.body.messages);
    expect(prompt).to.include('Today: gradient descent');

    const absentee = await person(server.url, mint, where);
    await Enrollment.create({ course: where.courseId, user: absentee.claims.sub, role: 'learner', source: 'nrps' });
    const outsider = await person(server.url, mint, where);
    await request(server.url).get(path).set(bearer(absentee)).expect(404);
    await request(server.url).post(`${path}/approve`).set(bearer(instructor)).expect(200);
    const read = await request(server.url).get(path).set(bearer(absentee)).expect(200);
    expect(read.body).to.include({ status: 'approved', summary: FAKE_SUMMARY.summary });
    expect(read.body.self_test).to.have.length(FAKE_SUMMARY.self_test.length);
    await request(server.url).get(path).set(bearer(outsider)).expect(403);
    closeAll(instructor, learner, absentee, outsider);
  });

  it('drafts the note from transcript, chat and Q&A when the session ends with the provider up', async () => {
    const { where, instructor, learner } = await liveSeminar();
    expect((await ack(learner.socket, 'chat_message', { message: 'Is the exam open book?' })).ok).to.equal(true);
    expect((await ack(learner.socket, 'question_ask', { text: 'How do we pick the learning rate?' })).ok).to.equal(
      true,
    );
    const learnerEvents: unknown[] = [];
    learner.socket.on('summary_ready', (e) => learnerEvents.push(e));
    const ready = next<Record<string, unknown>>(instructor.socket, 'summary_ready', () => true, 10_000);
    await request(server.url).post(`/api/v1/sessions/${where.seminarId}/end`).set(bearer(instructor)).expect(200);
    expect(await ready).to.include({ status: 'draft', reason: null });
    expect(learnerEvents).to.deep.equal([]);
    const note = await SummaryNote.findOne({ seminar: where.seminarId }).lean();
    expect(note).to.include({ status: 'draft', title: FAKE_SUMMARY.title });
    expect(note!.keyPoints).to.deep.equal(FAKE_SUMMARY.key_points);
    const prompt = JSON.stringify(fake.requests.find((r) => r.endpoint === 'chat')!.body.messages);
    expect(prompt).to.include('Is the exam open book?').and.include('How do we pick the learning rate?');
    closeAll(instructor, learner);
  });

  it('records "nothing to summarise" without calling the provider when a session was silent', async () => {
    const { where, instructor, learner } = await liveSeminar();
    const ready = next<Record<string, unknown>>(instructor.socket, 'summary_ready', () => true, 10_000);
    await request(server.url).post(`/api/v1/sessions/${where.seminarId}/end`).set(bearer(instructor)).expect(200);
    expect(await ready).to.include({ status: 'failed', reason: 'no_context' });
    expect(fake.count('chat')).to.equal(0);
    closeAll(instructor, learner);
  });

  it('groups paraphrased anonymous questions by sentence embeddings', async () => {
    const { instructor, learner } = await liveSeminar();
    const ask = async (text: string) =>
      (await ack(learner.socket, 'question_ask', { text })).question as { cluster_id: string };
    const a = await ask('When is the assignment due?');
    const b = await ask('Until when is the assignment due?');
    const c = await ask('What is backpropagation?');
    expect(b.cluster_id).to.equal(a.cluster_id);
    expect(c.cluster_id).not.to.equal(a.cluster_id);
    closeAll(instructor, learner);
  });
});
