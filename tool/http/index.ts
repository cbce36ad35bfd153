export { createHttpApp, JSON_BODY_LIMIT, type HttpAppOptions } from './app.js';
export {
  AppError,
  ERROR_STATUS,
  errorEnvelope,
  parseOrThrow,
  toAppError,
  validationError,
  zodDetails,
  type ErrorCode,
  type ErrorEnvelope,
} from './errors.js';
export { Metrics, type GaugeSource } from './metrics.js';
export type { HealthProbes } from './health.js';
