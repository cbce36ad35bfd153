import { Router } from 'express';
import { z } from 'zod';
import { autoPostPage } from '../pages.js';
import { DEV_CLIENT_ID, type DevPlatformState } from './platform.js';
import { issueList } from './services.js';

const messageHintSchema = z.object({ link: z.string().optional(), deepLinking: z.boolean().optional() });

function encodeHint(hint: z.infer<typeof messageHintSchema>): string {
  return Buffer.from(JSON.stringify(hint)).toString('base64url');
}

function decodeHint(value: string): z.infer<typeof messageHintSchema> | undefined {
  try {
    return messageHintSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

const initiationSchema = z.object({
  user: z.string().min(1),
  link: z.string().optional(),
  deep: z.literal('1').optional(),
  storage: z.enum(['0', '1']).default('1'),
  client: z.string().default(DEV_CLIENT_ID),
});

const authRequestSchema = z.object({
  scope: z.literal('openid'),
  response_type: z.literal('id_token'),
  response_mode: z.literal('form_post'),
  prompt: z.literal('none'),
  client_id: z.string(),
  redirect_uri: z.string(),
  login_hint: z.string(),
  lti_message_hint: z.string(),
  state: z.string().min(1),
  nonce: z.string().min(1),
});

/**
 * Third-party initiated login (the "launch as …" buttons point here, inside the course iframe) and the OIDC
 * authorization endpoint that answers with a signed id_token posted to the tool.
 */
export function oidcRouter(state: DevPlatformState): Router {
  const router = Router();

  router.get('/launch', (req, res) => {
    const parsed = initiationSchema.safeParse(req.query);
    const user = parsed.success ? state.user(parsed.data.user) : undefined;
    const client = parsed.success ? state.client(parsed.data.client) : undefined;
    if (!parsed.success || !user || !client || (!parsed.data.deep && !state.link(parsed.data.link ?? ''))) {
      res.status(400).type('text/plain').send('Unknown user, link or client');
      return;
    }
    const login = new URL(client.loginUri);
    const params: Record<string, string> = {
      iss: state.issuer,
      login_hint: user.id,
      target_link_uri: client.redirectUris[0]!,
      lti_message_hint: encodeHint(parsed.data.deep ? { deepLinking: true } : { link: parsed.data.link }),
      client_id: client.clientId,
      lti_deployment_id: client.deploymentId,
    };
    if (parsed.data.storage === '1') params.lti_storage_target = '_parent';
    for (const [k, v] of Object.entries(params)) login.searchParams.set(k, v);
    res.redirect(login.toString());
  });

  router.all('/auth', (req, res) => {
    const parsed = authRequestSchema.safeParse({ ...req.query, ...req.body });
    if (!parsed.success) {
      res.status(400).json({
        error: 'invalid_request',
        error_description: issueList(parsed.error),
      });
      return;
    }
    const request = parsed.data;
    const user = state.user(request.login_hint);
    const hint = decodeHint(request.lti_message_hint);
    const link = hint?.link ? state.link(hint.link) : undefined;
    const client = state.client(request.client_id);
    if (!client || !client.redirectUris.includes(request.redirect_uri)) {
      res.status(400).json({ error: 'unauthorized_client', error_description: 'unknown client_id or redirect_uri' });
      return;
    }
    if (!user || !hint || (!hint.deepLinking && !link)) {
      res.status(400).json({ error: 'login_required', error_description: 'unknown login_hint or lti_message_hint' });
      return;
    }
    const claims = state.launchClaims(user, request.nonce, { link, deepLinking: hint.deepLinking }, client);
    res
      .type('html')
      .send(
        autoPostPage(request.redirect_uri, { id_token: state.sign(claims), state: request.state }, res.locals.cspNonce),
      );
  });

  return router;
}
