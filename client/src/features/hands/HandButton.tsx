import { handPosition } from '../../state/index.js';
import { useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

export function HandButton() {
  const { t, claims } = useApp();
  const { socket, store } = useRoomServices();
  const raised = useRoom((s) => s.myHandRaised);
  const position = useRoom((s) => handPosition(s, claims.sub));
  const { busy, error, run } = useAction();
  const toggle = async () => {
    const ack = await run(() => socket.emit(raised ? 'hand_lower' : 'hand_raise', {}));
    if (ack) store.dispatch({ type: 'hand_self', raised: !raised });
  };
  return (
    <>
      <button type="button" aria-pressed={raised} disabled={busy} onClick={() => void toggle()} data-testid="hand">
        <span aria-hidden="true">✋</span> {raised ? t('hand.lower') : t('hand.raise')}
        {raised && position ? <span class="badge">{position}</span> : null}
      </button>
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

/** Staff: the hand queue in raise order, each with a "lower" action. */
export function HandQueue() {
  const { t } = useApp();
  const { socket } = useRoomServices();
  const hands = useRoom((s) => s.hands);
  return (
    <section class="card" aria-labelledby="hand-queue-title">
      <h3 id="hand-queue-title">{t('hand.queue', { count: hands.length })}</h3>
      {hands.length === 0 ? <p class="muted">{t('hand.none')}</p> : null}
      <ol class="list">
        {hands.map((hand) => (
          <li key={hand.userId}>
            <span>{hand.name}</span>
            <button type="button" class="link" onClick={() => void socket.emit('hand_lower', { user_id: hand.userId })}>
              {t('hand.lowerFor', { name: hand.name })}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
