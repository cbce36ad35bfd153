import { sortedParticipants } from '../../state/index.js';
import { useApp, useRoom } from '../../ui/index.js';

function formatTalk(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** Everyone present with talk time and a participation bar (from `participation_update`). */
export function ParticipantsPanel() {
  const { t } = useApp();
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
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
