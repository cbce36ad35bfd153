/** Tool roles (DESIGN.md §3), most privileged first. */
export const ROLES = ['instructor', 'ta', 'learner', 'observer'] as const;
export type Role = (typeof ROLES)[number];

const ROLE_BY_NAME: Record<string, Role> = {
  Instructor: 'instructor',
  Administrator: 'instructor',
  ContentDeveloper: 'instructor',
  TeachingAssistant: 'ta',
  Mentor: 'ta',
  Learner: 'learner',
  Student: 'learner',
};

/**
 * The last segment of an LTI role URI, e.g. `…/membership#Instructor`, `…/institution/person#Student`, or
 * `…/membership/Instructor#TeachingAssistant` (a sub-role, whose fragment names the role that counts).
 * Short names (`Instructor`) appear in NRPS answers and are accepted too.
 */
function roleName(uri: string): string {
  const trimmed = uri.trim();
  const hash = trimmed.lastIndexOf('#');
  if (hash >= 0) return trimmed.slice(hash + 1);
  const slash = trimmed.lastIndexOf('/');
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

/** Maps a launch's or membership's role URIs to the single most privileged tool role. */
export function mapLtiRoles(roles: readonly string[]): Role {
  let best: Role = 'observer';
  for (const uri of roles) {
    const role = ROLE_BY_NAME[roleName(uri)];
    if (role && ROLES.indexOf(role) < ROLES.indexOf(best)) best = role;
  }
  return best;
}
