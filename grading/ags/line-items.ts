import { AGS_MEDIA_TYPES } from './ags-urls.js';

export interface LineItemSpec {
  /** The platform's line-item container URL (launch claim `lineitems`). */
  lineItemsUrl: string;
  resourceLinkId: string;
  /** Our activity key, e.g. `quiz:<id>` or `participation`. */
  resourceId: string;
  tag: string;
  label: string;
  scoreMaximum: number;
}

export interface AgsHttp {
  (url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response>;
}

/** An AGS call that failed; `status` is undefined when the platform never answered. */
export class AgsError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryAfter?: string | null,
    readonly body?: string,
  ) {
    super(message);
    this.name = 'AgsError';
  }
}

async function expectOk(res: Response, what: string): Promise<Response> {
  if (res.ok) return res;
  const body = await res.text().catch(() => '');
  throw new AgsError(
    `${what}: HTTP ${res.status} ${body.slice(0, 300)}`,
    res.status,
    res.headers.get('retry-after'),
    body,
  );
}

/**
 * One line item per resource link and activity (DESIGN.md §6): found by `resource_link_id` + `resource_id`
 * (the platform may have made it from our Deep Linking `lineItem`), created on first publish otherwise.
 */
export async function findOrCreateLineItem(http: AgsHttp, token: string, spec: LineItemSpec): Promise<string> {
  const query = new URL(spec.lineItemsUrl);
  query.searchParams.set('resource_link_id', spec.resourceLinkId);
  query.searchParams.set('resource_id', spec.resourceId);
  const auth = { authorization: `Bearer ${token}` };
  const listed = await expectOk(
    await http(query.toString(), {
      method: 'GET',
      headers: { ...auth, accept: AGS_MEDIA_TYPES.lineItemContainer },
    }),
    'listing line items',
  );
  const items = (await listed.json()) as Array<{ id: string; resourceId?: string; resourceLinkId?: string }>;
  const found = items.find((i) => i.resourceId === spec.resourceId && i.resourceLinkId === spec.resourceLinkId);
  if (found) return found.id;
  const created = await expectOk(
    await http(spec.lineItemsUrl, {
      method: 'POST',
      headers: { ...auth, 'content-type': AGS_MEDIA_TYPES.lineItem, accept: AGS_MEDIA_TYPES.lineItem },
      body: JSON.stringify({
        label: spec.label,
        scoreMaximum: spec.scoreMaximum,
        resourceLinkId: spec.resourceLinkId,
        resourceId: spec.resourceId,
        tag: spec.tag,
      }),
    }),
    'creating a line item',
  );
  return ((await created.json()) as { id: string }).id;
}
