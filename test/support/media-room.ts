import type { Logger } from 'pino';
import { MediaRoom, type MediaRoomOptions, type RoomHooks } from '../../media/media-room.js';
import { DEFAULT_PEER_LIMITS } from '../../media/limits.js';
import type { WorkerPool } from '../../media/worker-pool.js';
import { vp8RtpParameters } from './rtp.js';

/** Room hooks that ignore speaking and router events, for tests that look at media only. */
export const IGNORED_ROOM_HOOKS: RoomHooks = {
  speakStart: () => undefined,
  speakEnd: () => undefined,
  activeSpeaker: () => undefined,
  producerAdded: () => undefined,
  routerReplaced: () => undefined,
};

/** A MediaRoom listening on 127.0.0.1 with the default peer limits; `options` overrides the rest. */
export function createLocalMediaRoom(
  pool: WorkerPool,
  key: string,
  logger: Logger,
  options: Partial<MediaRoomOptions> = {},
): Promise<MediaRoom> {
  return MediaRoom.create(key, key, {
    pool,
    options: {
      listenIp: '127.0.0.1',
      announcedIp: undefined,
      limits: DEFAULT_PEER_LIMITS,
      maxIncomingBitrate: 5_000_000,
      ...options,
    },
    hooks: IGNORED_ROOM_HOOKS,
    logger,
  });
}

/** A plain-RTP VP8 camera producer of `userId` in `room`, sent to with the returned ip/port. */
export function ingestVp8Camera(room: MediaRoom, userId: string, ssrc: number) {
  return room.ingest({ userId, source: 'camera', kind: 'video', rtpParameters: vp8RtpParameters(ssrc) });
}
