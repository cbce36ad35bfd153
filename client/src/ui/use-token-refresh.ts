import { useEffect } from 'preact/hooks';
import { createApi, isRoleLost } from '../api/index.js';
import { decodeClaims, isExpired, refreshDelayMs, type SessionClaims } from '../session.js';

/**
 * Keeps the session token fresh while the page is open (`POST /api/v1/session/refresh` a few minutes before
 * `exp`). A `role_lost` answer means the LMS removed or changed this user's role: `onRoleLost` logs out. Other
 * failures (network) are retried by the next timer until the token expires.
 */
export function useTokenRefresh(
  token: string,
  claims: SessionClaims,
  onToken: (token: string, claims: SessionClaims) => void,
  onRoleLost: () => void,
): void {
  useEffect(() => {
    const timer = setTimeout(
      () => {
        createApi(token, claims.seminar)
          .refreshToken()
          .then(
            (answer) => {
              const next = decodeClaims(answer.token);
              if (next) onToken(answer.token, next);
            },
            (err: unknown) => {
              if (isRoleLost(err)) onRoleLost();
              // A new claims object re-arms the timer; an expired token cannot be refreshed any more.
              else if (!isExpired(claims, Date.now())) onToken(token, { ...claims });
            },
          );
      },
      refreshDelayMs(claims, Date.now()),
    );
    return () => clearTimeout(timer);
  }, [token, claims]);
}
