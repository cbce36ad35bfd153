import { expect } from 'chai';
import { z } from 'zod';
import {
  AiClient,
  AiError,
  generateCheckpointQuiz,
  generatedQuizSchema,
  retryDelayMs,
  type AiClientSettings,
  type CallContext,
  type UsageRecord,
} from '../../../tool/ai/index.js';
import { FAKE_QUIZ, FakeOpenAi } from '../../support/fake-openai.js';

const COURSE = '0000000000000000000000c1';
const ctx: CallContext = { course: COURSE, feature: 'quiz' };
const prices = { inputPerMTok: 1, outputPerMTok: 2, transcribePerMinute: 0.006 };

describe('AI client against a local OpenAI-compatible server', function () {
  this.timeout(20_000);
  let fake: FakeOpenAi;
  let usage: UsageRecord[];

  const settings = (overrides: Partial<AiClientSettings> = {}): AiClientSettings => ({
    baseUrl: fake.url,
    model: 'fake-chat',
    transcribeModel: 'fake-whisper',
    embeddingModel: 'fake-embed',
    timeoutMs: 2000,
    maxRetries: 2,
    retryBaseMs: 10,
    prices,
    ...overrides,
  });
  const client = (overrides: Partial<AiClientSettings> = {}, apiKey: string | undefined = 'sk-test-valid') =>
    new AiClient(apiKey, settings(overrides), async (_ctx, record) => {
      usage.push(record);
    });

  before(async () => {
    fake = await FakeOpenAi.start();
  });
  beforeEach(() => {
    fake.reset();
    usage = [];
  });
  after(async () => {
    await fake.close();
  });

  it('returns a zod-validated JSON-mode answer and accounts its tokens and cost', async () => {
    const quiz = await client().chatJson(ctx, generatedQuizSchema, { system: 'checkpoint quizzes', user: 'x' });
    expect(quiz.questions.map((q) => q.type)).to.deep.equal(['single_choice', 'true_false', 'short_answer']);
    expect(fake.requests[0]!.body.response_format).to.deep.equal({ type: 'json_object' });
    expect(fake.requests[0]!.body.model).to.equal('fake-chat');
    expect(usage).to.have.length(1);
    const u = usage[0]!;
    expect(u.failed).to.equal(false);
    expect(u.promptTokens).to.be.greaterThan(0);
    expect(u.costUsd).to.be.closeTo((u.promptTokens * 1 + u.completionTokens * 2) / 1e6, 1e-9);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    fake.enqueue('chat', { kind: 'status', status: 429, retryAfter: '1' });
    const started = Date.now();
    await client().chatJson(ctx, generatedQuizSchema, { system: 's', user: 'u' });
    expect(Date.now() - started).to.be.at.least(950);
    expect(fake.count('chat')).to.equal(2);
  });

  it('retries 5xx with back-off and gives up after the configured retries', async () => {
    fake.enqueue('chat', { kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    await client().chatJson(ctx, generatedQuizSchema, { system: 's', user: 'u' });
    expect(fake.count('chat')).to.equal(3);

    fake.reset();
    fake.enqueue('chat', ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 502 })));
    const c = client();
    const err = await c.chatJson(ctx, generatedQuizSchema, { system: 's', user: 'u' }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(AiError);
    expect((err as AiError).kind).to.equal('provider_error');
    expect(fake.count('chat')).to.equal(3);
    expect(c.health.lastFailureKind).to.equal('provider_error');
    expect(usage.at(-1)!.failed).to.equal(true);
  });

  it('times out a hanging provider and retries the timeout', async () => {
    fake.enqueue('chat', { kind: 'hang' }, { kind: 'hang' });
    const started = Date.now();
    const err = await client({ timeoutMs: 300, maxRetries: 1 })
      .chatJson(ctx, generatedQuizSchema, { system: 's', user: 'u' })
      .catch((e: unknown) => e);
    expect((err as AiError).kind).to.equal('timeout');
    expect(fake.count('chat')).to.equal(2);
    expect(Date.now() - started).to.be.below(5000);
  });

  it('does not retry a refused key', async () => {
    const err = await client({}, 'sk-wrong')
      .chatJson(ctx, generatedQuizSchema, { system: 's', user: 'u' })
      .catch((e: unknown) => e);
    expect((err as AiError).kind).to.equal('rejected');
    expect(fake.count('chat')).to.equal(1);
  });

  it('repairs one malformed reply by telling the model what was wrong', async () => {
    fake.enqueue('chat', { kind: 'content', content: '{"title": "Quiz", "questions": [' });
    const quiz = await client().chatJson(ctx, generatedQuizSchema, { system: 's', user: 'u' });
    expect(quiz.title).to.equal(FAKE_QUIZ.title);
    const repair = fake.requests[1]!.body.messages as { role: string; content: string }[];
    expect(repair.at(-1)!.content).to.include('not valid JSON');
  });

  it('fails cleanly after two replies of the wrong shape, without passing the raw reply on', async () => {
    const wrong = JSON.stringify({ title: 'Q', questions: [{ type: 'essay', question_text: 'RAW-MODEL-TEXT' }] });
    fake.enqueue('chat', { kind: 'content', content: wrong }, { kind: 'content', content: wrong });
    const err = await client()
      .chatJson(ctx, generatedQuizSchema, { system: 's', user: 'u' })
      .catch((e: unknown) => e);
    expect((err as AiError).kind).to.equal('malformed_output');
    expect(JSON.stringify({ message: (err as AiError).message, details: (err as AiError).details })).not.to.include(
      'RAW-MODEL-TEXT',
    );
    expect(fake.count('chat')).to.equal(2);
  });

  it('reports not_configured instead of throwing from the openai constructor when there is no key', async () => {
    const err = await new AiClient(undefined, settings(), async () => undefined)
      .chatJson(ctx, z.object({}), { system: 's', user: 'u' })
      .catch((e: unknown) => e);
    expect((err as AiError).kind).to.equal('not_configured');
    expect(fake.requests).to.have.length(0);
  });

  it('transcribes audio through multipart audio/transcriptions and accounts audio seconds', async () => {
    const text = await client().transcribe({ course: COURSE, feature: 'transcript' }, Buffer.alloc(3200), {
      filename: 'chunk.wav',
      durationSeconds: 30,
      language: 'ko',
    });
    expect(text).to.equal('audio of 3200 bytes');
    expect(fake.requests[0]!.body).to.include({ model: 'fake-whisper', language: 'ko' });
    expect(usage[0]!.audioSeconds).to.equal(30);
    expect(usage[0]!.costUsd).to.be.closeTo(0.003, 1e-9);
  });

  it('returns embeddings in input order', async () => {
    const vectors = await client().embed({ course: COURSE, feature: 'embeddings' }, ['abc', 'xyz']);
    expect(vectors).to.have.length(2);
    expect(vectors[0]).to.have.length(32);
    expect(vectors[0]).not.to.deep.equal(vectors[1]);
  });

  it('generates a checkpoint quiz from the recent transcript and the closest material', async () => {
    const now = Date.UTC(2026, 10, 23, 10, 0);
    const segments = [
      { text: 'OLD-LECTURE-PART about something else entirely', startMs: now - 30 * 60_000, endMs: now - 29 * 60_000 },
      { text: '경사 하강법은 학습률만큼 기울기 반대 방향으로 이동합니다.', startMs: now - 60_000, endMs: now - 50_000 },
    ];
    const quiz = await generateCheckpointQuiz(client(), {
      course: COURSE,
      segments,
      materialTexts: ['# 경사 하강법\n학습률은 보폭입니다.\n\n# 부록\n무관한 내용'],
      nowMs: now,
      windowMs: 10 * 60_000,
    });
    expect(quiz.questions).to.have.length(3);
    const prompt = JSON.stringify(fake.requests[0]!.body.messages);
    expect(prompt).to.include('경사 하강법은 학습률만큼');
    expect(prompt).to.include('학습률은 보폭입니다');
    expect(prompt).not.to.include('OLD-LECTURE-PART');
  });

  it('refuses to generate a quiz with no transcript and no material', async () => {
    const err = await generateCheckpointQuiz(client(), {
      course: COURSE,
      segments: [],
      materialTexts: [],
      nowMs: Date.now(),
    }).catch((e: unknown) => e);
    expect((err as AiError).kind).to.equal('no_context');
    expect(fake.requests).to.have.length(0);
  });
});

describe('retry delay', () => {
  it('doubles per attempt within ±20 % jitter', () => {
    expect(retryDelayMs(0, 100, undefined, () => 0.5)).to.equal(100);
    expect(retryDelayMs(3, 100, undefined, () => 0.5)).to.equal(800);
    expect(retryDelayMs(1, 100, undefined, () => 0)).to.equal(160);
    expect(retryDelayMs(1, 100, undefined, () => 1)).to.equal(240);
  });

  it('follows Retry-After and caps every delay at 30 s', () => {
    expect(retryDelayMs(0, 100, 2000)).to.equal(2000);
    expect(retryDelayMs(0, 100, 120_000)).to.equal(30_000);
    expect(retryDelayMs(20, 100, undefined, () => 0.5)).to.equal(30_000);
  });
});
