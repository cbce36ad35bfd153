/** What to do after an AGS call failed. */
export type FailureAction = 'retry' | 'reauthenticate' | 'give_up';

/**
 * 429 and 5xx (and no answer at all) are passing; 401 usually means the cached token expired; the rest
 * (400 bad score, 403 scope not granted, 404 user not enrolled or line item gone, 422) will not change by
 * trying again and go to the dead-letter list for the instructor.
 */
export function classifyFailure(status: number | undefined): FailureAction {
  if (status === undefined || status === 408 || status === 429 || status >= 500) return 'retry';
  if (status === 401) return 'reauthenticate';
  return 'give_up';
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`; undefined when absent or bad. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Exponential back-off (base·2^(attempt−1), capped) that never retries sooner than the platform asked; a
 * Retry-After beyond the cap is honoured anyway, since retrying earlier would only earn another 429.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAfterMs?: number },
): number {
  const backoff = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(backoff, options.retryAfterMs ?? 0);
}
