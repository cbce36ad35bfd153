import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import {
  CheckpointOfferStore,
  generatedQuizSchema,
  KEPT_OPEN_OFFERS,
  OPEN_OFFERS_TTL_SECONDS,
  type CheckpointOffer,
} from '../../../tool/ai/index.js';
import { createLogger } from '../../../tool/logger.js';
import { FAKE_QUIZ } from '../../support/fake-openai.js';
import { sharedServices } from '../../support/services.js';

const key = (seminarId: string) => `ai:checkpoint-offers:${seminarId}`;

function offer(phrase: string, quiz: CheckpointOffer['quiz'] = null): CheckpointOffer {
  return {
    id: randomUUID(),
    phrase,
    at: new Date().toISOString(),
    excerpt: `… ${phrase}?`,
    quiz,
    error: quiz ? null : { reason: 'timeout', message: 'The AI provider did not answer in time' },
  };
}

describe('checkpoint offer store (open offers replayed to staff who reconnect)', () => {
  let redis: Redis;
  let store: CheckpointOfferStore;
  let seminar: string;
  before(async () => {
    redis = new Redis((await sharedServices()).redisUrl);
    store = new CheckpointOfferStore(redis, createLogger('silent'));
  });
  beforeEach(() => {
    seminar = new Types.ObjectId().toHexString();
  });
  after(() => redis.disconnect());

  it('keeps the newest three per seminar, newest first, and expires them after a few hours', async () => {
    const quiz = generatedQuizSchema.parse(FAKE_QUIZ);
    const offers = [offer('one', quiz), offer('two'), offer('three'), offer('four', quiz)];
    for (const o of offers) await store.add(seminar, o);
    await store.add(new Types.ObjectId().toHexString(), offer('elsewhere'));

    expect(await store.open(seminar)).to.deep.equal(offers.slice(-KEPT_OPEN_OFFERS).reverse());
    const ttl = await redis.ttl(key(seminar));
    expect(ttl)
      .to.be.greaterThan(OPEN_OFFERS_TTL_SECONDS - 10)
      .and.at.most(OPEN_OFFERS_TTL_SECONDS);
    expect(await store.open(new Types.ObjectId().toHexString())).to.deep.equal([]);
  });

  it('dismisses an open offer once and says whether it was there', async () => {
    const [a, b] = [offer('a'), offer('b')];
    await store.add(seminar, a);
    await store.add(seminar, b);
    expect(await store.dismiss(seminar, a.id)).to.equal(true);
    expect(await store.dismiss(seminar, a.id)).to.equal(false);
    expect(await store.dismiss(seminar, randomUUID())).to.equal(false);
    expect(await store.open(seminar)).to.deep.equal([b]);
  });

  it('skips stored entries that are not valid offers instead of failing', async () => {
    const good = offer('good');
    await store.add(seminar, good);
    await redis.lpush(key(seminar), '{not json', JSON.stringify({ ...offer('bad'), id: 'not-a-uuid' }), '42');
    expect(await store.open(seminar)).to.deep.equal([good]);
    expect(await store.dismiss(seminar, good.id)).to.equal(true);
  });
});
