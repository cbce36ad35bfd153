import type { Redis } from 'ioredis';
import { AppError } from '../http/index.js';
import type { RateRule } from './limits.js';

/**
 * Fixed-window counter in Redis, so one user's sockets on any tool process share one budget. Throws
 * RATE_LIMITED with the wait in `details.retry_after_ms` when the window is spent.
 */
export async function consumeRate(redis: Redis, name: string, userId: string, rule: RateRule): Promise<void> {
  const now = Date.now();
  const window = Math.floor(now / rule.windowMs);
  const key = `rl:${name}:${userId}:${window}`;
  const [[, count]] = (await redis.multi().incr(key).pexpire(key, rule.windowMs).exec()) as [[null, number]];
  if (count > rule.max) {
    const retry = (window + 1) * rule.windowMs - now;
    throw new AppError('RATE_LIMITED', `Too many ${name} events; slow down`, { retry_after_ms: retry });
  }
}
