import { expect } from 'chai';
import { bucketDelta, histogramQuantile, readBuckets } from '../../bench/support/prom-histogram.js';

const scrape = (fast: number, slow: number, other: number) => `
# TYPE eduforum_live_event_duration_seconds histogram
eduforum_live_event_duration_seconds_bucket{le="0.01",event="poll_vote",outcome="ok"} ${fast}
eduforum_live_event_duration_seconds_bucket{le="0.1",event="poll_vote",outcome="ok"} ${fast + slow}
eduforum_live_event_duration_seconds_bucket{le="+Inf",event="poll_vote",outcome="ok"} ${fast + slow}
eduforum_live_event_duration_seconds_bucket{le="0.01",event="chat_message",outcome="ok"} ${other}
eduforum_live_event_duration_seconds_bucket{le="0.1",event="chat_message",outcome="ok"} ${other}
eduforum_live_event_duration_seconds_bucket{le="+Inf",event="chat_message",outcome="ok"} ${other}
`;

describe('bench: Prometheus histogram quantiles', () => {
  it('reads one event’s buckets and interpolates quantiles of the difference between two scrapes', () => {
    const name = 'eduforum_live_event_duration_seconds';
    const before = readBuckets(scrape(10, 0, 7), name, { event: 'poll_vote', outcome: 'ok' });
    const after = readBuckets(scrape(100, 10, 500), name, { event: 'poll_vote', outcome: 'ok' });
    const delta = bucketDelta(before, after);
    expect(delta).to.deep.equal([
      { le: 0.01, count: 90 },
      { le: 0.1, count: 100 },
      { le: Infinity, count: 100 },
    ]);
    expect(histogramQuantile(delta, 0.5)).to.be.closeTo(0.00556, 1e-5);
    expect(histogramQuantile(delta, 0.95)).to.be.closeTo(0.055, 1e-9);
    expect(Number.isNaN(histogramQuantile([{ le: Infinity, count: 0 }], 0.5))).to.equal(true);
  });
});
