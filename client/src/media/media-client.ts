import { Device, type types } from 'mediasoup-client';
import { request, type ServerListener, type SignalSocket } from './signalling.js';

export type MediaSource = 'mic' | 'camera' | 'screen' | 'screen-audio';

export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  userId: string;
  source: MediaSource;
  track: MediaStreamTrack;
}

interface ProducerAnnouncement {
  producerId: string;
  userId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
}

interface TransportAnswer {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
  iceServers: RTCIceServer[];
}

export interface MediaClientEvents {
  track: RemoteTrack;
  trackEnded: { consumerId: string; producerId: string };
  /** The server rebuilt or moved this client's room; the client has reconnected and republished. */
  reset: { reason: string; roomKey: string };
  spotlight: { userId: string | null };
  producerClosedByStaff: { producerId: string; source: MediaSource };
  producerPausedByStaff: { producerId: string; source: MediaSource };
}

/** Camera simulcast: three layers at 1/4, 1/2 and full resolution, matching the server's layer choice. */
export const CAMERA_ENCODINGS: RTCRtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];
const SCREEN_ENCODINGS: RTCRtpEncodingParameters[] = [{ maxBitrate: 2_500_000 }];

type Listener<K extends keyof MediaClientEvents> = (event: MediaClientEvents[K]) => void;

/**
 * A participant's media over the `media:*` signalling: one send and one receive transport, what it
 * publishes (mic, camera with simulcast, screen), and the remote tracks it consumes. A server reset (worker
 * restart, breakout move) rebuilds the transports and republishes the same tracks.
 */
export class MediaClient {
  private device: Device | undefined;
  private sendTransport: types.Transport | undefined;
  private recvTransport: types.Transport | undefined;
  private readonly published = new Map<MediaSource, { track: MediaStreamTrack; producer: types.Producer }>();
  private readonly consumers = new Map<string, { consumer: types.Consumer; info: ProducerAnnouncement }>();
  private readonly listeners = new Map<keyof MediaClientEvents, Set<Listener<never>>>();
  private readonly serverHandlers: [string, ServerListener][];
  roomKey: string | undefined;

  constructor(private readonly socket: SignalSocket) {
    this.serverHandlers = [
      ['media:newProducer', (p: ProducerAnnouncement) => void this.consume(p)],
      ['media:producerClosed', (p: { producerId: string }) => this.dropConsumersOf(p.producerId)],
      ['media:reset', (p: { reason: string; roomKey: string }) => void this.reset(p)],
      ['media:spotlight', (p: { userId: string | null }) => this.emit('spotlight', { userId: p.userId })],
      ['media:producerClosedByStaff', (p: { producerId: string; source: MediaSource }) => this.onClosedByStaff(p)],
      [
        'media:producerPaused',
        (p: { producerId: string; source: MediaSource; by: string }) => {
          if (p.by === 'staff' && this.ownProducer(p.producerId)) this.emit('producerPausedByStaff', p);
        },
      ],
    ];
    for (const [event, handler] of this.serverHandlers) socket.on(event, handler);
  }

  on<K extends keyof MediaClientEvents>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener<never>);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener<never>);
  }

  /** Joins the media room the session token points at (or the breakout the server moved us to). */
  async join(): Promise<void> {
    const caps = await request<{ roomKey: string; rtpCapabilities: types.RtpCapabilities }>(
      this.socket,
      'media:getRouterRtpCapabilities',
    );
    this.device = new Device();
    await this.device.load({ routerRtpCapabilities: caps.rtpCapabilities });
    const joined = await request<{ roomKey: string; producers: ProducerAnnouncement[]; spotlight: string | null }>(
      this.socket,
      'media:join',
      {
        rtpCapabilities: this.device.rtpCapabilities,
      },
    );
    this.roomKey = joined.roomKey;
    this.sendTransport = await this.createTransport('send');
    this.recvTransport = await this.createTransport('recv');
    if (joined.spotlight) this.emit('spotlight', { userId: joined.spotlight });
    await Promise.all(joined.producers.map((p) => this.consume(p)));
  }

  /** Publishes a track: cameras with three simulcast layers, screens as one high-resolution VP8 stream. */
  async publish(track: MediaStreamTrack, source: MediaSource): Promise<string> {
    if (!this.sendTransport || !this.device) throw new Error('join() first');
    await this.unpublish(source);
    const vp8 = this.device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
    const producer = await this.sendTransport.produce({
      track,
      encodings: source === 'camera' ? CAMERA_ENCODINGS : source === 'screen' ? SCREEN_ENCODINGS : undefined,
      codec: track.kind === 'video' ? vp8 : undefined,
      codecOptions: source === 'mic' ? { opusDtx: true, opusFec: true } : undefined,
      stopTracks: false,
      appData: { source },
    });
    this.published.set(source, { track, producer });
    return producer.id;
  }

  async unpublish(source: MediaSource): Promise<void> {
    const entry = this.published.get(source);
    if (!entry) return;
    this.published.delete(source);
    entry.producer.close();
    await request(this.socket, 'media:closeProducer', { producerId: entry.producer.id }).catch(() => undefined);
  }

  async setMicPaused(paused: boolean): Promise<void> {
    const entry = this.published.get('mic');
    if (!entry) return;
    if (paused) entry.producer.pause();
    else entry.producer.resume();
    await request(this.socket, paused ? 'media:pauseProducer' : 'media:resumeProducer', {
      producerId: entry.producer.id,
    });
  }

  /** Tells the server how tall a remote camera tile is drawn (CSS px × devicePixelRatio) to pick its layer. */
  async setTileHeight(consumerId: string, heightPx: number): Promise<void> {
    await request(this.socket, 'media:setPreferredLayers', { consumerId, tileHeight: Math.round(heightPx) });
  }

  async setAudioOnly(enabled: boolean): Promise<void> {
    await request(this.socket, 'media:setAudioOnly', { enabled });
  }

  remoteTracks(): RemoteTrack[] {
    return [...this.consumers.values()].map(({ consumer, info }) => ({
      consumerId: consumer.id,
      producerId: info.producerId,
      userId: info.userId,
      source: info.source,
      track: consumer.track,
    }));
  }

  /** WebRTC stats of one remote track's receiver (inbound-rtp framesDecoded, packetsReceived, …). */
  async trackStats(consumerId: string): Promise<RTCStatsReport | undefined> {
    return this.consumers.get(consumerId)?.consumer.getStats();
  }

  close(): void {
    for (const [event, handler] of this.serverHandlers) this.socket.off(event, handler);
    this.closeTransports();
    void request(this.socket, 'media:leave').catch(() => undefined);
  }

  private async createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const answer = await request<TransportAnswer>(this.socket, 'media:createTransport', { direction });
    const options = {
      id: answer.id,
      iceParameters: answer.iceParameters,
      iceCandidates: answer.iceCandidates,
      dtlsParameters: answer.dtlsParameters,
      iceServers: answer.iceServers,
    };
    const transport =
      direction === 'send' ? this.device!.createSendTransport(options) : this.device!.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      request(this.socket, 'media:connectTransport', { transportId: transport.id, dtlsParameters }).then(
        () => done(),
        fail,
      );
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
      request<{ id: string }>(this.socket, 'media:produce', {
        transportId: transport.id,
        kind,
        rtpParameters,
        source: appData.source,
      }).then(({ id }) => done({ id }), fail);
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed') void this.restartIce(transport);
    });
    return transport;
  }

  private async restartIce(transport: types.Transport): Promise<void> {
    const { iceParameters } = await request<{ iceParameters: types.IceParameters }>(this.socket, 'media:restartIce', {
      transportId: transport.id,
    });
    await transport.restartIce({ iceParameters });
  }

  private async consume(p: ProducerAnnouncement): Promise<void> {
    if (!this.recvTransport || this.ownProducer(p.producerId)) return;
    const answer = await request<{
      id: string;
      producerId: string;
      kind: 'audio' | 'video';
      rtpParameters: types.RtpParameters;
    }>(this.socket, 'media:consume', {
      transportId: this.recvTransport.id,
      producerId: p.producerId,
    });
    const consumer = await this.recvTransport.consume({
      id: answer.id,
      producerId: answer.producerId,
      kind: answer.kind,
      rtpParameters: answer.rtpParameters,
    });
    this.consumers.set(consumer.id, { consumer, info: p });
    // Created paused on the server; resume now that the local consumer can receive the first key frame.
    await request(this.socket, 'media:resumeConsumer', { consumerId: consumer.id });
    this.emit('track', {
      consumerId: consumer.id,
      producerId: p.producerId,
      userId: p.userId,
      source: p.source,
      track: consumer.track,
    });
  }

  private dropConsumersOf(producerId: string): void {
    for (const [id, { consumer }] of this.consumers) {
      if (consumer.producerId !== producerId) continue;
      consumer.close();
      this.consumers.delete(id);
      this.emit('trackEnded', { consumerId: id, producerId });
    }
  }

  private onClosedByStaff(p: { producerId: string; source: MediaSource }): void {
    for (const [source, entry] of this.published) {
      if (entry.producer.id !== p.producerId) continue;
      entry.producer.close();
      this.published.delete(source);
    }
    this.emit('producerClosedByStaff', p);
  }

  private ownProducer(producerId: string): boolean {
    return [...this.published.values()].some((e) => e.producer.id === producerId);
  }

  private closeTransports(): void {
    // Cleared before anyone hears of it: listeners re-read remoteTracks(), which must no longer list them.
    const ended = [...this.consumers].map(([consumerId, { info }]) => ({ consumerId, producerId: info.producerId }));
    this.consumers.clear();
    for (const track of ended) this.emit('trackEnded', track);
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = undefined;
    this.recvTransport = undefined;
  }

  private async reset(p: { reason: string; roomKey: string }): Promise<void> {
    const republish = [...this.published.entries()].map(([source, e]) => ({ source, track: e.track }));
    this.published.clear();
    this.closeTransports();
    await this.join();
    for (const { source, track } of republish) if (track.readyState === 'live') await this.publish(track, source);
    this.emit('reset', p);
  }

  private emit<K extends keyof MediaClientEvents>(event: K, data: MediaClientEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<K>)(data);
  }
}
