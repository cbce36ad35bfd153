import { spawn } from 'node:child_process';
import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { startEmbeddedRedis } from '../../tool/store/index.js';
import { testConfig } from '../support/config.js';

describe('tool server', function () {
  this.timeout(60_000);
  let server: ToolServer;

  before(async () => {
    server = await startToolServer(await testConfig(), createLogger('silent'));
  });
  after(async () => {
    await server?.close();
  });

  it('reports mongo, redis and mediasoup up on /health', async () => {
    const res = await request(server.url).get('/health');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ status: 'ok', mongo: 'up', redis: 'up' });
    expect(res.body.mediasoup).to.include({ workers: 1 }).and.to.have.property('openssl').that.is.a('string');
  });

  it('creates a mediasoup router on a live worker', async () => {
    const { router } = await server.pool.createRouter({ room: 'health-check' });
    expect(router.rtpCapabilities.codecs?.map((c) => c.mimeType)).to.include.members(['audio/opus', 'video/VP8']);
    router.close();
  });

  it('refuses /api/v1 without a bearer session token', async () => {
    const res = await request(server.url).get('/api/v1/courses/000000000000000000000001/sessions');
    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('UNAUTHORIZED');
  });

  it('serves Prometheus metrics including the HTTP latency histogram', async () => {
    await request(server.url).get('/health');
    const res = await request(server.url).get('/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/text\/plain/);
    expect(res.text).to.match(/eduforum_http_request_duration_seconds_bucket\{.*route="\/health"/);
    expect(res.text).to.match(/^eduforum_sockets 0$/m);
  });
});

describe('health when a part is down', function () {
  this.timeout(60_000);

  it('answers 503 naming redis, with the error envelope, while Redis is stopped', async () => {
    const redis = await startEmbeddedRedis();
    const server = await startToolServer(await testConfig({ REDIS_URL: redis.url }), createLogger('silent'));
    try {
      await redis.stop();
      let res: request.Response | undefined;
      for (let i = 0; i < 40; i++) {
        res = await request(server.url).get('/health');
        if (res.status === 503) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(res!.status).to.equal(503);
      expect(res!.body.redis).to.equal('down');
      expect(res!.body.mongo).to.equal('up');
      expect(res!.body.error.code).to.equal('SERVICE_UNAVAILABLE');
      expect(res!.body.error.message).to.include('redis');
    } finally {
      await server.close();
    }
  });
});

describe('process lifecycle', function () {
  this.timeout(90_000);

  it('starts on embedded defaults, serves /health, and stops everything on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tool/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        MEDIASOUP_NUM_WORKERS: '1',
        MONGO_URL: '',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /EduForum Live is running: (http:\/\/\S+?)\/\n/.exec(out);
        if (match) {
          clearInterval(timer);
          resolve(match[1]!);
        }
        if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`exited early: ${out}`));
        }
      }, 50);
    });
    const health = await request(url).get('/health');
    expect(health.status).to.equal(200);
    const redisPid = Number(/"pid":(\d+),"msg":"private redis-server started"/.exec(out)?.[1]);
    expect(redisPid).to.be.greaterThan(0);

    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(out).to.include('EduForum Live stopped');
    expect(() => process.kill(redisPid, 0)).to.throw();
  });

  it('refuses to start with invalid configuration and lists the bad variables', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tool/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', LOG_LEVEL: 'noisy' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).to.equal(1);
    expect(err).to.match(/Invalid configuration:\n {2}- PORT: .*\n {2}- LOG_LEVEL: /);
  });
});
