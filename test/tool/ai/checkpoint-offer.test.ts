import { expect } from 'chai';
import { Types } from 'mongoose';
import { loadConfig, type RawEnv } from '../../../config/index.js';
import { AiService, checkpointOffer, type CheckpointOffer } from '../../../tool/ai/index.js';
import { createLogger } from '../../../tool/logger.js';
import { TranscriptSegment } from '../../../tool/store/index.js';
import { FakeOpenAi } from '../../support/fake-openai.js';
import { useSharedMongo } from '../../support/mongo.js';

describe('checkpoint offer (what staff receive after a spotted check-in)', function () {
  this.timeout(20_000);
  useSharedMongo();
  let fake: FakeOpenAi;
  const course = new Types.ObjectId().toHexString();
  const scope = { course, platform: 'https://dev-lms.test' };
  before(async () => {
    fake = await FakeOpenAi.start();
  });
  beforeEach(() => fake.reset());
  after(() => fake.close());

  function service(env: RawEnv = { OPENAI_API_KEY: 'sk-test-valid', OPENAI_BASE_URL: fake.url }) {
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_TIMEOUT_MS: '300', OPENAI_MAX_RETRIES: '0', ...env });
    return new AiService({ config: config.openai, logger: createLogger('silent') });
  }

  async function offer(ai: AiService): Promise<CheckpointOffer> {
    const seminar = new Types.ObjectId().toHexString();
    const now = Date.now();
    await TranscriptSegment.create({
      seminar,
      course,
      startAt: new Date(now - 20_000),
      endAt: new Date(now - 1000),
      text: 'The learning rate is the step size of every update. Does that make sense?',
    });
    return checkpointOffer(() => ai.clientFor(scope), {
      course,
      seminar,
      hit: { phrase: 'does that make sense', segmentIndex: 0, atMs: now },
      windowMs: 10 * 60_000,
    });
  }

  it('carries the draft, the phrase and the excerpt', async () => {
    const result = await offer(service());
    expect(result).to.include({ phrase: 'does that make sense', error: null });
    expect(result.excerpt).to.include('step size');
    expect(result.quiz!.questions).to.have.length(3);
  });

  it('turns twice-malformed model output into an error without the raw output', async () => {
    fake.enqueue('chat', { kind: 'content', content: 'SECRET-RAW {' }, { kind: 'content', content: '[1,2]' });
    const result = await offer(service());
    expect(result.quiz).to.equal(null);
    expect(result.error!.reason).to.equal('malformed_output');
    expect(JSON.stringify(result)).not.to.include('SECRET-RAW');
  });

  it('turns a provider that does not answer into a timeout error', async () => {
    fake.enqueue('chat', { kind: 'hang' });
    const result = await offer(service());
    expect(result).to.include({ quiz: null });
    expect(result.error!.reason).to.equal('timeout');
  });

  it('says AI is off, without calling anything, when no key is configured', async () => {
    const result = await offer(service({}));
    expect(result.error).to.deep.equal({ reason: 'no_api_key', message: 'No usable AI provider key is configured' });
    expect(fake.requests).to.have.length(0);
  });
});
