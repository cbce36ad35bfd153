import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config/index.js';
import { createLaunch, SessionTokens } from '../launch/index.js';
import { GradeSyncService } from './grade-sync/index.js';
import { AppError } from './http/index.js';
import { launchStore } from './launch-store.js';
import { createLogger } from './logger.js';
import { rosterStore } from './roster/index.js';
import { openStores } from './store/index.js';

/**
 * The AGS score workers without the web server, for `npm run worker` beside tool processes started with
 * GRADE_SYNC_IN_PROCESS=0. Needs the same MONGO_URL, REDIS_URL and LTI_ENCRYPTION_KEY as the tool.
 */
export async function startGradeWorkers(config: Config, logger: Logger): Promise<{ close(): Promise<void> }> {
  const stores = await openStores(config, logger);
  const launch = await createLaunch({
    ...config.lti,
    devPlatform: false,
    dynamicRegistration: false,
    mongoUrl: stores.mongoUrl,
    toolUrl: () => config.http.publicUrl,
    store: launchStore,
    rosterStore,
    roster: config.roster,
    tokens: new SessionTokens(config.session.secret, config.session.ttlSeconds),
    logger,
    apiError: (code, message, details) => new AppError(code, message, details),
  });
  const grades = new GradeSyncService({
    connection: () => stores.newRedis('grade-worker'),
    accessToken: launch.accessToken,
    logger,
    runWorker: true,
    attempts: config.grades.attempts,
    baseDelayMs: config.grades.baseDelayMs,
  });
  await grades.start();
  logger.info('AGS score workers running');
  return {
    async close() {
      await grades.close();
      launch.close();
      await stores.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const workers = await startGradeWorkers(config, logger);
  const stop = () => {
    workers.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
