import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from './logger.js';
import { startToolServer } from './server.js';

/** Process entry: config → server → signal handling. Exit codes: 1 bad config or failed start. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let server;
  try {
    server = await startToolServer(config, logger);
  } catch (err) {
    logger.fatal({ err }, 'EduForum Live failed to start');
    process.exit(1);
  }
  const running = server;
  process.stdout.write(`\nEduForum Live is running: ${running.url}/\n`);
  if (config.lti.devPlatform)
    process.stdout.write(`Dev LMS (launch as instructor or student): ${running.url}/dev-lms/\n`);
  process.stdout.write('\n');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    running
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
