/** Talk-time bookkeeping for one room, fed by the audio-level observer. */
export interface SpeakingTrack {
  since: number;
  lastLoud: number;
}

export interface SpeakingChanges {
  started: { userId: string; at: number }[];
  ended: { userId: string; at: number; durationMs: number }[];
}

/**
 * Applies one observation: users in `loud` start (or keep) speaking; a speaker not heard for `hangoverMs`
 * stops, dated at the last loud moment so pauses between words do not inflate talk time. Mutates `tracks`.
 */
export function updateSpeaking(
  tracks: Map<string, SpeakingTrack>,
  loud: Iterable<string>,
  now: number,
  hangoverMs: number,
): SpeakingChanges {
  const changes: SpeakingChanges = { started: [], ended: [] };
  for (const userId of loud) {
    const track = tracks.get(userId);
    if (track) track.lastLoud = now;
    else {
      tracks.set(userId, { since: now, lastLoud: now });
      changes.started.push({ userId, at: now });
    }
  }
  for (const [userId, track] of tracks) {
    if (now - track.lastLoud < hangoverMs) continue;
    tracks.delete(userId);
    changes.ended.push({ userId, at: track.lastLoud, durationMs: track.lastLoud - track.since });
  }
  return changes;
}

/** Ends every open track (a room closing or a peer leaving), dated now. */
export function endSpeaking(
  tracks: Map<string, SpeakingTrack>,
  userIds: Iterable<string>,
  now: number,
): SpeakingChanges['ended'] {
  const ended: SpeakingChanges['ended'] = [];
  for (const userId of userIds) {
    const track = tracks.get(userId);
    if (!track) continue;
    tracks.delete(userId);
    ended.push({ userId, at: now, durationMs: now - track.since });
  }
  return ended;
}
