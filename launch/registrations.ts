import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const httpsOrLocalUrl = z.url({ protocol: /^https?$/ });

/** One LMS platform registration (DESIGN.md §3); the file format administrators write. */
export const registrationSchema = z.strictObject({
  name: z.string().trim().min(1),
  issuer: httpsOrLocalUrl,
  clientId: z.string().trim().min(1),
  deploymentIds: z.array(z.string().trim().min(1)).min(1),
  authenticationEndpoint: httpsOrLocalUrl,
  accessTokenEndpoint: httpsOrLocalUrl,
  jwksEndpoint: httpsOrLocalUrl,
  /** Audience of the client assertion when it differs from the token endpoint (Brightspace). */
  authorizationServer: httpsOrLocalUrl.optional(),
  /** Extra origins whose pages frame the tool (Canvas: the school's own domain, not the issuer's). */
  frameOrigins: z.array(httpsOrLocalUrl).default([]),
});
export type Registration = z.infer<typeof registrationSchema>;
export type RegistrationInput = z.input<typeof registrationSchema>;

export interface RegistrationProblem {
  file: string;
  message: string;
}

export interface LoadedRegistrations {
  registrations: Registration[];
  problems: RegistrationProblem[];
}

/** Registrations are keyed by issuer + client id: one issuer may hold several client ids (DESIGN.md §8). */
export function registrationKey(issuer: string, clientId: string): string {
  return `${issuer}\u0000${clientId}`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
}

/** Parses one file's text; the message names the field at fault. */
export function parseRegistration(text: string): { ok: true; value: Registration } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not valid JSON (${(err as Error).message})` };
  }
  const parsed = registrationSchema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: describeIssues(parsed.error) };
}

/**
 * Reads every `*.json` in the folder except `*.example.json` templates. A bad file is reported by name and
 * field and skipped; the good ones still load. A missing folder means no file registrations.
 */
export async function loadRegistrationsDir(dir: string): Promise<LoadedRegistrations> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.endsWith('.example.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { registrations: [], problems: [] };
    throw err;
  }
  const registrations: Registration[] = [];
  const problems: RegistrationProblem[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const result = parseRegistration(await readFile(file, 'utf8'));
    if (!result.ok) {
      problems.push({ file, message: result.message });
      continue;
    }
    const key = registrationKey(result.value.issuer, result.value.clientId);
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({ file, message: `clientId: issuer + clientId already registered by ${path.basename(earlier)}` });
      continue;
    }
    seen.set(key, file);
    registrations.push(result.value);
  }
  return { registrations, problems };
}

/** Origins that frame the tool and receive its redirects/posts for a registration (CSP). */
export function registrationOrigins(registration: Registration): string[] {
  const urls = [registration.issuer, registration.authenticationEndpoint, ...registration.frameOrigins];
  return [...new Set(urls.map((u) => new URL(u).origin))];
}
