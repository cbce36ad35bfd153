import { useEffect, useState } from 'preact/hooks';
import type { AiStatusResponse } from '../../api/index.js';
import { useApp } from '../../ui/index.js';

/** The course's AI assist status, loaded once per view; null while loading or when it cannot be read. */
export function useAiStatus(): AiStatusResponse | null {
  const { api, claims } = useApp();
  const [status, setStatus] = useState<AiStatusResponse | null>(null);
  useEffect(() => {
    let alive = true;
    api.aiStatus(claims.course).then(
      (s) => alive && setStatus(s),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [api, claims.course]);
  return status;
}
