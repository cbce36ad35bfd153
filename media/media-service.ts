import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { MediaError } from './errors.js';
import { DEFAULT_PEER_LIMITS, emptyRateHistory, type PeerLimits, type RateHistory } from './limits.js';
import { MediaRoom, type MediaRoomOptions, type PeerSink, type ProducerAppData, type TapTarget } from './media-room.js';
import { listRecordings, pruneAllRecordings, Recorder, recordingFile, type RecordingManifest } from './recorder.js';
import type { MediaSource } from './requests.js';
import { dispatchMediaRequest, MEDIA_REQUEST_NAMES } from './signalling.js';
import type { SpeakerObserverOptions } from './speaker-observer.js';
import { iceServersFor, type TurnSettings } from './turn.js';
import type { WorkerPool } from './worker-pool.js';

export interface MediaServiceEvents {
  speakStart: [{ seminarId: string; userId: string; at: Date }];
  speakEnd: [{ seminarId: string; userId: string; at: Date; durationMs: number }];
  activeSpeaker: [{ seminarId: string; roomKey: string; userId: string }];
  /** A producer appeared in a room hosted by this process (speech-to-text taps the instructor's mic). */
  producerAdded: [ProducerEvent];
  producerClosed: [ProducerEvent];
}

/** `role` is the owner's session role; undefined for plain-RTP ingests, which have no socket. */
export interface ProducerEvent {
  seminarId: string;
  roomKey: string;
  producerId: string;
  userId: string;
  source: MediaSource;
  kind: types.MediaKind;
  role: MediaIdentity['role'] | undefined;
}

export interface MediaServiceOptions {
  listenIp: string;
  announcedIp: string | undefined;
  turn: TurnSettings;
  /** Where recordings are written: `<dir>/<seminarId>/<recordingId>/`. */
  recordingsDir: string;
  /** Finished recordings older than this are deleted (checked at start and hourly). */
  recordingRetentionDays: number;
  limits?: Partial<PeerLimits>;
  speaker?: SpeakerObserverOptions;
  /** Why the seminar keeps this peer out (the live room's session lock), or null; asked at `media:join`. */
  refusal?: (identity: MediaIdentity) => Promise<string | null>;
}

/** Who is behind a socket, as the session token says (socket.data.session). */
export interface MediaIdentity {
  sub: string;
  role: 'instructor' | 'ta' | 'learner' | 'observer';
  seminar: string;
}

/** One connected socket's media state; `roomKey` moves when the live room sends the user to a breakout. */
export interface ServicePeer {
  readonly sink: PeerSink;
  readonly identity: MediaIdentity;
  readonly socket: Socket;
  roomKey: string;
  rates: RateHistory;
}

export function isStaff(role: MediaIdentity['role']): boolean {
  return role === 'instructor' || role === 'ta';
}

/** The socket.io room of a media room's audience: `seminar:<seminarId>` or `seminar:<seminarId>:breakout:<id>`. */
export function audienceRoom(roomKey: string): string {
  return `seminar:${roomKey}`;
}

function belongsToSeminar(roomKey: string, seminarId: string): boolean {
  return roomKey === seminarId || roomKey.startsWith(`${seminarId}:breakout:`);
}

/**
 * The media side of the tool: media rooms keyed by room key, the `media:*` handlers of every authenticated
 * socket, breakout moves, recording, and typed speaking events that tool/ forwards to sockets and analytics.
 */
export class MediaService extends EventEmitter<MediaServiceEvents> {
  private readonly rooms = new Map<string, Promise<MediaRoom>>();
  private readonly peers = new Map<string, ServicePeer>();
  private readonly recorders = new Map<string, Recorder>();
  readonly limits: PeerLimits;
  private readonly onWorkerDied = (slot: number) => void this.rebuildRoomsOn(slot);
  private readonly retentionTimer: NodeJS.Timeout;

  constructor(
    readonly pool: WorkerPool,
    private readonly options: MediaServiceOptions,
    private readonly logger: Logger,
  ) {
    super();
    this.limits = { ...DEFAULT_PEER_LIMITS, ...options.limits };
    pool.on('workerDied', this.onWorkerDied);
    const prune = () =>
      void pruneAllRecordings(options.recordingsDir, options.recordingRetentionDays).then(
        (n) => n > 0 && logger.info({ deleted: n }, 'expired recordings deleted'),
        (err: unknown) => logger.error({ err }, 'recording retention failed'),
      );
    prune();
    this.retentionTimer = setInterval(prune, 60 * 60 * 1000);
    this.retentionTimer.unref();
  }

  /** Path of a finished recording's muxed file (for an HTTP download route), or undefined. */
  recordingFile(seminarId: string, recordingId: string): Promise<string | undefined> {
    return recordingFile(this.options.recordingsDir, seminarId, recordingId);
  }

  /** A seminar's recordings, newest first (finished and in progress). */
  recordings(seminarId: string): Promise<RecordingManifest[]> {
    return listRecordings(this.options.recordingsDir, seminarId);
  }

  /** Installs the `media:*` handlers on an authenticated socket (socket.data.session set by socketAuth). */
  attach(socket: Socket): void {
    const identity = (socket.data as { session: MediaIdentity }).session;
    const peer: ServicePeer = {
      sink: {
        id: socket.id,
        userId: identity.sub,
        notify: (event, data) => socket.emit(event, { ...data, timestamp: new Date().toISOString() }),
      },
      identity,
      socket,
      roomKey: identity.seminar,
      rates: emptyRateHistory(),
    };
    this.peers.set(socket.id, peer);
    for (const name of MEDIA_REQUEST_NAMES) {
      socket.on(name, (...args: unknown[]) => {
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
        void dispatchMediaRequest(this, peer, name, args[0]).then((answer) => ack?.(answer));
      });
    }
    socket.once('disconnect', () => {
      this.peers.delete(socket.id);
      this.leave(peer).catch((err: unknown) => this.logError('disconnect', peer, err));
    });
  }

  /** Moves every socket of `userId` in `seminarId` to the media room `roomKey`; their clients reconnect. */
  async movePeer(userId: string, seminarId: string, roomKey: string): Promise<number> {
    if (!belongsToSeminar(roomKey, seminarId))
      throw new MediaError('VALIDATION_ERROR', 'Room key is not part of this seminar');
    const moving = [...this.peers.values()].filter(
      (p) => p.identity.sub === userId && p.identity.seminar === seminarId,
    );
    for (const peer of moving) {
      if (peer.roomKey === roomKey) continue;
      await this.leave(peer);
      peer.roomKey = roomKey;
      peer.sink.notify('media:reset', { reason: 'moved', roomKey });
    }
    return moving.length;
  }

  /** The peer's room, created on first use. */
  room(roomKey: string, seminarId: string): Promise<MediaRoom> {
    let room = this.rooms.get(roomKey);
    if (!room) {
      room = MediaRoom.create(roomKey, seminarId, {
        pool: this.pool,
        options: this.roomOptions(),
        hooks: this.roomHooks(roomKey, seminarId),
        logger: this.logger,
      });
      this.rooms.set(roomKey, room);
      room.catch(() => this.rooms.delete(roomKey));
    }
    return room.then(async (r) => {
      await r.ready();
      return r;
    });
  }

  /** The room a peer has joined; CONFLICT before `media:join`. */
  async joinedRoom(peer: ServicePeer): Promise<MediaRoom> {
    const room = await this.room(peer.roomKey, peer.identity.seminar);
    if (!room.peers.has(peer.sink.id)) throw new MediaError('CONFLICT', 'Join the media room first (media:join)');
    return room;
  }

  async leave(peer: ServicePeer): Promise<void> {
    const pending = this.rooms.get(peer.roomKey);
    if (!pending) return;
    const room = await pending;
    room.leave(peer.sink.id);
    if (peer.roomKey !== peer.identity.seminar) void peer.socket.leave(audienceRoom(peer.roomKey));
    if (room.peers.size === 0 && !this.recorders.has(room.key)) this.closeRoom(room);
  }

  /** Refuses `media:join` to a peer the seminar keeps out (FORBIDDEN with the reason, e.g. `locked`). */
  async admit(identity: MediaIdentity): Promise<void> {
    const reason = (await this.options.refusal?.(identity)) ?? null;
    if (reason) throw new MediaError('FORBIDDEN', 'The seminar does not let you in right now', { reason });
  }

  iceServers(userId: string) {
    return iceServersFor(this.options.turn, userId);
  }

  recorder(roomKey: string): Recorder | undefined {
    return this.recorders.get(roomKey);
  }

  async startRecording(room: MediaRoom, startedBy: string): Promise<Recorder> {
    if (this.recorders.has(room.key)) throw new MediaError('CONFLICT', 'This room is already being recorded');
    const recorder = await Recorder.start(room, { dir: this.options.recordingsDir, startedBy, logger: this.logger });
    this.recorders.set(room.key, recorder);
    room.broadcast('media:recording', {
      state: 'recording',
      recordingId: recorder.id,
      startedAt: recorder.startedAt.toISOString(),
    });
    return recorder;
  }

  async stopRecording(room: MediaRoom) {
    const recorder = this.recorders.get(room.key);
    if (!recorder) throw new MediaError('CONFLICT', 'This room is not being recorded');
    this.recorders.delete(room.key);
    room.broadcast('media:recording', { state: 'stopped', recordingId: recorder.id });
    const result = await recorder.stop();
    if (room.peers.size === 0) this.closeRoom(room);
    return result;
  }

  /**
   * An RTP tap of one producer in a room hosted by this process: a paused consumer on a PlainTransport sending
   * to `target`. The caller resumes it once its receiver listens and closes it when done.
   */
  async tapProducer(roomKey: string, producerId: string, target: TapTarget): Promise<types.Consumer> {
    const pending = this.rooms.get(roomKey);
    if (!pending) throw new MediaError('NOT_FOUND', 'No such media room on this process');
    const { consumer } = await (await pending).tap(producerId, target);
    return consumer;
  }

  /** Rooms hosted by this process and their consumers, for /metrics. */
  async stats(): Promise<{ rooms: number; consumers: number }> {
    const rooms = await Promise.allSettled(this.rooms.values());
    let consumers = 0;
    for (const r of rooms) if (r.status === 'fulfilled') consumers += r.value.consumerCount();
    return { rooms: this.rooms.size, consumers };
  }

  async close(): Promise<void> {
    this.pool.off('workerDied', this.onWorkerDied);
    clearInterval(this.retentionTimer);
    await Promise.allSettled([...this.recorders.values()].map((r) => r.stop()));
    this.recorders.clear();
    for (const pending of this.rooms.values())
      void pending.then(
        (r) => r.close(),
        () => undefined,
      );
    this.rooms.clear();
  }

  logError(request: string, peer: ServicePeer, err: unknown): void {
    this.logger.error({ err, request, userId: peer.identity.sub, roomKey: peer.roomKey }, 'media request failed');
  }

  private closeRoom(room: MediaRoom): void {
    room.close();
    this.rooms.delete(room.key);
  }

  private announceProducer(producer: types.Producer, roomKey: string, seminarId: string): void {
    const app = producer.appData as ProducerAppData;
    const event: ProducerEvent = {
      seminarId,
      roomKey,
      producerId: producer.id,
      userId: app.userId,
      source: app.source,
      kind: producer.kind,
      role: this.peers.get(app.peerId)?.identity.role,
    };
    producer.observer.once('close', () => this.emit('producerClosed', event));
    this.emit('producerAdded', event);
  }

  private async rebuildRoomsOn(slot: number): Promise<void> {
    const rooms = await Promise.allSettled(this.rooms.values());
    await Promise.allSettled(
      rooms.flatMap((r) => (r.status === 'fulfilled' && r.value.usesSlot(slot) ? [r.value.handleWorkerDeath()] : [])),
    );
  }

  private roomOptions(): MediaRoomOptions {
    return {
      listenIp: this.options.listenIp,
      announcedIp: this.options.announcedIp,
      limits: this.limits,
      speaker: this.options.speaker,
      maxIncomingBitrate: 5_000_000,
    };
  }

  private roomHooks(roomKey: string, seminarId: string) {
    return {
      speakStart: (userId: string, at: Date) => this.emit('speakStart', { seminarId, userId, at }),
      speakEnd: (userId: string, at: Date, durationMs: number) =>
        this.emit('speakEnd', { seminarId, userId, at, durationMs }),
      activeSpeaker: (userId: string) => this.emit('activeSpeaker', { seminarId, roomKey, userId }),
      producerAdded: (producer: types.Producer) => {
        this.recorders
          .get(roomKey)
          ?.addProducer(producer)
          .catch((err: unknown) => this.logger.error({ err, roomKey }, 'could not record a new producer'));
        this.announceProducer(producer, roomKey, seminarId);
      },
      routerReplaced: () => this.recorders.get(roomKey)?.detachAll(),
    };
  }
}

/**
 * Forwards the service's speaking events to socket.io audiences with the seed 000 event names
 * (`active_speaker` to the room's audience, `speak_start`/`speak_end` to the whole seminar).
 */
export function forwardSpeakingEvents(
  media: MediaService,
  emit: (room: string, event: string, data: Record<string, unknown>) => void,
): void {
  const timestamp = () => new Date().toISOString();
  media.on('activeSpeaker', (e) =>
    emit(audienceRoom(e.roomKey), 'active_speaker', { user_id: e.userId, room_key: e.roomKey, timestamp: timestamp() }),
  );
  media.on('speakStart', (e) =>
    emit(audienceRoom(e.seminarId), 'speak_start', {
      user_id: e.userId,
      at: e.at.toISOString(),
      timestamp: timestamp(),
    }),
  );
  media.on('speakEnd', (e) =>
    emit(audienceRoom(e.seminarId), 'speak_end', {
      user_id: e.userId,
      at: e.at.toISOString(),
      duration_ms: e.durationMs,
      timestamp: timestamp(),
    }),
  );
}
