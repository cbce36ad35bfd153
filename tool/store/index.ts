import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { startEmbeddedMongo, type EmbeddedService } from './embedded-mongo.js';
import { startEmbeddedRedis } from './embedded-redis.js';
import { connectMongo, pingMongo } from './mongo.js';
import { closeRedis, createRedis, pingRedis } from './redis.js';

export * from './models/index.js';
export { startEmbeddedMongo, startEmbeddedRedis, createRedis, pingMongo, pingRedis };
export type { EmbeddedService };

export interface Stores {
  mongoUrl: string;
  redisUrl: string;
  redis: Redis;
  /** Makes a further Redis connection (socket.io adapter and bullmq need their own). */
  newRedis(name: string): Redis;
  embedded: { mongo: boolean; redis: boolean };
  close(): Promise<void>;
}

/**
 * Connects to MONGO_URL / REDIS_URL, or starts the embedded Mongo-wire server and a private redis-server
 * when they are unset (dev and tests). Closing stops whatever was started here, in reverse order.
 */
export async function openStores(config: Config, logger: Logger): Promise<Stores> {
  const started: EmbeddedService[] = [];
  const extraRedis: Redis[] = [];
  try {
    let mongoUrl = config.mongo.url;
    if (!mongoUrl) {
      const mongo = await startEmbeddedMongo();
      started.push(mongo);
      mongoUrl = mongo.url;
      logger.info({ url: mongoUrl }, 'embedded Mongo-wire store started (in-memory; data is lost on exit)');
    }
    let redisUrl = config.redis.url;
    if (!redisUrl) {
      const redis = await startEmbeddedRedis();
      started.push(redis);
      redisUrl = redis.url;
      logger.info({ url: redisUrl, pid: redis.pid }, 'private redis-server started');
    }
    await connectMongo(mongoUrl, logger);
    const redis = createRedis(redisUrl, logger);
    const url = redisUrl;
    return {
      mongoUrl,
      redisUrl,
      redis,
      newRedis(name) {
        const connection = createRedis(url, logger, name);
        extraRedis.push(connection);
        return connection;
      },
      embedded: { mongo: !config.mongo.url, redis: !config.redis.url },
      async close() {
        await Promise.allSettled([...extraRedis, redis].map(closeRedis));
        await mongoose.disconnect();
        for (const service of started.reverse()) await service.stop();
      },
    };
  } catch (err) {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
    throw err;
  }
}
