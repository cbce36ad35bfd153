import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi, RoomSocket } from './api/index.js';
import { useMediaConnection } from './features/video-grid/index.js';
import { translator, type Locale } from './i18n/index.js';
import { decodeClaims, deviceInfo, isExpired, type SessionClaims } from './session.js';
import { createStore, initialRoomState, roomReducer, type RoomAction, type RoomState } from './state/index.js';
import { AppContext, RoomContext, useTokenRefresh, type AppServices, type RoomServices } from './ui/index.js';
import { LazyInstructorView, PreJoin, StudentView } from './views/index.js';

const STAFF_ROLES: ReadonlyArray<SessionClaims['role']> = ['instructor', 'ta'];

export function isStaff(claims: SessionClaims): boolean {
  return STAFF_ROLES.includes(claims.role);
}

function joinRoom(
  token: string,
  claims: SessionClaims,
  localStream: MediaStream | null,
  leave: () => void,
): RoomServices {
  const store = createStore<RoomState, RoomAction>(roomReducer, initialRoomState(claims.sub));
  const socket = new RoomSocket({
    url: window.location.origin,
    token,
    seminar: claims.seminar,
    join: { display_name: claims.name, device_info: deviceInfo(navigator.userAgent) },
    onEvent: (event) => store.dispatch(event),
    onStatus: (state) => store.dispatch({ type: 'connection', state }),
  });
  return { store, socket, localStream, leave, media: null };
}

/** Once the token is read: pre-join, then the room (student view, or the lazily loaded instructor view). */
export function App(props: { token: string; claims: SessionClaims; initialLocale: Locale; onLocale(l: Locale): void }) {
  const [{ token, claims }, setSession] = useState({ token: props.token, claims: props.claims });
  const [roleLost, setRoleLost] = useState(false);
  const [locale, setLocale] = useState<Locale>(props.initialLocale);
  const [room, setRoom] = useState<RoomServices | null>(null);
  const [left, setLeft] = useState(false);
  const app = useMemo<AppServices>(
    () => ({
      t: translator(locale),
      locale,
      setLocale: (l) => {
        setLocale(l);
        props.onLocale(l);
      },
      claims,
      api: createApi(token, claims.seminar),
    }),
    [locale, token, claims],
  );
  const socket = room?.socket;
  useEffect(() => () => socket?.close(), [socket]);
  useEffect(() => socket?.setToken(token), [socket, token]);
  useTokenRefresh(
    token,
    claims,
    (next, nextClaims) => setSession({ token: next, claims: nextClaims }),
    () => {
      room?.localStream?.getTracks().forEach((track) => track.stop());
      setRoom(null);
      setRoleLost(true);
    },
  );
  useMediaConnection(room, (media) => setRoom((current) => current && { ...current, media }));

  let body;
  if (roleLost) {
    body = <Notice title={app.t('app.roleLostTitle')} text={app.t('app.roleLost')} />;
  } else if (isExpired(claims, Date.now())) {
    body = <Notice title={app.t('app.expiredTitle')} text={app.t('app.expired')} />;
  } else if (left) {
    body = (
      <Notice title={app.t('room.leftTitle')} text={app.t('room.left')}>
        <button type="button" class="primary" onClick={() => setLeft(false)}>
          {app.t('room.rejoin')}
        </button>
      </Notice>
    );
  } else if (!room) {
    body = (
      <PreJoin
        onSession={(next) => {
          const nextClaims = decodeClaims(next);
          if (nextClaims) setSession({ token: next, claims: nextClaims });
        }}
        onJoin={(stream) =>
          setRoom(
            joinRoom(token, claims, stream, () => {
              stream?.getTracks().forEach((track) => track.stop());
              setRoom(null);
              setLeft(true);
            }),
          )
        }
      />
    );
  } else {
    body = (
      <RoomContext.Provider value={room}>
        {isStaff(claims) ? (
          <LazyInstructorView
            fallback={
              <p class="muted" role="status">
                {app.t('common.loading')}
              </p>
            }
          />
        ) : (
          <StudentView />
        )}
      </RoomContext.Provider>
    );
  }
  return <AppContext.Provider value={app}>{body}</AppContext.Provider>;
}

export function Notice(props: { title: string; text: string; children?: preact.ComponentChildren }) {
  return (
    <main class="notice">
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      {props.children}
    </main>
  );
}
