import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorMessageKey, type Api, type GradeSyncRow } from '../../api/index.js';
import { GRADE_SYNC_ERROR_KEYS, isSettling } from './grade-sync-rows.js';

/** While a score is on its way the panel follows it closely; otherwise a slow refresh is enough. */
const SETTLING_REFRESH_MS = 1_500;
const IDLE_REFRESH_MS = 15_000;

/**
 * The session's grade-sync rows from `GET …/grade-sync`, refreshed on a timer and at once after `refresh()`
 * (an action changed them). `loadError` is the message key of the last failed load.
 */
export function useGradeSync(api: Api) {
  const [rows, setRows] = useState<GradeSyncRow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      let delay = IDLE_REFRESH_MS;
      try {
        const { entries } = await api.gradeSync();
        if (!alive) return;
        setRows(entries);
        setLoadError(null);
        if (entries.some(isSettling)) delay = SETTLING_REFRESH_MS;
      } catch (err) {
        if (!alive) return;
        setLoadError((err instanceof ApiError && GRADE_SYNC_ERROR_KEYS[err.code]) || errorMessageKey(err));
      }
      timer = setTimeout(() => void load(), delay);
    };
    void load();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [api, generation]);
  return { rows, loadError, refresh: () => setGeneration((n) => n + 1) };
}
