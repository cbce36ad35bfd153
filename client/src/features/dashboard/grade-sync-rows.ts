import type { GradeSyncRow } from '../../api/index.js';

/** A message for the instructor: an i18n key and its placeholder values. */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
}

/** Error codes that mean something specific for grade sync: no AGS for the course or no grade sync running. */
export const GRADE_SYNC_ERROR_KEYS: Partial<Record<string, string>> = {
  CONFLICT: 'gradeSync.error.unavailable',
  FORBIDDEN: 'gradeSync.error.forbidden',
};

/** Still on its way: the worker posts or retries it without anyone's help. */
export function isSettling(row: GradeSyncRow): boolean {
  return row.state === 'queued' || row.state === 'sending' || row.state === 'failed';
}

/** Dead-lettered: only the instructor's retry sends it again. */
export function needsRetry(row: GradeSyncRow): boolean {
  return row.state === 'dead';
}

/**
 * Why a score is not in the gradebook, in the instructor's terms. The platform's raw answer (`last_error`) is
 * shown beside it for the LMS administrator.
 */
export function syncProblem(row: GradeSyncRow): Message | null {
  if (row.state !== 'failed' && row.state !== 'dead') return null;
  const status = row.platform_status;
  const gaveUp = row.state === 'dead';
  if (status === 401 || status === 403 || /scope/.test(row.last_error ?? '')) return { key: 'gradeSync.problem.scope' };
  if (status === 404) return { key: 'gradeSync.problem.notLearner' };
  if (status === null) return { key: gaveUp ? 'gradeSync.problem.unreachableGaveUp' : 'gradeSync.problem.unreachable' };
  if (status === 429 || status >= 500) {
    return gaveUp
      ? { key: 'gradeSync.problem.unavailableGaveUp', values: { attempts: row.attempts } }
      : { key: 'gradeSync.problem.unavailable' };
  }
  return { key: 'gradeSync.problem.refused', values: { status } };
}

const ORDER: Record<GradeSyncRow['state'], number> = { dead: 0, failed: 1, sending: 2, queued: 3, synced: 4 };

/** What needs the instructor first (dead, then retrying), then by activity and student. */
export function orderRows(rows: GradeSyncRow[]): GradeSyncRow[] {
  return [...rows].sort(
    (a, b) =>
      ORDER[a.state] - ORDER[b.state] ||
      a.label.localeCompare(b.label) ||
      (a.user_name ?? '').localeCompare(b.user_name ?? ''),
  );
}

/** Counts for the panel's summary line. */
export function summarize(rows: GradeSyncRow[]): { synced: number; settling: number; dead: number } {
  return {
    synced: rows.filter((r) => r.state === 'synced').length,
    settling: rows.filter(isSettling).length,
    dead: rows.filter(needsRetry).length,
  };
}
