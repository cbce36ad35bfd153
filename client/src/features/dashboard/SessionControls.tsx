import { useState } from 'preact/hooks';
import { JoinCodeQr } from '../join-code/index.js';
import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

/**
 * Staff: start, join code, lock against newcomers, mute everyone, end (with confirmation); starting and ending
 * are the instructor's.
 */
export function SessionControls() {
  const { t, api, claims } = useApp();
  const instructor = claims.role === 'instructor';
  const { socket } = useRoomServices();
  const status = useRoom((s) => s.session?.status ?? 'scheduled');
  const joinCode = useRoom((s) => s.joinCode);
  const locked = useRoom((s) => s.locked);
  const knocking = useRoom((s) => s.knocking);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const { busy, error, run } = useAction();
  const learners = useRoom((s) => Object.values(s.participants).filter((p) => p.role === 'learner'));
  /** Pauses every learner's microphone and camera through the media signalling; stops at the first refusal. */
  const muteAll = () =>
    run(async () => {
      for (const learner of learners) {
        const ack = await socket.emit('media:muteParticipant', { userId: learner.id });
        if (!ack.ok) return ack;
      }
      return { ok: true as const };
    });
  return (
    <section class="card" aria-labelledby="controls-title">
      <h3 id="controls-title">
        {t('controls.title')} · <span class="muted">{t(`session.status.${status}`)}</span>
      </h3>
      {joinCode ? <JoinCodeQr code={joinCode} /> : null}
      {status === 'completed' ? null : (
        <div class="row">
          {instructor && status === 'scheduled' ? (
            <button type="button" class="primary" disabled={busy} onClick={() => void run(() => api.startSession())}>
              {t('controls.start')}
            </button>
          ) : null}
          <button
            type="button"
            aria-pressed={locked}
            disabled={busy}
            onClick={() => void run(() => socket.emit('session_lock', { locked: !locked }))}
          >
            {t(locked ? 'controls.unlock' : 'controls.lock')}
          </button>
          <button type="button" disabled={busy || learners.length === 0} onClick={() => void muteAll()}>
            {t('controls.muteAll')}
          </button>
          {!instructor ? null : confirmEnd ? (
            <>
              <button type="button" class="danger" disabled={busy} onClick={() => void run(() => api.endSession())}>
                {t('controls.confirmEnd')}
              </button>
              <button type="button" onClick={() => setConfirmEnd(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button type="button" class="danger" onClick={() => setConfirmEnd(true)}>
              {t('controls.end')}
            </button>
          )}
        </div>
      )}
      {locked && status !== 'completed' ? (
        <p class="muted" data-testid="session-locked">
          {t('controls.lockedHint')}
        </p>
      ) : null}
      {locked && knocking.length > 0 ? (
        <p role="status" data-testid="session-knocking">
          {t('controls.knocking', { names: knocking.map((u) => u.full_name).join(', ') })}
        </p>
      ) : null}
      {busy ? (
        <p class="muted" role="status">
          {t('common.working')}
        </p>
      ) : null}
      <ErrorText error={error} />
    </section>
  );
}
