import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

export function HandButton() {
  const { t } = useApp();
  const { socket, store } = useRoomServices();
  const raised = useRoom((s) => s.myHandRaised);
  const position = useRoom((s) => s.myHandPosition);
  const { busy, error, run } = useAction();
  const toggle = async () => {
    const ack = await run(() =>
      raised
        ? socket.emit<'hand_lower', { queue_position?: number }>('hand_lower', {})
        : socket.emit<'hand_raise', { queue_position?: number }>('hand_raise', {}),
    );
    if (ack?.ok) store.dispatch({ type: 'hand_self', raised: !raised, position: ack.queue_position ?? null });
  };
  return (
    <>
      <button type="button" aria-pressed={raised} disabled={busy} onClick={() => void toggle()} data-testid="hand">
        <span aria-hidden="true">✋</span> {raised ? t('hand.lower') : t('hand.raise')}
        {raised && position ? (
          <span class="badge" aria-label={t('hand.position', { n: position })}>
            {position}
          </span>
        ) : null}
      </button>
      <ErrorText inline error={error} />
    </>
  );
}

/** Staff: the hand queue in raise order; call on someone (lowers their hand and tells the room) or lower it. */
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
            <span class="row">
              <button type="button" onClick={() => void socket.emit('hand_call_on', { user_id: hand.userId })}>
                {t('hand.callOn', { name: hand.name })}
              </button>
              <button
                type="button"
                class="link"
                onClick={() => void socket.emit('hand_lower', { user_id: hand.userId })}
              >
                {t('hand.lowerFor', { name: hand.name })}
              </button>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
