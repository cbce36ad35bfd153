import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * `maxRetriesPerRequest: null` is what bullmq requires of its connections, and it also makes commands wait
 * through a Redis restart instead of failing the request that happened to be in flight.
 */
export function createRedis(url: string, logger: Logger, name = 'main'): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    connectionName: `eduforum-${name}`,
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    if (err.message !== lastError) logger.warn({ err: err.message, connection: name }, 'redis error');
    lastError = err.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  return (await redis.ping()) === 'PONG';
}

/** QUIT when Redis answers, otherwise drop the socket: a QUIT queued for a dead server would wait forever. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    const quit = redis.quit().then(
      () => undefined,
      () => undefined,
    );
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
    await Promise.race([quit, timeout]);
  }
  redis.disconnect();
}
