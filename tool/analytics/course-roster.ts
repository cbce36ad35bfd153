import type { Types } from 'mongoose';
import { Enrollment, User } from '../store/index.js';

export interface CourseRoster {
  /** Learners the LMS lists (NRPS or launches), absentees included, dropped members excluded; by id → name. */
  learners: Map<string, string>;
  /** Instructors and TAs: their talk time is the instructor side of the balance. */
  staff: Set<string>;
  names: Map<string, string>;
}

export async function courseRoster(courseId: string | Types.ObjectId): Promise<CourseRoster> {
  const members = await Enrollment.find({ course: courseId, status: { $ne: 'dropped' } }, { user: 1, role: 1 }).lean();
  const users = await User.find({ _id: { $in: members.map((m) => m.user) } }, { name: 1 }).lean();
  const names = new Map(users.map((u) => [String(u._id), u.name]));
  const learners = new Map<string, string>();
  const staff = new Set<string>();
  for (const m of members) {
    const id = String(m.user);
    if (m.role === 'learner') learners.set(id, names.get(id) ?? '');
    else if (m.role === 'instructor' || m.role === 'ta') staff.add(id);
  }
  return { learners, staff, names };
}
