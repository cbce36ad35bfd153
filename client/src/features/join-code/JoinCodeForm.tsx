import { useState } from 'preact/hooks';
import { ApiError } from '../../api/index.js';
import { ErrorText, useAction, useApp } from '../../ui/index.js';

/**
 * A launched user enters a live session's 6-digit code (shown by the instructor) and continues in that session
 * with the same LMS identity: the server trades the code for a token only for their own course.
 */
export function JoinCodeForm(props: { initialCode?: string; onSession(token: string): void }) {
  const { t, api } = useApp();
  const [code, setCode] = useState(props.initialCode ?? '');
  const { busy, error, run } = useAction();
  const [unknown, setUnknown] = useState(false);
  const valid = /^\d{6}$/.test(code);
  return (
    <form
      class="join-code-form row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        setUnknown(false);
        void run(async () => {
          try {
            props.onSession((await api.joinWithCode(code)).token);
          } catch (err) {
            // NOT_FOUND covers "no such code", "not live" and "another course" alike, so codes cannot be probed.
            if (err instanceof ApiError && err.code === 'NOT_FOUND') setUnknown(true);
            else throw err;
          }
        });
      }}
    >
      <label>
        {t('joinCode.enter')}
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          value={code}
          onInput={(e) => setCode((e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, 6))}
          data-testid="join-code-input"
        />
      </label>
      <button type="submit" disabled={!valid || busy} data-testid="join-code-submit">
        {busy ? t('common.working') : t('joinCode.join')}
      </button>
      <ErrorText error={unknown ? t('joinCode.unknown') : error} />
    </form>
  );
}
