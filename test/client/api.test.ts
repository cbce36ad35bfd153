import { expect } from 'chai';
import type { Socket as ServerSocket } from 'socket.io';
import {
  ApiError,
  createApi,
  errorMessageKey,
  isRoleLost,
  RoomSocket,
  toApiError,
  type SocketStatus,
} from '../../client/src/api/index.js';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { testConfig } from '../support/config.js';
import { claims, tokenFor } from '../support/tokens.js';

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('client API against the tool server', function () {
  this.timeout(30_000);
  let server: ToolServer;
  const joins: Array<{ socketId: string; payload: unknown }> = [];
  const serverSockets: ServerSocket[] = [];

  before(async () => {
    server = await startToolServer(await testConfig(), createLogger('silent'));
    // Observes what the client sends; it does not answer, so no live-room behaviour is faked.
    server.io.on('connection', (socket) => {
      serverSockets.push(socket);
      socket.on('join_session', (payload: unknown) => joins.push({ socketId: socket.id, payload }));
    });
  });
  after(() => server?.close());

  it('refreshing the token of a user without an enrolment in the course reports a lost role', async () => {
    const err = await createApi(tokenFor(server), 'seminar-x', server.url)
      .refreshToken()
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApiError);
    expect(isRoleLost(err)).to.equal(true);
    expect(isRoleLost(new ApiError('UNAUTHORIZED', 'expired', 401, { reason: 'expired' }))).to.equal(false);
  });

  it('names the seminar in the connection URL and sends join_session on connect and after a drop', async () => {
    const statuses: SocketStatus[] = [];
    const join = { display_name: 'Kim', device_info: { browser: 'Chrome 156', os: 'Linux' } };
    const socket = new RoomSocket({
      url: server.url,
      token: tokenFor(server),
      seminar: 'seminar-42',
      join,
      transports: ['websocket'],
      onEvent: () => undefined,
      onStatus: (s) => statuses.push(s),
    });
    try {
      await until(() => joins.length === 1, 'first join_session');
      expect(joins[0]!.payload).to.deep.equal(join);
      // What a load balancer pins the seminar by (docs/operations.md, `hash $arg_seminar`).
      expect(serverSockets.at(-1)!.handshake.query.seminar).to.equal('seminar-42');
      serverSockets.at(-1)!.conn.close();
      await until(() => joins.length === 2, 'join_session after reconnect');
      expect(joins[1]!.payload).to.deep.equal(join);
      expect(joins[1]!.socketId).to.not.equal(joins[0]!.socketId);
      expect(statuses).to.include('reconnecting');
    } finally {
      socket.close();
    }
  });

  it('reports unauthorized and stops retrying when the token is refused', async () => {
    const statuses: SocketStatus[] = [];
    const socket = new RoomSocket({
      url: server.url,
      token: 'x.y.z',
      seminar: 'seminar-42',
      join: { display_name: 'X', device_info: { browser: 'b', os: 'o' } },
      transports: ['websocket'],
      onEvent: () => undefined,
      onStatus: (s) => statuses.push(s),
    });
    await until(() => statuses.includes('unauthorized'), 'unauthorized status');
    expect(socket.connected).to.equal(false);
    socket.close();
  });

  it('turns an unanswered ack into a TIMEOUT error ack', async () => {
    const socket = new RoomSocket({
      url: server.url,
      token: tokenFor(server),
      seminar: 'seminar-42',
      join: { display_name: 'Kim', device_info: { browser: 'b', os: 'o' } },
      transports: ['websocket'],
      ackTimeoutMs: 200,
      onEvent: () => undefined,
      onStatus: () => undefined,
    });
    try {
      // No server handler answers an event it does not know, so the ack can only time out.
      const ack = await socket.emit('not_an_event' as never, {} as never);
      expect(ack).to.deep.include({ ok: false });
      expect(ack.ok === false && ack.error.code).to.equal('TIMEOUT');
    } finally {
      socket.close();
    }
  });

  it('sends the bearer token and turns the error envelope into an ApiError', async () => {
    const learner = claims();
    const api = createApi(server.tokens.mint(learner), learner.seminar, server.url);
    const err = await api.pollResults('000000000000000000000001').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApiError);
    expect((err as ApiError).code).to.equal('NOT_FOUND');
    expect((err as ApiError).requestId).to.match(/^req_/);
    expect(errorMessageKey(err)).to.equal('errors.NOT_FOUND');

    const refused = createApi('forged', learner.seminar, server.url);
    const unauthorized = (await refused.endSession().catch((e: unknown) => e)) as ApiError;
    expect(unauthorized.code).to.equal('UNAUTHORIZED');
    expect(unauthorized.status).to.equal(401);
  });

  it('maps bodies without an envelope and unknown codes to messages people can read', () => {
    expect(toApiError(403, '<html>').code).to.equal('FORBIDDEN');
    expect(toApiError(502, undefined).code).to.equal('INTERNAL');
    expect(errorMessageKey(new ApiError('SOMETHING_NEW', 'x', 418))).to.equal('errors.INTERNAL');
    expect(errorMessageKey(new TypeError('fetch failed'))).to.equal('errors.NETWORK');
  });
});
