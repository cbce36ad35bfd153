import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { startEmbeddedMongo, type EmbeddedService } from '../../tool/store/index.js';
import { freePort } from '../../tool/store/free-port.js';
import { testConfig } from '../support/config.js';
import { claims } from '../support/tokens.js';
import { seedSeminar } from '../tool/live/helpers.js';

describe('fault: the Mongo-wire store restarted under a running tool', function () {
  this.timeout(60_000);
  let port: number;
  let mongo: EmbeddedService;
  let server: ToolServer;

  before(async () => {
    port = await freePort();
    mongo = await startEmbeddedMongo(port);
    server = await startToolServer(await testConfig({ MONGO_URL: mongo.url }), createLogger('silent'));
  });
  after(async () => {
    await server?.close();
    await mongo?.stop();
  });

  it('answers REST calls with the error envelope while the store is down, then serves them again', async () => {
    const where = await seedSeminar();
    const token = server.tokens.mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId }));
    const list = () =>
      request(server.url).get(`/api/v1/courses/${where.courseId}/sessions`).set('Authorization', `Bearer ${token}`);
    expect((await list()).status).to.equal(200);

    await mongo.stop();
    const started = Date.now();
    const down = await list();
    const took = Date.now() - started;
    expect(down.status, JSON.stringify(down.body)).to.equal(503);
    expect(down.body.error.code).to.equal('SERVICE_UNAVAILABLE');
    expect(down.body.error).to.include.keys('code', 'message', 'request_id', 'timestamp');
    expect(took).to.be.below(15_000);
    const health = await request(server.url).get('/health');
    expect(health.status).to.equal(503);
    expect(health.body.mongo).to.equal('down');

    mongo = await startEmbeddedMongo(port);
    const deadline = Date.now() + 20_000;
    let back = await list();
    while (back.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      back = await list();
    }
    expect(back.status).to.equal(200);
    expect((await request(server.url).get('/health')).body.mongo).to.equal('up');
  });
});
