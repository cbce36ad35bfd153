import { randomBytes, randomUUID } from 'node:crypto';
import { CLAIM, MESSAGE_TYPE, SCOPE } from '../claims.js';
import { demoCourse, type DemoLink, type DemoUser } from './demo-course.js';
import { generateSigningKey, signRs256, type SigningKey } from './keys.js';

export const DEV_CLIENT_ID = 'eduforum-dev-tool';
export const DEV_DEPLOYMENT_ID = 'dev-deployment-1';
const ID_TOKEN_TTL_SECONDS = 300;

export interface LineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
  resourceId?: string;
  tag?: string;
  startDateTime?: string;
  endDateTime?: string;
}

export interface Score {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  timestamp: string;
  activityProgress: string;
  gradingProgress: string;
}

/** A tool registered with the platform: the built-in one, or one added by Dynamic Registration. */
export interface DevClient {
  clientId: string;
  deploymentId: string;
  loginUri: string;
  redirectUris: string[];
  jwksUri: string;
}

export interface DevUrls {
  /** Where the platform is reached, e.g. http://localhost:3000/dev-lms (also its issuer). */
  platform: string;
  /** Where the tool is reached, e.g. http://localhost:3000. */
  tool: string;
}

/**
 * The state of the built-in LMS: its key, the demo course, line items and scores, issued access tokens. All
 * in memory; a restart gives a clean demo course.
 */
export class DevPlatformState {
  readonly key: SigningKey = generateSigningKey();
  readonly course = demoCourse();
  readonly lineItems = new Map<string, LineItem>();
  /** line item id → user id → latest score */
  readonly scores = new Map<string, Map<string, Score>>();
  readonly accessTokens = new Map<string, { scopes: string[]; expiresAt: number }>();
  readonly usedAssertionIds = new Map<string, number>();
  readonly clients = new Map<string, DevClient>();
  readonly registrationTokens = new Set<string>();
  /** Every accepted score post, in order (tests check "exactly once"). */
  readonly scoreReceipts: Array<{ lineItemId: string; userId: string; gradingProgress: string; at: number }> = [];
  /** Test fault injection: the next `remaining` score posts are answered with `status`. */
  scoreFaults = { remaining: 0, status: 503, retryAfter: undefined as string | undefined };
  private nextLineItem = 1;

  constructor(readonly urls: () => DevUrls) {
    this.addLineItem({
      label: 'Week 1 participation',
      scoreMaximum: 10,
      resourceLinkId: 'seminar-1',
      tag: 'participation',
    });
  }

  /** The built-in registration of the tool this platform is mounted in. */
  get defaultClient(): DevClient {
    const tool = this.urls().tool;
    return {
      clientId: DEV_CLIENT_ID,
      deploymentId: DEV_DEPLOYMENT_ID,
      loginUri: `${tool}/lti/login`,
      redirectUris: [`${tool}/lti/launch`],
      jwksUri: `${tool}/lti/keys`,
    };
  }

  client(clientId: string): DevClient | undefined {
    return clientId === DEV_CLIENT_ID ? this.defaultClient : this.clients.get(clientId);
  }

  issueRegistrationToken(): string {
    const token = randomBytes(16).toString('base64url');
    this.registrationTokens.add(token);
    return token;
  }

  get issuer(): string {
    return this.urls().platform;
  }

  get toolLaunchUrl(): string {
    return `${this.urls().tool}/lti/launch`;
  }

  contextUrl(path: string): string {
    return `${this.issuer}/api/contexts/${encodeURIComponent(this.course.context.id)}${path}`;
  }

  lineItemUrl(id: string): string {
    return this.contextUrl(`/line_items/${id}`);
  }

  user(id: string): DemoUser | undefined {
    return this.course.users.find((u) => u.id === id);
  }

  link(id: string): DemoLink | undefined {
    return this.course.links.find((l) => l.id === id);
  }

  addLineItem(item: Omit<LineItem, 'id'>): LineItem {
    const created = { ...item, id: String(this.nextLineItem++) };
    this.lineItems.set(created.id, created);
    return created;
  }

  addLink(title: string, custom?: Record<string, string>): DemoLink {
    const link = { id: `link-${randomUUID().slice(0, 8)}`, title, description: '', ...(custom ? { custom } : {}) };
    this.course.links.push(link);
    return link;
  }

  /** The id_token claims of a launch, exactly as a spec-following LMS sends them. */
  launchClaims(
    user: DemoUser,
    nonce: string,
    target: { link?: DemoLink; deepLinking?: boolean },
    client: DevClient = this.defaultClient,
  ): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const lineItem = target.link && [...this.lineItems.values()].find((li) => li.resourceLinkId === target.link!.id);
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: client.clientId,
      azp: client.clientId,
      sub: user.id,
      nonce,
      iat: now,
      exp: now + ID_TOKEN_TTL_SECONDS,
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      email: user.email,
      locale: 'en',
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: client.deploymentId,
      [CLAIM.targetLinkUri]: this.toolLaunchUrl,
      [CLAIM.roles]: user.roles,
      [CLAIM.context]: {
        ...this.course.context,
        type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
      },
      [CLAIM.toolPlatform]: {
        guid: `${this.issuer}#platform`,
        name: 'EduForum dev LMS',
        product_family_code: 'eduforum-dev-lms',
        version: '1.0',
      },
      [CLAIM.launchPresentation]: { document_target: 'iframe', return_url: `${this.issuer}/`, locale: 'en' },
      [CLAIM.ags]: {
        scope: [SCOPE.lineItem, SCOPE.lineItemReadonly, SCOPE.resultReadonly, SCOPE.score],
        lineitems: this.contextUrl('/line_items'),
        ...(lineItem ? { lineitem: this.lineItemUrl(lineItem.id) } : {}),
      },
      [CLAIM.nrps]: { context_memberships_url: this.contextUrl('/memberships'), service_versions: ['2.0'] },
      [CLAIM.custom]: target.link?.custom ?? {},
    };
    if (target.deepLinking) {
      claims[CLAIM.messageType] = MESSAGE_TYPE.deepLinking;
      claims[CLAIM.deepLinkingSettings] = {
        deep_link_return_url: `${this.issuer}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        auto_create: true,
        data: `dl-${now}`,
      };
    } else {
      claims[CLAIM.messageType] = MESSAGE_TYPE.resourceLink;
      claims[CLAIM.resourceLink] = target.link && {
        id: target.link.id,
        title: target.link.title,
        description: target.link.description,
      };
    }
    return claims;
  }

  sign(claims: Record<string, unknown>, key: SigningKey = this.key): string {
    return signRs256(claims, key);
  }
}
