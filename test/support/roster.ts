import type { SessionClaims } from '../../launch/index.js';
import { Enrollment, User } from '../../tool/store/index.js';

/**
 * Users and enrollments for test participants, as a launch or an NRPS sync would have left them: the user's
 * id is the token's `sub`, so sockets and the roster agree. `status` defaults to active.
 */
export async function enrol(
  courseId: string,
  ...people: Array<{ claims: SessionClaims; status?: 'active' | 'inactive' | 'dropped' }>
): Promise<void> {
  for (const { claims, status = 'active' } of people) {
    await User.findOneAndUpdate(
      { _id: claims.sub },
      { $set: { issuer: claims.platform, sub: `sub-${claims.sub}`, name: claims.name } },
      { upsert: true },
    );
    await Enrollment.findOneAndUpdate(
      { course: courseId, user: claims.sub },
      { $set: { role: claims.role, status }, $setOnInsert: { source: 'nrps' } },
      { upsert: true },
    );
  }
}
