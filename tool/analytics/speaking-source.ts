import type { Logger } from 'pino';
import type { Rooms } from '../live/index.js';

/** The media service's end-of-turn event (media/ emits it per seminar, breakouts included). */
export interface SpeakEndSource {
  on(
    event: 'speakEnd',
    listener: (e: { seminarId: string; userId: string; at: Date; durationMs: number }) => void,
  ): unknown;
}

/** Each finished speaking turn becomes a `speak` participation event worth its seconds. */
export function recordSpeaking(media: SpeakEndSource, rooms: Rooms, logger: Logger): void {
  media.on('speakEnd', (e) => {
    rooms
      .byId(e.seminarId)
      .then((room) => room.recordParticipation(e.userId, 'speak', { value: e.durationMs / 1000 }))
      .catch((err: unknown) => logger.warn({ err, seminarId: e.seminarId }, 'speaking turn not recorded'));
  });
}
