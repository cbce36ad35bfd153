import type { MediaPort, MediaTrackInfo } from './media-port.js';

/** The parts of the media team's MediaClient (client/src/media) the views use, described structurally. */
export type MediaSource = 'mic' | 'camera' | 'screen' | 'screen-audio';
export interface RemoteTrackLike {
  consumerId: string;
  userId: string;
  source: MediaSource;
  track: MediaStreamTrack;
}
export interface MediaClientLike {
  join(): Promise<void>;
  publish(track: MediaStreamTrack, source: MediaSource): Promise<string>;
  unpublish(source: MediaSource): Promise<void>;
  setMicPaused(paused: boolean): Promise<void>;
  setTileHeight(consumerId: string, heightPx: number): Promise<void>;
  remoteTracks(): RemoteTrackLike[];
  on(event: 'track' | 'trackEnded' | 'reset', listener: () => void): () => void;
  on(
    event: 'producerClosedByStaff' | 'producerPausedByStaff',
    listener: (event: { source: MediaSource }) => void,
  ): () => void;
  close(): void;
}

export interface TrackGroup {
  key: string;
  userId: string;
  kind: 'camera' | 'screen';
  tracks: MediaStreamTrack[];
}

/**
 * Remote tracks grouped per user and kind: a user's camera group also carries their microphone (so one
 * element plays both), a screen share carries its own audio.
 */
export function groupTracks(remote: RemoteTrackLike[]): TrackGroup[] {
  const groups = new Map<string, TrackGroup>();
  for (const r of remote) {
    const kind = r.source === 'screen' || r.source === 'screen-audio' ? 'screen' : 'camera';
    const key = `${r.userId}:${kind}`;
    const group = groups.get(key) ?? { key, userId: r.userId, kind, tracks: [] };
    group.tracks.push(r.track);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Same tracks → same MediaStream object, so video elements are not reset on every change. */
function streamsFor(groups: TrackGroup[], cache: Map<string, MediaStream>): MediaTrackInfo[] {
  const live = new Set<string>();
  const infos = groups.map((g) => {
    const signature = `${g.key}|${g.tracks.map((t) => t.id).join(',')}`;
    live.add(signature);
    let stream = cache.get(signature);
    if (!stream) cache.set(signature, (stream = new MediaStream(g.tracks)));
    return { userId: g.userId, kind: g.kind, stream };
  });
  for (const signature of cache.keys()) if (!live.has(signature)) cache.delete(signature);
  return infos;
}

export function mediaPortFrom(client: MediaClientLike, localStream: MediaStream | null): MediaPort {
  const listeners = new Set<() => void>();
  const streams = new Map<string, MediaStream>();
  let tracks: MediaTrackInfo[] = [];
  let screen: MediaStreamTrack | null = null;
  const published = new Set<MediaSource>();
  const refresh = () => {
    tracks = streamsFor(groupTracks(client.remoteTracks()), streams);
    for (const listener of listeners) listener();
  };
  const staffListeners = new Set<(source: 'mic' | 'camera' | 'screen') => void>();
  const stoppedByStaff = (source: MediaSource, closed: boolean) => {
    const shown = source === 'screen-audio' ? 'screen' : source;
    // A closed producer is gone; a paused camera is dropped too, so turning it on again publishes afresh.
    if (closed) published.delete(source);
    else if (source === 'camera') void unpublish('camera');
    if (shown === 'screen') {
      screen?.stop();
      screen = null;
    }
    for (const listener of staffListeners) listener(shown);
  };
  const unsubscribe = [
    ...['track', 'trackEnded', 'reset'].map((e) => client.on(e as 'track' | 'trackEnded' | 'reset', refresh)),
    client.on('producerClosedByStaff', (e) => stoppedByStaff(e.source, true)),
    client.on('producerPausedByStaff', (e) => stoppedByStaff(e.source, false)),
  ];
  // Producers that were already in the room were consumed inside join(), before anyone listened.
  refresh();
  const publish = async (track: MediaStreamTrack | undefined, source: MediaSource) => {
    if (!track || published.has(source)) return;
    await client.publish(track, source);
    published.add(source);
  };
  const unpublish = async (source: MediaSource) => {
    if (!published.delete(source)) return;
    await client.unpublish(source);
  };
  return {
    tracks: () => tracks,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async setMicrophone(enabled) {
      if (enabled && !published.has('mic')) await publish(localStream?.getAudioTracks()[0], 'mic');
      else await client.setMicPaused(!enabled);
    },
    async setCamera(enabled) {
      if (enabled) await publish(localStream?.getVideoTracks()[0], 'camera');
      else await unpublish('camera');
    },
    async setScreenShare(enabled) {
      if (!enabled) {
        screen?.stop();
        screen = null;
        await unpublish('screen');
        return;
      }
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      screen = display.getVideoTracks()[0] ?? null;
      if (!screen) return;
      screen.addEventListener('ended', () => void unpublish('screen'));
      await publish(screen, 'screen');
    },
    setTileHeight(userId, heightPx) {
      for (const r of client.remoteTracks())
        if (r.userId === userId && r.source === 'camera') void client.setTileHeight(r.consumerId, heightPx);
    },
    onStoppedByStaff(listener) {
      staffListeners.add(listener);
      return () => staffListeners.delete(listener);
    },
    close() {
      unsubscribe.forEach((stop) => stop());
      screen?.stop();
      client.close();
    },
  };
}

/** Publishes the pre-join choice: microphone and camera tracks that are enabled. */
export async function publishLocal(port: MediaPort, localStream: MediaStream | null): Promise<void> {
  if (localStream?.getAudioTracks().some((t) => t.enabled)) await port.setMicrophone(true);
  if (localStream?.getVideoTracks().some((t) => t.enabled)) await port.setCamera(true);
}
