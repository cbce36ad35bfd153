import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, toFile } from 'openai';
import type { z } from 'zod';

/** What a call is for; usage is accounted per course and feature. */
export type AiFeature = 'quiz' | 'summary' | 'transcript' | 'embeddings';

export interface CallContext {
  course: string;
  feature: AiFeature;
}

export interface AiPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  transcribePerMinute: number;
}

export interface AiClientSettings {
  baseUrl: string | undefined;
  model: string;
  transcribeModel: string;
  embeddingModel: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  prices: AiPrices;
}

export interface UsageRecord {
  model: string;
  promptTokens: number;
  completionTokens: number;
  audioSeconds: number;
  costUsd: number;
  failed: boolean;
}

export type UsageSink = (ctx: CallContext, usage: UsageRecord) => Promise<void>;

export type AiErrorKind =
  | 'not_configured'
  | 'disabled'
  | 'rate_limited'
  | 'timeout'
  | 'provider_error'
  | 'rejected'
  | 'malformed_output'
  | 'no_context';

/** Every failure of the AI layer; messages are safe to show (never provider bodies or model output). */
export class AiError extends Error {
  constructor(
    readonly kind: AiErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AiError';
  }
}

const RETRY_MAX_MS = 30_000;
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Exponential back-off with ±20 % jitter, or the server's Retry-After when it sent one; both capped. */
export function retryDelayMs(attempt: number, baseMs: number, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, RETRY_MAX_MS);
  return Math.min(Math.round(baseMs * 2 ** attempt * (0.8 + 0.4 * random())), RETRY_MAX_MS);
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (ms > 0) return ms;
  const seconds = headers?.get('retry-after');
  if (!seconds) return undefined;
  if (/^\d+(\.\d+)?$/.test(seconds)) return Number(seconds) * 1000;
  const date = Date.parse(seconds);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Maps what the openai client throws onto our kinds, and says whether another try may succeed. */
export function classifyError(err: unknown): { error: AiError; retry: boolean; retryAfterMs?: number } {
  if (err instanceof AiError) return { error: err, retry: false };
  if (err instanceof APIConnectionTimeoutError) {
    return { error: new AiError('timeout', 'The AI provider did not answer in time'), retry: true };
  }
  if (err instanceof APIConnectionError) {
    return { error: new AiError('provider_error', 'The AI provider cannot be reached'), retry: true };
  }
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 429) {
      return {
        error: new AiError('rate_limited', 'The AI provider is rate limiting requests', { status }),
        retry: true,
        retryAfterMs: retryAfterMs(err.headers),
      };
    }
    if (status >= 500 || status === 408) {
      return {
        error: new AiError('provider_error', `The AI provider failed (HTTP ${status})`, { status }),
        retry: true,
      };
    }
    return {
      error: new AiError('rejected', `The AI provider refused the request (HTTP ${status})`, { status }),
      retry: false,
    };
  }
  return { error: new AiError('provider_error', 'The AI call failed'), retry: false };
}

export function costUsd(prices: AiPrices, usage: Omit<UsageRecord, 'costUsd' | 'failed' | 'model'>): number {
  const cost =
    (usage.promptTokens * prices.inputPerMTok + usage.completionTokens * prices.outputPerMTok) / 1_000_000 +
    (usage.audioSeconds / 60) * prices.transcribePerMinute;
  return Math.round(cost * 1e8) / 1e8;
}

export interface ProviderHealth {
  lastSuccessAt?: number;
  lastFailureAt?: number;
  lastFailureKind?: AiErrorKind;
}

export interface ChatPrompt {
  system: string;
  user: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One provider endpoint + key. The openai client is created on first use because its constructor throws
 * without a key; its own retries are off so back-off, Retry-After and accounting happen here. The key and the
 * openai client (which holds it) sit in #private fields, so logging or serialising an AiClient cannot leak it.
 */
export class AiClient {
  readonly health: ProviderHealth = {};
  readonly #apiKey: string | undefined;
  #openai: OpenAI | undefined;

  constructor(
    apiKey: string | undefined,
    readonly settings: AiClientSettings,
    private readonly onUsage: UsageSink,
  ) {
    this.#apiKey = apiKey;
  }

  private client(): OpenAI {
    // Checked here, not left to the openai constructor, which would fall back to process.env.OPENAI_API_KEY.
    if (!this.#apiKey) throw new AiError('not_configured', 'No AI provider key is configured');
    this.#openai ??= new OpenAI({
      apiKey: this.#apiKey,
      baseURL: this.settings.baseUrl ?? DEFAULT_BASE_URL,
      organization: null,
      project: null,
      timeout: this.settings.timeoutMs,
      maxRetries: 0,
    });
    return this.#openai;
  }

  private async call<T>(
    ctx: CallContext,
    model: string,
    run: (openai: OpenAI) => Promise<T>,
    measure: (result: T) => Omit<UsageRecord, 'costUsd' | 'failed' | 'model'>,
  ): Promise<T> {
    const openai = this.client();
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await run(openai);
        const usage = measure(result);
        this.health.lastSuccessAt = Date.now();
        await this.onUsage(ctx, { model, ...usage, costUsd: costUsd(this.settings.prices, usage), failed: false });
        return result;
      } catch (err) {
        const { error, retry, retryAfterMs } = classifyError(err);
        if (retry && attempt < this.settings.maxRetries) {
          await sleep(retryDelayMs(attempt, this.settings.retryBaseMs, retryAfterMs));
          continue;
        }
        this.health.lastFailureAt = Date.now();
        this.health.lastFailureKind = error.kind;
        const none = { promptTokens: 0, completionTokens: 0, audioSeconds: 0 };
        await this.onUsage(ctx, { model, ...none, costUsd: 0, failed: true });
        throw error;
      }
    }
  }

  private async chatText(ctx: CallContext, messages: OpenAI.Chat.ChatCompletionMessageParam[]): Promise<string> {
    const model = this.settings.model;
    const completion = await this.call(
      ctx,
      model,
      (openai) => openai.chat.completions.create({ model, messages, response_format: { type: 'json_object' } }),
      (c) => ({
        promptTokens: c.usage?.prompt_tokens ?? 0,
        completionTokens: c.usage?.completion_tokens ?? 0,
        audioSeconds: 0,
      }),
    );
    return completion.choices[0]?.message?.content ?? '';
  }

  /**
   * JSON-mode chat validated by `schema`. A reply that is not JSON or not the shape gets one repair turn that
   * names the problem; a second bad reply is a `malformed_output` error (the raw reply is never passed on).
   */
  async chatJson<S extends z.ZodType>(ctx: CallContext, schema: S, prompt: ChatPrompt): Promise<z.infer<S>> {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ];
    let problem = '';
    for (let turn = 0; turn < 2; turn++) {
      const content = await this.chatText(ctx, messages);
      const parsed = parseJson(content);
      if (parsed.ok) {
        const result = schema.safeParse(parsed.value);
        if (result.success) return result.data;
        problem = result.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
      } else {
        problem = 'the reply was not valid JSON';
      }
      messages.push(
        { role: 'assistant', content },
        { role: 'user', content: `Your reply cannot be used: ${problem}. Reply again with only the JSON object.` },
      );
    }
    throw new AiError('malformed_output', 'The AI returned an unusable answer twice; try again or write it by hand', {
      problem,
    });
  }

  async transcribe(
    ctx: CallContext,
    audio: Buffer,
    options: { filename: string; durationSeconds: number; language?: string },
  ): Promise<string> {
    const model = this.settings.transcribeModel;
    const result = await this.call(
      ctx,
      model,
      async (openai) =>
        openai.audio.transcriptions.create({
          model,
          file: await toFile(audio, options.filename),
          language: options.language,
          response_format: 'json',
        }),
      () => ({ promptTokens: 0, completionTokens: 0, audioSeconds: options.durationSeconds }),
    );
    return result.text;
  }

  async embed(ctx: CallContext, texts: string[]): Promise<number[][]> {
    const model = this.settings.embeddingModel;
    const result = await this.call(
      ctx,
      model,
      (openai) => openai.embeddings.create({ model, input: texts, encoding_format: 'float' }),
      (r) => ({ promptTokens: r.usage?.prompt_tokens ?? 0, completionTokens: 0, audioSeconds: 0 }),
    );
    return result.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
