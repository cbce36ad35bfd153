import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import { ParticipationPipeline, type ParticipationEvent } from '../../../tool/analytics/index.js';
import { createLogger } from '../../../tool/logger.js';
import { connectMongo } from '../../../tool/store/mongo.js';
import { ParticipationEventModel, ParticipationSummary, startEmbeddedMongo } from '../../../tool/store/index.js';
import { useSharedMongo } from '../../support/mongo.js';

const id = () => new Types.ObjectId().toHexString();
const at = (minute: number) => new Date(Date.UTC(2026, 8, 1, 9, minute));

function knownSequence(seminarId: string, courseId: string, alice: string, bob: string): ParticipationEvent[] {
  const e = (
    userId: string,
    type: ParticipationEvent['type'],
    minute: number,
    extra: Partial<ParticipationEvent> = {},
  ) => ({
    type,
    seminarId,
    courseId,
    userId,
    at: at(minute),
    ...extra,
  });
  return [
    e(alice, 'join', 0),
    e(bob, 'join', 1),
    e(alice, 'chat', 2),
    e(alice, 'speak', 3, { value: 42.5 }),
    e(bob, 'poll_vote', 4),
    e(alice, 'quiz_answer', 5, { value: 100, correct: true }),
    e(bob, 'quiz_answer', 5, { value: 40, correct: false }),
    e(bob, 'pulse', 6, { value: 0 }),
    e(alice, 'pulse', 6, { value: 1 }),
    e(alice, 'hand_raise', 7),
    e(bob, 'question_post', 8),
    e(alice, 'question_upvote', 9),
    e(alice, 'speak', 10, { value: 17.5 }),
    e(bob, 'leave', 11),
  ];
}

describe('participation pipeline', function () {
  this.timeout(30_000);

  describe('against the shared store', () => {
    useSharedMongo();

    it('turns a known sequence into exact per-user summaries and stores every event', async () => {
      const [seminarId, courseId, alice, bob] = [id(), id(), id(), id()];
      const pipeline = new ParticipationPipeline(createLogger('silent'), { flushIntervalMs: 10_000 });
      const flushed: string[] = [];
      pipeline.on('flushed', (touched) => flushed.push(...touched.map((t) => t.userId)));
      for (const event of knownSequence(seminarId, courseId, alice, bob)) pipeline.record(event);
      await pipeline.close();

      const a = await ParticipationSummary.findOne({ seminar: seminarId, user: alice }).lean();
      const b = await ParticipationSummary.findOne({ seminar: seminarId, user: bob }).lean();
      expect(a).to.include({
        joins: 1,
        chatMessages: 1,
        speakingSeconds: 60,
        speakTurns: 2,
        quizAnswers: 1,
        quizCorrect: 1,
      });
      expect(a).to.include({ quizScoreSum: 100, pulses: 1, pulseConfused: 0, handRaises: 1, questionUpvotes: 1 });
      expect(a?.lastActivityAt?.toISOString()).to.equal(at(10).toISOString());
      expect(b).to.include({ joins: 1, pollVotes: 1, quizAnswers: 1, quizCorrect: 0, quizScoreSum: 40 });
      expect(b).to.include({ pulses: 1, pulseConfused: 1, questionsPosted: 1, chatMessages: 0, speakingSeconds: 0 });
      expect(b?.lastActivityAt?.toISOString()).to.equal(at(8).toISOString());
      expect(await ParticipationEventModel.countDocuments({ seminar: seminarId })).to.equal(14);
      expect(flushed.sort()).to.deep.equal([alice, bob].sort());
    });

    it('accumulates across flushes instead of recomputing', async () => {
      const [seminarId, courseId, user] = [id(), id(), id()];
      const pipeline = new ParticipationPipeline(createLogger('silent'), { flushIntervalMs: 10_000, maxBatch: 3 });
      for (let i = 0; i < 7; i++) pipeline.record({ type: 'chat', seminarId, courseId, userId: user, at: at(i) });
      await pipeline.close();
      const summary = await ParticipationSummary.findOne({ seminar: seminarId, user }).lean();
      expect(summary?.chatMessages).to.equal(7);
    });

    it('refuses a malformed event without queueing it', () => {
      const pipeline = new ParticipationPipeline(createLogger('silent'));
      expect(() =>
        pipeline.record({ type: 'chat', seminarId: 'nope', courseId: id(), userId: id(), at: new Date() }),
      ).to.throw();
      expect(() =>
        pipeline.record({ type: 'dance' as never, seminarId: id(), courseId: id(), userId: id(), at: new Date() }),
      ).to.throw();
      expect(pipeline.pending).to.equal(0);
      void pipeline.close();
    });
  });

  it('keeps events while the store is down and writes each exactly once after it returns', async () => {
    const store = await startEmbeddedMongo();
    const port = Number(/:(\d+)\//.exec(store.url)![1]);
    await connectMongo(store.url, createLogger('silent'));
    const pipeline = new ParticipationPipeline(createLogger('silent'), { flushIntervalMs: 10_000 });
    const [seminarId, courseId, user] = [id(), id(), id()];
    try {
      await store.stop();
      for (let i = 0; i < 5; i++) pipeline.record({ type: 'reaction', seminarId, courseId, userId: user, at: at(i) });
      await pipeline.flush();
      expect(pipeline.pending).to.equal(5);

      const restarted = await startEmbeddedMongo(port);
      try {
        let summary = null;
        for (let attempt = 0; attempt < 50 && !summary; attempt++) {
          await pipeline.flush();
          summary = await ParticipationSummary.findOne({ seminar: seminarId, user })
            .lean()
            .catch(() => null);
          if (!summary) await new Promise((r) => setTimeout(r, 200));
        }
        expect(summary?.reactions).to.equal(5);
        expect(await ParticipationEventModel.countDocuments({ seminar: seminarId })).to.equal(5);
        expect(pipeline.pending).to.equal(0);
      } finally {
        await pipeline.close();
        await mongoose.disconnect();
        await restarted.stop();
      }
    } finally {
      await mongoose.disconnect();
    }
  });
});
