import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorMessageKey, type GradeSyncRow } from '../../api/index.js';
import { useAction, useApp, useRoom } from '../../ui/index.js';

const REFRESH_MS = 15_000;

/** Staff: state of grade passback jobs (AGS) for this session, with retry for those the server gave up on. */
export function GradeSyncPanel() {
  const { t, api } = useApp();
  const [rows, setRows] = useState<GradeSyncRow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Bumped after a retry so the list shows the requeued scores at once rather than at the next refresh.
  const [retries, setRetries] = useState(0);
  const retry = useAction();
  // Ending a participation-graded session queues its grades: show them then, not at the next refresh.
  const status = useRoom((s) => s.session?.status);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      api.gradeSync().then(
        (res) => {
          if (!alive) return;
          setRows(res.entries);
          setProblem(null);
        },
        (err: unknown) => {
          if (!alive) return;
          // Without grade passback configured for this session the route does not exist.
          setProblem(err instanceof ApiError && err.code === 'NOT_FOUND' ? 'grades.unavailable' : errorMessageKey(err));
        },
      );
    void refresh();
    const id = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [api, retries, status]);
  const requeue = async (row: GradeSyncRow) => {
    if (await retry.run(() => api.retryGradeSync([row.key]))) setRetries((n) => n + 1);
  };
  return (
    <section class="card" aria-labelledby="grades-title">
      <h3 id="grades-title">{t('grades.title')}</h3>
      {problem ? <p class="muted">{t(problem)}</p> : null}
      {rows && rows.length === 0 ? <p class="muted">{t('grades.none')}</p> : null}
      <ul class="list">
        {(rows ?? []).map((row) => (
          <li key={row.key}>
            <span>
              {row.user_name ?? t('grades.unknownStudent')} · {row.label}
            </span>
            <span
              class={row.state === 'failed' || row.state === 'dead' ? 'error' : 'muted'}
              title={row.last_error ?? undefined}
            >
              {t(`grades.state.${row.state}`)}
            </span>
            {row.state === 'dead' ? (
              <button type="button" class="link" disabled={retry.busy} onClick={() => void requeue(row)}>
                {retry.busy ? t('common.working') : t('grades.retry')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {retry.error ? (
        <p class="error" role="alert">
          {retry.error}
        </p>
      ) : null}
    </section>
  );
}
