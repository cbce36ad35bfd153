import type { z } from 'zod';

/** Envelope codes of DESIGN.md §2 that launch failures travel with. */
export type LaunchErrorCode = 'VALIDATION_ERROR' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'BAD_GATEWAY';

const STATUS: Record<LaunchErrorCode, number> = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  BAD_GATEWAY: 502,
};

export type LaunchFailure =
  | 'missing_login_parameters'
  | 'unknown_platform'
  | 'wrong_audience'
  | 'unknown_deployment'
  | 'bad_signature'
  | 'expired'
  | 'replayed'
  | 'missing_claims'
  | 'wrong_message_type'
  | 'missing_state'
  | 'unknown_state'
  | 'state_mismatch'
  | 'nonce_mismatch'
  | 'invalid_token'
  | 'platform_unreachable'
  | 'role_lost'
  | 'registration_disabled'
  | 'registration_refused'
  | 'registration_failed';

interface FailureText {
  code: LaunchErrorCode;
  title: string;
  /** What a student or teacher should do. */
  advice: string;
}

const TEXT: Record<LaunchFailure, FailureText> = {
  missing_login_parameters: {
    code: 'VALIDATION_ERROR',
    title: 'The LMS sent an incomplete login request',
    advice: 'Open the activity again from your course. If it keeps failing, tell your LMS administrator.',
  },
  unknown_platform: {
    code: 'FORBIDDEN',
    title: 'This LMS is not registered with EduForum Live',
    advice: 'Ask your LMS administrator to register EduForum Live (see docs/lms-setup.md).',
  },
  wrong_audience: {
    code: 'FORBIDDEN',
    title: 'The launch was addressed to a client id this tool does not have',
    advice: 'Ask your LMS administrator to check the client id in the EduForum Live registration.',
  },
  unknown_deployment: {
    code: 'FORBIDDEN',
    title: 'This deployment of EduForum Live is not registered',
    advice: 'Ask your LMS administrator to add the deployment id to the EduForum Live registration.',
  },
  bad_signature: {
    code: 'UNAUTHORIZED',
    title: 'The launch signature could not be verified',
    advice: 'Open the activity again from your course. If it keeps failing, tell your LMS administrator.',
  },
  expired: {
    code: 'UNAUTHORIZED',
    title: 'The launch has expired',
    advice: 'Go back to your course and open the activity again.',
  },
  replayed: {
    code: 'UNAUTHORIZED',
    title: 'This launch was already used',
    advice: 'Go back to your course and open the activity again; a launch link works only once.',
  },
  missing_claims: {
    code: 'VALIDATION_ERROR',
    title: 'The launch is missing required information',
    advice: 'Tell your LMS administrator: the LMS must send the LTI 1.3 claims listed in the details.',
  },
  wrong_message_type: {
    code: 'VALIDATION_ERROR',
    title: 'EduForum Live cannot handle this kind of LTI message',
    advice: 'Place EduForum Live as a resource link (or add it through Deep Linking) and open it again.',
  },
  missing_state: {
    code: 'UNAUTHORIZED',
    title: 'The launch did not come from a login started by EduForum Live',
    advice: 'Go back to your course and open the activity again.',
  },
  unknown_state: {
    code: 'UNAUTHORIZED',
    title: 'The launch is unknown, already used or expired',
    advice: 'Go back to your course and open the activity again.',
  },
  state_mismatch: {
    code: 'UNAUTHORIZED',
    title: 'The launch does not belong to the login that started it',
    advice: 'Go back to your course and open the activity again.',
  },
  nonce_mismatch: {
    code: 'UNAUTHORIZED',
    title: 'The launch does not belong to the login that started it',
    advice: 'Go back to your course and open the activity again.',
  },
  invalid_token: {
    code: 'UNAUTHORIZED',
    title: 'The launch token is not valid',
    advice: 'Open the activity again from your course. If it keeps failing, tell your LMS administrator.',
  },
  platform_unreachable: {
    code: 'BAD_GATEWAY',
    title: 'The LMS keys could not be fetched',
    advice: 'Try again in a minute. If it keeps failing, tell your LMS administrator.',
  },
  registration_disabled: {
    code: 'FORBIDDEN',
    title: 'Dynamic registration is switched off on this EduForum Live server',
    advice: 'Ask the server operator to set LTI_DYNAMIC_REGISTRATION=1 while you register, or use a registration file.',
  },
  registration_refused: {
    code: 'VALIDATION_ERROR',
    title: 'The LMS registration request is not valid',
    advice: 'Start the registration again from the LMS; the details say which part is wrong.',
  },
  registration_failed: {
    code: 'BAD_GATEWAY',
    title: 'The LMS did not accept the registration',
    advice: 'The details show what the LMS answered; fix it there or register with a file (docs/lms-setup.md).',
  },
  role_lost: {
    code: 'UNAUTHORIZED',
    title: 'Your role in this course has changed',
    advice: 'Open the activity again from your course.',
  },
};

/** A refused login, launch or session refresh. `details` tell an administrator what to register or fix. */
export class LaunchError extends Error {
  readonly code: LaunchErrorCode;
  readonly status: number;
  readonly advice: string;

  constructor(
    readonly reason: LaunchFailure,
    readonly details: Record<string, unknown> = {},
  ) {
    const text = TEXT[reason];
    super(text.title);
    this.name = 'LaunchError';
    this.code = text.code;
    this.status = STATUS[text.code];
    this.advice = text.advice;
  }
}

/** ltijs reports validation failures as bare messages; these are the ones it (and jsonwebtoken) use. */
const LTIJS_FAILURES: Record<string, LaunchFailure> = {
  UNREGISTERED_PLATFORM: 'unknown_platform',
  PLATFORM_NOT_ACTIVATED: 'unknown_platform',
  AZP_DOES_NOT_MATCH_CLIENTID: 'wrong_audience',
  'invalid signature': 'bad_signature',
  'invalid algorithm': 'bad_signature',
  ALG_NOT_RS256: 'bad_signature',
  KID_NOT_FOUND: 'bad_signature',
  KEY_NOT_FOUND: 'bad_signature',
  KEYSET_NOT_FOUND: 'platform_unreachable',
  'jwt expired': 'expired',
  'jwt not active': 'invalid_token',
  TOKEN_TOO_OLD: 'expired',
  NONCE_ALREADY_RECEIVED: 'replayed',
  NO_MESSAGE_TYPE_CLAIM: 'wrong_message_type',
  NO_TARGET_LINK_URI_CLAIM: 'missing_claims',
  NO_RESOURCE_LINK_ID_CLAIM: 'missing_claims',
  NO_LTI_VERSION_CLAIM: 'missing_claims',
  WRONG_LTI_VERSION_CLAIM: 'missing_claims',
  NO_DEPLOYMENT_ID_CLAIM: 'missing_claims',
  NO_SUB_CLAIM: 'missing_claims',
  NO_ROLES_CLAIM: 'missing_claims',
};

export function failureFromLtijs(message: string): LaunchFailure {
  if (LTIJS_FAILURES[message]) return LTIJS_FAILURES[message];
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Response code|timed out/i.test(message)) return 'platform_unreachable';
  return 'invalid_token';
}

/** `{ "field.path": "message" }` of a failed zod parse, for the details of a refusal. */
export function zodFields(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [i.path.join('.') || '_', i.message]));
}
