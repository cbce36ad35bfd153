import { expect } from 'chai';
import {
  DEFAULT_PEER_LIMITS,
  emptyRateHistory,
  enforceCount,
  enforceRate,
  takeFromWindow,
} from '../../media/limits.js';

describe('media limits', () => {
  it('allows up to max events in a sliding window and frees slots as they age out', () => {
    const history: number[] = [];
    expect([0, 10, 20].map((t) => takeFromWindow(history, t, 100, 2))).to.deep.equal([true, true, false]);
    expect(takeFromWindow(history, 100, 100, 2)).to.equal(true);
    expect(takeFromWindow(history, 105, 100, 2)).to.equal(false);
  });

  it('throws RATE_LIMITED naming the rule once ICE restarts exceed the per-minute limit', () => {
    const history = emptyRateHistory();
    for (let i = 0; i < DEFAULT_PEER_LIMITS.iceRestartsPerMinute; i++)
      enforceRate(history, 'iceRestart', DEFAULT_PEER_LIMITS, 1000 + i);
    expect(() => enforceRate(history, 'iceRestart', DEFAULT_PEER_LIMITS, 2000))
      .to.throw(/ICE restarts per minute/)
      .with.property('code', 'RATE_LIMITED');
    expect(() => enforceRate(history, 'iceRestart', DEFAULT_PEER_LIMITS, 62_000)).not.to.throw();
  });

  it('refuses holding more than the maximum count', () => {
    expect(() => enforceCount('producers', 3, 4)).not.to.throw();
    expect(() => enforceCount('producers', 4, 4))
      .to.throw(/Too many producers/)
      .with.property('code', 'RATE_LIMITED');
  });
});
