import { io, type Socket } from 'socket.io-client';
import {
  SERVER_EVENTS,
  type Ack,
  type ClientEventName,
  type ClientEvents,
  type ServerEvent,
  type ServerEventName,
  type ServerPayload,
} from './events.js';

export type SocketStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'unauthorized';

/** How often a client kept out of a locked session asks to join again. */
const LOCKED_RETRY_MS = 10_000;

export interface RoomSocketOptions {
  /** Origin of the tool; the page's own origin in the browser. */
  url: string;
  token: string;
  /**
   * Sent in the connection URL (`?seminar=`), where a load balancer can see it and pin every socket of one
   * seminar to one process (its media room lives there; docs/operations.md). The token stays authoritative.
   */
  seminar: string;
  join: ClientEvents['join_session'];
  onEvent(event: ServerEvent): void;
  onStatus(status: SocketStatus): void;
  ackTimeoutMs?: number;
  /** Extra socket.io-client options (tests force the websocket transport). */
  transports?: Array<'websocket' | 'polling'>;
}

/**
 * The room connection: socket.io with `auth: { token }`. Every (re)connect sends `join_session` again, so a
 * dropped network resubscribes the rooms on the server without the views doing anything; a join refused
 * because staff locked the session is asked again every few seconds, so the user gets in once they unlock it;
 * a refused token stops retrying and reports `unauthorized` (the user must relaunch from the LMS).
 */
export class RoomSocket {
  private readonly socket: Socket;
  private readonly ackTimeoutMs: number;
  private token: string;
  private lockedRetry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RoomSocketOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 8000;
    this.token = options.token;
    this.socket = io(options.url, {
      // Read on every (re)connect, so a reconnect after a token refresh presents the fresh token.
      auth: (send) => send({ token: this.token }),
      path: '/socket.io',
      query: { seminar: options.seminar },
      transports: options.transports,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      withCredentials: false,
    });
    options.onStatus('connecting');
    this.socket.on('connect', () => {
      this.socket.emit('join_session', options.join);
    });
    this.socket.on('disconnect', (reason) => {
      options.onStatus(reason === 'io client disconnect' ? 'offline' : 'reconnecting');
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code === 'UNAUTHORIZED') {
        this.socket.disconnect();
        options.onStatus('unauthorized');
      } else {
        options.onStatus('reconnecting');
      }
    });
    for (const name of SERVER_EVENTS) {
      this.socket.on(name, (data: unknown) => this.receive(name, data));
    }
    // engine.io closes the connection on the browser's `offline` event except when the host is `localhost`,
    // where a drop would only show after the ping timeout (~16 s): close it here too, so the banner is at once.
    if (typeof window !== 'undefined') window.addEventListener('offline', this.dropOnOffline);
  }

  private readonly dropOnOffline = () => {
    if (this.socket.connected) this.socket.io.engine.close();
  };

  private receive(type: ServerEventName, data: unknown) {
    if (type === 'session_joined') this.options.onStatus('connected');
    if (type === 'live_error' && isLockedRefusal(data)) {
      // One pending retry at most, also when a reconnect's own join was refused meanwhile.
      clearTimeout(this.lockedRetry);
      this.lockedRetry = setTimeout(() => {
        if (this.socket.connected) this.socket.emit('join_session', this.options.join);
      }, LOCKED_RETRY_MS);
    }
    this.options.onEvent({ type, data } as ServerEvent);
  }

  /** Emits a client event and resolves with its ack; a missing ack becomes a TIMEOUT error ack. */
  emit<K extends ClientEventName, R = Record<string, unknown>>(name: K, payload: ClientEvents[K]): Promise<Ack<R>> {
    return new Promise((resolve) => {
      this.socket.timeout(this.ackTimeoutMs).emit(name, payload, (err: Error | null, ack: Ack<R> | undefined) => {
        if (err) resolve({ ok: false, error: { code: 'TIMEOUT', message: err.message } });
        else resolve(ack ?? ({ ok: true } as Ack<R>));
      });
    });
  }

  /** Direct listener for events that bypass the store (whiteboard scene deltas). */
  listen<K extends ServerEventName>(name: K, handler: (data: ServerPayload<K>) => void) {
    const wrapped = (data: unknown) => handler(data as ServerPayload<K>);
    this.socket.on(name as string, wrapped);
    return () => {
      this.socket.off(name as string, wrapped);
    };
  }

  /** Fire-and-forget events (typing, whiteboard deltas) that need no ack. */
  send<K extends ClientEventName>(name: K, payload: ClientEvents[K]): void {
    if (this.socket.connected) this.socket.emit(name, payload);
  }

  /** The raw socket for the media signalling (`media:*` requests with acks), used by client/src/media. */
  signal(): Pick<Socket, 'emitWithAck' | 'on' | 'off'> {
    return this.socket;
  }

  /** The refreshed session token, used from the next (re)connect on. */
  setToken(token: string): void {
    this.token = token;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    clearTimeout(this.lockedRetry);
    if (typeof window !== 'undefined') window.removeEventListener('offline', this.dropOnOffline);
    this.socket.disconnect();
  }
}

function isLockedRefusal(data: unknown): boolean {
  const error = data as ServerPayload<'live_error'>;
  return error.event === 'join_session' && error.details?.reason === 'locked';
}
