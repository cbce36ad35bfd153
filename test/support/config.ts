import { loadConfig, type Config, type RawEnv } from '../../config/index.js';
import { sharedServices } from './services.js';

/** A config for an in-process tool server on a random port against the shared real services. */
export async function testConfig(overrides: RawEnv = {}): Promise<Config> {
  const { mongoUrl, redisUrl } = await sharedServices();
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    MONGO_URL: mongoUrl,
    REDIS_URL: redisUrl,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    LOG_LEVEL: 'silent',
    MEDIASOUP_NUM_WORKERS: '1',
    ...overrides,
  });
}
