import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { SCOPE, MESSAGE_TYPE } from './claims.js';
import { LaunchError, zodFields } from './errors.js';
import { escapeHtml, page } from './pages.js';
import type { Registration } from './registrations.js';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

const querySchema = z.object({ openid_configuration: z.url(), registration_token: z.string().optional() });

/** The platform's OpenID configuration (LTI Dynamic Registration 1.0 §3.4); extra fields are ignored. */
const platformConfigurationSchema = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  authorization_server: z.string().optional(),
  [PLATFORM_CONFIGURATION]: z.object({ product_family_code: z.string().optional() }).optional(),
});

const registrationAnswerSchema = z.object({
  client_id: z.string().min(1),
  [TOOL_CONFIGURATION]: z.object({ deployment_id: z.string().min(1).optional() }).optional(),
});

export interface DynamicRegistrationDeps {
  enabled: boolean;
  toolUrl: () => string;
  save: (registration: Registration) => Promise<void>;
  logger: Logger;
}

async function readJson(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok)
    throw new LaunchError('registration_failed', { step: what, status: res.status, answer: text.slice(0, 500) });
  try {
    return JSON.parse(text);
  } catch {
    throw new LaunchError('registration_failed', { step: what, answer: text.slice(0, 500) });
  }
}

function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown, step: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new LaunchError('registration_refused', { step, ...zodFields(parsed.error) });
}

/** The tool's registration request: our URLs, the scopes we use, the messages we take. */
function toolRegistration(toolUrl: string) {
  const launch = `${toolUrl}/lti/launch`;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${toolUrl}/lti/login`,
    redirect_uris: [launch],
    client_name: 'EduForum Live',
    jwks_uri: `${toolUrl}/lti/keys`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: Object.values(SCOPE).join(' '),
    [TOOL_CONFIGURATION]: {
      domain: new URL(toolUrl).host,
      target_link_uri: launch,
      description: 'Live seminars: video, polls, quizzes, Q&A, breakouts, whiteboard and grades.',
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email', 'locale'],
      messages: [
        { type: MESSAGE_TYPE.resourceLink },
        // Where the instructor's "add activity" picker opens (Moodle and Canvas read `label` and `placements`).
        {
          type: MESSAGE_TYPE.deepLinking,
          target_link_uri: launch,
          label: 'EduForum Live',
          placements: ['ContentArea'],
        },
      ],
    },
  };
}

/**
 * `GET /lti/register?openid_configuration=…&registration_token=…` (LTI Dynamic Registration 1.0), opened by an
 * LMS administrator from the LMS. Off unless LTI_DYNAMIC_REGISTRATION=1, since whoever can open it registers a
 * platform. The platform's answer is logged whatever it is (LMSs differ here, DESIGN.md §8); the result is the
 * same record a registration file holds, kept in the store.
 */
export function dynamicRegistration(deps: DynamicRegistrationDeps): RequestHandler {
  return (req, res, next) => {
    if (!deps.enabled) {
      next(new LaunchError('registration_disabled'));
      return;
    }
    (async () => {
      const query = parseOrRefuse(querySchema, req.query, 'request');
      const configuration = parseOrRefuse(
        platformConfigurationSchema,
        await readJson(await fetch(query.openid_configuration), 'openid_configuration'),
        'openid_configuration',
      );
      if (new URL(configuration.issuer).origin !== new URL(query.openid_configuration).origin) {
        throw new LaunchError('registration_refused', {
          step: 'openid_configuration',
          issuer: `${configuration.issuer} is not on the origin of ${query.openid_configuration}`,
        });
      }
      const answer = await fetch(configuration.registration_endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(query.registration_token ? { authorization: `Bearer ${query.registration_token}` } : {}),
        },
        body: JSON.stringify(toolRegistration(deps.toolUrl())),
      });
      const body = await readJson(answer, 'registration');
      deps.logger.info(
        { issuer: configuration.issuer, status: answer.status, answer: body },
        'dynamic registration answer',
      );
      const registered = parseOrRefuse(registrationAnswerSchema, body, 'registration');
      const deploymentId = registered[TOOL_CONFIGURATION]?.deployment_id;
      const registration: Registration = {
        name: `${configuration[PLATFORM_CONFIGURATION]?.product_family_code ?? 'LMS'} (dynamic registration)`,
        issuer: configuration.issuer,
        clientId: registered.client_id,
        deploymentIds: deploymentId ? [deploymentId] : [],
        authenticationEndpoint: configuration.authorization_endpoint,
        accessTokenEndpoint: configuration.token_endpoint,
        jwksEndpoint: configuration.jwks_uri,
        authorizationServer: configuration.authorization_server,
        frameOrigins: [],
      };
      await deps.save(registration);
      res.type('html').send(
        page(
          'EduForum Live registered',
          `<h1>EduForum Live is registered</h1><p>Issuer <code>${escapeHtml(registration.issuer)}</code>, client id
<code>${escapeHtml(registration.clientId)}</code>, deployment <code>${escapeHtml(deploymentId ?? '(none sent: add it with a registration file)')}</code>.</p>`,
          {
            nonce: res.locals.cspNonce,
            code: "(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');",
          },
        ),
      );
    })().catch(next);
  };
}
