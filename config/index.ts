import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Parses the usual spellings of a boolean env var; anything else is a configuration error. */
const envBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''].includes(v), {
    message: 'expected one of 1/0, true/false, yes/no, on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = z.url().optional();
const commaList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .default([]);

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: optionalUrl,
    TRUST_PROXY: envBoolean.default(false),
    MONGO_URL: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URL')
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
      .optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LTI_ENCRYPTION_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    LTI_REGISTRATIONS_DIR: z.string().min(1).default('./lti-registrations'),
    LTI_DYNAMIC_REGISTRATION: envBoolean.default(false),
    DEV_PLATFORM: envBoolean.default(false),
    DEV_PLATFORM_URL: optionalUrl,
    MEDIASOUP_NUM_WORKERS: z.coerce.number().int().min(1).max(64).default(os.cpus().length),
    MEDIASOUP_LISTEN_IP: z.union([z.ipv4(), z.ipv6()]).default('127.0.0.1'),
    MEDIASOUP_ANNOUNCED_IP: z.string().min(1).optional(),
    MEDIASOUP_RTC_MIN_PORT: port.default(40000),
    MEDIASOUP_RTC_MAX_PORT: port.default(49999),
    MEDIASOUP_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
    TURN_URLS: commaList,
    TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: optionalUrl,
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    OPENAI_TRANSCRIBE_MODEL: z.string().min(1).default('whisper-1'),
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(30000),
    OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
    OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    OPENAI_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60000).default(500),
    AI_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).default(0.15),
    AI_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0.6),
    AI_PRICE_TRANSCRIBE_PER_MINUTE: z.coerce.number().min(0).default(0.006),
    AI_CHECKPOINT_PHRASES: commaList,
    AI_CHECKPOINT_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(90),
    AI_CHECKPOINT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(30).default(10),
    AI_TRANSCRIPT_CHUNK_SECONDS: z.coerce.number().min(0.5).max(60).default(15),
    MATERIALS_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    AI_ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex characters (32 bytes)')
      .optional(),
    MODELS_DIR: z.string().min(1).default('./models'),
    EMBEDDING_MODEL: z.string().min(1).default('paraphrase-multilingual-MiniLM-L12-v2'),
    EMBEDDING_QUANTIZED: envBoolean.default(true),
    DATA_DIR: z.string().min(1).default('./data'),
    RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    GRADE_SYNC_IN_PROCESS: envBoolean.default(true),
    AGS_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
    AGS_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600000).default(1000),
    ROSTER_SYNC_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
    NRPS_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
    ANALYTICS_FLUSH_MS: z.coerce.number().int().min(10).max(60000).default(250),
    ALERT_CONSECUTIVE_ABSENCES: z.coerce.number().int().min(1).max(50).default(2),
    ALERT_PARTICIPATION_RATIO: z.coerce.number().min(0.01).max(1).default(0.5),
    ALERT_QUIZ_DROP_POINTS: z.coerce.number().min(1).max(100).default(20),
    ALERT_INACTIVE_MINUTES: z.coerce.number().positive().max(600).default(30),
    ALERT_INACTIVITY_CHECK_SECONDS: z.coerce.number().positive().max(3600).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.MEDIASOUP_RTC_MIN_PORT > env.MEDIASOUP_RTC_MAX_PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['MEDIASOUP_RTC_MAX_PORT'],
        message: 'must not be below MEDIASOUP_RTC_MIN_PORT',
      });
    }
    if (env.NODE_ENV === 'production') {
      for (const name of ['SESSION_SECRET', 'LTI_ENCRYPTION_KEY', 'MONGO_URL', 'REDIS_URL', 'PUBLIC_URL'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV=production' });
      }
      if (env.DEV_PLATFORM) {
        ctx.addIssue({ code: 'custom', path: ['DEV_PLATFORM'], message: 'must be off when NODE_ENV=production' });
      }
    }
    if (env.TURN_URLS.length > 0 && !env.TURN_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TURN_SECRET'], message: 'is required when TURN_URLS is set' });
    }
  });

export type RawEnv = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function buildConfig(env: z.infer<typeof envSchema>, secrets: { session: string; lti: string }) {
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    http: { host: env.HOST, port: env.PORT, publicUrl, trustProxy: env.TRUST_PROXY },
    mongo: { url: env.MONGO_URL },
    redis: { url: env.REDIS_URL },
    session: { secret: secrets.session, ttlSeconds: 2 * 60 * 60 },
    lti: {
      encryptionKey: secrets.lti,
      registrationsDir: path.resolve(env.LTI_REGISTRATIONS_DIR),
      dynamicRegistration: env.LTI_DYNAMIC_REGISTRATION,
      devPlatform: env.DEV_PLATFORM,
      devPlatformUrl: env.DEV_PLATFORM_URL?.replace(/\/+$/, ''),
    },
    mediasoup: {
      numWorkers: env.MEDIASOUP_NUM_WORKERS,
      listenIp: env.MEDIASOUP_LISTEN_IP,
      announcedIp: env.MEDIASOUP_ANNOUNCED_IP,
      rtcMinPort: env.MEDIASOUP_RTC_MIN_PORT,
      rtcMaxPort: env.MEDIASOUP_RTC_MAX_PORT,
      logLevel: env.MEDIASOUP_LOG_LEVEL,
    },
    turn: { urls: env.TURN_URLS, secret: env.TURN_SECRET, ttlSeconds: env.TURN_TTL_SECONDS },
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL,
      model: env.OPENAI_MODEL,
      transcribeModel: env.OPENAI_TRANSCRIBE_MODEL,
      embeddingModel: env.OPENAI_EMBEDDING_MODEL,
      timeoutMs: env.OPENAI_TIMEOUT_MS,
      maxRetries: env.OPENAI_MAX_RETRIES,
      retryBaseMs: env.OPENAI_RETRY_BASE_MS,
      encryptionKey: env.AI_ENCRYPTION_KEY,
      prices: {
        inputPerMTok: env.AI_PRICE_INPUT_PER_MTOK,
        outputPerMTok: env.AI_PRICE_OUTPUT_PER_MTOK,
        transcribePerMinute: env.AI_PRICE_TRANSCRIBE_PER_MINUTE,
      },
      checkpoint: {
        phrases: env.AI_CHECKPOINT_PHRASES,
        cooldownMs: env.AI_CHECKPOINT_COOLDOWN_SECONDS * 1000,
        windowMs: env.AI_CHECKPOINT_WINDOW_MINUTES * 60_000,
      },
      transcriptChunkMs: Math.round(env.AI_TRANSCRIPT_CHUNK_SECONDS * 1000),
    },
    materials: { maxBytes: env.MATERIALS_MAX_BYTES },
    modelsDir: path.resolve(env.MODELS_DIR),
    grading: { embeddingModel: env.EMBEDDING_MODEL, embeddingQuantized: env.EMBEDDING_QUANTIZED },
    dataDir: path.resolve(env.DATA_DIR),
    recording: { dir: path.resolve(env.DATA_DIR, 'recordings'), retentionDays: env.RECORDING_RETENTION_DAYS },
    grades: {
      inProcessWorker: env.GRADE_SYNC_IN_PROCESS,
      attempts: env.AGS_RETRY_ATTEMPTS,
      baseDelayMs: env.AGS_RETRY_BASE_MS,
    },
    roster: { minIntervalMs: env.ROSTER_SYNC_MIN_INTERVAL_SECONDS * 1000, pageSize: env.NRPS_PAGE_SIZE },
    analytics: {
      flushIntervalMs: env.ANALYTICS_FLUSH_MS,
      inactivityCheckMs: Math.round(env.ALERT_INACTIVITY_CHECK_SECONDS * 1000),
      thresholds: {
        consecutiveAbsences: env.ALERT_CONSECUTIVE_ABSENCES,
        participationRatio: env.ALERT_PARTICIPATION_RATIO,
        quizDropPoints: env.ALERT_QUIZ_DROP_POINTS,
        inactiveMinutes: env.ALERT_INACTIVE_MINUTES,
      },
    },
    logLevel: env.LOG_LEVEL,
  };
}

export type Config = ReturnType<typeof buildConfig>;

/**
 * The only reader of the environment. Every bad variable is reported at once so an operator fixes them in
 * one pass. Outside production, missing secrets get random per-process values (tokens then do not survive a
 * restart, which is fine for a dev machine and refused in production by the schema).
 */
export function loadConfig(raw: RawEnv = process.env): Config {
  // An empty variable means "not set" (docker-compose passes `FOO=` through as an empty string).
  const set = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const value = raw[name];
        const shown = value === undefined ? '' : ` (got ${JSON.stringify(redact(name, value))})`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  return buildConfig(env, {
    session: env.SESSION_SECRET ?? randomSecret(),
    lti: env.LTI_ENCRYPTION_KEY ?? randomSecret(),
  });
}

function redact(name: string, value: string): string {
  return /SECRET|KEY|PASSWORD/.test(name) ? '***' : value;
}

function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}
