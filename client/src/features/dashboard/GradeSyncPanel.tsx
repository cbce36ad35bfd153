import { useEffect, useState } from 'preact/hooks';
import type { GradeSyncRow } from '../../api/index.js';
import { useAction, useApp } from '../../ui/index.js';

const REFRESH_MS = 15_000;

/** Staff: state of grade passback jobs (AGS) for this session, with retry for failed ones. */
export function GradeSyncPanel() {
  const { t, api } = useApp();
  const [rows, setRows] = useState<GradeSyncRow[] | null>(null);
  const load = useAction();
  const retry = useAction();
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      void load
        .run(() => api.gradeSync())
        .then((res) => {
          if (alive && res) setRows(res.results);
        });
    refresh();
    const id = setInterval(refresh, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
    // api is stable for the session.
  }, [api]);
  return (
    <section class="card" aria-labelledby="grades-title" aria-busy={load.busy}>
      <h3 id="grades-title">{t('grades.title')}</h3>
      {load.error ? <p class="muted">{load.error}</p> : null}
      {rows && rows.length === 0 ? <p class="muted">{t('grades.none')}</p> : null}
      <ul class="list">
        {(rows ?? []).map((row) => (
          <li key={row.id}>
            <span>
              {row.user.full_name} · {row.activity}
            </span>
            <span class={row.state === 'failed' || row.state === 'dead' ? 'error' : 'muted'}>
              {t(`grades.state.${row.state}`)}
            </span>
            {row.state === 'failed' || row.state === 'dead' ? (
              <button
                type="button"
                class="link"
                disabled={retry.busy}
                onClick={() => void retry.run(() => api.retryGradeSync(row.id))}
              >
                {t('grades.retry')}
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
