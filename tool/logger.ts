import { pino, type Logger } from 'pino';

export type { Logger };

/** Field names whose values must never reach a log line. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.token',
  '*.id_token',
  '*.JWT',
  'apiKey',
  'api_key',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.password',
  '*.client_assertion',
  '*.access_token',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'eduforum-live' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination(1),
  );
}
