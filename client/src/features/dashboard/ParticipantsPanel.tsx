import { sortedParticipants } from '../../state/index.js';
import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

function formatTalk(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** Everyone present with talk time, a participation bar (from `participation_update`) and a mute action. */
export function ParticipantsPanel() {
  const { t } = useApp();
  const { socket } = useRoomServices();
  const { busy, error, run } = useAction();
  const participants = useRoom(sortedParticipants);
  const rows = useRoom((s) => s.participation);
  const byUser = new Map(rows.map((r) => [r.user_id, r]));
  return (
    <section class="card" aria-labelledby="participants-title">
      <h3 id="participants-title">{t('dashboard.participants', { count: participants.length })}</h3>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.name')}</th>
            <th scope="col">{t('dashboard.talkTime')}</th>
            <th scope="col">{t('dashboard.participation')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('dashboard.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {participants.map((p) => {
            const row = byUser.get(p.id);
            const score = Math.round(row?.participation_score ?? 0);
            return (
              <tr key={p.id}>
                <td>
                  {p.name} {p.speaking ? <span aria-label={t('video.speakingShort')}>🔊</span> : null}
                </td>
                <td>{formatTalk(row?.speaking_time_seconds ?? p.talkMs / 1000)}</td>
                <td>
                  <span
                    class="bar"
                    role="meter"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={score}
                    aria-label={t('dashboard.participationOf', { name: p.name })}
                  >
                    <span class="bar__fill" style={{ width: `${score}%` }} />
                  </span>
                  <span class="bar__value">{score}</span>
                </td>
                {/* Short visible words keep the column narrow; the accessible name says whom the action is for. */}
                <td class="table__actions">
                  {p.role === 'learner' ? (
                    <>
                      <button
                        type="button"
                        class="link"
                        disabled={busy}
                        aria-label={t('dashboard.mute', { name: p.name })}
                        onClick={() => void run(() => socket.emit('media:muteParticipant', { userId: p.id }))}
                      >
                        {t('dashboard.muteShort')}
                      </button>
                      <button
                        type="button"
                        class="link"
                        disabled={busy}
                        aria-label={t('dashboard.stopCamera', { name: p.name })}
                        onClick={() =>
                          void run(() => socket.emit('media:stopParticipantMedia', { userId: p.id, source: 'camera' }))
                        }
                      >
                        {t('dashboard.stopCameraShort')}
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorText error={error} />
    </section>
  );
}
