import type { Registration } from './registrations.js';
import type { Role } from './roles.js';

/** What the login remembered about one OIDC `state` (DESIGN.md §8: kept server-side, single use, short TTL). */
export interface LaunchStateRecord {
  state: string;
  nonce: string;
  issuer: string;
  clientId: string;
  loginHint: string;
  messageHint?: string;
  deploymentId?: string;
  targetLinkUri: string;
  /** The platform's `lti_storage_target` when it offers LTI Platform Storage. */
  storageTarget?: string;
  expiresAt: Date;
}

/** Everything a valid launch writes: the LMS context, the person, their role in it, the seminar of the link. */
export interface LaunchRecord {
  issuer: string;
  clientId: string;
  deploymentId: string;
  context: { id: string; title: string; label: string };
  user: {
    sub: string;
    name: string;
    givenName?: string;
    familyName?: string;
    email?: string;
    locale?: string;
    picture?: string;
  };
  role: Role;
  resourceLink: { id: string; title: string; description: string };
  /** Seminar settings the Deep Linking picker put into the link's custom parameters (first launch only). */
  seminarSettings?: {
    scheduledAt?: string;
    maxParticipants?: number;
    recordingEnabled?: boolean;
    participationGraded?: boolean;
    /** A Deep Linking quiz set: the quizzes of this link share its one gradebook column. */
    quizSet?: boolean;
  };
  membershipsUrl?: string;
  lineItemsUrl?: string;
  lineItemUrl?: string;
}

export interface LaunchIds {
  userId: string;
  courseId: string;
  seminarId: string;
}

/** The small store the launch needs; tool/ implements it over its mongoose models (launch/ never imports tool/). */
export interface LaunchStore {
  saveState(record: LaunchStateRecord): Promise<void>;
  /** Removes and returns the record if it exists and has not expired at `now` (one atomic step). */
  consumeState(state: string, now: Date): Promise<LaunchStateRecord | null>;
  /** Deletes expired states; TTL indexes never fire on the embedded store. */
  purgeExpiredStates(now: Date): Promise<number>;
  upsertLaunch(launch: LaunchRecord): Promise<LaunchIds>;
  /** The user's current active role in the course, or null when they are no longer enrolled. */
  currentRole(userId: string, courseId: string): Promise<Role | null>;
  /** Registrations made by LTI Dynamic Registration (upsert by issuer + client id). */
  saveRegistration(registration: Registration): Promise<void>;
  listRegistrations(): Promise<Registration[]>;
}
