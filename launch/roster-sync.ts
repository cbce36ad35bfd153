import type { Logger } from 'pino';
import { z } from 'zod';
import { MEDIA_TYPE, SCOPE } from './claims.js';
import { mapLtiRoles, type Role } from './roles.js';

/** One NRPS member as the tool stores it. */
export interface RosterMember {
  sub: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  picture?: string;
  role: Role;
  status: 'active' | 'inactive';
}

export interface RosterCourse {
  /** The tool's course id. */
  id: string;
  issuer: string;
  clientId: string;
  membershipsUrl: string;
}

export interface RosterApplied {
  members: number;
  upserted: number;
  dropped: number;
  inactive: number;
}

/** What roster sync needs from the tool's store (tool/ implements it; launch/ never imports tool/). */
export interface RosterStore {
  lastSyncedAt(courseId: string): Promise<Date | null>;
  /**
   * Upserts users and enrollments of `members`; enrollments of the course not in `members` become `dropped`
   * (only for a full roster, not an `rlid`-filtered one); records `rosterSyncedAt`.
   */
  applyRoster(
    course: RosterCourse,
    members: RosterMember[],
    options: { at: Date; complete: boolean },
  ): Promise<RosterApplied>;
}

export type RosterSyncResult = ({ status: 'synced'; pages: number } & RosterApplied) | { status: 'rate_limited' };

const memberSchema = z.object({
  user_id: z.string().min(1),
  status: z.enum(['Active', 'Inactive', 'Deleted']).default('Active'),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  picture: z.string().optional(),
  roles: z.array(z.string()).default([]),
});
const containerSchema = z.object({ members: z.array(memberSchema) });

/** The `rel="next"` target of an RFC 8288 Link header, if any. */
export function nextPageUrl(link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2]!)) return match[1];
  }
  return undefined;
}

/** NRPS members → tool roster members; `Deleted` members are left out (they count as dropped). */
export function toRosterMembers(members: z.infer<typeof memberSchema>[]): RosterMember[] {
  return members
    .filter((m) => m.status !== 'Deleted')
    .map((m) => ({
      sub: m.user_id,
      name: m.name ?? ([m.given_name, m.family_name].filter(Boolean).join(' ') || undefined),
      givenName: m.given_name,
      familyName: m.family_name,
      email: m.email,
      picture: m.picture,
      role: mapLtiRoles(m.roles),
      status: m.status === 'Active' ? 'active' : 'inactive',
    }));
}

export interface RosterSyncOptions {
  accessToken: (issuer: string, clientId: string, scopes: string[]) => Promise<string>;
  store: RosterStore;
  logger: Logger;
  /** At most one sync per course in this interval (LMS rate limits; NRPS is heavy on large courses). */
  minIntervalMs: number;
  /** NRPS `limit` per page; the platform's default when unset. */
  pageSize?: number;
  http?: (url: string, init: { headers: Record<string, string> }) => Promise<Response>;
}

/** NRPS 2.0 roster sync: every page of the membership, mapped roles, dropped and inactive members. */
export class RosterSync {
  private readonly running = new Map<string, Promise<RosterSyncResult>>();
  private readonly log: Logger;

  constructor(private readonly options: RosterSyncOptions) {
    this.log = options.logger.child({ component: 'roster-sync' });
  }

  async fetchMembers(course: RosterCourse, rlid?: string): Promise<{ members: RosterMember[]; pages: number }> {
    const http = this.options.http ?? ((url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(15_000) }));
    const token = await this.options.accessToken(course.issuer, course.clientId, [SCOPE.nrps]);
    const first = new URL(course.membershipsUrl);
    if (rlid) first.searchParams.set('rlid', rlid);
    if (this.options.pageSize) first.searchParams.set('limit', String(this.options.pageSize));
    const members: RosterMember[] = [];
    let next: string | undefined = first.toString();
    let pages = 0;
    const seen = new Set<string>();
    while (next && !seen.has(next)) {
      seen.add(next);
      const res = await http(next, {
        headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE.membershipContainer },
      });
      if (res.status === 401 || res.status === 403) {
        throw new Error(
          `The LMS refused the NRPS scope (${SCOPE.nrps}): ask its administrator to allow EduForum Live to read the course roster`,
        );
      }
      if (!res.ok) throw new Error(`NRPS answered HTTP ${res.status}`);
      members.push(...toRosterMembers(containerSchema.parse(await res.json()).members));
      next = nextPageUrl(res.headers.get('link'));
      pages++;
    }
    return { members, pages };
  }

  /** Syncs unless the course was synced within the interval; concurrent calls share one run. */
  sync(course: RosterCourse, options: { rlid?: string } = {}): Promise<RosterSyncResult> {
    const current = this.running.get(course.id);
    if (current) return current;
    const run = this.run(course, options).finally(() => this.running.delete(course.id));
    this.running.set(course.id, run);
    return run;
  }

  /** After an instructor launch: never delays or fails the launch. */
  syncInBackground(course: RosterCourse): void {
    this.sync(course).catch((err: unknown) =>
      this.log.warn({ err: err instanceof Error ? err.message : err, course: course.id }, 'roster sync failed'),
    );
  }

  private async run(course: RosterCourse, options: { rlid?: string }): Promise<RosterSyncResult> {
    const last = await this.options.store.lastSyncedAt(course.id);
    if (last && Date.now() - last.getTime() < this.options.minIntervalMs) {
      return { status: 'rate_limited' };
    }
    const { members, pages } = await this.fetchMembers(course, options.rlid);
    const applied = await this.options.store.applyRoster(course, members, { at: new Date(), complete: !options.rlid });
    this.log.info({ course: course.id, pages, ...applied }, 'roster synced');
    return { status: 'synced', pages, ...applied };
  }
}
