import { expect } from 'chai';
import { Types } from 'mongoose';
import {
  AiClient,
  loadTranscript,
  openAiTranscriber,
  TranscriptRecorder,
  wavFromPcm,
  type CaptionSegment,
  type CheckpointHit,
} from '../../../tool/ai/index.js';
import { createLogger } from '../../../tool/logger.js';
import { FakeOpenAi } from '../../support/fake-openai.js';
import { useSharedMongo } from '../../support/mongo.js';

describe('transcript recorder', function () {
  this.timeout(20_000);
  useSharedMongo();
  let fake: FakeOpenAi;
  before(async () => {
    fake = await FakeOpenAi.start();
  });
  after(async () => {
    await fake.close();
  });

  it('stores transcribed chunks in order, emits captions and one checkpoint per check-in', async () => {
    const seminar = new Types.ObjectId().toHexString();
    const course = new Types.ObjectId().toHexString();
    const client = new AiClient(
      'sk-test-valid',
      {
        baseUrl: fake.url,
        model: 'm',
        transcribeModel: 'fake-whisper',
        embeddingModel: 'e',
        timeoutMs: 2000,
        maxRetries: 0,
        retryBaseMs: 10,
        prices: { inputPerMTok: 0, outputPerMTok: 0, transcribePerMinute: 0 },
      },
      async () => undefined,
    );
    fake.enqueue(
      'transcriptions',
      { kind: 'content', content: '경사 하강법을 보겠습니다.' },
      { kind: 'content', content: '여기까지 이해' },
      { kind: 'content', content: '되셨나요? 질문 있나요?' },
      { kind: 'status', status: 500 },
      { kind: 'content', content: '   ' },
      { kind: 'content', content: '좋습니다, 다음 예제입니다.' },
    );
    const captions: CaptionSegment[] = [];
    const checkpoints: (CheckpointHit & { seminar: string })[] = [];
    const recorder = new TranscriptRecorder({
      seminar,
      course,
      transcriber: openAiTranscriber(client, course, 'ko'),
      logger: createLogger('silent'),
      spotting: { cooldownMs: 90_000 },
      onSegment: (s) => captions.push(s),
      onCheckpoint: (hit) => checkpoints.push(hit),
    });
    const t0 = Date.UTC(2026, 10, 23, 9, 0);
    for (let i = 0; i < 6; i++) {
      recorder.push({ wav: wavFromPcm(Buffer.alloc(320), 16000), startMs: t0 + i * 5000, endMs: t0 + (i + 1) * 5000 });
    }
    await recorder.flush();

    expect(captions.map((c) => c.text)).to.deep.equal([
      '경사 하강법을 보겠습니다.',
      '여기까지 이해',
      '되셨나요? 질문 있나요?',
      '좋습니다, 다음 예제입니다.',
    ]);
    expect(checkpoints).to.have.length(1);
    expect(checkpoints[0]).to.include({ seminar, atMs: t0 + 15_000 });
    const stored = await loadTranscript(seminar);
    expect(stored.map((s) => s.text)).to.deep.equal(captions.map((c) => c.text));
    expect(stored[3]!.startMs).to.equal(t0 + 25_000);
    expect(await loadTranscript(seminar, t0 + 12_000)).to.have.length(2);
  });
});
