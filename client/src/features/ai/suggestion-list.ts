import type { CheckpointSuggestionPayload } from '../../api/index.js';

/** Older suggestions than this are dropped: a check-in is only worth a quiz right after it. */
export const KEPT_SUGGESTIONS = 3;

/**
 * The suggestions shown: those already there and the incoming ones (live or replayed by the server), once per
 * id, without the ones dismissed here, oldest first and only the newest `KEPT_SUGGESTIONS`. An offer already
 * shown keeps its object, so its card is not reset by a replay.
 */
export function mergeSuggestions<S extends CheckpointSuggestionPayload>(
  shown: readonly S[],
  incoming: readonly S[],
  dismissed: ReadonlySet<string>,
): S[] {
  const byId = new Map(shown.map((s) => [s.id, s]));
  for (const s of incoming) if (!byId.has(s.id)) byId.set(s.id, s);
  return [...byId.values()]
    .filter((s) => !dismissed.has(s.id))
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-KEPT_SUGGESTIONS);
}
