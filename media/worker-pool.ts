import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { ROUTER_MEDIA_CODECS } from './codecs.js';

export interface WorkerPoolOptions {
  numWorkers: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logLevel: types.WorkerLogLevel;
  /** Delay before a dead worker is replaced, so a crash loop does not spin the CPU. */
  restartDelayMs?: number;
}

export interface WorkerPoolEvents {
  /** A worker died and was replaced; routers that lived on it are gone and must be recreated. */
  workerRestarted: [slot: number, worker: types.Worker, deadPid: number];
  workerDied: [slot: number, error: Error];
}

interface Slot {
  worker: types.Worker | undefined;
  routers: number;
}

/**
 * One mediasoup worker per slot (a slot per core by default). Routers go to the slot with the fewest routers;
 * a worker that dies is replaced in its slot and `workerRestarted` tells the rooms that lived there.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    private readonly options: WorkerPoolOptions,
    private readonly logger: Logger,
  ) {
    super();
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.options.numWorkers; i++) {
      this.slots.push({ worker: undefined, routers: 0 });
      this.slots[i]!.worker = await this.spawn(i);
    }
    this.logger.info({ workers: this.slots.length, pids: this.pids() }, 'mediasoup workers started');
  }

  /** Live workers; /health reports this against the configured count. */
  get liveWorkers(): number {
    return this.slots.filter((s) => s.worker && !s.worker.closed).length;
  }

  get size(): number {
    return this.options.numWorkers;
  }

  pids(): number[] {
    return this.slots.flatMap((s) => (s.worker && !s.worker.closed ? [s.worker.pid] : []));
  }

  /**
   * Creates a router on the least-loaded live worker (avoiding the slots in `avoid` while another is live)
   * and tracks its lifetime for placement.
   */
  async createRouter(
    appData: Record<string, unknown> = {},
    avoid: number[] = [],
  ): Promise<{ router: types.Router; slot: number }> {
    const slotIndex = this.leastLoadedSlot(avoid);
    const slot = this.slots[slotIndex]!;
    const router = await slot.worker!.createRouter({
      mediaCodecs: ROUTER_MEDIA_CODECS,
      appData: { ...appData, slot: slotIndex },
    });
    slot.routers++;
    router.observer.once('close', () => {
      slot.routers = Math.max(0, slot.routers - 1);
    });
    return { router, slot: slotIndex };
  }

  /** Resolves once at least one worker is alive (at once unless every worker is being restarted). */
  whenLive(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('worker pool closed'));
    if (this.liveWorkers > 0) return Promise.resolve();
    return new Promise((resolve) => this.once('workerRestarted', () => resolve()));
  }

  workerAt(slot: number): types.Worker | undefined {
    return this.slots[slot]?.worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) slot.worker?.close();
  }

  private leastLoadedSlot(avoid: number[]): number {
    const live = this.slots.flatMap((slot, i) => (slot.worker && !slot.worker.closed ? [i] : []));
    if (live.length === 0) throw new Error('no live mediasoup worker');
    const preferred = live.filter((i) => !avoid.includes(i));
    const pool = preferred.length > 0 ? preferred : live;
    return pool.reduce((best, i) => (this.slots[i]!.routers < this.slots[best]!.routers ? i : best));
  }

  private async spawn(slotIndex: number): Promise<types.Worker> {
    const worker = await mediasoup.createWorker({
      logLevel: this.options.logLevel,
      rtcMinPort: this.options.rtcMinPort,
      rtcMaxPort: this.options.rtcMaxPort,
      appData: { slot: slotIndex },
    });
    worker.on('died', (error: Error) => this.onDied(slotIndex, worker, error));
    return worker;
  }

  private onDied(slotIndex: number, worker: types.Worker, error: Error): void {
    const slot = this.slots[slotIndex]!;
    slot.routers = 0;
    this.logger.error({ slot: slotIndex, pid: worker.pid, err: error.message }, 'mediasoup worker died');
    this.emit('workerDied', slotIndex, error);
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed) return;
      this.spawn(slotIndex)
        .then((replacement) => {
          slot.worker = replacement;
          this.logger.info({ slot: slotIndex, pid: replacement.pid }, 'mediasoup worker restarted');
          this.emit('workerRestarted', slotIndex, replacement, worker.pid);
        })
        .catch((err: Error) =>
          this.logger.error({ slot: slotIndex, err: err.message }, 'mediasoup worker restart failed'),
        );
    }, this.options.restartDelayMs ?? 500);
  }
}
