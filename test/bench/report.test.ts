import { expect } from 'chai';
import { percentile } from '../../bench/support/report.js';

describe('bench: percentile', () => {
  it('takes the nearest rank of ascending samples and has no value without samples', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).to.equal(50);
    expect(percentile(hundred, 95)).to.equal(95);
    expect(percentile(hundred, 99)).to.equal(99);
    expect(percentile([7], 95)).to.equal(7);
    expect(Number.isNaN(percentile([], 50))).to.equal(true);
  });
});
