import type { SessionClaims } from '../../launch/index.js';
import type { ToolServer } from '../../tool/server.js';

let counter = 0;

/** Session claims for a test participant; ids look like the tool's ObjectId strings. */
export function claims(overrides: Partial<SessionClaims> = {}): SessionClaims {
  counter++;
  const hex = (n: number) => n.toString(16).padStart(24, '0');
  return {
    sub: hex(0x100000 + counter),
    course: hex(0xc0),
    seminar: hex(0x5e),
    role: 'learner',
    name: `Student ${counter}`,
    platform: 'https://dev-lms.test',
    ...overrides,
  };
}

export function tokenFor(server: ToolServer, overrides: Partial<SessionClaims> = {}): string {
  return server.tokens.mint(claims(overrides));
}
