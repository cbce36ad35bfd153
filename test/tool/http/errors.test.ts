import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { createLogger } from '../../../tool/logger.js';
import { AppError, createHttpApp, Metrics, parseOrThrow } from '../../../tool/http/index.js';

function appWithRoutes() {
  const router = express.Router();
  const body = z.object({ title: z.string().min(1), duration: z.number().int().positive() });
  router.post('/echo', (req, res) => {
    res.status(201).json(parseOrThrow(body, req.body));
  });
  router.get('/boom', () => {
    throw new Error('secret internal detail');
  });
  router.get('/forbidden', () => {
    throw new AppError('FORBIDDEN', 'Instructors only');
  });
  return createHttpApp({
    logger: createLogger('silent'),
    metrics: new Metrics(),
    trustProxy: false,
    lmsOrigins: () => ['https://canvas.example.edu'],
    health: { mongo: async () => true, redis: async () => true, mediasoup: () => ({ workers: 1, expected: 1 }) },
    routers: [{ path: '/t', router }],
  });
}

function expectEnvelope(res: request.Response, status: number, code: string) {
  expect(res.status).to.equal(status);
  expect(res.headers['content-type']).to.match(/application\/json/);
  expect(res.body.error.code).to.equal(code);
  expect(res.body.error.message).to.be.a('string').with.length.greaterThan(0);
  expect(res.body.error.details).to.be.an('object');
  expect(new Date(res.body.error.timestamp).toISOString()).to.equal(res.body.error.timestamp);
  expect(res.body.error.request_id).to.equal(res.headers['x-request-id']);
}

describe('error envelope', () => {
  const app = appWithRoutes();

  it('answers an unknown route with NOT_FOUND', async () => {
    expectEnvelope(await request(app).get('/nowhere'), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON with VALIDATION_ERROR', async () => {
    const res = await request(app).post('/t/echo').set('content-type', 'application/json').send('{"title": ');
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
  });

  it('answers an oversized body with PAYLOAD_TOO_LARGE', async () => {
    const res = await request(app)
      .post('/t/echo')
      .send({ title: 'x'.repeat(300 * 1024), duration: 1 });
    expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a zod failure with field-keyed details', async () => {
    const res = await request(app).post('/t/echo').send({ title: '', duration: -1 });
    expectEnvelope(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.details).to.have.keys(['title', 'duration']);
    expect(res.body.error.details.title[0]).to.be.a('string');
  });

  it('passes valid input through', async () => {
    const res = await request(app).post('/t/echo').send({ title: 'Week 3', duration: 60 });
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.equal({ title: 'Week 3', duration: 60 });
  });

  it('keeps an AppError code and status', async () => {
    expectEnvelope(await request(app).get('/t/forbidden'), 403, 'FORBIDDEN');
  });

  it('hides internal errors behind INTERNAL', async () => {
    const res = await request(app).get('/t/boom');
    expectEnvelope(res, 500, 'INTERNAL');
    expect(JSON.stringify(res.body)).not.to.include('secret internal detail');
  });

  it('keeps a sane incoming request id and replaces an unsafe one', async () => {
    const kept = await request(app).get('/nowhere').set('x-request-id', 'lb-1234567890');
    expect(kept.body.error.request_id).to.equal('lb-1234567890');
    const replaced = await request(app).get('/nowhere').set('x-request-id', '<script>');
    expect(replaced.body.error.request_id).to.match(/^req_[0-9a-f]{32}$/);
  });

  it('allows framing only by the registered LMS origins', async () => {
    const res = await request(app).get('/health');
    expect(res.headers['x-frame-options']).to.equal(undefined);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).to.match(/frame-ancestors 'self' https:\/\/canvas\.example\.edu/);
    expect(csp).to.match(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  });
});
