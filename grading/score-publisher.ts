import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AGS_MEDIA_TYPES, AGS_SCOPES, resultsUrl, scoresUrl } from './ags/ags-urls.js';
import { AgsError, findOrCreateLineItem, type AgsHttp, type LineItemSpec } from './ags/line-items.js';
import { classifyFailure, retryAfterMs, retryDelayMs } from './ags/retry-policy.js';
import { agsScoreSchema, scoreJobId, type AgsScore } from './ags/score.js';
import { TokenCache, type AccessTokenSource } from './ags/token-cache.js';

export const GRADE_SYNC_STATES = ['queued', 'sending', 'synced', 'failed', 'dead'] as const;
export type GradeSyncState = (typeof GRADE_SYNC_STATES)[number];

/** One student's score for one activity, as handed to the publisher (grading never knows tool ids). */
export interface ScoreRequest {
  issuer: string;
  clientId: string;
  /** `quiz:<id>` or `participation`; one line item per resource link and activity. */
  activity: string;
  lineItemSpec: LineItemSpec;
  /** A line item the platform already gave (Deep Linking / launch claim); found or created otherwise. */
  lineItem?: string;
  score: AgsScore;
  /** The tool's own ids (course, seminar, user), stored with the sync record for the staff view. */
  refs: Record<string, string>;
}

export interface GradeSyncEntry extends ScoreRequest {
  /** issuer|resource link|user|activity: one sync record per student per activity. */
  key: string;
  /** Bumped whenever a different score for the same key is published (PendingManual → FullyGraded). */
  attempt: number;
}

export interface GradeSyncPatch {
  state: GradeSyncState;
  lineItem?: string;
  jobId?: string;
  attempts?: number;
  lastError?: string | null;
  platformStatus?: number;
  platformAnswer?: string;
}

/** Where sync state lives (tool/ implements it over the GradeSync model); it outlives Redis. */
export interface GradeSyncStore {
  /** Upserts as queued; the attempt stays the same (and `changed` is false) when the score is unchanged. */
  save(
    request: ScoreRequest & { key: string },
  ): Promise<{ entry: GradeSyncEntry; changed: boolean; state: GradeSyncState }>;
  update(key: string, attempt: number, patch: GradeSyncPatch): Promise<void>;
  get(key: string): Promise<{ attempt: number; state: GradeSyncState } | null>;
  /** Entries not yet synced and not dead: what a restarted Redis or tool must queue again. */
  unfinished(): Promise<GradeSyncEntry[]>;
  dead(keys?: string[]): Promise<GradeSyncEntry[]>;
}

export interface ScorePublisherOptions {
  connection: () => Redis;
  store: GradeSyncStore;
  accessToken: AccessTokenSource;
  logger: Logger;
  queueName?: string;
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often unfinished records are re-queued (covers a Redis that lost its data). */
  sweepIntervalMs?: number;
  concurrency?: number;
  http?: AgsHttp;
  /** false: only enqueue here; `npm run worker` runs the workers in another process. */
  runWorker?: boolean;
}

const CLOSE_TIMEOUT_MS = 2000;

const SCOPE_NAMES: Record<string, string> = {
  [AGS_SCOPES.score]: 'score',
  [AGS_SCOPES.lineItem]: 'lineitem',
  [AGS_SCOPES.resultReadOnly]: 'result.readonly',
};

/** The instructor-facing message when the platform refuses a scope. */
export function missingScopeMessage(scope: string): string {
  return `The LMS did not grant EduForum Live the AGS "${SCOPE_NAMES[scope] ?? scope}" scope (${scope}). Ask the LMS administrator to enable grade passback for this tool, then retry.`;
}

export function syncKey(request: Pick<ScoreRequest, 'issuer' | 'lineItemSpec' | 'activity' | 'score'>): string {
  return [request.issuer, request.lineItemSpec.resourceLinkId, request.score.userId, request.activity]
    .map(encodeURIComponent)
    .join('|');
}

class RetryableAgsError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * AGS score publication through a bullmq queue (DESIGN.md §6). The GradeSync store is the source of truth:
 * a score is saved there before it is queued and re-queued from there after a Redis or tool restart; job ids
 * (`issuer|lineitem|user|activity|attempt`) make re-queueing a no-op while the job still exists.
 */
export class ScorePublisher {
  readonly queue: Queue;
  private worker?: Worker;
  private readonly tokens: TokenCache;
  private readonly lineItems = new Map<string, Promise<string>>();
  private readonly http: AgsHttp;
  private readonly attempts: number;
  private sweepTimer?: NodeJS.Timeout;
  private readonly watch: Redis;
  private readonly log: Logger;

  constructor(private readonly options: ScorePublisherOptions) {
    this.log = options.logger.child({ component: 'score-publisher' });
    this.http = options.http ?? ((url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(15_000) }));
    this.tokens = new TokenCache(options.accessToken);
    this.attempts = options.attempts ?? 8;
    const name = options.queueName ?? 'ags-scores';
    this.queue = new Queue(name, { connection: options.connection() });
    this.queue.on('error', (err) => this.log.warn({ err: err.message }, 'score queue error'));
    if (options.runWorker !== false) {
      this.worker = new Worker(name, (job: Job<GradeSyncEntry>) => this.process(job), {
        connection: options.connection(),
        concurrency: options.concurrency ?? 4,
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
            retryDelayMs(attemptsMade, {
              baseMs: options.baseDelayMs ?? 1000,
              maxMs: options.maxDelayMs ?? 5 * 60_000,
              retryAfterMs: err instanceof RetryableAgsError ? err.retryAfterMs : undefined,
            }),
        },
      });
      this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'score worker error'));
    }
    // A Redis that comes back empty (restart without persistence) gets the unfinished scores again.
    this.watch = options.connection();
    let first = true;
    this.watch.on('ready', () => {
      if (first) {
        first = false;
        return;
      }
      this.resume().catch((err: unknown) => this.log.warn({ err }, 're-queueing after Redis reconnect failed'));
    });
    const sweep = options.sweepIntervalMs ?? 30_000;
    this.sweepTimer = setInterval(() => {
      this.resume().catch((err: unknown) => this.log.warn({ err }, 'grade sync sweep failed'));
    }, sweep);
    this.sweepTimer.unref();
  }

  /**
   * Validates and records a score, then queues it. A score above its maximum is refused here (zod error),
   * never queued. Publishing the same score again is a no-op.
   */
  async publish(request: ScoreRequest): Promise<GradeSyncEntry> {
    const score = agsScoreSchema.parse(request.score);
    const key = syncKey(request);
    const saved = await this.options.store.save({ ...request, score, key });
    const alreadyHandled = !saved.changed && (saved.state === 'synced' || saved.state === 'dead');
    if (!alreadyHandled) await this.enqueue(saved.entry);
    return saved.entry;
  }

  /** Queues unfinished records again (tool start, Redis reconnect, periodic sweep). */
  async resume(): Promise<number> {
    const entries = await this.options.store.unfinished();
    for (const entry of entries) await this.enqueue(entry);
    return entries.length;
  }

  /** Dead-lettered scores (all, or the given keys) go back to the queue with fresh attempts. */
  async retryDead(keys?: string[]): Promise<number> {
    const entries = await this.options.store.dead(keys);
    for (const entry of entries) {
      if (entry.lineItem) await this.queue.remove(this.jobId(entry, entry.lineItem)).catch(() => 0);
      await this.options.store.update(entry.key, entry.attempt, { state: 'queued', lastError: null, attempts: 0 });
      await this.enqueue(entry);
    }
    return entries.length;
  }

  /** The platform's recorded results of a line item (AGS `/results`), to show drift against ours. */
  async results(issuer: string, clientId: string, lineItem: string) {
    const token = await this.tokens.get(issuer, clientId, [AGS_SCOPES.resultReadOnly]);
    const res = await this.http(resultsUrl(lineItem), {
      method: 'GET',
      headers: { authorization: `Bearer ${token}`, accept: AGS_MEDIA_TYPES.resultContainer },
    });
    if (res.status === 401 || res.status === 403)
      throw new AgsError(missingScopeMessage(AGS_SCOPES.resultReadOnly), res.status);
    if (!res.ok) throw new AgsError(`reading results: HTTP ${res.status}`, res.status);
    return (await res.json()) as Array<{
      userId: string;
      resultScore?: number;
      resultMaximum?: number;
      comment?: string;
    }>;
  }

  /**
   * Stops without waiting on a Redis that is gone (bullmq would wait for it forever); a score whose post was
   * cut short stays unfinished in the store and is queued again by the next start.
   */
  /** Scores waiting to be posted, including those waiting out a back-off (the `eduforum_queue_depth` gauge). */
  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    const closing = Promise.allSettled([this.worker?.close(true), this.queue.close()]);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]);
    this.watch.disconnect();
  }

  private jobId(entry: GradeSyncEntry, lineItem: string): string {
    return scoreJobId({
      issuer: entry.issuer,
      lineItem,
      userId: entry.score.userId,
      activity: entry.activity,
      attempt: entry.attempt,
    });
  }

  private async enqueue(entry: GradeSyncEntry): Promise<void> {
    let lineItem: string;
    try {
      lineItem = entry.lineItem ?? (await this.lineItem(entry));
    } catch (err) {
      // Kept as failed: the sweep tries the line item again; a scope refusal is for the instructor.
      await this.options.store.update(entry.key, entry.attempt, { state: 'failed', lastError: this.describe(err) });
      return;
    }
    const jobId = this.jobId(entry, lineItem);
    await this.options.store.update(entry.key, entry.attempt, { state: 'queued', lineItem, jobId });
    await this.queue.add(
      'score',
      { ...entry, lineItem },
      {
        jobId,
        attempts: this.attempts,
        backoff: { type: 'ags' },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: false,
      },
    );
  }

  private lineItem(entry: GradeSyncEntry): Promise<string> {
    const spec = entry.lineItemSpec;
    const cacheKey = [entry.issuer, spec.lineItemsUrl, spec.resourceLinkId, spec.resourceId].join(' ');
    let found = this.lineItems.get(cacheKey);
    if (!found) {
      found = this.tokens
        .get(entry.issuer, entry.clientId, [AGS_SCOPES.lineItem])
        .then((token) => findOrCreateLineItem(this.http, token, spec));
      this.lineItems.set(cacheKey, found);
      found.catch(() => this.lineItems.delete(cacheKey));
    }
    return found;
  }

  private describe(err: unknown): string {
    if (err instanceof AgsError && (err.status === 401 || err.status === 403)) {
      return missingScopeMessage(AGS_SCOPES.lineItem);
    }
    return err instanceof Error ? err.message : String(err);
  }

  private async post(entry: GradeSyncEntry, lineItem: string): Promise<Response> {
    const send = async () => {
      const token = await this.tokens.get(entry.issuer, entry.clientId, [AGS_SCOPES.score]);
      return this.http(scoresUrl(lineItem), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': AGS_MEDIA_TYPES.score },
        body: JSON.stringify(entry.score),
      });
    };
    const first = await send();
    if (classifyFailure(first.status) !== 'reauthenticate' || first.ok) return first;
    // A 401 usually means the cached token expired: one fresh token, once.
    this.tokens.invalidate(entry.issuer, entry.clientId, [AGS_SCOPES.score]);
    return send();
  }

  private async process(job: Job<GradeSyncEntry>): Promise<void> {
    const entry = job.data;
    const lineItem = entry.lineItem!;
    const current = await this.options.store.get(entry.key);
    if (!current || current.attempt !== entry.attempt || current.state === 'synced') return;
    const attempts = job.attemptsMade + 1;
    await this.options.store.update(entry.key, entry.attempt, { state: 'sending', attempts });
    let status: number | undefined;
    let answer = '';
    let retryAfter: number | undefined;
    try {
      const res = await this.post(entry, lineItem);
      status = res.status;
      answer = (await res.text()).slice(0, 500);
      retryAfter = retryAfterMs(res.headers.get('retry-after'), new Date());
    } catch (err) {
      answer = err instanceof Error ? err.message : String(err);
    }
    if (status !== undefined && status >= 200 && status < 300) {
      await this.options.store.update(entry.key, entry.attempt, {
        state: 'synced',
        attempts,
        lastError: null,
        platformStatus: status,
        platformAnswer: answer,
      });
      return;
    }
    const action = classifyFailure(status);
    const final = action !== 'retry' || attempts >= (job.opts.attempts ?? 1);
    const lastError =
      status === 401 || status === 403
        ? missingScopeMessage(AGS_SCOPES.score)
        : `${status === undefined ? 'no answer' : `HTTP ${status}`}${answer ? `: ${answer}` : ''}`;
    await this.options.store.update(entry.key, entry.attempt, {
      state: final ? 'dead' : 'failed',
      attempts,
      lastError,
      ...(status !== undefined ? { platformStatus: status, platformAnswer: answer } : {}),
    });
    if (final) throw new UnrecoverableError(lastError);
    throw new RetryableAgsError(lastError, retryAfter);
  }
}
