import type { LaunchIds, LaunchRecord, LaunchStateRecord, LaunchStore, Registration, Role } from '../launch/index.js';
import { Course, Enrollment, LaunchState, LtiRegistration, Seminar, User } from './store/index.js';

const UPSERT = { upsert: true, new: true, setDefaultsOnInsert: true } as const;

/** Drops undefined fields so an upsert never erases what an earlier launch or NRPS sync stored. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** First-launch fields of a seminar made by the Deep Linking picker (later edits in the tool win). */
function seminarInsert(settings: LaunchRecord['seminarSettings']): Record<string, unknown> {
  if (!settings) return {};
  const fields: Record<string, unknown> = {};
  if (settings.scheduledAt) fields.scheduledAt = new Date(settings.scheduledAt);
  if (settings.maxParticipants) fields['settings.maxParticipants'] = settings.maxParticipants;
  if (settings.recordingEnabled) fields['settings.recordingEnabled'] = true;
  if (settings.participationGraded) fields['settings.participationGraded'] = true;
  if (settings.quizSet) fields['settings.quizSet'] = true;
  return fields;
}

/**
 * The launch's store over the mongoose models. Every write is an idempotent upsert on the natural key
 * (the embedded store enforces no unique index), so a repeated or concurrent launch converges.
 */
export const launchStore: LaunchStore = {
  async saveState(record) {
    await LaunchState.create(record);
  },

  async consumeState(state, now) {
    const doc = await LaunchState.findOneAndDelete({ state, expiresAt: { $gt: now } }).lean();
    if (!doc) return null;
    const { _id: _ignored, __v: _v, ...rest } = doc as typeof doc & { __v?: number };
    return defined(rest) as unknown as LaunchStateRecord;
  },

  async purgeExpiredStates(now) {
    const result = await LaunchState.deleteMany({ expiresAt: { $lte: now } });
    return result.deletedCount;
  },

  async upsertLaunch(launch: LaunchRecord): Promise<LaunchIds> {
    const now = new Date();
    const course = await Course.findOneAndUpdate(
      { issuer: launch.issuer, contextId: launch.context.id },
      {
        $set: defined({
          clientId: launch.clientId,
          deploymentId: launch.deploymentId,
          title: launch.context.title,
          label: launch.context.label,
          membershipsUrl: launch.membershipsUrl,
          lineItemsUrl: launch.lineItemsUrl,
        }),
      },
      UPSERT,
    );
    const { sub, ...profile } = launch.user;
    const user = await User.findOneAndUpdate({ issuer: launch.issuer, sub }, { $set: defined(profile) }, UPSERT);
    await Enrollment.findOneAndUpdate(
      { course: course._id, user: user._id },
      { $set: { role: launch.role, status: 'active', source: 'launch', lastSeenAt: now } },
      UPSERT,
    );
    const seminar = await Seminar.findOneAndUpdate(
      { course: course._id, resourceLinkId: launch.resourceLink.id },
      {
        $setOnInsert: {
          title: launch.resourceLink.title,
          description: launch.resourceLink.description,
        },
        ...(launch.lineItemUrl ? { $set: { platformLineItem: launch.lineItemUrl } } : {}),
      },
      UPSERT,
    );
    const fromLink = seminarInsert(launch.seminarSettings);
    if (Object.keys(fromLink).length > 0) {
      // Once per seminar, so later edits in the tool win over the link's custom parameters.
      await Seminar.updateOne(
        { _id: seminar._id, linkSettingsApplied: { $ne: true } },
        { $set: { ...fromLink, linkSettingsApplied: true } },
      );
    }
    return { userId: String(user._id), courseId: String(course._id), seminarId: String(seminar._id) };
  },

  async saveRegistration(registration) {
    await LtiRegistration.findOneAndUpdate(
      { issuer: registration.issuer, clientId: registration.clientId },
      { $set: registration },
      UPSERT,
    );
  },

  async listRegistrations() {
    const docs = await LtiRegistration.find().lean();
    return docs.map(
      (d): Registration =>
        defined({
          name: d.name,
          issuer: d.issuer,
          clientId: d.clientId,
          deploymentIds: d.deploymentIds,
          authenticationEndpoint: d.authenticationEndpoint,
          accessTokenEndpoint: d.accessTokenEndpoint,
          jwksEndpoint: d.jwksEndpoint,
          authorizationServer: d.authorizationServer ?? undefined,
          frameOrigins: d.frameOrigins,
        }) as Registration,
    );
  },

  async currentRole(userId, courseId) {
    const enrollment = await Enrollment.findOne({ user: userId, course: courseId, status: 'active' }).lean();
    return (enrollment?.role as Role | undefined) ?? null;
  },
};
