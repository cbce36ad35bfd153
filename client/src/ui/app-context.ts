import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Api, RoomSocket } from '../api/index.js';
import type { MediaPort } from '../features/video-grid/media-port.js';
import type { Locale, Translate } from '../i18n/index.js';
import type { SessionClaims } from '../session.js';
import type { RoomAction, RoomState, Store } from '../state/index.js';

export interface AppServices {
  t: Translate;
  locale: Locale;
  setLocale(locale: Locale): void;
  claims: SessionClaims;
  api: Api;
}

export interface RoomServices {
  socket: RoomSocket;
  store: Store<RoomState, RoomAction>;
  /** Set once the media layer has joined the SFU; null before that or without client/src/media. */
  media: MediaPort | null;
  /** The camera/mic stream chosen on the pre-join screen, handed to the media layer. */
  localStream: MediaStream | null;
  leave(): void;
}

export const AppContext = createContext<AppServices | null>(null);
export const RoomContext = createContext<RoomServices | null>(null);

export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error('AppContext missing');
  return app;
}

export function useRoomServices(): RoomServices {
  const room = useContext(RoomContext);
  if (!room) throw new Error('RoomContext missing');
  return room;
}

/** Subscribes a component to the room store; re-renders when the selected slice changes identity. */
export function useRoom<T>(select: (state: RoomState) => T): T {
  const { store } = useRoomServices();
  const [value, setValue] = useState(() => select(store.get()));
  useEffect(() => {
    setValue(select(store.get()));
    return store.subscribe((state) => setValue(() => select(state)));
    // Selectors are pure functions of the state, so subscribing once per store is enough.
  }, [store]);
  return value;
}

/** A ticking clock for timers (breakout, poll end). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
