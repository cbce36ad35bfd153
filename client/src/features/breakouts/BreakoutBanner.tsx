import { formatClock, secondsLeft } from '../../state/index.js';
import { useApp, useNow, useRoom } from '../../ui/index.js';

/** Learner: which breakout room you are in, time left, and the instructor's broadcast. */
export function BreakoutBanner() {
  const { t } = useApp();
  const breakout = useRoom((s) => s.breakout);
  const broadcast = useRoom((s) => s.broadcast);
  const now = useNow();
  if (!breakout) return null;
  const room = breakout.rooms.find((r) => r.room_id === breakout.myRoomId);
  const left = secondsLeft(breakout.endsAt, now);
  return (
    <div class="banner banner--info" role="status" data-testid="breakout-banner">
      <strong>{room ? t('breakout.inRoom', { room: room.name }) : t('breakout.running')}</strong>
      <span class="timer" aria-label={t('breakout.timeLeft', { time: formatClock(left) })}>
        ⏱ {formatClock(left)}
      </span>
      {room ? <span class="muted">{room.participants.map((p) => p.full_name).join(', ')}</span> : null}
      {breakout.warning !== null ? <span>{t('breakout.closingSoon', { seconds: left })}</span> : null}
      {broadcast ? <p class="broadcast">📣 {broadcast}</p> : null}
    </div>
  );
}
