import { useEffect } from 'preact/hooks';
import { useApp, useRoom, useRoomServices } from '../../ui/index.js';

export const REACTION_EMOJI = ['👍', '👏', '😂', '😮', '❤️'] as const;
const REACTION_VISIBLE_MS = 4000;

export function ReactionBar() {
  const { t } = useApp();
  const { socket } = useRoomServices();
  return (
    <div class="toolbar__group" role="group" aria-label={t('reactions.label')}>
      {REACTION_EMOJI.map((emoji) => (
        <button
          key={emoji}
          type="button"
          class="icon"
          aria-label={t('reactions.send', { emoji })}
          onClick={() => void socket.emit('reaction', { emoji })}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}

/** Floating reactions over the video; each fades after a few seconds. */
export function ReactionOverlay() {
  const { store } = useRoomServices();
  const reactions = useRoom((s) => s.reactions);
  useEffect(() => {
    const timers = reactions.map((r) =>
      setTimeout(() => store.dispatch({ type: 'reaction_expired', id: r.id }), REACTION_VISIBLE_MS),
    );
    return () => timers.forEach(clearTimeout);
  }, [reactions, store]);
  return (
    <div class="reactions" aria-hidden="true">
      {reactions.map((r, i) => (
        <span key={r.id} class="reactions__item" style={{ left: `${10 + ((i * 17) % 80)}%` }}>
          {r.emoji}
        </span>
      ))}
    </div>
  );
}
