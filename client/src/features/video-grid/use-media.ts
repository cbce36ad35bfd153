import { useEffect } from 'preact/hooks';
import type { RoomServices } from '../../ui/index.js';
import { connectMedia } from './load-media.js';
import type { MediaPort } from './media-port.js';

/**
 * Connects media once the room is joined, and again after every socket reconnect: the SFU drops the peer of
 * a socket that went away, so the client joins with a fresh MediaClient and republishes its tracks.
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
    const connect = () => {
      const attempt = ++generation;
      port?.close();
      port = null;
      attach(null);
      connectMedia(socket, localStream).then(
        (connected) => {
          if (!alive || attempt !== generation) connected?.close();
          else {
            port = connected;
            attach(connected);
          }
        },
        (err: unknown) => console.warn('media unavailable', err),
      );
    };
    let previous = store.get().connection;
    const stop = store.subscribe((state) => {
      if (state.connection === 'connected' && previous === 'reconnecting') connect();
      previous = state.connection;
    });
    connect();
    return () => {
      alive = false;
      stop();
      port?.close();
    };
  }, [socket, store, localStream]);
}
