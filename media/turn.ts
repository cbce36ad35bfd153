import { createHmac } from 'node:crypto';

export interface TurnSettings {
  urls: string[];
  secret: string | undefined;
  ttlSeconds: number;
}

export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}

/**
 * Time-limited TURN credentials of coturn's REST scheme (`use-auth-secret`): username `<expiry>:<userId>`,
 * credential base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC, so nothing is stored.
 */
export function turnCredentials(
  secret: string,
  userId: string,
  ttlSeconds: number,
  nowMs = Date.now(),
): Pick<IceServer, 'username' | 'credential'> {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** The ICE servers a client gets: none without TURN configured. */
export function iceServersFor(settings: TurnSettings, userId: string, nowMs = Date.now()): IceServer[] {
  if (settings.urls.length === 0 || !settings.secret) return [];
  return [{ urls: settings.urls, ...turnCredentials(settings.secret, userId, settings.ttlSeconds, nowMs) }];
}
