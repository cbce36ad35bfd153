import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { loadConfig } from '../../../config/index.js';
import { AiService, loadTranscript, startSeminarTranscript, type CheckpointHit } from '../../../tool/ai/index.js';
import { createLogger } from '../../../tool/logger.js';
import { FakeOpenAi } from '../../support/fake-openai.js';
import { useSharedMongo } from '../../support/mongo.js';

describe('seminar transcript (tap → ffmpeg → speech-to-text → segments)', function () {
  this.timeout(20_000);
  useSharedMongo();
  let fake: FakeOpenAi;
  let dir: string;
  before(async () => {
    fake = await FakeOpenAi.start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'seminar-transcript-'));
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('transcribes a recording in chunks through the provider and suggests a checkpoint', async () => {
    const file = path.join(dir, 'lecture.ogg');
    await new Promise<void>((resolve, reject) =>
      spawn('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=3', '-c:a', 'libopus', file])
        .once('error', reject)
        .once('close', (code) => (code === 0 ? resolve() : reject(new Error(String(code))))),
    );
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test-valid', OPENAI_BASE_URL: fake.url });
    const ai = new AiService({ config: config.openai, logger: createLogger('silent') });
    fake.enqueue(
      'transcriptions',
      { kind: 'content', content: 'Today: gradient descent.' },
      { kind: 'content', content: 'Does that make sense?' },
      { kind: 'content', content: 'Any questions?' },
    );
    const seminar = new Types.ObjectId().toHexString();
    const hits: CheckpointHit[] = [];
    const transcript = await startSeminarTranscript({
      ai,
      scope: { course: new Types.ObjectId().toHexString(), platform: 'https://dev-lms.test' },
      seminar,
      tap: { kind: 'file', path: file },
      chunkMs: 1000,
      logger: createLogger('silent'),
      onCheckpoint: (hit) => hits.push(hit),
    });
    await new Promise((r) => setTimeout(r, 1000));
    await transcript.stop();
    expect((await loadTranscript(seminar)).map((s) => s.text)).to.deep.equal([
      'Today: gradient descent.',
      'Does that make sense?',
      'Any questions?',
    ]);
    expect(hits.map((h) => h.phrase)).to.deep.equal(['does that make sense']);
    expect(fake.count('transcriptions')).to.equal(3);
  });

  it('refuses to start when AI is off, before any audio is touched', async () => {
    const ai = new AiService({ config: loadConfig({ NODE_ENV: 'test' }).openai, logger: createLogger('silent') });
    const err = await startSeminarTranscript({
      ai,
      scope: { course: new Types.ObjectId().toHexString(), platform: 'https://dev-lms.test' },
      seminar: new Types.ObjectId().toHexString(),
      tap: { kind: 'file', path: '/nonexistent.ogg' },
      logger: createLogger('silent'),
    }).catch((e: unknown) => e);
    expect((err as { kind: string }).kind).to.equal('not_configured');
  });
});
