import { useApp, useRoom } from './app-context.js';

/**
 * A clear banner while the socket is down (the socket client rejoins by itself when the network returns),
 * while video reconnects or failed, after staff switched off this user's microphone/camera/screen, and while
 * the seminar has not started or has ended.
 */
export function ConnectionBanner() {
  const { t, claims } = useApp();
  const connection = useRoom((s) => s.connection);
  const status = useRoom((s) => s.session?.status);
  const media = useRoom((s) => s.media);
  if (connection === 'connected') {
    if (media.status === 'reconnecting' || media.status === 'failed' || media.stoppedByStaff)
      return (
        <div
          class={`banner banner--${media.status === 'failed' ? 'error' : 'warning'}`}
          role="status"
          data-testid="media-banner"
        >
          {media.status === 'reconnecting' ? <span class="spinner" aria-hidden="true" /> : null}
          {t(
            media.stoppedByStaff && media.status !== 'reconnecting'
              ? `media.stoppedByStaff.${media.stoppedByStaff}`
              : `media.status.${media.status}`,
          )}
        </div>
      );
    if (status !== 'scheduled' && status !== 'completed') return null;
    return (
      <div
        class={`banner banner--${status === 'completed' ? 'warning' : 'info'}`}
        role="status"
        data-testid="session-banner"
      >
        {/* Only an instructor can start the seminar: tell them where, rather than to wait for themselves. */}
        {status === 'scheduled' && claims.role === 'instructor'
          ? t('session.banner.scheduledInstructor')
          : t(`session.banner.${status}`)}
      </div>
    );
  }
  const tone = connection === 'unauthorized' || connection === 'refused' ? 'error' : 'warning';
  return (
    <div class={`banner banner--${tone}`} role="status" data-testid="connection-banner">
      {connection === 'reconnecting' || connection === 'connecting' || connection === 'locked' ? (
        <span class="spinner" aria-hidden="true" />
      ) : null}
      {t(`connection.${connection}`)}
    </div>
  );
}
