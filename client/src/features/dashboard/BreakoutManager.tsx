import { useState } from 'preact/hooks';
import {
  formatClock,
  moveMember,
  planBreakoutRooms,
  secondsLeft,
  sortedParticipants,
  type PlannedRoom,
} from '../../state/index.js';
import {
  ErrorText,
  NumberField,
  TextField,
  useAction,
  useApp,
  useNow,
  useRoom,
  useRoomServices,
} from '../../ui/index.js';

/**
 * Staff: choose a room count and duration, preview the assignment, move people by drag and drop (or the
 * keyboard-friendly select), open the rooms, broadcast to all of them, and close them.
 */
export function BreakoutManager() {
  const { t } = useApp();
  const { socket, store } = useRoomServices();
  const participants = useRoom(sortedParticipants);
  const breakout = useRoom((s) => s.breakout);
  const learners = participants.filter((p) => p.role === 'learner');
  const nameOf = (id: string) => participants.find((p) => p.id === id)?.name ?? id;
  const [roomCount, setRoomCount] = useState(2);
  const [minutes, setMinutes] = useState(10);
  const [plan, setPlan] = useState<PlannedRoom[] | null>(null);
  const [message, setMessage] = useState('');
  const { busy, error, run } = useAction();
  const now = useNow();

  const preview = () =>
    setPlan(
      planBreakoutRooms(
        learners.map((p) => p.id),
        roomCount,
      ),
    );
  const open = async () => {
    if (!plan) return;
    const rooms = plan.map((room, i) => ({
      name: t('breakout.roomName', { n: i + 1 }),
      participant_ids: room.memberIds,
    }));
    if (await run(() => socket.emit('breakout_start', { rooms, duration_minutes: minutes }))) setPlan(null);
  };

  const visit = (roomId: string | null) =>
    run(async () => {
      const ack = await socket.emit('breakout_visit', { room_id: roomId });
      if (ack.ok) store.dispatch({ type: 'breakout_visited', roomId });
      return ack;
    });

  if (breakout) {
    return (
      <section class="card" aria-labelledby="breakout-title">
        <h3 id="breakout-title">
          {t('breakout.running')} · ⏱ {formatClock(secondsLeft(breakout.endsAt, now))}
        </h3>
        <div class="breakout-plan">
          {breakout.rooms.map((room) => (
            <div
              key={room.room_id}
              class="breakout-plan__room"
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                const id = e.dataTransfer?.getData('text/plain');
                if (id) void run(() => socket.emit('breakout_move', { user_id: id, room_id: room.room_id }));
              }}
            >
              <h4>{room.name}</h4>
              <button
                type="button"
                aria-pressed={breakout.myRoomId === room.room_id}
                disabled={busy}
                onClick={() => void visit(breakout.myRoomId === room.room_id ? null : room.room_id)}
              >
                {breakout.myRoomId === room.room_id
                  ? t('breakout.backToMain')
                  : t('breakout.visit', { room: room.name })}
              </button>
              <ul class="list">
                {room.participants.map((p) => (
                  <li key={p.id} draggable onDragStart={(e) => e.dataTransfer?.setData('text/plain', p.id)}>
                    <span>{p.full_name}</span>
                    <select
                      aria-label={t('breakout.moveTo', { name: p.full_name })}
                      value={room.room_id}
                      onChange={(e) =>
                        void run(() =>
                          socket.emit('breakout_move', {
                            user_id: p.id,
                            room_id: (e.currentTarget as HTMLSelectElement).value || null,
                          }),
                        )
                      }
                    >
                      {breakout.rooms.map((r) => (
                        <option key={r.room_id} value={r.room_id}>
                          {r.name}
                        </option>
                      ))}
                      <option value="">{t('breakout.mainRoom')}</option>
                    </select>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
        <form
          class="row"
          onSubmit={async (e) => {
            e.preventDefault();
            if (message.trim() && (await run(() => socket.emit('breakout_broadcast', { message: message.trim() }))))
              setMessage('');
          }}
        >
          <TextField
            class="grow"
            label={t('breakout.broadcast')}
            value={message}
            maxLength={500}
            onValue={setMessage}
          />
          <button type="submit" disabled={busy || !message.trim()}>
            {t('breakout.send')}
          </button>
        </form>
        <button
          type="button"
          class="danger"
          disabled={busy}
          onClick={() => void run(() => socket.emit('breakout_end', {}))}
        >
          {t('breakout.end')}
        </button>
        <ErrorText error={error} />
      </section>
    );
  }

  return (
    <section class="card" aria-labelledby="breakout-title">
      <h3 id="breakout-title">{t('breakout.manager')}</h3>
      <div class="row">
        <NumberField label={t('breakout.rooms')} min={1} max={20} value={roomCount} onValue={setRoomCount} />
        <NumberField label={t('breakout.minutes')} min={1} max={120} value={minutes} onValue={setMinutes} />
        <button type="button" onClick={preview} disabled={learners.length === 0}>
          {t('breakout.preview')}
        </button>
      </div>
      {learners.length === 0 ? <p class="muted">{t('breakout.noLearners')}</p> : null}
      {plan ? (
        <>
          <div class="breakout-plan">
            {plan.map((room, index) => (
              <div
                key={index}
                class="breakout-plan__room"
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  const id = e.dataTransfer?.getData('text/plain');
                  if (id) setPlan(moveMember(plan, id, index));
                }}
              >
                <h4>{t('breakout.roomName', { n: index + 1 })}</h4>
                <ul class="list">
                  {room.memberIds.map((id) => (
                    <li key={id} draggable onDragStart={(e) => e.dataTransfer?.setData('text/plain', id)}>
                      <span>{nameOf(id)}</span>
                      <select
                        aria-label={t('breakout.moveTo', { name: nameOf(id) })}
                        value={index}
                        onChange={(e) =>
                          setPlan(moveMember(plan, id, Number((e.currentTarget as HTMLSelectElement).value)))
                        }
                      >
                        {plan.map((_, j) => (
                          <option key={j} value={j}>
                            {t('breakout.roomName', { n: j + 1 })}
                          </option>
                        ))}
                      </select>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
          <button type="button" class="primary" disabled={busy} onClick={() => void open()}>
            {busy ? t('common.sending') : t('breakout.open')}
          </button>
        </>
      ) : null}
      <ErrorText error={error} />
    </section>
  );
}
