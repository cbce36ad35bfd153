import { expect } from 'chai';
import { useToolServer } from '../../support/tool-server.js';
import { io as connect, type Socket } from 'socket.io-client';
import { tokenFor } from '../../support/tokens.js';

function connectError(socket: Socket): Promise<Error & { data?: { code: string; reason: string } }> {
  return new Promise((resolve) => socket.once('connect_error', resolve));
}

describe('socket authentication', function () {
  this.timeout(30_000);
  const tool = useToolServer();

  it('accepts a valid session token in auth.token', async () => {
    const socket = connect(tool.server.url, { auth: { token: tokenFor(tool.server) }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(socket.connected).to.equal(true);
    socket.disconnect();
  });

  it('refuses a missing or forged token with UNAUTHORIZED', async () => {
    const missing = connect(tool.server.url, { transports: ['websocket'], reconnection: false });
    expect((await connectError(missing)).data?.code).to.equal('UNAUTHORIZED');
    missing.disconnect();
    const forged = connect(tool.server.url, {
      auth: { token: 'x.y.z' },
      transports: ['websocket'],
      reconnection: false,
    });
    const err = await connectError(forged);
    expect(err.data).to.deep.equal({ code: 'UNAUTHORIZED', reason: 'invalid' });
    forged.disconnect();
  });
});
