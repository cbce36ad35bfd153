export { ROLES, mapLtiRoles, type Role } from './roles.js';
export {
  SessionTokens,
  SessionTokenError,
  sessionClaimsSchema,
  type SessionClaims,
  type VerifiedSession,
} from './session-token.js';
export { createLaunch, type Launch, type LaunchOptions } from './launch.js';
export type { LaunchIds, LaunchRecord, LaunchStateRecord, LaunchStore } from './store.js';
export type { ApiErrorFactory } from './lti-router.js';
export { CLAIM, MEDIA_TYPE, MESSAGE_TYPE, SCOPE } from './claims.js';
export {
  loadRegistrationsDir,
  parseRegistration,
  type Registration,
  type RegistrationProblem,
} from './registrations.js';
export {
  nextPageUrl,
  RosterSync,
  toRosterMembers,
  type RosterApplied,
  type RosterCourse,
  type RosterMember,
  type RosterStore,
  type RosterSyncResult,
} from './roster-sync.js';
