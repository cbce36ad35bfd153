export { ROLES, mapLtiRoles, type Role } from './roles.js';
export {
  SessionTokens,
  SessionTokenError,
  sessionClaimsSchema,
  type SessionClaims,
  type VerifiedSession,
} from './session-token.js';
