import { expect } from 'chai';
import mongoose from 'mongoose';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { LaunchState } from '../../tool/store/index.js';
import { testConfig } from '../support/config.js';

describe('launch housekeeping', function () {
  this.timeout(60_000);
  let server: ToolServer;

  before(async () => {
    const noFiles = '/nonexistent/eduforum-registrations';
    server = await startToolServer(await testConfig({ LTI_REGISTRATIONS_DIR: noFiles }), createLogger('silent'));
  });
  after(async () => {
    await server?.close();
  });

  it('deletes expired login states and old ltijs nonces, which no TTL index removes on the embedded store', async () => {
    const nonces = mongoose.model('nonce');
    const hourAgo = new Date(Date.now() - 3600_000);
    await nonces.create([
      { nonce: 'stale-nonce', createdAt: hourAgo },
      { nonce: 'fresh-nonce', createdAt: new Date() },
    ]);
    await LaunchState.create({
      state: 'stale-state',
      nonce: 'n',
      issuer: 'https://lms.test',
      clientId: 'c',
      loginHint: 'u',
      targetLinkUri: 'https://tool.test/lti/launch',
      expiresAt: hourAgo,
    });
    await server.launch.purgeExpired();
    expect(await nonces.countDocuments({ nonce: 'stale-nonce' })).to.equal(0);
    expect(await nonces.countDocuments({ nonce: 'fresh-nonce' })).to.equal(1);
    expect(await LaunchState.countDocuments({ state: 'stale-state' })).to.equal(0);
  });

  it('lets no platform frame the tool when none is registered', async () => {
    const csp = (await fetch(`${server.url}/health`)).headers.get('content-security-policy') ?? '';
    expect(csp).to.match(/frame-ancestors 'self' 'self'(;|$)/);
  });
});
