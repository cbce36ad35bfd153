import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import jwt from 'jsonwebtoken';
import type { LtijsHandler, LtijsProvider, LtijsToken } from 'ltijs';
import { z } from 'zod';
import { CLAIM, MESSAGE_TYPE, launchClaimsSchema, type LaunchClaims } from './claims.js';
import { completeDeepLinking, respondToDeepLinking } from './deep-linking.js';
import { LaunchError, failureFromLtijs, zodFields } from './errors.js';
import { issueState, stateMatchesToken, takeState, newNonce } from './launch-state.js';
import { errorPage, storagePage } from './pages.js';
import type { RegistrationRegistry } from './registry.js';
import { mapLtiRoles } from './roles.js';
import type { RosterCourse } from './roster-sync.js';
import type { SessionTokens } from './session-token.js';
import type { LaunchRecord, LaunchStateRecord, LaunchStore } from './store.js';

/** Turns a refusal into the error envelope for API callers (tool/ passes its AppError factory). */
export type ApiErrorFactory = (code: LaunchError['code'], message: string, details: Record<string, unknown>) => Error;

export interface LtiRouterDeps {
  lti: LtijsProvider;
  registry: RegistrationRegistry;
  store: LaunchStore;
  tokens: SessionTokens;
  apiError: ApiErrorFactory;
  /** Absolute URL of `/lti/launch` as the platforms know it. */
  launchUrl: () => string;
  /** `/lti/register` (LTI Dynamic Registration). */
  register: RequestHandler;
  /** Signs the Deep Linking picker's form ticket. */
  pickerSecret: string;
  /** After an instructor's or TA's launch into a course with NRPS (roster sync, never awaited). */
  onStaffLaunch?: (course: RosterCourse) => void;
}

declare module 'express-serve-static-core' {
  interface Locals {
    launchState?: LaunchStateRecord;
    loginNext?: (err: unknown) => void;
  }
}

const loginParamsSchema = z.object({
  iss: z.string().min(1),
  login_hint: z.string().min(1),
  target_link_uri: z.string().min(1),
  client_id: z.string().min(1).optional(),
  lti_message_hint: z.string().optional(),
  lti_deployment_id: z.string().optional(),
  lti_storage_target: z.string().optional(),
});

const APP_PATH = '/app/';

/** Wraps an async handler so a rejection reaches the error middleware. */
function handle(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

/**
 * OIDC login: checks the registration (issuer + client id, deployment), lets ltijs build the authorization
 * request, then records its state with our own nonce server-side before the browser goes to the platform.
 * With LTI Platform Storage the state is also put into the platform's storage from the browser.
 */
function loginGate(deps: LtiRouterDeps): RequestHandler {
  return (req, res, next) => {
    const parsed = loginParamsSchema.safeParse({ ...req.query, ...req.body });
    if (!parsed.success) {
      next(new LaunchError('missing_login_parameters', zodFields(parsed.error)));
      return;
    }
    const params = parsed.data;
    const candidates = params.client_id
      ? [deps.registry.find(params.iss, params.client_id)].filter((r) => r !== undefined)
      : deps.registry.forIssuer(params.iss);
    const registration = candidates.length === 1 ? candidates[0]! : undefined;
    if (!registration) {
      next(
        new LaunchError('unknown_platform', {
          issuer: params.iss,
          clientId: params.client_id ?? '(not sent; several or no registrations for this issuer)',
        }),
      );
      return;
    }
    if (params.lti_deployment_id && !registration.deploymentIds.includes(params.lti_deployment_id)) {
      next(unknownDeployment(registration.issuer, registration.clientId, params.lti_deployment_id));
      return;
    }
    if (!params.client_id) req.body = { ...req.body, client_id: registration.clientId };
    res.locals.loginNext = next;
    const redirect = res.redirect.bind(res) as (location: string) => void;
    res.redirect = ((location: string) => {
      const url = new URL(location);
      const nonce = newNonce();
      url.searchParams.set('nonce', nonce);
      res.removeHeader('Set-Cookie');
      const state = url.searchParams.get('state') ?? '';
      issueState(deps.store, {
        state,
        nonce,
        issuer: registration.issuer,
        clientId: registration.clientId,
        loginHint: params.login_hint,
        messageHint: params.lti_message_hint,
        deploymentId: params.lti_deployment_id,
        targetLinkUri: params.target_link_uri,
        storageTarget: params.lti_storage_target,
      })
        .then(() =>
          continueThroughPlatformStorage(
            res,
            { op: 'put', target: params.lti_storage_target, registration, state, next: url.toString() },
            () => redirect(url.toString()),
          ),
        )
        .catch(next);
    }) as Response['redirect'];
    next();
  };
}

function unknownDeployment(issuer: string, clientId: string, deploymentId: string): LaunchError {
  return new LaunchError('unknown_deployment', { issuer, clientId, deploymentId });
}

/** Launch: the state must have been issued by our login, and it is used up now whatever happens next. */
function launchGate(deps: LtiRouterDeps): RequestHandler {
  return (req, res, next) => {
    if (typeof req.body?.id_token !== 'string') {
      next(new LaunchError('invalid_token', { id_token: 'missing' }));
      return;
    }
    takeState(deps.store, req.body.state)
      .then((taken) => {
        if (!taken.ok) throw new LaunchError(taken.reason);
        res.locals.launchState = taken.record;
        next();
      })
      .catch(next);
  };
}

/** The claims of the id_token ltijs verified in this same request. */
function verifiedClaims(req: Request): LaunchClaims {
  const parsed = launchClaimsSchema.safeParse(jwt.decode(req.body.id_token));
  if (parsed.success) return parsed.data;
  const fields = zodFields(parsed.error);
  if (fields[CLAIM.messageType]) throw new LaunchError('wrong_message_type', fields);
  throw new LaunchError('missing_claims', fields);
}

/** The picker's custom parameters (launch/deep-linking.ts) as seminar settings; anything else is ignored. */
export function seminarSettings(custom: Record<string, unknown> | undefined): LaunchRecord['seminarSettings'] {
  if (!custom || typeof custom.eduforum_kind !== 'string') return undefined;
  const max = Number(custom.max_participants);
  const at = typeof custom.scheduled_at === 'string' ? custom.scheduled_at : undefined;
  return {
    ...(at && !Number.isNaN(Date.parse(at)) ? { scheduledAt: at } : {}),
    ...(Number.isInteger(max) && max >= 2 ? { maxParticipants: max } : {}),
    ...(custom.recording === 'true' ? { recordingEnabled: true } : {}),
    ...(custom.participation_graded === 'true' ? { participationGraded: true } : {}),
    ...(custom.eduforum_kind === 'quiz' ? { quizSet: true } : {}),
  };
}

function launchRecord(claims: LaunchClaims, clientId: string): LaunchRecord {
  const link = claims[CLAIM.resourceLink];
  const context = claims[CLAIM.context] ?? { id: `link:${link?.id ?? claims.sub}` };
  const ags = claims[CLAIM.ags];
  const name = claims.name ?? ([claims.given_name, claims.family_name].filter(Boolean).join(' ') || claims.sub);
  return {
    issuer: claims.iss,
    clientId,
    deploymentId: claims[CLAIM.deploymentId],
    context: { id: context.id, title: context.title ?? '', label: context.label ?? '' },
    user: {
      sub: claims.sub,
      name,
      givenName: claims.given_name,
      familyName: claims.family_name,
      email: claims.email,
      locale: claims.locale ?? claims[CLAIM.launchPresentation]?.locale,
      picture: claims.picture,
    },
    role: mapLtiRoles(claims[CLAIM.roles]),
    resourceLink: {
      id: link?.id ?? `context:${context.id}`,
      title: link?.title ?? context.title ?? 'Live seminar',
      description: link?.description ?? '',
    },
    seminarSettings: seminarSettings(claims[CLAIM.custom]),
    membershipsUrl: claims[CLAIM.nrps]?.context_memberships_url,
    lineItemsUrl: ags?.lineitems,
    lineItemUrl: ags?.lineitem,
  };
}

/**
 * After ltijs verified signature (platform JWKS), iss/aud/azp, exp/iat, nonce single use, message type and
 * version: our state and nonce, the deployment, then the upserts and the session token.
 */
function onLaunch(deps: LtiRouterDeps) {
  return handle(async (req, res) => {
    const ltijsToken = res.locals.token as LtijsToken;
    const record = res.locals.launchState!;
    const claims = verifiedClaims(req);
    const mismatch = stateMatchesToken(record, {
      iss: claims.iss,
      clientId: ltijsToken.clientId,
      nonce: claims.nonce,
      targetLinkUri: claims[CLAIM.targetLinkUri],
    });
    if (mismatch) throw new LaunchError(mismatch);
    const registration = deps.registry.find(claims.iss, ltijsToken.clientId);
    if (!registration) throw new LaunchError('unknown_platform', { issuer: claims.iss, clientId: ltijsToken.clientId });
    const deploymentId = claims[CLAIM.deploymentId];
    if (!registration.deploymentIds.includes(deploymentId)) {
      throw unknownDeployment(registration.issuer, registration.clientId, deploymentId);
    }
    const launch = launchRecord(claims, registration.clientId);
    req.log?.info(
      { issuer: launch.issuer, deploymentId, role: launch.role, messageType: claims[CLAIM.messageType] },
      'LTI launch accepted',
    );
    if (claims[CLAIM.messageType] === MESSAGE_TYPE.deepLinking) {
      respondToDeepLinking(res, launch, claims, deps.pickerSecret);
      return;
    }
    const ids = await deps.store.upsertLaunch(launch);
    if ((launch.role === 'instructor' || launch.role === 'ta') && launch.membershipsUrl) {
      deps.onStaffLaunch?.({
        id: ids.courseId,
        issuer: launch.issuer,
        clientId: launch.clientId,
        membershipsUrl: launch.membershipsUrl,
      });
    }
    const sessionToken = deps.tokens.mint({
      sub: ids.userId,
      course: ids.courseId,
      seminar: ids.seminarId,
      role: launch.role,
      name: launch.user.name,
      platform: launch.issuer,
      locale: launch.user.locale,
    });
    const appUrl = `${APP_PATH}#token=${encodeURIComponent(sessionToken)}`;
    continueThroughPlatformStorage(
      res,
      { op: 'get', target: record.storageTarget, registration, state: record.state, next: appUrl },
      () => res.redirect(303, appUrl),
    );
  });
}

/**
 * Goes on to `next`: directly when the LMS offers no LTI Platform Storage, otherwise through a page that puts the
 * OIDC state into the platform's storage frame at login (`put`) or checks it there at launch (`get`), so the
 * launch works in an iframe without third-party cookies (DESIGN.md §8).
 */
function continueThroughPlatformStorage(
  res: Response,
  step: {
    op: 'put' | 'get';
    target: string | undefined;
    registration: { authenticationEndpoint: string };
    state: string;
    next: string;
  },
  direct: () => void,
): void {
  if (!step.target) {
    direct();
    return;
  }
  res.type('html').send(
    storagePage(
      {
        op: step.op,
        target: step.target,
        origin: new URL(step.registration.authenticationEndpoint).origin,
        key: `state_${step.state}`,
        value: step.state,
        next: step.next,
      },
      res.locals.cspNonce,
    ),
  );
}

/** ltijs's refusal callbacks carry a bare message; turn it into a LaunchError naming what to fix. */
function ltijsRefusal(deps: LtiRouterDeps): RequestHandler {
  return (req, res, next) => {
    const message = String((res.locals.err as { details?: { message?: string } } | undefined)?.details?.message ?? '');
    const reason = failureFromLtijs(message);
    const unverified = jwt.decode(typeof req.body?.id_token === 'string' ? req.body.id_token : '') as {
      iss?: string;
      aud?: string | string[];
    } | null;
    if (reason === 'unknown_platform' && unverified?.iss && deps.registry.forIssuer(unverified.iss).length > 0) {
      next(new LaunchError('wrong_audience', { issuer: unverified.iss, audience: unverified.aud ?? '' }));
      return;
    }
    const details: Record<string, unknown> = { validation: message };
    if (unverified?.iss) details.issuer = unverified.iss;
    next(new LaunchError(reason, details));
  };
}

/** People get an HTML page, API callers (Accept: application/json) the error envelope; never a stack trace. */
export function launchErrorHandler(apiError: ApiErrorFactory): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (!(err instanceof LaunchError) || res.headersSent) {
      next(err);
      return;
    }
    req.log?.info({ reason: err.reason, details: err.details }, 'LTI launch refused');
    if (req.accepts(['html', 'json']) === 'json') {
      next(apiError(err.code, err.message, { reason: err.reason, ...err.details }));
      return;
    }
    res
      .status(err.status)
      .type('html')
      .send(errorPage(err, req.id ?? ''));
  };
}

/** `/lti`: ltijs's login, launch and keys routes with our gates around them. */
export function ltiRouter(deps: LtiRouterDeps): Router {
  const { lti } = deps;
  lti.onConnect((_token, req, res, next) => onLaunch(deps)(req, res, next));
  lti.onDeepLinking((_token, req, res, next) => onLaunch(deps)(req, res, next));
  lti.onInvalidToken(ltijsRefusal(deps));
  lti.onSessionTimeout(ltijsRefusal(deps));
  // ltijs calls these two without `next` (login only); loginGate left it in res.locals.
  const refuseLogin: LtijsHandler = (req, res) =>
    res.locals.loginNext?.(
      new LaunchError('unknown_platform', { issuer: String(req.body?.iss ?? req.query.iss ?? '') }),
    );
  lti.onUnregisteredPlatform(refuseLogin);
  lti.onInactivePlatform(refuseLogin);
  const router = Router();
  router.all('/login', loginGate(deps));
  router.post('/launch', launchGate(deps));
  router.all('/launch', (req, _res, next) => {
    if (req.method !== 'POST') next(new LaunchError('invalid_token', { id_token: 'missing' }));
    else next();
  });
  router.all('/register', deps.register);
  router.post(
    '/deep-linking',
    handle((req, res) => completeDeepLinking(lti, req, res, deps.pickerSecret, deps.launchUrl())),
  );
  router.use(lti.app);
  router.use(launchErrorHandler(deps.apiError));
  return router;
}
