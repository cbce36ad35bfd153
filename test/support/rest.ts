/** A JSON answer of the tool's REST API, read loosely (tests pick the fields they check). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/**
 * `/api/v1` calls as the holder of a session token against a tool at `baseUrl`; a non-2xx answer throws with
 * its status and body, so a test reads as the happy path.
 */
export function restAs(baseUrl: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? {} : ((await res.json()) as Json);
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
