/** The session token arrives in the /app/ URL fragment (DESIGN.md §4); it is kept in memory only. */
export interface SessionClaims {
  sub: string;
  course: string;
  seminar: string;
  role: 'instructor' | 'ta' | 'learner' | 'observer';
  name: string;
  platform: string;
  locale?: string;
  exp: number;
}

export function readSessionToken(location: Location): string | undefined {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  return params.get('token') ?? new URLSearchParams(location.search).get('token') ?? undefined;
}

export function decodeClaims(token: string): SessionClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(escape(json))) as SessionClaims;
  } catch {
    return undefined;
  }
}

/** True when the token's expiry (seconds since epoch) has passed. */
export function isExpired(claims: SessionClaims, nowMs: number): boolean {
  return claims.exp * 1000 <= nowMs;
}

/** Refresh this long before `exp` (docs/launch.md: "a few minutes before"), or halfway for short tokens. */
const REFRESH_LEAD_MS = 5 * 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;

/** Milliseconds to wait before refreshing the token, so an open page never holds an expired one. */
export function refreshDelayMs(claims: SessionClaims, nowMs: number): number {
  const left = claims.exp * 1000 - nowMs;
  return Math.max(MIN_REFRESH_DELAY_MS, left - REFRESH_LEAD_MS, left / 2);
}

const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /Edg\/(\d+)/],
  ['Firefox', /Firefox\/(\d+)/],
  ['Chrome', /Chrom(?:e|ium)\/(\d+)/],
  ['Safari', /Version\/(\d+).*Safari/],
];
const SYSTEMS: Array<[string, RegExp]> = [
  ['Android', /Android/],
  ['iOS', /iPhone|iPad|iPod/],
  ['Windows', /Windows/],
  ['macOS', /Mac OS X/],
  ['ChromeOS', /CrOS/],
  ['Linux', /Linux/],
];

/** `join_session.device_info` from the user agent string: a coarse browser and OS name, nothing more. */
export function deviceInfo(userAgent: string): { browser: string; os: string } {
  let browser = 'Other';
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const os = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? 'Other';
  return { browser, os };
}
