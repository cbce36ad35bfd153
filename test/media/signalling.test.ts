import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { io as connect, type Socket } from 'socket.io-client';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { claims } from '../support/tokens.js';
import { testConfig } from '../support/config.js';
import { vp8RtpParameters, waitFor } from '../support/rtp.js';

type Ack = {
  ok: boolean;
  error?: { code: string; message: string; details?: Record<string, unknown> };
  [key: string]: unknown;
};

const SEMINAR = '0000000000000000000005e7';

describe('media signalling over socket.io', function () {
  this.timeout(30_000);
  let server: ToolServer;
  const sockets: Socket[] = [];

  before(async () => {
    server = await startToolServer(
      await testConfig({
        TURN_URLS: 'turn:turn.example.edu:3478?transport=udp',
        TURN_SECRET: 'coturn-shared-secret-0123',
      }),
      createLogger('silent'),
    );
  });
  after(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  async function participant(role: 'instructor' | 'ta' | 'learner' | 'observer', seminar = SEMINAR) {
    const identity = claims({ role, seminar });
    const socket = connect(server.url, { auth: { token: server.tokens.mint(identity) }, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const request = (event: string, data: unknown = {}) => socket.emitWithAck(event, data) as Promise<Ack>;
    const events: { event: string; data: Record<string, unknown> }[] = [];
    socket.onAny((event: string, data: Record<string, unknown>) => events.push({ event, data }));
    return { socket, identity, request, events };
  }

  async function joined(role: 'instructor' | 'learner' | 'observer', seminar = SEMINAR) {
    const p = await participant(role, seminar);
    const caps = await p.request('media:getRouterRtpCapabilities');
    expect(caps.ok).to.equal(true);
    const join = await p.request('media:join', { rtpCapabilities: caps.rtpCapabilities });
    expect(join.ok, JSON.stringify(join)).to.equal(true);
    return { ...p, caps, join };
  }

  it('answers router capabilities with coturn REST credentials for the user', async () => {
    const p = await participant('learner');
    const answer = await p.request('media:getRouterRtpCapabilities');
    expect(answer.ok).to.equal(true);
    expect(answer.roomKey).to.equal(SEMINAR);
    const [ice] = answer.iceServers as { urls: string[]; username: string; credential: string }[];
    expect(ice!.urls).to.deep.equal(['turn:turn.example.edu:3478?transport=udp']);
    const [expiry, userId] = ice!.username.split(':');
    expect(userId).to.equal(p.identity.sub);
    expect(Number(expiry)).to.be.closeTo(Date.now() / 1000 + 3600, 5);
    expect(ice!.credential).to.equal(
      createHmac('sha1', 'coturn-shared-secret-0123').update(ice!.username).digest('base64'),
    );
  });

  it('refuses an invalid payload with VALIDATION_ERROR naming the field', async () => {
    const p = await joined('learner');
    const answer = await p.request('media:createTransport', { direction: 'sideways' });
    expect(answer.ok).to.equal(false);
    expect(answer.error!.code).to.equal('VALIDATION_ERROR');
    expect(answer.error!.details).to.have.property('direction');
  });

  it('refuses requests before media:join with CONFLICT', async () => {
    const p = await participant('learner');
    const answer = await p.request('media:createTransport', { direction: 'recv' });
    expect(answer.error!.code).to.equal('CONFLICT');
  });

  it('announces a new producer and lets a participant consume it paused, then resume it', async () => {
    const viewer = await joined('learner');
    const transport = await viewer.request('media:createTransport', { direction: 'recv' });
    expect(transport.ok).to.equal(true);
    expect((transport.iceCandidates as { ip: string }[])[0]!.ip).to.equal('127.0.0.1');
    const room = await server.media.room(SEMINAR, SEMINAR);
    const { producer } = await room.ingest({
      userId: 'hall-camera',
      source: 'camera',
      kind: 'video',
      rtpParameters: vp8RtpParameters(777),
    });

    const announced = await waitFor(() => viewer.events.find((e) => e.event === 'media:newProducer'), Boolean);
    expect(announced!.data).to.include({
      producerId: producer.id,
      userId: 'hall-camera',
      source: 'camera',
      kind: 'video',
    });

    const consumer = await viewer.request('media:consume', { transportId: transport.id, producerId: producer.id });
    expect(consumer.ok, JSON.stringify(consumer)).to.equal(true);
    const serverConsumer = room.peers.get(viewer.socket.id!)!.consumers.get(consumer.id as string)!;
    expect(serverConsumer.paused).to.equal(true);
    expect((await viewer.request('media:resumeConsumer', { consumerId: consumer.id })).ok).to.equal(true);
    expect(serverConsumer.paused).to.equal(false);

    expect((await viewer.request('media:setAudioOnly', { enabled: true })).ok).to.equal(true);
    expect(serverConsumer.paused).to.equal(true);
    producer.close();
    await waitFor(() => viewer.events.find((e) => e.event === 'media:producerClosed'), Boolean);
  });

  it('lets an instructor mute a participant, and refuses the same to a learner with FORBIDDEN', async () => {
    const instructor = await joined('instructor');
    const learner = await joined('learner');
    const other = await joined('learner');
    const room = await server.media.room(SEMINAR, SEMINAR);
    const mic = await room.ingest({
      userId: learner.identity.sub,
      source: 'mic',
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 4242 }],
      },
    });

    const refused = await other.request('media:muteParticipant', { userId: learner.identity.sub });
    expect(refused.error!.code).to.equal('FORBIDDEN');
    expect((await other.request('media:spotlight', { userId: other.identity.sub })).error!.code).to.equal('FORBIDDEN');
    expect((await other.request('media:startRecording')).error!.code).to.equal('FORBIDDEN');
    expect((await other.request('media:listRecordings')).error!.code).to.equal('FORBIDDEN');
    expect(await instructor.request('media:listRecordings')).to.deep.equal({ ok: true, recordings: [] });
    expect(mic.producer.paused).to.equal(false);

    const muted = await instructor.request('media:muteParticipant', { userId: learner.identity.sub });
    expect(muted).to.deep.include({ ok: true, producers: 1 });
    expect(mic.producer.paused).to.equal(true);
    const told = await waitFor(() => learner.events.find((e) => e.event === 'media:producerPaused'), Boolean);
    expect(told!.data).to.include({ producerId: mic.producer.id, by: 'staff' });

    expect((await instructor.request('media:spotlight', { userId: learner.identity.sub })).ok).to.equal(true);
    await waitFor(() => other.events.find((e) => e.event === 'media:spotlight'), Boolean);
    mic.producer.close();
  });

  it('lets an instructor stop a participant’s screen share (with its audio), refused to learners', async () => {
    const instructor = await joined('instructor');
    const learner = await joined('learner');
    const room = await server.media.room(SEMINAR, SEMINAR);
    const screen = await room.ingest({
      userId: learner.identity.sub,
      source: 'screen',
      kind: 'video',
      rtpParameters: vp8RtpParameters(5151),
    });
    const camera = await room.ingest({
      userId: learner.identity.sub,
      source: 'camera',
      kind: 'video',
      rtpParameters: vp8RtpParameters(5252),
    });

    const refused = await learner.request('media:stopParticipantMedia', {
      userId: learner.identity.sub,
      source: 'screen',
    });
    expect(refused.error!.code).to.equal('FORBIDDEN');
    expect(screen.producer.closed).to.equal(false);

    const stopped = await instructor.request('media:stopParticipantMedia', {
      userId: learner.identity.sub,
      source: 'screen',
    });
    expect(stopped).to.deep.include({ ok: true, producers: 1 });
    expect(screen.producer.closed).to.equal(true);
    expect(camera.producer.closed).to.equal(false);
    await waitFor(
      () =>
        instructor.events.find((e) => e.event === 'media:producerClosed' && e.data.producerId === screen.producer.id),
      Boolean,
    );
    camera.producer.close();
  });

  it('refuses producing to an observer', async () => {
    const observer = await joined('observer');
    const transport = await observer.request('media:createTransport', { direction: 'send' });
    const answer = await observer.request('media:produce', {
      transportId: transport.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8RtpParameters(1),
    });
    expect(answer.error!.code).to.equal('FORBIDDEN');
  });

  it('rate-limits ICE restarts per participant with RATE_LIMITED', async () => {
    const p = await joined('learner');
    const transport = await p.request('media:createTransport', { direction: 'send' });
    for (let i = 0; i < server.media.limits.iceRestartsPerMinute; i++) {
      expect((await p.request('media:restartIce', { transportId: transport.id })).ok).to.equal(true);
    }
    const limited = await p.request('media:restartIce', { transportId: transport.id });
    expect(limited.error!.code).to.equal('RATE_LIMITED');
    expect(limited.error!.message).to.match(/ICE restarts/);
  });

  it('counts invalid requests too and refuses a flood with RATE_LIMITED', async () => {
    const p = await participant('learner');
    const junk = await Promise.all(
      Array.from({ length: server.media.limits.requestsPer10s }, () =>
        p.request('media:requestKeyFrame', { consumerId: 42 }),
      ),
    );
    expect(junk.every((a) => a.error?.code === 'VALIDATION_ERROR')).to.equal(true);
    const limited = await p.request('media:getRouterRtpCapabilities');
    expect(limited.error!.code).to.equal('RATE_LIMITED');
  });

  it('moves a participant to a breakout router and back, resetting its client each time', async () => {
    const seminar = '0000000000000000000005e8';
    const p = await joined('learner', seminar);
    const mainRoom = await server.media.room(seminar, seminar);
    const breakoutKey = `${seminar}:breakout:b1`;

    expect(await server.media.movePeer(p.identity.sub, seminar, breakoutKey)).to.equal(1);
    const reset = await waitFor(() => p.events.find((e) => e.event === 'media:reset'), Boolean);
    expect(reset!.data).to.include({ reason: 'moved', roomKey: breakoutKey });
    expect(mainRoom.peers.has(p.socket.id!)).to.equal(false);
    const caps = await p.request('media:getRouterRtpCapabilities');
    expect(caps.roomKey).to.equal(breakoutKey);
    expect((await p.request('media:join', { rtpCapabilities: caps.rtpCapabilities })).roomKey).to.equal(breakoutKey);
    const breakout = await server.media.room(breakoutKey, seminar);
    expect(breakout.router.id).to.not.equal(mainRoom.router.id);

    await server.media.movePeer(p.identity.sub, seminar, seminar);
    expect((await p.request('media:getRouterRtpCapabilities')).roomKey).to.equal(seminar);
    expect(breakout.isClosed).to.equal(true);
  });

  it('refuses a move to a room key of another seminar', async () => {
    const err = await server.media.movePeer('u', SEMINAR, 'other-seminar:breakout:x').catch((e: unknown) => e);
    expect(err).to.include({ code: 'VALIDATION_ERROR' });
  });
});
