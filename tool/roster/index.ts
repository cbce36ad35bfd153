import type { Types } from 'mongoose';
import type { RosterStore } from '../../launch/index.js';
import { Attendance, Course, Enrollment, Seminar, User } from '../store/index.js';

/**
 * NRPS roster over the mongoose models: keyed upserts (the embedded store enforces no unique index), then
 * everyone of the course the roster no longer lists is marked dropped.
 */
export const rosterStore: RosterStore = {
  async lastSyncedAt(courseId) {
    const course = await Course.findById(courseId, { rosterSyncedAt: 1 }).lean();
    return course?.rosterSyncedAt ?? null;
  },

  async applyRoster(course, members, { at, complete }) {
    const present: Types.ObjectId[] = [];
    let inactive = 0;
    for (const m of members) {
      const profile = Object.fromEntries(
        Object.entries({
          name: m.name,
          givenName: m.givenName,
          familyName: m.familyName,
          email: m.email,
          picture: m.picture,
        }).filter(([, v]) => v !== undefined),
      );
      const user = await User.findOneAndUpdate(
        { issuer: course.issuer, sub: m.sub },
        { $set: profile },
        { upsert: true, new: true },
      );
      present.push(user._id);
      if (m.status === 'inactive') inactive++;
      await Enrollment.findOneAndUpdate(
        { course: course.id, user: user._id },
        { $set: { role: m.role, status: m.status }, $setOnInsert: { source: 'nrps' } },
        { upsert: true, new: true },
      );
    }
    let dropped = 0;
    if (complete) {
      const result = await Enrollment.updateMany(
        { course: course.id, user: { $nin: present }, status: { $ne: 'dropped' } },
        { $set: { status: 'dropped' } },
      );
      dropped = result.modifiedCount;
    }
    await Course.updateOne({ _id: course.id }, { $set: { rosterSyncedAt: at } });
    return { members: members.length, upserted: present.length, dropped, inactive };
  },
};

/** Absent students of a seminar: the course's active learners (the roster) minus those with attendance. */
export async function absentLearners(seminarId: string): Promise<Array<{ userId: string; name: string }>> {
  const seminar = await Seminar.findById(seminarId, { course: 1 }).lean();
  if (!seminar) return [];
  const [learners, attended] = await Promise.all([
    Enrollment.find({ course: seminar.course, role: 'learner', status: 'active' }, { user: 1 }).lean(),
    Attendance.find({ seminar: seminar._id }, { user: 1 }).lean(),
  ]);
  const came = new Set(attended.map((a) => String(a.user)));
  const missing = learners.filter((l) => !came.has(String(l.user))).map((l) => l.user);
  const users = await User.find({ _id: { $in: missing } }, { name: 1 }).lean();
  return users.map((u) => ({ userId: String(u._id), name: u.name }));
}
