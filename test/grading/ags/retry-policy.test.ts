import { expect } from 'chai';
import { classifyFailure, retryAfterMs, retryDelayMs } from '../../../grading/index.js';

describe('AGS retry policy', () => {
  it('retries 429, 5xx, timeouts and network failures', () => {
    for (const status of [undefined, 408, 429, 500, 502, 503, 504]) expect(classifyFailure(status)).to.equal('retry');
  });
  it('re-authenticates on 401 and gives up on other client errors', () => {
    expect(classifyFailure(401)).to.equal('reauthenticate');
    for (const status of [400, 403, 404, 422]) expect(classifyFailure(status)).to.equal('give_up');
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-09-01T09:00:00Z');
    expect(retryAfterMs('3', now)).to.equal(3000);
    expect(retryAfterMs('Tue, 01 Sep 2026 09:00:10 GMT', now)).to.equal(10_000);
    expect(retryAfterMs('soon', now)).to.equal(undefined);
    expect(retryAfterMs(null, now)).to.equal(undefined);
  });
  it('backs off exponentially up to the cap but never sooner than Retry-After', () => {
    const opts = { baseMs: 1000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, opts))).to.deep.equal([1000, 2000, 4000, 8000, 30_000]);
    expect(retryDelayMs(1, { ...opts, retryAfterMs: 5000 })).to.equal(5000);
    expect(retryDelayMs(1, { ...opts, retryAfterMs: 60_000 })).to.equal(60_000);
  });
});
