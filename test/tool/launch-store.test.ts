import { expect } from 'chai';
import mongoose from 'mongoose';
import { launchStore } from '../../tool/launch-store.js';
import { LaunchState } from '../../tool/store/index.js';
import { sharedServices } from '../support/services.js';

describe('launch store on the embedded Mongo-wire store', function () {
  this.timeout(30_000);

  before(async () => {
    await mongoose.connect((await sharedServices()).mongoUrl, { serverMonitoringMode: 'poll' });
  });
  after(async () => {
    await mongoose.disconnect();
  });

  const record = (state: string, expiresAt: Date) => ({
    state,
    nonce: `nonce-${state}`,
    issuer: 'https://lms.test',
    clientId: 'c1',
    loginHint: 'u1',
    targetLinkUri: 'https://tool.test/lti/launch',
    expiresAt,
  });

  it('hands a state out once', async () => {
    await launchStore.saveState(record('once', new Date(Date.now() + 60_000)));
    expect(await launchStore.consumeState('once', new Date())).to.include({ state: 'once', nonce: 'nonce-once' });
    expect(await launchStore.consumeState('once', new Date())).to.equal(null);
  });

  it('refuses an expired state although no TTL index removed it', async () => {
    await launchStore.saveState(record('late', new Date(Date.now() - 1000)));
    expect(await launchStore.consumeState('late', new Date())).to.equal(null);
  });

  it('purges expired states and keeps live ones', async () => {
    await launchStore.saveState(record('old', new Date(Date.now() - 1000)));
    await launchStore.saveState(record('live', new Date(Date.now() + 60_000)));
    expect(await launchStore.purgeExpiredStates(new Date())).to.be.greaterThan(0);
    expect(await LaunchState.countDocuments({ state: 'old' })).to.equal(0);
    expect(await LaunchState.countDocuments({ state: 'live' })).to.equal(1);
  });
});
