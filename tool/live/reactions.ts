import { z } from 'zod';
import type { LiveContext } from './context.js';
import { channels } from './context.js';
import { emoji } from './emoji.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { PARTICIPANTS } from './room.js';

export const REACTION_WINDOW_MS = 1_000;

/**
 * Emoji reactions are aggregated per seminar and sent once per window as `reaction_burst` counts, so a
 * hundred thumbs-up cost one event per client instead of a hundred. Each process flushes its own counts;
 * clients add bursts up.
 */
export class ReactionAggregator {
  private readonly pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: LiveContext) {}

  add(seminarId: string, symbol: string): void {
    let counts = this.pending.get(seminarId);
    if (!counts) this.pending.set(seminarId, (counts = new Map()));
    counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  }

  start(): void {
    this.timer ??= setInterval(() => this.flush(), REACTION_WINDOW_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  flush(): void {
    for (const [seminarId, counts] of this.pending) {
      this.ctx.emit(channels.seminar(seminarId), 'reaction_burst', {
        counts: Object.fromEntries(counts),
        window_ms: REACTION_WINDOW_MS,
      });
    }
    this.pending.clear();
  }

  feature(): Feature {
    return {
      events: {
        reaction: liveEvent({
          schema: z.object({ emoji }),
          roles: PARTICIPANTS,
          rate: 'reaction',
          handle: async ({ room, actor }, p) => {
            await room.requireStatus('LIVE');
            this.add(room.seminarId, p.emoji);
            await room.countActivity(actor.id, 'reaction');
          },
        }),
      },
    };
  }
}
