/** Fetches an OAuth2 access token for a platform (launch.accessToken). */
export type AccessTokenSource = (issuer: string, clientId: string, scopes: string[]) => Promise<string>;

/**
 * Access tokens per platform (issuer + client id) and scope set, kept for `ttlMs` (below the platforms' usual
 * hour) so a burst of scores costs one token request; `invalidate` after a 401 forces a fresh one.
 */
export class TokenCache {
  private readonly tokens = new Map<string, { token: Promise<string>; expiresAt: number }>();

  constructor(
    private readonly source: AccessTokenSource,
    private readonly ttlMs = 45 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private key(issuer: string, clientId: string, scopes: string[]): string {
    return [issuer, clientId, ...[...scopes].sort()].join(' ');
  }

  get(issuer: string, clientId: string, scopes: string[]): Promise<string> {
    const key = this.key(issuer, clientId, scopes);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.token;
    const token = this.source(issuer, clientId, scopes);
    this.tokens.set(key, { token, expiresAt: this.now() + this.ttlMs });
    token.catch(() => this.tokens.delete(key));
    return token;
  }

  invalidate(issuer: string, clientId: string, scopes: string[]): void {
    this.tokens.delete(this.key(issuer, clientId, scopes));
  }
}
