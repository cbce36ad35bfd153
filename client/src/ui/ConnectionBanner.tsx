import { useApp, useRoom } from './app-context.js';

/** A clear banner while the socket is down; the socket client rejoins by itself when the network returns. */
export function ConnectionBanner() {
  const { t } = useApp();
  const connection = useRoom((s) => s.connection);
  if (connection === 'connected') return null;
  const tone = connection === 'unauthorized' ? 'error' : 'warning';
  return (
    <div class={`banner banner--${tone}`} role="status" data-testid="connection-banner">
      {connection === 'reconnecting' || connection === 'connecting' ? (
        <span class="spinner" aria-hidden="true" />
      ) : null}
      {t(`connection.${connection}`)}
    </div>
  );
}
