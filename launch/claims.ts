import { z } from 'zod';

/** LTI 1.3 core, AGS 2.0 and NRPS 2.0 claim URIs (the only folder that knows them). */
export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  deepLinkingContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export const MESSAGE_TYPE = {
  resourceLink: 'LtiResourceLinkRequest',
  deepLinking: 'LtiDeepLinkingRequest',
  deepLinkingResponse: 'LtiDeepLinkingResponse',
} as const;

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const MEDIA_TYPE = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const;

/** The claims of a verified launch id_token that the tool uses; missing required ones fail the launch. */
export const launchClaimsSchema = z.object({
  iss: z.string().min(1),
  sub: z.string().min(1),
  nonce: z.string().min(1),
  aud: z.union([z.string(), z.array(z.string()).min(1)]),
  azp: z.string().optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  locale: z.string().optional(),
  picture: z.string().optional(),
  [CLAIM.messageType]: z.enum([MESSAGE_TYPE.resourceLink, MESSAGE_TYPE.deepLinking]),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.deploymentId]: z.string().min(1),
  [CLAIM.targetLinkUri]: z.string().optional(),
  [CLAIM.roles]: z.array(z.string()),
  [CLAIM.context]: z
    .object({ id: z.string().min(1), title: z.string().optional(), label: z.string().optional() })
    .optional(),
  [CLAIM.resourceLink]: z
    .object({ id: z.string().min(1), title: z.string().optional(), description: z.string().optional() })
    .optional(),
  [CLAIM.launchPresentation]: z
    .object({
      document_target: z.string().optional(),
      return_url: z.string().optional(),
      locale: z.string().optional(),
    })
    .optional(),
  [CLAIM.ags]: z
    .object({
      scope: z.array(z.string()).default([]),
      lineitems: z.string().optional(),
      lineitem: z.string().optional(),
    })
    .optional(),
  [CLAIM.nrps]: z.object({ context_memberships_url: z.string() }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.deepLinkingSettings]: z.object({ deep_link_return_url: z.string(), data: z.string().optional() }).optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;
