import { useApp, useRoom } from '../../ui/index.js';

/** Early-warning alerts from the analytics rules (e.g. silent for a long time, repeated confusion). */
export function AlertsPanel() {
  const { t } = useApp();
  const alerts = useRoom((s) => s.alerts);
  return (
    <section class="card" aria-labelledby="alerts-title">
      <h3 id="alerts-title">{t('alerts.title', { count: alerts.length })}</h3>
      {alerts.length === 0 ? <p class="muted">{t('alerts.none')}</p> : null}
      <ul class="list">
        {alerts.map((a) => (
          <li key={a.id}>
            <strong>{a.user.full_name}</strong> — {a.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
