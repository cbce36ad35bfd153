import type { LiveEvents } from './events.js';
import type { Actor, Room } from './room.js';

/** A live-room feature as the composition sees it: its socket events and its part of a joiner's snapshot. */
export interface Feature {
  events: LiveEvents;
  snapshot?(room: Room, viewer: Actor): Promise<Record<string, unknown>>;
  /** Throws the refusal when this feature keeps the joiner out (a locked session); runs before anything joins. */
  admit?(room: Room, joiner: Actor): Promise<void>;
}
