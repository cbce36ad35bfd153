import type { Socket } from 'socket.io';
import { SessionTokenError, type SessionTokens, type VerifiedSession } from '../../launch/index.js';

export interface SocketData {
  session: VerifiedSession;
}

/**
 * socket.io middleware: `auth.token` must be a valid session token (DESIGN.md §4). The token's seminar picks
 * the room, so events never carry a session id. A refused connection gets `connect_error` with
 * `data.code` UNAUTHORIZED, which the client shows as "relaunch from the LMS".
 */
export function socketAuth(tokens: SessionTokens) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    try {
      if (typeof token !== 'string' || token.length === 0)
        throw new SessionTokenError('Missing session token', 'invalid');
      (socket.data as SocketData).session = tokens.verify(token);
      next();
    } catch (err) {
      const error = new Error(err instanceof SessionTokenError ? err.message : 'Unauthorized') as Error & {
        data: { code: string; reason: string };
      };
      error.data = { code: 'UNAUTHORIZED', reason: err instanceof SessionTokenError ? err.reason : 'invalid' };
      next(error);
    }
  };
}
