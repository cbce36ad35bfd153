import { expect } from 'chai';
import mongoose from 'mongoose';
import { SessionTokens, type SessionClaims } from '../../launch/index.js';
import { startEmbeddedRedis } from '../../tool/store/index.js';
import type { EmbeddedRedis } from '../../tool/store/embedded-redis.js';
import { sharedServices } from '../support/services.js';
import { startToolProcess, type ToolProcess } from '../support/tool-process.js';
import { ack, closeAll, join, next, person, seedSeminar } from '../tool/live/helpers.js';

const SECRET = 'redis-fault-session-secret-long-enough-0123456789';

describe('fault: Redis killed and restarted under a live session on two tool processes', function () {
  this.timeout(60_000);
  let redis: EmbeddedRedis;
  let a: ToolProcess;
  let b: ToolProcess;
  const tokens = new SessionTokens(SECRET, 3600);
  const mint = (c: SessionClaims) => tokens.mint(c);

  before(async () => {
    const { mongoUrl } = await sharedServices();
    await mongoose.connect(mongoUrl);
    redis = await startEmbeddedRedis();
    const env = { MONGO_URL: mongoUrl, REDIS_URL: redis.url, SESSION_SECRET: SECRET };
    [a, b] = await Promise.all([startToolProcess(env), startToolProcess(env)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await mongoose.disconnect();
  });

  it('delivers chat sent while Redis is down once it is back, and polls work across processes again', async () => {
    const where = await seedSeminar();
    const teacher = await person(a.url, mint, where, { role: 'instructor' });
    const learner = await person(b.url, mint, where);
    await join(teacher);
    await join(learner);
    const before = next<{ message: string }>(teacher.socket, 'chat_message');
    await ack(learner.socket, 'chat_message', { message: 'before the outage' });
    expect((await before).message).to.equal('before the outage');

    process.kill(redis.pid, 'SIGKILL');
    await redis.stop();
    const during = next<{ message: string }>(teacher.socket, 'chat_message', () => true, 20_000);
    const sentDuring = ack(learner.socket, 'chat_message', { message: 'during the outage' });
    await new Promise((r) => setTimeout(r, 1_000));
    redis = await startEmbeddedRedis({ port: redis.port });

    expect((await sentDuring).ok).to.equal(true);
    expect((await during).message).to.equal('during the outage');

    const after = next<{ message: string }>(learner.socket, 'chat_message');
    expect((await ack(teacher.socket, 'chat_message', { message: 'after the outage' })).ok).to.equal(true);
    expect((await after).message).to.equal('after the outage');

    const announced = next<{ poll: { id: string } }>(learner.socket, 'poll_created');
    const created = await ack(teacher.socket, 'poll_create', { question: 'Back?', options: ['yes', 'no'] });
    const pollId = (created.poll as { id: string }).id;
    expect((await announced).poll.id).to.equal(pollId);
    const counted = next<{ total_responses: number }>(teacher.socket, 'poll_response_update');
    expect((await ack(learner.socket, 'poll_vote', { poll_id: pollId, option_ids: ['opt_1'] })).ok).to.equal(true);
    expect((await counted).total_responses).to.equal(1);

    const pulse = next<{ total: number }>(teacher.socket, 'pulse_update', (g) => g.total === 1, 10_000);
    expect((await ack(learner.socket, 'pulse', { state: 'CONFUSED' })).ok).to.equal(true);
    expect((await pulse).total).to.equal(1);
    closeAll(teacher, learner);
  });
});
