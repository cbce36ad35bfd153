import { expect } from 'chai';
import { Redis } from 'ioredis';
import mongoose, { Types } from 'mongoose';
import { allocateJoinCode, randomJoinCode, releaseJoinCode, resolveJoinCode } from '../../../tool/live/join-code.js';
import { sharedServices } from '../../support/services.js';

describe('join codes', () => {
  let redis: Redis;
  before(async () => {
    const { mongoUrl, redisUrl } = await sharedServices();
    await mongoose.connect(mongoUrl);
    redis = new Redis(redisUrl);
  });
  after(async () => {
    redis.disconnect();
    await mongoose.disconnect();
  });

  it('are six digits, leading zeros included', () => {
    for (let i = 0; i < 200; i++) expect(randomJoinCode()).to.match(/^\d{6}$/);
  });

  it('are unique among live seminars and free again after release', async () => {
    const ids = Array.from({ length: 200 }, () => new Types.ObjectId().toHexString());
    const codes = [];
    for (const id of ids) codes.push(await allocateJoinCode(redis, id));
    expect(new Set(codes).size).to.equal(ids.length);
    const code = codes[0]!;
    expect(await resolveJoinCode(redis, code)).to.equal(ids[0]);
    await releaseJoinCode(redis, code, ids[1]!);
    expect(await resolveJoinCode(redis, code)).to.equal(ids[0]);
    await releaseJoinCode(redis, code, ids[0]!);
    expect(await resolveJoinCode(redis, code)).to.equal(null);
    for (const [i, c] of codes.entries()) await releaseJoinCode(redis, c, ids[i]!);
  });
});
