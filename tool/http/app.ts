import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { errorHandler, notFoundHandler } from './errors.js';
import { healthRouter, type HealthProbes } from './health.js';
import type { Metrics } from './metrics.js';
import { requestContext } from './request-context.js';
import { securityHeaders } from './security.js';

export const JSON_BODY_LIMIT = '256kb';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  health: HealthProbes;
  trustProxy: boolean;
  /** Origins allowed to frame the tool and receive its form posts (registered LMS platforms). */
  lmsOrigins: () => string[];
  /** Feature routers, mounted in order after the infrastructure routes and before the 404 handler. */
  routers: Array<{ path: string; router: Router | express.RequestHandler }>;
}

/** The express app: request context → security headers → bodies → routes → 404 → error envelope. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.use(requestContext(options.logger, options.metrics.observeHttp));
  app.use(securityHeaders(options.lmsOrigins));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: JSON_BODY_LIMIT }));
  app.use(healthRouter(options.health));
  app.use(options.metrics.router());
  for (const { path, router } of options.routers) app.use(path, router);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
