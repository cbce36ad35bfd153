import { useEffect } from 'preact/hooks';
import { alertText } from '../analytics/index.js';
import { useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

/**
 * Open early-warning alerts of the course: loaded over REST, then kept live by `alert_raised` /
 * `alert_acknowledged`; staff acknowledge each one here.
 */
export function AlertsPanel() {
  const { t, api, claims } = useApp();
  const { store } = useRoomServices();
  const alerts = useRoom((s) => s.alerts);
  const ack = useAction();
  const load = useAction();
  useEffect(() => {
    void load.run(async () => {
      const { alerts: open } = await api.openAlerts(claims.course);
      store.dispatch({ type: 'alerts_loaded', alerts: open });
    });
  }, [api, claims.course, store]);
  const acknowledge = (id: string) =>
    ack.run(async () => {
      const { alert } = await api.ackAlert(id);
      store.dispatch({ type: 'alerts_loaded', alerts: [alert] });
    });
  return (
    <section class="card" aria-labelledby="alerts-title">
      <h3 id="alerts-title">{t('alerts.title', { count: alerts.length })}</h3>
      {alerts.length === 0 ? <p class="muted">{t('alerts.none')}</p> : null}
      {(load.error ?? ack.error) ? (
        <p class="error" role="alert">
          {load.error ?? ack.error}
        </p>
      ) : null}
      <ul class="list" aria-live="polite">
        {alerts.map((a) => (
          <li key={a.id} data-testid="alert">
            <span>
              <strong>{a.user.full_name}</strong> — {alertText(t, a)}
              {a.severity === 'critical' ? <span class="badge">{t('analytics.critical')}</span> : null}
            </span>
            <button
              type="button"
              class="link"
              disabled={ack.busy}
              aria-label={t('analytics.ackFor', { name: a.user.full_name })}
              onClick={() => void acknowledge(a.id)}
            >
              {t('analytics.ack')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
