import type { ToolServer } from '../../tool/server.js';

/** Hidden inputs of an auto-post form page (OIDC form_post answers, Deep Linking returns). */
export function formFields(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[m[1]!] = m[2]!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}

async function location(res: Response): Promise<string> {
  const to = res.headers.get('location');
  if (!to) throw new Error(`expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return to;
}

export interface AuthAnswer {
  /** The platform's form_post answer to the tool: id_token and state. */
  idToken: string;
  state: string;
  /** The nonce the tool's login put into the authorization request. */
  nonce: string;
}

/** A tool with its dev LMS (DEV_PLATFORM=1): an in-process ToolServer, or a spawned tool process by its URL. */
export type DevLmsTool = Pick<ToolServer, 'url'> & Partial<Pick<ToolServer, 'launch'>>;

/** Where the tool's dev LMS is: its own issuer in process, else the default `<tool>/dev-lms`. */
function devLmsUrl(tool: DevLmsTool): string {
  return tool.launch?.devPlatform?.state.issuer ?? `${tool.url}/dev-lms`;
}

/** Dev LMS "launch as" → tool login → dev LMS authorization endpoint; stops before posting to the tool. */
export async function loginThroughDevPlatform(server: DevLmsTool, query: Record<string, string>): Promise<AuthAnswer> {
  const platform = devLmsUrl(server);
  const start = await fetch(`${platform}/launch?${new URLSearchParams({ storage: '0', ...query })}`, {
    redirect: 'manual',
  });
  const login = await fetch(await location(start), { redirect: 'manual' });
  const auth = new URL(await location(login));
  const answer = await fetch(auth, { redirect: 'manual' });
  const { fields } = formFields(await answer.text());
  return { idToken: fields.id_token!, state: fields.state!, nonce: auth.searchParams.get('nonce')! };
}

export interface LaunchAnswer {
  status: number;
  location: string | null;
  contentType: string;
  body: string;
}

/** Posts a form_post answer to the tool's launch endpoint as a browser (or an API client) would. */
export async function postLaunch(
  server: DevLmsTool,
  form: { id_token: string; state: string },
  accept = 'text/html',
): Promise<LaunchAnswer> {
  const res = await fetch(`${server.url}/lti/launch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams(form),
  });
  return {
    status: res.status,
    location: res.headers.get('location'),
    contentType: res.headers.get('content-type') ?? '',
    body: await res.text(),
  };
}

/** The session token of a successful launch's redirect to /app/#token=…. */
export function tokenFromAppRedirect(location: string | null): string {
  const match = /^\/app\/#token=([^&]+)$/.exec(location ?? '');
  if (!match) throw new Error(`not an /app/ redirect: ${location}`);
  return decodeURIComponent(match[1]!);
}

/** A full launch from the dev LMS as `user` into `link`; returns the session token. */
export async function launchAs(server: DevLmsTool, user: string, link = 'seminar-1'): Promise<string> {
  const answer = await loginThroughDevPlatform(server, { user, link });
  const launched = await postLaunch(server, { id_token: answer.idToken, state: answer.state });
  return tokenFromAppRedirect(launched.location);
}

export const DEV_STUDENTS = ['chloe.lee', 'daniel.choi', 'eunji.jung', 'farid.haddad', 'grace.yoon', 'hiro.tanaka'];

/** Polls `check` every 50 ms until it returns true or `ms` pass. */
export async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The instructor's Deep Linking round trip through the real picker: dev LMS deep-linking launch → picker form
 * with `picks` (e.g. `{quiz: 'on', quiz_title, quiz_points}`) → signed response returned to the dev LMS, which
 * adds the links (and their gradebook columns). Returns the added links by title.
 */
export async function deepLinkThroughPicker(
  server: ToolServer,
  picks: Record<string, string>,
): Promise<Map<string, string>> {
  const login = await loginThroughDevPlatform(server, { user: 'ada.kim', deep: '1' });
  const picker = await postLaunch(server, { id_token: login.idToken, state: login.state });
  const ticket = formFields(picker.body).fields.ticket;
  if (!ticket) throw new Error(`no picker page: ${picker.status} ${picker.body.slice(0, 300)}`);
  const chosen = await fetch(`${server.url}/lti/deep-linking`, {
    method: 'POST',
    body: new URLSearchParams({ ticket, ...picks }),
  });
  const { action, fields } = formFields(await chosen.text());
  const before = new Set(server.launch.devPlatform!.state.course.links.map((l) => l.id));
  const returned = await fetch(action, { method: 'POST', body: new URLSearchParams({ JWT: fields.JWT! }) });
  if (!returned.ok) throw new Error(`deep-link return refused: ${returned.status}`);
  const added = server.launch.devPlatform!.state.course.links.filter((l) => !before.has(l.id));
  return new Map(added.map((l) => [l.title, l.id]));
}
