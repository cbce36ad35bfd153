import { useEffect } from 'preact/hooks';
import type { MediaStatus } from '../../state/index.js';
import type { RoomServices } from '../../ui/index.js';
import { connectMedia } from './load-media.js';
import type { MediaPort } from './media-port.js';

/**
 * Connects media once the room is joined, and again after every socket reconnect or the end of a session lock
 * that kept this user out: the SFU drops the peer of
 * a socket that went away, so the client joins with a fresh MediaClient and republishes its tracks. When the
 * session ends it leaves the SFU and turns the camera and microphone off: the server keeps media rooms open.
 */
export function useMediaConnection(room: RoomServices | null, attach: (media: MediaPort | null) => void): void {
  const socket = room?.socket;
  const store = room?.store;
  const localStream = room?.localStream ?? null;
  useEffect(() => {
    if (!socket || !store) return;
    let alive = true;
    let port: MediaPort | null = null;
    let generation = 0;
    const status = (next: MediaStatus) =>
      store.dispatch({ type: 'media_status', status: next, at: new Date().toISOString() });
    const connect = (reconnecting: boolean) => {
      const attempt = ++generation;
      port?.close();
      port = null;
      attach(null);
      status(reconnecting ? 'reconnecting' : 'connecting');
      connectMedia(socket, localStream).then(
        (connected) => {
          if (!alive || attempt !== generation) connected?.close();
          else {
            port = connected;
            attach(connected);
            status(connected ? 'live' : 'off');
            connected?.onStoppedByStaff((source) =>
              store.dispatch({ type: 'media_stopped_by_staff', source, at: new Date().toISOString() }),
            );
          }
        },
        (err: unknown) => {
          console.warn('media unavailable', err);
          if (alive && attempt === generation) status('failed');
        },
      );
    };
    const hangUp = () => {
      generation += 1;
      port?.close();
      port = null;
      attach(null);
      localStream?.getTracks().forEach((track) => track.stop());
      status('off');
    };
    let previous = store.get().connection;
    let ended = false;
    const stop = store.subscribe((state) => {
      if (ended) return;
      if (state.session?.status === 'completed') {
        ended = true;
        hangUp();
        return;
      }
      // Remembered before connecting: connect() dispatches media_status, which calls this listener again.
      const was = previous;
      previous = state.connection;
      // Back after a drop, or let in once staff unlocked the session (the SFU refused the locked-out join).
      if (state.connection === 'connected' && (was === 'reconnecting' || was === 'locked')) connect(true);
    });
    connect(false);
    return () => {
      alive = false;
      stop();
      port?.close();
    };
  }, [socket, store, localStream]);
}
