import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ROLES } from './roles.js';

const ISSUER = 'eduforum-live';
const AUDIENCE = 'eduforum-app';

/** Claims of the app session token (DESIGN.md §4). Ids are the tool's own ids (Mongo ObjectId strings). */
export const sessionClaimsSchema = z.object({
  sub: z.string().min(1),
  course: z.string().min(1),
  seminar: z.string().min(1),
  role: z.enum(ROLES),
  name: z.string(),
  platform: z.string().min(1),
  locale: z.string().optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;
export type VerifiedSession = SessionClaims & { exp: number; iat: number };

export class SessionTokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'expired' | 'invalid',
  ) {
    super(message);
    this.name = 'SessionTokenError';
  }
}

export class SessionTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  mint(claims: SessionClaims): string {
    const { sub, ...rest } = sessionClaimsSchema.parse(claims);
    return jwt.sign(rest, this.secret, {
      algorithm: 'HS256',
      subject: sub,
      expiresIn: this.ttlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; throws SessionTokenError otherwise. */
  verify(token: string): VerifiedSession {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new SessionTokenError('Session expired', 'expired');
      throw new SessionTokenError('Invalid session token', 'invalid');
    }
    const parsed = sessionClaimsSchema.extend({ exp: z.number(), iat: z.number() }).safeParse(payload);
    if (!parsed.success) throw new SessionTokenError('Invalid session token claims', 'invalid');
    return parsed.data;
  }
}
