import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { AiCourseSetting, AiCredential, AiUsage } from '../store/index.js';
import { AiClient, AiError, type AiClientSettings, type CallContext, type UsageRecord } from './ai-client.js';
import { openSecret, sealSecret, SecretBoxError } from './secret-box.js';

export const ASSISTS = ['transcript', 'checkpoint_quiz', 'ai_quiz', 'summary_note', 'qa_clustering'] as const;
export type AssistName = (typeof ASSISTS)[number];

export type OffReason = 'no_api_key' | 'no_encryption_key' | 'course_disabled' | 'provider_failing' | 'no_audio_tap';

export interface AssistStatus {
  on: boolean;
  reason?: OffReason;
  /** How it works right now when there is a choice (Q&A clustering: embeddings or the lexical fallback). */
  method?: string;
}

export interface AiStatus {
  enabled: boolean;
  reason?: OffReason;
  key_source: 'platform' | 'deployment' | null;
  model: string | null;
  assists: Record<AssistName, AssistStatus>;
}

/** Who is asking: the session token's course and LMS platform (issuer). */
export interface AiScope {
  course: string;
  platform: string;
  deploymentId?: string;
}

/** A provider failure newer than the last success marks the provider failing for this long. */
const FAILING_WINDOW_MS = 5 * 60_000;

interface ResolvedKey {
  source: 'platform' | 'deployment';
  apiKey: string;
  baseUrl: string | undefined;
}

type AiConfig = Config['openai'];

export interface AiServiceDeps {
  config: AiConfig;
  logger: Logger;
  /** Whether a media tap feeds instructor audio to speech-to-text (the media team wires it). */
  audioTapAvailable?: () => boolean;
}

function utcDay(at = new Date()): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The AI composition: which key serves a course, the per-course switch, usage accounting and the status the
 * UI shows. Keys leave this class only inside the openai client's Authorization header.
 */
export class AiService {
  private readonly clients = new Map<string, AiClient>();
  private readonly config: AiConfig;
  private readonly logger: Logger;
  private readonly audioTapAvailable: () => boolean;

  constructor(deps: AiServiceDeps) {
    this.config = deps.config;
    this.logger = deps.logger;
    this.audioTapAvailable = deps.audioTapAvailable ?? (() => false);
  }

  /** The configured check-in phrases (the defaults when none are set) and cooldown. */
  get checkpointOptions(): { phrases?: readonly string[]; cooldownMs: number } {
    const { phrases, cooldownMs } = this.config.checkpoint;
    return phrases.length > 0 ? { phrases, cooldownMs } : { cooldownMs };
  }

  private async resolveKey(scope: AiScope): Promise<ResolvedKey | { off: OffReason }> {
    const credentials = await AiCredential.find({
      platform: scope.platform,
      deploymentId: { $in: ['', scope.deploymentId ?? ''] },
    }).lean();
    const credential = credentials.sort((a, b) => b.deploymentId.length - a.deploymentId.length)[0];
    if (credential?.sealedKey) {
      if (!this.config.encryptionKey) return { off: 'no_encryption_key' };
      try {
        const apiKey = openSecret(credential.sealedKey, this.config.encryptionKey);
        return { source: 'platform', apiKey, baseUrl: credential.baseUrl ?? this.config.baseUrl };
      } catch (err) {
        if (!(err instanceof SecretBoxError)) throw err;
        this.logger.error({ platform: scope.platform }, 'stored AI key cannot be decrypted with AI_ENCRYPTION_KEY');
        return { off: 'no_encryption_key' };
      }
    }
    if (this.config.apiKey) return { source: 'deployment', apiKey: this.config.apiKey, baseUrl: this.config.baseUrl };
    return { off: 'no_api_key' };
  }

  private clientForKey(key: ResolvedKey): AiClient {
    const id = createHash('sha256')
      .update(`${key.baseUrl ?? ''}\n${key.apiKey}`)
      .digest('hex');
    let client = this.clients.get(id);
    if (!client) {
      const settings: AiClientSettings = {
        baseUrl: key.baseUrl,
        model: this.config.model,
        transcribeModel: this.config.transcribeModel,
        embeddingModel: this.config.embeddingModel,
        timeoutMs: this.config.timeoutMs,
        maxRetries: this.config.maxRetries,
        retryBaseMs: this.config.retryBaseMs,
        prices: this.config.prices,
      };
      client = new AiClient(key.apiKey, settings, (ctx, usage) => this.recordUsage(ctx, usage));
      this.clients.set(id, client);
    }
    return client;
  }

  private async courseEnabled(course: string): Promise<boolean> {
    const setting = await AiCourseSetting.findOne({ course }).lean();
    return setting?.enabled ?? true;
  }

  /** The client for this course, or an AiError saying why AI is off for it. */
  async clientFor(scope: AiScope): Promise<AiClient> {
    if (!(await this.courseEnabled(scope.course))) {
      throw new AiError('disabled', 'AI assistance is switched off for this course', { reason: 'course_disabled' });
    }
    const key = await this.resolveKey(scope);
    if ('off' in key)
      throw new AiError('not_configured', 'No usable AI provider key is configured', { reason: key.off });
    return this.clientForKey(key);
  }

  async status(scope: AiScope): Promise<AiStatus> {
    const key = await this.resolveKey(scope);
    const enabled = await this.courseEnabled(scope.course);
    let reason: OffReason | undefined = 'off' in key ? key.off : enabled ? undefined : 'course_disabled';
    if (!reason && !('off' in key)) {
      const health = this.clientForKey(key).health;
      const failing =
        health.lastFailureAt !== undefined &&
        health.lastFailureAt > (health.lastSuccessAt ?? 0) &&
        Date.now() - health.lastFailureAt < FAILING_WINDOW_MS;
      if (failing) reason = 'provider_failing';
    }
    const llm: AssistStatus = reason ? { on: false, reason } : { on: true };
    const audio: AssistStatus = llm.on && !this.audioTapAvailable() ? { on: false, reason: 'no_audio_tap' } : llm;
    return {
      enabled: !reason,
      ...(reason ? { reason } : {}),
      key_source: 'off' in key ? null : key.source,
      model: 'off' in key ? null : this.config.model,
      assists: {
        transcript: audio,
        checkpoint_quiz: audio,
        ai_quiz: llm,
        summary_note: llm,
        // Clustering always works: embeddings when the provider is usable, character n-grams otherwise.
        qa_clustering: { on: true, method: llm.on ? 'embeddings' : 'lexical' },
      },
    };
  }

  async recordUsage(ctx: CallContext, usage: UsageRecord): Promise<void> {
    await AiUsage.findOneAndUpdate(
      { course: ctx.course, day: utcDay(), model: usage.model, feature: ctx.feature },
      {
        $inc: {
          requests: 1,
          failures: usage.failed ? 1 : 0,
          promptTokens: usage.promptTokens,
          completionTokens: usage.completionTokens,
          audioSeconds: usage.audioSeconds,
          costUsd: usage.costUsd,
        },
      },
      { upsert: true },
    );
  }

  async usage(course: string, from: string, to: string) {
    const rows = await AiUsage.find({ course, day: { $gte: from, $lte: to } })
      .sort({ day: 1 })
      .lean();
    const days = rows.map((r) => ({
      day: r.day,
      model: r.model,
      feature: r.feature,
      requests: r.requests,
      failures: r.failures,
      prompt_tokens: r.promptTokens,
      completion_tokens: r.completionTokens,
      audio_seconds: r.audioSeconds,
      cost_usd: r.costUsd,
    }));
    const total = days.reduce(
      (t, d) => ({
        requests: t.requests + d.requests,
        prompt_tokens: t.prompt_tokens + d.prompt_tokens,
        completion_tokens: t.completion_tokens + d.completion_tokens,
        audio_seconds: t.audio_seconds + d.audio_seconds,
        cost_usd: Math.round((t.cost_usd + d.cost_usd) * 1e8) / 1e8,
      }),
      { requests: 0, prompt_tokens: 0, completion_tokens: 0, audio_seconds: 0, cost_usd: 0 },
    );
    return { course_id: course, from, to, total, days };
  }

  async setCourseEnabled(course: string, enabled: boolean, by: string): Promise<void> {
    await AiCourseSetting.findOneAndUpdate({ course }, { enabled, updatedBy: by }, { upsert: true });
  }

  /** Seals and stores a platform's key; the answer and the log carry only the last four characters. */
  async setPlatformKey(input: {
    platform: string;
    deploymentId?: string;
    apiKey: string;
    baseUrl?: string;
    by: string;
  }): Promise<{ key_hint: string }> {
    if (!this.config.encryptionKey) {
      throw new AiError('not_configured', 'AI_ENCRYPTION_KEY must be set to store provider keys', {
        reason: 'no_encryption_key',
      });
    }
    const keyHint = `…${input.apiKey.slice(-4)}`;
    await AiCredential.findOneAndUpdate(
      { platform: input.platform, deploymentId: input.deploymentId ?? '' },
      {
        sealedKey: sealSecret(input.apiKey, this.config.encryptionKey),
        keyHint,
        baseUrl: input.baseUrl,
        updatedBy: input.by,
      },
      { upsert: true },
    );
    this.logger.info({ platform: input.platform, keyHint }, 'AI provider key stored');
    return { key_hint: keyHint };
  }
}
