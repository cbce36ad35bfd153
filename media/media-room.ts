import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { MediaError } from './errors.js';
import { layersForTile, MAX_TEMPORAL_LAYER } from './layers.js';
import { enforceCount, type PeerLimits } from './limits.js';
import type { MediaRequest, MediaSource } from './requests.js';
import { SpeakerObserver, type SpeakerCallbacks, type SpeakerObserverOptions } from './speaker-observer.js';
import type { WorkerPool } from './worker-pool.js';

/** How a room reaches one participant's client (a socket in production). */
export interface PeerSink {
  readonly id: string;
  readonly userId: string;
  notify(event: string, data: Record<string, unknown>): void;
}

export interface MediaRoomOptions {
  listenIp: string;
  announcedIp: string | undefined;
  limits: PeerLimits;
  speaker?: SpeakerObserverOptions;
  /** Incoming bitrate cap per send transport: three simulcast layers plus a screen share. */
  maxIncomingBitrate: number;
  /**
   * Consumers one router takes before new receive transports go to a fan-out router on another worker
   * (DESIGN.md §8: one worker forwards a 1 Mbit/s stream to 300–400 consumers before loss).
   */
  maxConsumersPerRouter?: number;
}

export const DEFAULT_MAX_CONSUMERS_PER_ROUTER = 300;

/** A router on another worker that only carries viewers; producers reach it through pipe transports. */
interface FanoutRouter {
  router: types.Router;
  slot: number;
  piped: Map<string, Promise<void>>;
}

export interface RoomHooks extends SpeakerCallbacks {
  producerAdded(producer: types.Producer): void;
  /** The router was replaced after its worker died; everything on the old one is gone. */
  routerReplaced(): void;
}

interface Peer {
  sink: PeerSink;
  rtpCapabilities: types.RtpCapabilities;
  transports: Map<string, types.WebRtcTransport>;
  producers: Map<string, types.Producer>;
  consumers: Map<string, types.Consumer>;
  audioOnly: boolean;
}

export interface ProducerInfo {
  producerId: string;
  userId: string;
  kind: types.MediaKind;
  source: MediaSource;
  paused: boolean;
}

export interface ProducerAppData {
  peerId: string;
  userId: string;
  source: MediaSource;
}

interface ConsumerAppData {
  peerId: string;
  /** What the client asked for; audio-only mode may keep a video consumer paused regardless. */
  clientPaused: boolean;
}

export interface TapTarget {
  ip: string;
  port: number;
  rtcpPort: number;
}

function producerInfo(producer: types.Producer): ProducerInfo {
  const app = producer.appData as ProducerAppData;
  return {
    producerId: producer.id,
    userId: app.userId,
    kind: producer.kind,
    source: app.source,
    paused: producer.paused,
  };
}

/**
 * One live room (the main seminar room or a breakout): its Router, the participants' transports, producers
 * and consumers, the speaker observers and the RTP taps. When its worker dies the room survives: it builds a
 * new router on a live worker and tells every client to reconnect (`media:reset`).
 */
export class MediaRoom {
  readonly peers = new Map<string, Peer>();
  /** Producers that enter over plain RTP (ingest) rather than from a participant's browser. */
  private readonly ingests = new Set<types.Producer>();
  private routerState!: { router: types.Router; slot: number; speaker: SpeakerObserver };
  private fanouts: FanoutRouter[] = [];
  /** Consumers per router id, for placing receive transports. */
  private readonly routerLoad = new Map<string, number>();
  private rebuilding: Promise<void> | undefined;
  /** Set while the old router's objects close after a worker death, so their closes are not broadcast. */
  private resetting = false;
  private closed = false;
  spotlight: string | null = null;
  /** Last dominant speaker, so a late joiner learns who has the floor without waiting for a change. */
  activeSpeaker: string | null = null;

  private constructor(
    readonly key: string,
    readonly seminarId: string,
    private readonly pool: WorkerPool,
    private readonly options: MediaRoomOptions,
    private readonly hooks: RoomHooks,
    private readonly logger: Logger,
  ) {}

  static async create(
    key: string,
    seminarId: string,
    deps: { pool: WorkerPool; options: MediaRoomOptions; hooks: RoomHooks; logger: Logger },
  ): Promise<MediaRoom> {
    const room = new MediaRoom(key, seminarId, deps.pool, deps.options, deps.hooks, deps.logger.child({ room: key }));
    room.routerState = await room.buildRouter();
    return room;
  }

  get router(): types.Router {
    return this.routerState.router;
  }

  get slot(): number {
    return this.routerState.slot;
  }

  /** Whether any of this room's routers (main or fan-out) lives on worker slot `slot`. */
  usesSlot(slot: number): boolean {
    return this.routerState.slot === slot || this.fanouts.some((f) => f.slot === slot);
  }

  /** The worker slots of the room's routers, main router first. */
  slots(): number[] {
    return [this.routerState.slot, ...this.fanouts.map((f) => f.slot)];
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves when the room has a working router (at once, unless it is being rebuilt after a worker death). */
  async ready(): Promise<void> {
    if (this.rebuilding) await this.rebuilding;
    if (this.closed) throw new MediaError('NOT_FOUND', 'This media room is closed');
  }

  consumerCount(): number {
    let n = 0;
    for (const peer of this.peers.values()) n += peer.consumers.size;
    return n;
  }

  /** The live producer objects, for taps (recording). */
  producersForRecording(): types.Producer[] {
    return this.allProducers();
  }

  producers(): ProducerInfo[] {
    return this.allProducers().map(producerInfo);
  }

  /** Adds (or re-adds after a reset) a participant; answers what it needs to start consuming. */
  join(sink: PeerSink, rtpCapabilities: types.RtpCapabilities) {
    this.clearPeer(sink.id);
    this.peers.set(sink.id, {
      sink,
      rtpCapabilities,
      transports: new Map(),
      producers: new Map(),
      consumers: new Map(),
      audioOnly: false,
    });
    return {
      roomKey: this.key,
      producers: this.producers().filter((p) => !this.peers.get(sink.id)?.producers.has(p.producerId)),
      spotlight: this.spotlight,
      activeSpeaker: this.activeSpeaker,
    };
  }

  /** Removes a participant and everything it sent or received; other clients learn which producers went. */
  leave(peerId: string): void {
    this.clearPeer(peerId);
    this.peers.delete(peerId);
  }

  async createTransport(peerId: string, direction: 'send' | 'recv') {
    const peer = this.peer(peerId);
    enforceCount('transports', peer.transports.size, this.options.limits.maxTransports);
    // Producers live on the main router; viewers spill to fan-out routers when it is full.
    const router = direction === 'send' ? this.router : await this.routerForViewers();
    const transport = await router.createWebRtcTransport({
      listenIps: [{ ip: this.options.listenIp, announcedIp: this.options.announcedIp }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { peerId, direction, routerId: router.id },
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(this.options.maxIncomingBitrate);
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => peer.transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(peerId: string, req: MediaRequest<'media:connectTransport'>): Promise<void> {
    await this.transport(peerId, req.transportId).connect({
      dtlsParameters: req.dtlsParameters as types.DtlsParameters,
    });
  }

  async restartIce(peerId: string, transportId: string): Promise<{ iceParameters: types.IceParameters }> {
    return { iceParameters: await this.transport(peerId, transportId).restartIce() };
  }

  async produce(peerId: string, req: MediaRequest<'media:produce'>): Promise<{ id: string }> {
    const peer = this.peer(peerId);
    enforceCount('producers', peer.producers.size, this.options.limits.maxProducers);
    const expectedKind = req.source === 'mic' || req.source === 'screen-audio' ? 'audio' : 'video';
    if (req.kind !== expectedKind)
      throw new MediaError('VALIDATION_ERROR', `A ${req.source} producer must be ${expectedKind}`);
    const appData: ProducerAppData = { peerId, userId: peer.sink.userId, source: req.source };
    const producer = await this.transport(peerId, req.transportId).produce({
      kind: req.kind,
      rtpParameters: req.rtpParameters as unknown as types.RtpParameters,
      appData,
    });
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => peer.producers.delete(producer.id));
    await this.announceProducer(producer, peerId);
    return { id: producer.id };
  }

  async closeProducer(peerId: string, producerId: string): Promise<void> {
    this.ownProducer(peerId, producerId).close();
  }

  async setProducerPaused(peerId: string, producerId: string, paused: boolean): Promise<void> {
    await this.pauseProducer(this.ownProducer(peerId, producerId), paused);
  }

  async consume(peerId: string, req: MediaRequest<'media:consume'>) {
    const peer = this.peer(peerId);
    const transport = this.transport(peerId, req.transportId);
    const producer = this.allProducers().find((p) => p.id === req.producerId);
    if (!producer) throw new MediaError('NOT_FOUND', 'No such producer in this room');
    if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities: peer.rtpCapabilities })) {
      throw new MediaError('CONFLICT', 'This device cannot receive that producer’s codec');
    }
    const routerId = (transport.appData as { routerId: string }).routerId;
    const fanout = this.fanouts.find((f) => f.router.id === routerId);
    if (fanout) await this.pipeTo(fanout, producer);
    const isCamera = (producer.appData as ProducerAppData).source === 'camera';
    const appData: ConsumerAppData = { peerId, clientPaused: true };
    // Paused first: the client resumes once its consumer exists, so no key frame is lost in between.
    const consumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities: peer.rtpCapabilities,
      paused: true,
      preferredLayers: isCamera ? layersForTile(0) : undefined,
      appData,
    });
    peer.consumers.set(consumer.id, consumer);
    this.routerLoad.set(routerId, (this.routerLoad.get(routerId) ?? 0) + 1);
    consumer.observer.once('close', () => {
      peer.consumers.delete(consumer.id);
      this.routerLoad.set(routerId, Math.max(0, (this.routerLoad.get(routerId) ?? 1) - 1));
    });
    consumer.on('producerclose', () => consumer.close());
    return {
      ...producerInfo(producer),
      id: consumer.id,
      rtpParameters: consumer.rtpParameters,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    };
  }

  async setConsumerPaused(peerId: string, consumerId: string, paused: boolean): Promise<void> {
    const peer = this.peer(peerId);
    const consumer = this.consumer(peerId, consumerId);
    (consumer.appData as ConsumerAppData).clientPaused = paused;
    await this.applyConsumerPause(peer, consumer);
  }

  async setPreferredLayers(peerId: string, req: MediaRequest<'media:setPreferredLayers'>): Promise<void> {
    const consumer = this.consumer(peerId, req.consumerId);
    if (consumer.type !== 'simulcast' && consumer.type !== 'svc') return;
    const layers =
      'tileHeight' in req
        ? layersForTile(req.tileHeight)
        : { spatialLayer: req.spatialLayer, temporalLayer: req.temporalLayer ?? MAX_TEMPORAL_LAYER };
    await consumer.setPreferredLayers(layers);
  }

  async requestKeyFrame(peerId: string, consumerId: string): Promise<void> {
    await this.consumer(peerId, consumerId).requestKeyFrame();
  }

  /** Large rooms: the participant keeps hearing everyone but receives no video until it turns this off. */
  async setAudioOnly(peerId: string, enabled: boolean): Promise<void> {
    const peer = this.peer(peerId);
    peer.audioOnly = enabled;
    await Promise.all([...peer.consumers.values()].map((c) => this.applyConsumerPause(peer, c)));
  }

  /** Instructor control: pauses every microphone of the user; the user's client is told who did it. */
  async muteUser(userId: string): Promise<number> {
    const mics = this.producersOf(userId, ['mic']);
    await Promise.all(mics.map((p) => this.pauseProducer(p, true, 'staff')));
    return mics.length;
  }

  /** Instructor control: closes the user's camera or screen share (with its audio). */
  stopUserMedia(userId: string, source: 'camera' | 'screen'): number {
    const producers = this.producersOf(userId, source === 'screen' ? ['screen', 'screen-audio'] : ['camera']);
    for (const p of producers) {
      this.sinkOf(p)?.notify('media:producerClosedByStaff', {
        producerId: p.id,
        source: (p.appData as ProducerAppData).source,
      });
      p.close();
    }
    return producers.length;
  }

  setSpotlight(userId: string | null): void {
    this.spotlight = userId;
    this.broadcast('media:spotlight', { userId });
  }

  broadcast(event: string, data: Record<string, unknown>, exceptPeerId?: string): void {
    for (const [id, peer] of this.peers) if (id !== exceptPeerId) peer.sink.notify(event, data);
  }

  /**
   * Plain-RTP ingest (comedia): whoever sends to the returned address first becomes the source of a producer
   * attributed to `userId`. Used for RTP from ffmpeg or a hall camera, and by the tests and benchmark.
   */
  async ingest(args: {
    userId: string;
    source: MediaSource;
    kind: types.MediaKind;
    rtpParameters: types.RtpParameters;
  }): Promise<{ producer: types.Producer; ip: string; port: number }> {
    await this.ready();
    const transport = await this.router.createPlainTransport({
      listenIp: this.options.listenIp,
      rtcpMux: true,
      comedia: true,
    });
    const appData: ProducerAppData = { peerId: `ingest:${transport.id}`, userId: args.userId, source: args.source };
    const producer = await transport.produce({ kind: args.kind, rtpParameters: args.rtpParameters, appData });
    this.ingests.add(producer);
    producer.observer.once('close', () => {
      this.ingests.delete(producer);
      transport.close();
    });
    await this.announceProducer(producer, undefined);
    return { producer, ip: transport.tuple.localIp, port: transport.tuple.localPort };
  }

  /** The RTP parameters a tap of `producerId` will send (what ffmpeg must be told to expect). */
  tapRtpParameters(producerId: string): types.RtpParameters {
    const producer = this.allProducers().find((p) => p.id === producerId);
    if (!producer) throw new MediaError('NOT_FOUND', 'No such producer in this room');
    const codec = producer.consumableRtpParameters.codecs[0]!;
    return { codecs: [codec], encodings: [] };
  }

  /**
   * An RTP tap: a paused consumer of `producerId` on a PlainTransport sending to `target` (ffmpeg for
   * recording, later speech-to-text). The caller resumes the consumer once its receiver listens.
   */
  async tap(
    producerId: string,
    target: TapTarget,
  ): Promise<{ transport: types.PlainTransport; consumer: types.Consumer }> {
    const producer = this.allProducers().find((p) => p.id === producerId);
    if (!producer) throw new MediaError('NOT_FOUND', 'No such producer in this room');
    const transport = await this.router.createPlainTransport({
      listenIp: this.options.listenIp,
      rtcpMux: false,
      comedia: false,
    });
    await transport.connect({ ip: target.ip, port: target.port, rtcpPort: target.rtcpPort });
    const consumer = await transport.consume({
      producerId,
      rtpCapabilities: this.router.rtpCapabilities,
      paused: true,
    });
    consumer.observer.once('close', () => transport.close());
    consumer.on('producerclose', () => consumer.close());
    return { transport, consumer };
  }

  /** Called by the service when this room's worker died: rebuild on a live worker, then reset the clients. */
  handleWorkerDeath(): Promise<void> {
    if (this.rebuilding) return this.rebuilding;
    this.resetting = true;
    this.logger.warn('worker died; rebuilding the room router');
    this.routerState.speaker.close();
    for (const peer of this.peers.values()) this.forgetMedia(peer);
    this.ingests.clear();
    this.closeFanouts();
    this.rebuilding = (async () => {
      await this.pool.whenLive();
      if (this.closed) return;
      this.routerState = await this.buildRouter();
      this.hooks.routerReplaced();
      this.broadcast('media:reset', { reason: 'media-server-restarted', roomKey: this.key });
    })().finally(() => {
      this.rebuilding = undefined;
      this.resetting = false;
    });
    return this.rebuilding;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.routerState.speaker.close();
    this.closeFanouts();
    this.router.close();
  }

  private closeFanouts(): void {
    for (const f of this.fanouts) f.router.close();
    this.fanouts = [];
    this.routerLoad.clear();
  }

  private async routerForViewers(): Promise<types.Router> {
    const max = this.options.maxConsumersPerRouter ?? DEFAULT_MAX_CONSUMERS_PER_ROUTER;
    const candidates = [this.router, ...this.fanouts.map((f) => f.router)];
    const free = candidates.find((r) => (this.routerLoad.get(r.id) ?? 0) < max);
    if (free) return free;
    const { router, slot } = await this.pool.createRouter({ roomKey: this.key, fanout: true }, this.slots());
    this.fanouts.push({ router, slot, piped: new Map() });
    this.logger.info({ slot, fanouts: this.fanouts.length }, 'room outgrew its router; added a fan-out router');
    return router;
  }

  /** Pipes a producer from the main router to a fan-out router once; later consumers reuse the pipe. */
  private pipeTo(fanout: FanoutRouter, producer: types.Producer): Promise<void> {
    let piped = fanout.piped.get(producer.id);
    if (!piped) {
      piped = this.router.pipeToRouter({ producerId: producer.id, router: fanout.router }).then(() => undefined);
      fanout.piped.set(producer.id, piped);
      producer.observer.once('close', () => fanout.piped.delete(producer.id));
      piped.catch(() => fanout.piped.delete(producer.id));
    }
    return piped;
  }

  private async buildRouter() {
    const { router, slot } = await this.pool.createRouter({ roomKey: this.key });
    const speaker = await SpeakerObserver.create(
      router,
      {
        ...this.hooks,
        activeSpeaker: (userId) => {
          this.activeSpeaker = userId;
          this.hooks.activeSpeaker(userId);
        },
      },
      this.options.speaker,
    );
    return { router, slot, speaker };
  }

  private async announceProducer(producer: types.Producer, ownerPeerId: string | undefined): Promise<void> {
    const info = producerInfo(producer);
    producer.observer.once('close', () => {
      if (!this.resetting)
        this.broadcast('media:producerClosed', { producerId: producer.id, userId: info.userId, source: info.source });
      if (info.source === 'mic') this.routerState.speaker.endFor([info.userId]);
    });
    if (info.source === 'mic') await this.routerState.speaker.addMicrophone(producer);
    this.hooks.producerAdded(producer);
    this.broadcast('media:newProducer', { ...info }, ownerPeerId);
  }

  private async pauseProducer(
    producer: types.Producer,
    paused: boolean,
    by: 'owner' | 'staff' = 'owner',
  ): Promise<void> {
    if (paused) await producer.pause();
    else await producer.resume();
    const app = producer.appData as ProducerAppData;
    this.broadcast(paused ? 'media:producerPaused' : 'media:producerResumed', {
      producerId: producer.id,
      userId: app.userId,
      source: app.source,
      by,
    });
    if (paused && app.source === 'mic') this.routerState.speaker.endFor([app.userId]);
  }

  private async applyConsumerPause(peer: Peer, consumer: types.Consumer): Promise<void> {
    const app = consumer.appData as ConsumerAppData;
    const paused = app.clientPaused || (peer.audioOnly && consumer.kind === 'video');
    if (paused && !consumer.paused) await consumer.pause();
    if (!paused && consumer.paused) await consumer.resume();
  }

  private clearPeer(peerId: string): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    for (const transport of peer.transports.values()) transport.close();
    this.forgetMedia(peer);
  }

  private forgetMedia(peer: Peer): void {
    peer.transports.clear();
    peer.producers.clear();
    peer.consumers.clear();
  }

  private allProducers(): types.Producer[] {
    return [...[...this.peers.values()].flatMap((p) => [...p.producers.values()]), ...this.ingests.keys()];
  }

  private producersOf(userId: string, sources: MediaSource[]): types.Producer[] {
    return this.allProducers().filter((p) => {
      const app = p.appData as ProducerAppData;
      return app.userId === userId && sources.includes(app.source);
    });
  }

  private sinkOf(producer: types.Producer): PeerSink | undefined {
    return this.peers.get((producer.appData as ProducerAppData).peerId)?.sink;
  }

  private peer(peerId: string): Peer {
    const peer = this.peers.get(peerId);
    if (!peer) throw new MediaError('CONFLICT', 'Join the media room first (media:join)');
    return peer;
  }

  private transport(peerId: string, transportId: string): types.WebRtcTransport {
    const transport = this.peer(peerId).transports.get(transportId);
    if (!transport) throw new MediaError('NOT_FOUND', 'No such transport of yours');
    return transport;
  }

  private ownProducer(peerId: string, producerId: string): types.Producer {
    const producer = this.peer(peerId).producers.get(producerId);
    if (!producer) throw new MediaError('NOT_FOUND', 'No such producer of yours');
    return producer;
  }

  private consumer(peerId: string, consumerId: string): types.Consumer {
    const consumer = this.peer(peerId).consumers.get(consumerId);
    if (!consumer) throw new MediaError('NOT_FOUND', 'No such consumer of yours');
    return consumer;
  }
}
