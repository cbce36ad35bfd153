import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const DUE_KEY = 'live:due';
const RETRY_MS = 5_000;

/**
 * Due times (poll auto-close, breakout warning and end) in one Redis sorted set that every tool process
 * polls; whoever removes a due member first handles it, so each fires once even with several processes and
 * still fires after a restart. Features re-add their due times from Mongo on start in case Redis was wiped.
 */
export class DueTimers {
  private readonly handlers = new Map<string, (id: string) => Promise<void>>();
  private interval: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly intervalMs = 200,
  ) {}

  on(kind: string, handler: (id: string) => Promise<void>): void {
    this.handlers.set(kind, handler);
  }

  async schedule(kind: string, id: string, at: Date, onlyIfAbsent = false): Promise<void> {
    if (onlyIfAbsent) await this.redis.zadd(DUE_KEY, 'NX', at.getTime(), `${kind}:${id}`);
    else await this.redis.zadd(DUE_KEY, at.getTime(), `${kind}:${id}`);
  }

  async cancel(kind: string, id: string): Promise<void> {
    await this.redis.zrem(DUE_KEY, `${kind}:${id}`);
  }

  start(): void {
    this.interval ??= setInterval(() => void this.tick(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.interval);
    this.interval = undefined;
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.redis.status !== 'ready') return;
    this.ticking = true;
    try {
      const due = await this.redis.zrangebyscore(DUE_KEY, '-inf', Date.now(), 'LIMIT', 0, 50);
      for (const member of due) {
        if ((await this.redis.zrem(DUE_KEY, member)) !== 1) continue;
        const split = member.indexOf(':');
        const kind = member.slice(0, split);
        const id = member.slice(split + 1);
        const handler = this.handlers.get(kind);
        if (!handler) continue;
        await handler(id).catch(async (err: unknown) => {
          this.logger.error({ err, kind, id }, 'due timer failed; retrying');
          await this.redis.zadd(DUE_KEY, Date.now() + RETRY_MS, member);
        });
      }
    } catch (err) {
      this.logger.warn({ err }, 'due timer tick failed');
    } finally {
      this.ticking = false;
    }
  }
}
