import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { MESSAGE_TYPE, SCOPE } from '../claims.js';
import { escapeHtml, page } from '../pages.js';
import { allowFramingTool } from './pages.js';
import type { DevPlatformState } from './platform.js';
import { issueList } from './services.js';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const toolRegistrationSchema = z.looseObject({
  initiate_login_uri: z.url(),
  redirect_uris: z.array(z.url()).min(1),
  jwks_uri: z.url(),
  client_name: z.string().min(1),
  [TOOL_CONFIGURATION]: z.looseObject({ target_link_uri: z.url() }),
});

/**
 * The platform side of LTI Dynamic Registration 1.0: OpenID configuration, a registration endpoint guarded by
 * a one-time registration token, and a page an administrator uses to start it (the tool's page in an iframe).
 */
export function registrationRouter(state: DevPlatformState): Router {
  const router = Router();

  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer: state.issuer,
      authorization_endpoint: `${state.issuer}/auth`,
      token_endpoint: `${state.issuer}/token`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      jwks_uri: `${state.issuer}/jwks`,
      registration_endpoint: `${state.issuer}/register`,
      scopes_supported: ['openid', ...Object.values(SCOPE)],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['iss', 'sub', 'aud', 'name', 'given_name', 'family_name', 'email', 'locale'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': {
        product_family_code: 'eduforum-dev-lms',
        version: '1.0',
        messages_supported: [{ type: MESSAGE_TYPE.resourceLink }, { type: MESSAGE_TYPE.deepLinking }],
      },
    });
  });

  router.post('/register', (req, res) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !state.registrationTokens.delete(token)) {
      res.status(401).json({ error: 'invalid_token', error_description: 'registration token missing or used' });
      return;
    }
    const parsed = toolRegistrationSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({
        error: 'invalid_client_metadata',
        error_description: issueList(parsed.error),
      });
      return;
    }
    const registration = parsed.data;
    const clientId = `dyn-${randomBytes(6).toString('hex')}`;
    const deploymentId = `dyn-deployment-${state.clients.size + 1}`;
    state.clients.set(clientId, {
      clientId,
      deploymentId,
      loginUri: registration.initiate_login_uri,
      redirectUris: registration.redirect_uris,
      jwksUri: registration.jwks_uri,
    });
    res.json({
      ...registration,
      client_id: clientId,
      [TOOL_CONFIGURATION]: { ...registration[TOOL_CONFIGURATION], deployment_id: deploymentId },
    });
  });

  router.get('/dynamic-registration', (_req, res) => {
    const register = new URL(`${state.urls().tool}/lti/register`);
    register.searchParams.set('openid_configuration', `${state.issuer}/.well-known/openid-configuration`);
    register.searchParams.set('registration_token', state.issueRegistrationToken());
    allowFramingTool(state, res);
    res.type('html').send(
      page(
        'Dynamic registration — dev LMS',
        `<h1>Register a tool by Dynamic Registration</h1><p><a href="${escapeHtml(state.issuer)}/">Back to the course</a></p>
<iframe title="Tool registration" src="${escapeHtml(register.toString())}" style="width:100%;height:20rem;border:1px solid #ccd"></iframe>`,
      ),
    );
  });

  return router;
}
