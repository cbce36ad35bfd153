import { useState } from 'preact/hooks';
import type { Ack } from '../api/index.js';
import { ApiError, errorKeyForCode } from '../api/index.js';
import { useApp } from './app-context.js';

/**
 * Runs a long action (REST call or acked socket event) with progress and a human error message:
 * `busy` while it runs, `error` holds the translated message of a failed ack or ApiError. `errorKeys` gives
 * codes that mean something specific to this action a message of its own (code → message key).
 */
export function useAction(errorKeys: Partial<Record<string, string>> = {}) {
  const { t } = useApp();
  const messageKey = (code: string) => errorKeys[code] ?? errorKeyForCode(code);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      const ack = result as Ack | undefined;
      if (ack && typeof ack === 'object' && 'ok' in ack && ack.ok === false) {
        setError(t(messageKey(ack.error.code)));
        return undefined;
      }
      return result;
    } catch (err) {
      setError(t(messageKey(err instanceof ApiError ? err.code : 'NETWORK')));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, clearError: () => setError(null) };
}
