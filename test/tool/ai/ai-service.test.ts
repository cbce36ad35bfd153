import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { loadConfig, type RawEnv } from '../../../config/index.js';
import { AiError, AiService, sealSecret } from '../../../tool/ai/index.js';
import { createLogger } from '../../../tool/logger.js';
import { AiCredential, AiUsage } from '../../../tool/store/index.js';
import { useSharedMongo } from '../../support/mongo.js';

const KEY = randomBytes(32).toString('hex');
const newId = () => new Types.ObjectId().toHexString();

function service(env: RawEnv = {}, logs?: PassThrough) {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  return new AiService({ config: config.openai, logger: createLogger('info', logs ?? new PassThrough()) });
}

describe('AI service', function () {
  this.timeout(20_000);
  useSharedMongo();

  it('is off with no_api_key when nothing is configured, and clientFor says why', async () => {
    const ai = service();
    const scope = { course: newId(), platform: 'https://nothing.test' };
    expect((await ai.status(scope)).reason).to.equal('no_api_key');
    const err = await ai.clientFor(scope).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(AiError);
    expect((err as AiError).details.reason).to.equal('no_api_key');
  });

  it('prefers a deployment-specific platform key over the platform-wide one and the deployment key', async () => {
    const platform = `https://lms-${newId()}.test`;
    await AiCredential.create([
      { platform, deploymentId: '', sealedKey: sealSecret('sk-platform', KEY), keyHint: '…form' },
      { platform, deploymentId: 'dep-7', sealedKey: sealSecret('sk-dep7', KEY), keyHint: '…dep7' },
    ]);
    const ai = service({ OPENAI_API_KEY: 'sk-env', AI_ENCRYPTION_KEY: KEY });
    const course = newId();
    expect((await ai.status({ course, platform })).key_source).to.equal('platform');
    expect((await ai.status({ course, platform: 'https://elsewhere.test' })).key_source).to.equal('deployment');
    const a = await ai.clientFor({ course, platform, deploymentId: 'dep-7' });
    const b = await ai.clientFor({ course, platform, deploymentId: 'dep-8' });
    const c = await ai.clientFor({ course, platform: 'https://elsewhere.test' });
    expect(new Set([a, b, c]).size).to.equal(3);
    expect(await ai.clientFor({ course, platform, deploymentId: 'dep-7' })).to.equal(a);
  });

  it('reports no_encryption_key when a stored key cannot be opened, and logs no key material', async () => {
    const platform = `https://lms-${newId()}.test`;
    await AiCredential.create({ platform, sealedKey: sealSecret('sk-sealed-elsewhere', KEY), keyHint: '…here' });
    const scope = { course: newId(), platform };
    expect((await service({ OPENAI_API_KEY: 'sk-env' }).status(scope)).reason).to.equal('no_encryption_key');
    const logs = new PassThrough();
    let out = '';
    logs.on('data', (d: Buffer) => (out += d.toString()));
    const wrongKey = service({ AI_ENCRYPTION_KEY: randomBytes(32).toString('hex') }, logs);
    expect((await wrongKey.status(scope)).reason).to.equal('no_encryption_key');
    await new Promise((r) => setImmediate(r));
    expect(out).to.include('cannot be decrypted');
    expect(out).not.to.include('sk-sealed-elsewhere');
  });

  it('aggregates usage per course, day, model and feature', async () => {
    const ai = service();
    const course = newId();
    const usage = { model: 'm', promptTokens: 10, completionTokens: 5, audioSeconds: 0, costUsd: 0.001, failed: false };
    await ai.recordUsage({ course, feature: 'quiz' }, usage);
    await ai.recordUsage({ course, feature: 'quiz' }, { ...usage, failed: true, promptTokens: 0, costUsd: 0 });
    await ai.recordUsage({ course, feature: 'summary' }, usage);
    expect(await AiUsage.countDocuments({ course })).to.equal(2);
    const today = new Date().toISOString().slice(0, 10);
    const report = await ai.usage(course, today, today);
    const quiz = report.days.find((d) => d.feature === 'quiz')!;
    expect(quiz).to.include({ requests: 2, failures: 1, prompt_tokens: 10, completion_tokens: 10 });
    expect(report.total).to.deep.equal({
      requests: 3,
      prompt_tokens: 20,
      completion_tokens: 15,
      audio_seconds: 0,
      cost_usd: 0.002,
    });
  });

  it('uses configured check-in phrases, or the defaults when none are set', () => {
    expect(service().checkpointOptions).to.deep.equal({ cooldownMs: 90_000 });
    const custom = service({ AI_CHECKPOINT_PHRASES: '따라오고 계시죠, got it', AI_CHECKPOINT_COOLDOWN_SECONDS: '30' });
    expect(custom.checkpointOptions).to.deep.equal({ phrases: ['따라오고 계시죠', 'got it'], cooldownMs: 30_000 });
  });
});
