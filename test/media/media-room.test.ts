import { expect } from 'chai';
import type { types } from 'mediasoup';
import type { MediaRoom, PeerSink } from '../../media/media-room.js';
import { DEFAULT_PEER_LIMITS } from '../../media/limits.js';
import { WorkerPool } from '../../media/worker-pool.js';
import { createLogger } from '../../tool/logger.js';
import { createLocalMediaRoom, ingestVp8Camera } from '../support/media-room.js';
import { sendVp8, udpCounter, VP8_PAYLOAD_TYPE, waitFor } from '../support/rtp.js';

const logger = createLogger('silent');

function recordingSink(id: string, userId: string) {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const sink: PeerSink = { id, userId, notify: (event, data) => events.push({ event, data }) };
  return { sink, events };
}

describe('MediaRoom', function () {
  this.timeout(30_000);
  let pool: WorkerPool;
  let room: MediaRoom;

  beforeEach(async () => {
    pool = new WorkerPool(
      { numWorkers: 1, rtcMinPort: 42000, rtcMaxPort: 42999, logLevel: 'none', restartDelayMs: 100 },
      logger,
    );
    await pool.start();
    room = await createLocalMediaRoom(pool, 'seminar-a', logger);
  });
  afterEach(async () => {
    room.close();
    await pool.close();
  });

  it('fans an ingested VP8 stream out to every tap and counts each packet in the consumer stats', async () => {
    const ssrc = 0x1234;
    const { producer, ip, port } = await ingestVp8Camera(room, 'u1', ssrc);
    const receivers = await Promise.all(Array.from({ length: 5 }, () => udpCounter()));
    const taps = await Promise.all(
      receivers.map((r) => room.tap(producer.id, { ip: '127.0.0.1', port: r.port, rtcpPort: r.port + 1 })),
    );
    await Promise.all(taps.map((t) => t.consumer.resume()));

    await sendVp8({ ip, port, ssrc, payloadType: VP8_PAYLOAD_TYPE, packets: 300, bitrateBps: 2_000_000 });

    const sentSsrcs = taps.map((t) => t.consumer.rtpParameters.encodings![0]!.ssrc!);
    await waitFor(
      () => receivers.map((r, i) => r.count(sentSsrcs[i]!)),
      (counts) => counts.every((c) => c === 300),
    );
    const producerStats = await producer.getStats();
    expect(producerStats[0]!.packetCount).to.equal(300);
    for (const tap of taps) {
      const stats = (await tap.consumer.getStats()).find((s) => s.type === 'outbound-rtp') as types.ConsumerStat;
      expect(stats.packetCount).to.equal(300);
      expect(stats.packetsLost).to.equal(0);
    }
    receivers.forEach((r) => r.close());
  });

  it('announces the configured public address in ICE candidates while listening on the local one', async () => {
    const announced = await createLocalMediaRoom(pool, 'seminar-nat', logger, { announcedIp: '203.0.113.7' });
    announced.join(recordingSink('s1', 'u1').sink, announced.router.rtpCapabilities);
    const transport = await announced.createTransport('s1', 'recv');
    expect(transport.iceCandidates.map((c) => c.ip)).to.deep.equal(['203.0.113.7', '203.0.113.7']);
    expect(transport.iceCandidates.map((c) => c.protocol).sort()).to.deep.equal(['tcp', 'udp']);
    announced.close();
  });

  it('refuses a fifth transport for one participant with RATE_LIMITED', async () => {
    const { sink } = recordingSink('s1', 'u1');
    room.join(sink, { codecs: [] } as unknown as types.RtpCapabilities);
    for (let i = 0; i < DEFAULT_PEER_LIMITS.maxTransports; i++) await room.createTransport('s1', 'recv');
    const err = await room.createTransport('s1', 'recv').catch((e: unknown) => e);
    expect(err).to.include({ code: 'RATE_LIMITED' });
  });

  it('survives its worker being killed: a new router on the restarted worker and a reset for every client', async () => {
    const { sink, events } = recordingSink('s1', 'u1');
    room.join(sink, room.router.rtpCapabilities);
    await room.createTransport('s1', 'send');
    const oldRouter = room.router;
    const [deadPid] = pool.pids();

    const died = new Promise<number>((resolve) => pool.once('workerDied', (slot) => resolve(slot)));
    process.kill(deadPid!, 'SIGKILL');
    const slot = await died;
    expect(slot).to.equal(room.slot);
    await room.handleWorkerDeath();

    expect(oldRouter.closed).to.equal(true);
    expect(room.router.closed).to.equal(false);
    expect(pool.pids()).to.have.length(1).and.not.include(deadPid);
    expect(events.map((e) => e.event)).to.include('media:reset');
    room.join(sink, room.router.rtpCapabilities);
    const transport = await room.createTransport('s1', 'send');
    expect(transport.iceCandidates[0]?.ip).to.equal('127.0.0.1');
  });
});

describe('MediaRoom across workers', function () {
  this.timeout(30_000);
  let pool: WorkerPool;
  let room: MediaRoom;

  before(async () => {
    pool = new WorkerPool({ numWorkers: 2, rtcMinPort: 42000, rtcMaxPort: 42999, logLevel: 'none' }, logger);
    await pool.start();
    room = await createLocalMediaRoom(pool, 'seminar-big', logger, { maxConsumersPerRouter: 1 });
  });
  after(async () => {
    room.close();
    await pool.close();
  });

  it('puts viewers beyond one router’s capacity on a router of another worker and pipes the producer there', async () => {
    const ssrc = 0x4321;
    const { producer, ip, port } = await ingestVp8Camera(room, 'u1', ssrc);
    const consumeAs = async (peerId: string) => {
      room.join(recordingSink(peerId, peerId).sink, room.router.rtpCapabilities);
      const transport = await room.createTransport(peerId, 'recv');
      const answer = await room.consume(peerId, { transportId: transport.id, producerId: producer.id });
      return room.peers.get(peerId)!.consumers.get(answer.id)!;
    };
    const first = await consumeAs('viewer-1');
    const second = await consumeAs('viewer-2');

    expect(room.slots()).to.have.length(2);
    expect(new Set(room.slots()).size).to.equal(2);
    await sendVp8({ ip, port, ssrc, payloadType: VP8_PAYLOAD_TYPE, packets: 60, bitrateBps: 1_000_000 });
    // The second viewer's consumer reads from the piped copy of the producer on the other worker.
    const piped = await waitFor(
      async () =>
        ((await second.getStats()).find((s) => s.type === 'inbound-rtp') as types.ProducerStat | undefined)
          ?.packetCount ?? 0,
      (n) => n === 60,
    );
    expect(piped).to.equal(60);
    expect(((await first.getStats()).find((s) => s.type === 'inbound-rtp') as types.ProducerStat).packetCount).to.equal(
      60,
    );
  });
});
