import { startEmbeddedMongo, startEmbeddedRedis, type EmbeddedService } from '../../tool/store/index.js';
import type { EmbeddedRedis } from '../../tool/store/embedded-redis.js';

/**
 * The real Mongo-wire store and a real redis-server, started once per test run on first use and stopped by
 * the root hook. Tests that kill or restart a service start their own instead.
 */
let shared: Promise<{ mongo: EmbeddedService; redis: EmbeddedRedis }> | undefined;

export function sharedServices(): Promise<{ mongoUrl: string; redisUrl: string }> {
  shared ??= (async () => ({ mongo: await startEmbeddedMongo(), redis: await startEmbeddedRedis() }))();
  return shared.then(({ mongo, redis }) => ({ mongoUrl: mongo.url, redisUrl: redis.url }));
}

export async function stopSharedServices(): Promise<void> {
  if (!shared) return;
  const { mongo, redis } = await shared;
  shared = undefined;
  await Promise.allSettled([mongo.stop(), redis.stop()]);
}
