import { randomBytes } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { MEDIA_TYPE, SCOPE } from '../claims.js';
import { verifyWithJwks } from './keys.js';
import type { DevPlatformState, LineItem, Score } from './platform.js';

const ACCESS_TOKEN_TTL_SECONDS = 3600;
const GRANTABLE = new Set<string>(Object.values(SCOPE));
const DEFAULT_PAGE_SIZE = 50;

const tokenRequestSchema = z.object({
  grant_type: z.literal('client_credentials'),
  client_assertion_type: z.literal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
  client_assertion: z.string().min(1),
  scope: z.string().min(1),
});

const lineItemSchema = z.object({
  label: z.string().min(1),
  scoreMaximum: z.number().positive(),
  resourceLinkId: z.string().optional(),
  resourceId: z.string().optional(),
  tag: z.string().optional(),
  startDateTime: z.string().optional(),
  endDateTime: z.string().optional(),
});

const scoreSchema = z
  .object({
    userId: z.string().min(1),
    scoreGiven: z.number().min(0).optional(),
    scoreMaximum: z.number().positive().optional(),
    comment: z.string().optional(),
    timestamp: z.iso.datetime({ offset: true }),
    activityProgress: z.enum(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed']),
    gradingProgress: z.enum(['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady']),
  })
  .refine((s) => s.scoreGiven === undefined || s.scoreMaximum !== undefined, {
    path: ['scoreMaximum'],
    message: 'required with scoreGiven',
  })
  .refine((s) => s.scoreGiven === undefined || s.scoreGiven <= s.scoreMaximum!, {
    path: ['scoreGiven'],
    message: 'must not exceed scoreMaximum',
  });

const scoreFaultsSchema = z.object({
  count: z.number().int().min(0).max(1000),
  status: z.number().int().min(400).max(599).default(503),
  retry_after: z.string().optional(),
});

/** `field: message` of each zod issue, for the dev platform's error answers. */
export function issueList(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '_'}: ${i.message}`).join(', ');
}

/** Parses a body or answers 400 naming the fields, as LMS REST services do. */
function parseOr400<S extends z.ZodType>(
  schema: S,
  body: unknown,
  res: express.Response,
  error: string,
): z.infer<S> | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  res.status(400).json({ error, error_description: issueList(parsed.error) });
  return undefined;
}

/** OAuth 2 error answer (RFC 6749 §5.2). */
function oauthError(res: express.Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

/**
 * OAuth 2 client-credentials endpoint (LTI Security Framework): the tool proves itself with a JWT signed by
 * the key in its JWKS (`/lti/keys`), iss = sub = client id, aud = this endpoint, single-use jti.
 */
function tokenEndpoint(state: DevPlatformState): RequestHandler {
  return (req, res, next) => {
    const parsed = tokenRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const grant = (req.body as { grant_type?: unknown })?.grant_type;
      if (grant !== undefined && grant !== 'client_credentials')
        oauthError(res, 400, 'unsupported_grant_type', String(grant));
      else oauthError(res, 400, 'invalid_request', issueList(parsed.error));
      return;
    }
    const scopes = parsed.data.scope.split(/\s+/).filter(Boolean);
    const refused = scopes.filter((s) => !GRANTABLE.has(s));
    if (refused.length > 0) {
      oauthError(res, 400, 'invalid_scope', refused.join(' '));
      return;
    }
    const now = Date.now();
    for (const [jti, expiresAt] of state.usedAssertionIds) if (expiresAt < now) state.usedAssertionIds.delete(jti);
    const claimed = jwt.decode(parsed.data.client_assertion) as { iss?: unknown } | null;
    const client = typeof claimed?.iss === 'string' ? state.client(claimed.iss) : undefined;
    if (!client) {
      oauthError(res, 401, 'invalid_client', 'unknown client');
      return;
    }
    verifyWithJwks(parsed.data.client_assertion, client.jwksUri, {
      issuer: client.clientId,
      subject: client.clientId,
      audience: `${state.issuer}/token`,
    })
      .then((assertion) => {
        if (!assertion.jti || !assertion.exp || state.usedAssertionIds.has(assertion.jti)) {
          oauthError(res, 401, 'invalid_client', 'client_assertion needs a fresh jti and an exp');
          return;
        }
        state.usedAssertionIds.set(assertion.jti, assertion.exp * 1000);
        const accessToken = randomBytes(24).toString('base64url');
        state.accessTokens.set(accessToken, { scopes, expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000 });
        res.json({
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: ACCESS_TOKEN_TTL_SECONDS,
          scope: scopes.join(' '),
        });
      })
      .catch((err: Error) => {
        if (res.headersSent) next(err);
        else oauthError(res, 401, 'invalid_client', err.message);
      });
  };
}

/** Bearer access token holding at least one of the scopes. */
function requireScope(state: DevPlatformState, ...anyOf: string[]): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const grant = match ? state.accessTokens.get(match[1]!) : undefined;
    if (!grant || grant.expiresAt < Date.now()) {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token' });
      return;
    }
    if (!anyOf.some((s) => grant.scopes.includes(s))) {
      res
        .status(403)
        .set('WWW-Authenticate', 'Bearer error="insufficient_scope"')
        .json({ error: 'insufficient_scope' });
      return;
    }
    next();
  };
}

function lineItemJson(state: DevPlatformState, item: LineItem) {
  const { id, ...rest } = item;
  return { id: state.lineItemUrl(id), ...rest };
}

function sendAs(res: express.Response, mediaType: string, body: unknown, status = 200): void {
  res.status(status).type(mediaType).send(JSON.stringify(body));
}

function pageLinks(url: URL, page: number, limit: number, total: number): string | undefined {
  if ((page + 1) * limit >= total) return undefined;
  const next = new URL(url);
  next.searchParams.set('limit', String(limit));
  next.searchParams.set('page', String(page + 1));
  return `<${next.toString()}>; rel="next"`;
}

/** NRPS 2.0 memberships and AGS 2.0 line items / scores / results of the demo course. */
export function servicesRouter(state: DevPlatformState): Router {
  const router = Router();
  const json = express.json({
    type: ['application/json', MEDIA_TYPE.lineItem, MEDIA_TYPE.score],
  });
  router.post('/token', tokenEndpoint(state));

  const context = '/api/contexts/:contextId';
  router.use(context, (req, res, next) => {
    if (req.params.contextId !== state.course.context.id) res.status(404).json({ error: 'unknown context' });
    else next();
  });

  router.get(`${context}/memberships`, requireScope(state, SCOPE.nrps), (req, res) => {
    const url = new URL(`${state.issuer}${req.originalUrl.replace(/^.*?\/api\//, '/api/')}`);
    const limit = Math.max(1, Math.min(Number(req.query.limit) || DEFAULT_PAGE_SIZE, 1000));
    const page = Math.max(0, Number(req.query.page) || 0);
    const role = typeof req.query.role === 'string' ? req.query.role : undefined;
    const members = state.course.users
      .filter((u) => !role || u.roles.some((r) => r === role || r.endsWith(`#${role}`)))
      .map((u) => ({
        status: u.status ?? 'Active',
        name: u.name,
        given_name: u.givenName,
        family_name: u.familyName,
        email: u.email,
        user_id: u.id,
        roles: u.roles,
      }));
    const link = pageLinks(url, page, limit, members.length);
    if (link) res.set('Link', link);
    sendAs(res, MEDIA_TYPE.membershipContainer, {
      id: url.toString(),
      context: state.course.context,
      members: members.slice(page * limit, (page + 1) * limit),
    });
  });

  router.get(`${context}/line_items`, requireScope(state, SCOPE.lineItem, SCOPE.lineItemReadonly), (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const items = [...state.lineItems.values()].filter(
      (li) =>
        (!q.resource_link_id || li.resourceLinkId === q.resource_link_id) &&
        (!q.resource_id || li.resourceId === q.resource_id) &&
        (!q.tag || li.tag === q.tag),
    );
    sendAs(
      res,
      MEDIA_TYPE.lineItemContainer,
      items.map((li) => lineItemJson(state, li)),
    );
  });

  router.post(`${context}/line_items`, requireScope(state, SCOPE.lineItem), json, (req, res) => {
    const body = parseOr400(lineItemSchema, req.body, res, 'invalid line item');
    if (body) sendAs(res, MEDIA_TYPE.lineItem, lineItemJson(state, state.addLineItem(body)), 201);
  });

  const item = `${context}/line_items/:itemId`;
  const findItem: RequestHandler = (req, res, next) => {
    if (state.lineItems.has(String(req.params.itemId))) next();
    else res.status(404).json({ error: 'unknown line item' });
  };

  router.get(item, requireScope(state, SCOPE.lineItem, SCOPE.lineItemReadonly), findItem, (req, res) => {
    sendAs(res, MEDIA_TYPE.lineItem, lineItemJson(state, state.lineItems.get(String(req.params.itemId))!));
  });

  router.put(item, requireScope(state, SCOPE.lineItem), findItem, json, (req, res) => {
    const body = parseOr400(lineItemSchema, req.body, res, 'invalid line item');
    if (!body) return;
    const updated = { ...body, id: String(req.params.itemId) };
    state.lineItems.set(updated.id, updated);
    sendAs(res, MEDIA_TYPE.lineItem, lineItemJson(state, updated));
  });

  router.delete(item, requireScope(state, SCOPE.lineItem), findItem, (req, res) => {
    state.lineItems.delete(String(req.params.itemId));
    state.scores.delete(String(req.params.itemId));
    res.status(204).end();
  });

  router.post(`${item}/scores`, requireScope(state, SCOPE.score), findItem, json, (req, res) => {
    if (state.scoreFaults.remaining > 0) {
      state.scoreFaults.remaining--;
      if (state.scoreFaults.retryAfter) res.set('Retry-After', state.scoreFaults.retryAfter);
      res.status(state.scoreFaults.status).json({ error: 'injected fault' });
      return;
    }
    if (!req.is(MEDIA_TYPE.score)) {
      res.status(415).json({ error: `Content-Type must be ${MEDIA_TYPE.score}` });
      return;
    }
    const score: Score | undefined = parseOr400(scoreSchema, req.body, res, 'invalid score');
    if (!score) return;
    const learner = state.user(score.userId);
    if (!learner || learner.kind !== 'student') {
      res.status(404).json({ error: 'userId is not a learner of this course' });
      return;
    }
    const byUser = state.scores.get(String(req.params.itemId)) ?? new Map<string, Score>();
    const previous = byUser.get(score.userId);
    if (previous && Date.parse(previous.timestamp) > Date.parse(score.timestamp)) {
      res.status(409).json({ error: 'a newer score is already recorded' });
      return;
    }
    byUser.set(score.userId, score);
    state.scores.set(String(req.params.itemId), byUser);
    state.scoreReceipts.push({
      lineItemId: String(req.params.itemId),
      userId: score.userId,
      gradingProgress: score.gradingProgress,
      at: Date.now(),
    });
    res.status(204).end();
  });

  router.get(`${item}/results`, requireScope(state, SCOPE.resultReadonly), findItem, (req, res) => {
    const id = String(req.params.itemId);
    const lineItemUrl = state.lineItemUrl(id);
    const userId = typeof req.query.user_id === 'string' ? req.query.user_id : undefined;
    const results = [...(state.scores.get(id)?.values() ?? [])]
      .filter((s) => !userId || s.userId === userId)
      .map((s) => ({
        id: `${lineItemUrl}/results/${encodeURIComponent(s.userId)}`,
        scoreOf: lineItemUrl,
        userId: s.userId,
        resultScore: s.scoreGiven,
        resultMaximum: s.scoreMaximum,
        comment: s.comment,
      }));
    sendAs(res, MEDIA_TYPE.resultContainer, results);
  });

  // Test control (the whole dev platform exists only with DEV_PLATFORM=1): fail the next score posts.
  router.post('/test/score-faults', (req, res) => {
    const body = parseOr400(scoreFaultsSchema, req.body, res, 'invalid fault');
    if (!body) return;
    state.scoreFaults = { remaining: body.count, status: body.status, retryAfter: body.retry_after };
    res.json({ remaining: body.count });
  });

  return router;
}
