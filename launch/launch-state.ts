import { randomBytes } from 'node:crypto';
import type { LaunchStateRecord, LaunchStore } from './store.js';

/** How long a login may take to come back as a launch; platforms answer within seconds. */
export const STATE_TTL_SECONDS = 300;

export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}

export type StateRequest = Omit<LaunchStateRecord, 'expiresAt'>;

export function issueState(store: LaunchStore, request: StateRequest, now = new Date()): Promise<void> {
  return store.saveState({ ...request, expiresAt: new Date(now.getTime() + STATE_TTL_SECONDS * 1000) });
}

export type StateFailure = 'missing_state' | 'unknown_state' | 'state_mismatch' | 'nonce_mismatch';

/** Takes the state of a launch out of the store (once). A replayed or expired state reads as unknown. */
export async function takeState(
  store: LaunchStore,
  state: unknown,
  now = new Date(),
): Promise<{ ok: true; record: LaunchStateRecord } | { ok: false; reason: StateFailure }> {
  if (typeof state !== 'string' || state.length === 0) return { ok: false, reason: 'missing_state' };
  const record = await store.consumeState(state, now);
  return record ? { ok: true, record } : { ok: false, reason: 'unknown_state' };
}

/**
 * The verified id_token must come from the issuer and client the login was for, with the nonce it sent, and
 * target the link the login was started for (so a platform cannot swap the destination in between).
 */
export function stateMatchesToken(
  record: LaunchStateRecord,
  token: { iss: string; clientId: string; nonce: string; targetLinkUri?: string },
): StateFailure | null {
  if (record.issuer !== token.iss || record.clientId !== token.clientId) return 'state_mismatch';
  if (token.targetLinkUri !== undefined && token.targetLinkUri !== record.targetLinkUri) return 'state_mismatch';
  if (record.nonce !== token.nonce) return 'nonce_mismatch';
  return null;
}
