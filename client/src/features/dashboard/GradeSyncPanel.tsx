import { useEffect, useState } from 'preact/hooks';
import type { GradeSyncRow } from '../../api/index.js';
import { useAction, useApp, useRoom } from '../../ui/index.js';
import { GRADE_SYNC_ERROR_KEYS, needsRetry, orderRows, summarize, syncProblem } from './grade-sync-rows.js';
import { useGradeSync } from './use-grade-sync.js';

function studentName(row: GradeSyncRow): string {
  return row.user_name ?? row.platform_user_id ?? '?';
}

/**
 * Staff: each student's score on its way to the LMS gradebook (AGS), per activity, with the reason a score did
 * not arrive, retry for dead-lettered scores and (instructors) "publish participation".
 */
export function GradeSyncPanel() {
  const { t, api, claims } = useApp();
  const { rows, loadError, refresh } = useGradeSync(api);
  // Ending a participation-graded session queues its grades: show them then, not at the next slow refresh.
  const ended = useRoom((s) => s.session?.status === 'completed');
  useEffect(() => {
    if (ended) refresh();
  }, [ended]);
  const retry = useAction(GRADE_SYNC_ERROR_KEYS);
  const publish = useAction(GRADE_SYNC_ERROR_KEYS);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const retryRows = async (keys: string[] | undefined, label: string) => {
    setRetrying(label);
    setDone(null);
    const result = await retry.run(() => api.retryGradeSync(keys));
    setRetrying(null);
    if (result) setDone(t('gradeSync.retried', { count: result.retried }));
    refresh();
  };
  const publishParticipation = async () => {
    setDone(null);
    const result = await publish.run(() => api.publishParticipation());
    if (result) setDone(t('gradeSync.published', { count: result.published }));
    refresh();
  };

  const ordered = orderRows(rows ?? []);
  const counts = summarize(ordered);
  return (
    <section class="card grade-sync" aria-labelledby="grade-sync-title">
      <h3 id="grade-sync-title">{t('gradeSync.title')}</h3>
      {loadError ? (
        <p class="error" role="alert">
          {t(loadError)}
        </p>
      ) : null}
      {rows === null && !loadError ? <p class="muted">{t('common.loading')}</p> : null}
      {rows && rows.length === 0 ? <p class="muted">{t('gradeSync.none')}</p> : null}
      {rows && rows.length > 0 ? (
        <p class="muted" data-testid="grade-sync-summary">
          {t('gradeSync.summary', { synced: counts.synced, total: rows.length })}
          {counts.settling > 0 ? ` · ${t('gradeSync.settling', { count: counts.settling })}` : ''}
          {counts.dead > 0 ? ` · ${t('gradeSync.deadCount', { count: counts.dead })}` : ''}
        </p>
      ) : null}
      <div class="row">
        {claims.role === 'instructor' ? (
          <button type="button" disabled={publish.busy} onClick={() => void publishParticipation()}>
            {publish.busy ? t('gradeSync.publishing') : t('gradeSync.publishParticipation')}
          </button>
        ) : null}
        {counts.dead > 1 ? (
          <button type="button" disabled={retry.busy} onClick={() => void retryRows(undefined, 'all')}>
            {retrying === 'all' ? t('gradeSync.retrying') : t('gradeSync.retryAll', { count: counts.dead })}
          </button>
        ) : null}
      </div>
      <ul class="list" aria-label={t('gradeSync.rows')}>
        {ordered.map((row) => {
          const problem = syncProblem(row);
          const name = studentName(row);
          return (
            <li key={row.key} data-state={row.state}>
              <span class="grow">
                <strong>{name}</strong> · {row.label}
                {row.score_given !== null ? (
                  <span class="muted">
                    {' '}
                    ({row.score_given}/{row.score_maximum})
                  </span>
                ) : null}
                {problem ? (
                  <>
                    <br />
                    <span class="error">{t(problem.key, problem.values)}</span>
                    {row.last_error ? (
                      <>
                        <br />
                        <small class="muted">{row.last_error}</small>
                      </>
                    ) : null}
                  </>
                ) : null}
              </span>
              <span class={problem ? 'error' : row.state === 'synced' ? 'success' : 'muted'}>
                {t(`gradeSync.state.${row.state}`)}
              </span>
              {needsRetry(row) ? (
                <button
                  type="button"
                  class="link"
                  disabled={retry.busy}
                  aria-label={t('gradeSync.retryOne', { name, activity: row.label })}
                  onClick={() => void retryRows([row.key], row.key)}
                >
                  {retrying === row.key ? t('gradeSync.retrying') : t('gradeSync.retry')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p role="status" class="muted">
        {done}
      </p>
      {retry.error || publish.error ? (
        <p class="error" role="alert">
          {retry.error ?? publish.error}
        </p>
      ) : null}
    </section>
  );
}
