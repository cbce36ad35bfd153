import { expect } from 'chai';
import request from 'supertest';
import { useToolServer } from '../support/tool-server.js';
import { ChatMessage } from '../../tool/store/index.js';
import { claims } from '../support/tokens.js';
import { ack, closeAll, join, person, seedSeminar } from '../tool/live/helpers.js';

describe('security: rate limits', function () {
  this.timeout(30_000);
  const tool = useToolServer();

  it('stops a user guessing join codes after 10 attempts a minute with 429 RATE_LIMITED', async () => {
    const where = await seedSeminar();
    const guesser = tool.mint(claims({ course: where.courseId, seminar: where.seminarId }));
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const res = await request(tool.url)
        .post('/api/v1/sessions/join-code')
        .set('Authorization', `Bearer ${guesser}`)
        .send({ code: String(100000 + i) });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).to.equal('RATE_LIMITED');
        expect(res.body.error.details.retry_after_ms).to.be.a('number');
      }
    }
    expect(statuses).to.deep.equal([...Array(10).fill(404), 429, 429]);
    const other = tool.mint(claims({ course: where.courseId, seminar: where.seminarId }));
    const fresh = await request(tool.url)
      .post('/api/v1/sessions/join-code')
      .set('Authorization', `Bearer ${other}`)
      .send({ code: '123456' });
    expect(fresh.status).to.equal(404);
  });

  it('refuses a chat flood with RATE_LIMITED, also across two sockets of one user, and stores only the budget', async () => {
    const where = await seedSeminar();
    const first = await person(tool.url, tool.mint, where);
    const second = await person(tool.url, tool.mint, where, { sub: first.claims.sub, name: first.claims.name });
    await join(first);
    await join(second);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ack(i % 2 ? first.socket : second.socket, 'chat_message', { message: `spam ${i}` }),
      ),
    );
    expect(answers.filter((a) => a.ok)).to.have.length(8);
    expect(answers.filter((a) => a.error?.code === 'RATE_LIMITED')).to.have.length(12);
    expect(await ChatMessage.countDocuments({ seminar: where.seminarId })).to.equal(8);
    closeAll(first, second);
  });
});
