import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { ParticipationEvent } from '../analytics/index.js';
import type { DueTimers } from './timers.js';

/** Where countable acts go (the analytics ParticipationPipeline in the tool; nothing in bare live tests). */
export interface ParticipationSink {
  record(event: ParticipationEvent): void;
}

const NO_SINK: ParticipationSink = { record: () => undefined };

/** socket.io room names (interfaces.md). */
export const channels = {
  seminar: (seminarId: string) => `seminar:${seminarId}`,
  staff: (seminarId: string) => `seminar:${seminarId}:staff`,
  breakout: (seminarId: string, breakoutId: string) => `seminar:${seminarId}:breakout:${breakoutId}`,
  user: (userId: string) => `user:${userId}`,
};

/** Server → client payloads carry the seed's `data` plus an ISO `timestamp` (DESIGN.md §4). */
export function stamp<T extends object>(data: T): T & { timestamp: string } {
  return { ...data, timestamp: new Date().toISOString() };
}

/**
 * What every live feature shares. The socket.io server is bound when the tool attaches it, after the HTTP
 * app (whose REST routes also drive the live room) is built.
 */
export class LiveContext {
  private server: Server | undefined;
  private readonly activeSeminars = new Set<string>();

  constructor(
    readonly redis: Redis,
    readonly logger: Logger,
    readonly timers: DueTimers,
    readonly participation: ParticipationSink = NO_SINK,
  ) {}

  bind(io: Server): void {
    this.server = io;
  }

  get io(): Server {
    if (!this.server) throw new Error('live room used before a socket.io server was attached');
    return this.server;
  }

  /** Seminars with participation activity on this process since the last call. */
  markActive(seminarId: string): void {
    this.activeSeminars.add(seminarId);
  }

  takeActiveSeminars(): string[] {
    const ids = [...this.activeSeminars];
    this.activeSeminars.clear();
    return ids;
  }

  emit(target: string | string[], event: string, data: object): void {
    this.io.to(target).emit(event, stamp(data));
  }
}
