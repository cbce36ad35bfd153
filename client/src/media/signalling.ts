/** The part of a socket.io client socket the media client needs (socket.io-client's Socket fits). */
export interface SignalSocket {
  emitWithAck(event: string, data: unknown): Promise<unknown>;
  on(event: string, listener: ServerListener): unknown;
  off(event: string, listener: ServerListener): unknown;
}

// socket.io types its listeners with `any` arguments; payload types are asserted per event in the client.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServerListener = (...args: any[]) => void;

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export class MediaRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MediaRequestError';
  }
}

/** Sends one `media:*` request and unwraps the ack; a refusal becomes a MediaRequestError with its code. */
export async function request<T extends object = Record<string, never>>(
  socket: SignalSocket,
  event: string,
  data: unknown = {},
): Promise<T> {
  const answer = (await socket.emitWithAck(event, data)) as Ack<T>;
  if (!answer.ok) throw new MediaRequestError(answer.error.code, answer.error.message);
  return answer;
}
