import { EventEmitter } from 'node:events';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { ParticipationEventModel, ParticipationSummary } from '../store/models/participation.js';
import {
  foldIncrements,
  participationEventSchema,
  type ParticipationEvent,
  type SummaryIncrement,
} from './participation-event.js';

export interface ParticipationPipelineOptions {
  flushIntervalMs?: number;
  maxBatch?: number;
  /** Past this many unwritten events (store down for long) the oldest are dropped and logged. */
  maxPending?: number;
}

export interface ParticipationPipelineEvents {
  /** After a flush: the (seminar, user) pairs whose summaries changed, for live dashboards. */
  flushed: [touched: Array<{ seminarId: string; userId: string }>];
}

type Folded = ReturnType<typeof foldIncrements> extends Map<string, infer V> ? V : never;

/**
 * Buffers participation events and writes them in batches: the raw events (for timelines and exports) and
 * one `$inc` per touched summary (so reading a summary never scans events). The two writes retry
 * independently, so a failed summary update is not applied twice when the event insert succeeded.
 */
export class ParticipationPipeline extends EventEmitter<ParticipationPipelineEvents> {
  private events: ParticipationEvent[] = [];
  private increments = new Map<string, Folded>();
  private readonly timer: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(
    private readonly logger: Logger,
    options: ParticipationPipelineOptions = {},
  ) {
    super();
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxPending = options.maxPending ?? 100_000;
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  /** Validates and queues one event; throws on a malformed event so the caller's bug surfaces at once. */
  record(event: ParticipationEvent): void {
    const valid = participationEventSchema.parse(event);
    this.events.push(valid);
    for (const [key, entry] of foldIncrements([valid])) mergeInto(this.increments, key, entry);
    if (this.events.length > this.maxPending) {
      const dropped = this.events.splice(0, this.events.length - this.maxPending);
      this.logger.error({ dropped: dropped.length }, 'participation events dropped: store unavailable too long');
    }
    if (this.events.length >= this.maxBatch) void this.flush();
  }

  get pending(): number {
    return this.events.length;
  }

  /** Writes everything queued when its turn comes; writes never overlap, so retries keep their order. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.writeBatch());
    return this.chain;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeBatch(): Promise<void> {
    const batch = this.events;
    this.events = [];
    const increments = this.increments;
    this.increments = new Map();
    const touched = [...increments.values()].map(({ seminarId, userId }) => ({ seminarId, userId }));

    const results = await Promise.allSettled([insertEvents(batch), applyIncrements(increments)]);
    if (results[0].status === 'rejected') {
      this.events = batch.concat(this.events);
      this.logger.warn(
        { err: String(results[0].reason), events: batch.length },
        'participation events not written; will retry',
      );
    }
    if (results[1].status === 'rejected') {
      for (const [key, entry] of increments) mergeInto(this.increments, key, entry);
      this.logger.warn({ err: String(results[1].reason) }, 'participation summaries not updated; will retry');
    } else if (touched.length > 0) {
      this.emit('flushed', touched);
    }
  }
}

function mergeInto(target: Map<string, Folded>, key: string, entry: Folded): void {
  const existing = target.get(key);
  if (!existing) {
    target.set(key, { ...entry, inc: { ...entry.inc } });
    return;
  }
  for (const [field, amount] of Object.entries(entry.inc) as [keyof SummaryIncrement, number][]) {
    existing.inc[field] = (existing.inc[field] ?? 0) + amount;
  }
  if (entry.lastActivityAt && (!existing.lastActivityAt || entry.lastActivityAt > existing.lastActivityAt)) {
    existing.lastActivityAt = entry.lastActivityAt;
  }
}

async function insertEvents(batch: ParticipationEvent[]): Promise<void> {
  if (batch.length === 0) return;
  await ParticipationEventModel.insertMany(
    batch.map((e) => ({
      seminar: new Types.ObjectId(e.seminarId),
      course: new Types.ObjectId(e.courseId),
      user: new Types.ObjectId(e.userId),
      type: e.type,
      at: e.at,
      value: e.value,
      correct: e.correct,
    })),
    { ordered: false },
  );
}

async function applyIncrements(increments: Map<string, Folded>): Promise<void> {
  if (increments.size === 0) return;
  await ParticipationSummary.bulkWrite(
    [...increments.values()].map((entry) => ({
      updateOne: {
        filter: { seminar: new Types.ObjectId(entry.seminarId), user: new Types.ObjectId(entry.userId) },
        update: {
          $inc: entry.inc,
          $setOnInsert: { course: new Types.ObjectId(entry.courseId) },
          ...(entry.lastActivityAt ? { $max: { lastActivityAt: entry.lastActivityAt } } : {}),
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}
