export { ROLES, mapLtiRoles, type Role } from './roles.js';
