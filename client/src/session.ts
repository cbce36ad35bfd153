/** The session token arrives in the /app/ URL fragment (DESIGN.md §4); it is kept in memory only. */
export interface SessionClaims {
  sub: string;
  course: string;
  seminar: string;
  role: 'instructor' | 'ta' | 'learner' | 'observer';
  name: string;
  platform: string;
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
