import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../http/index.js';
import type { RateRule } from './limits.js';

/**
 * Sliding-window log per user and bucket in one Lua call. Refused attempts are not logged, so a flooder
 * regains budget as their accepted events age out. KEYS: log. ARGV: now, window, max, member.
 * Returns { 1 } when accepted, { 0, oldestAcceptedAt } when refused.
 */
const SLIDING_WINDOW = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return { 0, tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) }
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return { 1 }`;

/**
 * Per-user rate limit in Redis, so one user's sockets on any tool process share one budget. Throws
 * RATE_LIMITED with the wait in `details.retry_after_ms` when the window is spent.
 */
export async function consumeRate(redis: Redis, name: string, userId: string, rule: RateRule): Promise<void> {
  const now = Date.now();
  const [accepted, oldest] = (await redis.eval(
    SLIDING_WINDOW,
    1,
    `rl:${name}:${userId}`,
    now,
    rule.windowMs,
    rule.max,
    `${now}:${randomUUID()}`,
  )) as [number, number?];
  if (accepted === 1) return;
  const retry = Math.max(1, (oldest ?? now) + rule.windowMs - now);
  throw new AppError('RATE_LIMITED', `Too many ${name} events; slow down`, { retry_after_ms: retry });
}
