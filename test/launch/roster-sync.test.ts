import { expect } from 'chai';
import { nextPageUrl, toRosterMembers } from '../../launch/index.js';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { Attendance, Course, Enrollment, User } from '../../tool/store/index.js';
import { testConfig } from '../support/config.js';
import { launchAs, waitFor } from '../support/lti.js';

describe('NRPS roster sync', () => {
  describe('pure helpers', () => {
    it('finds the rel="next" page among several Link values', () => {
      const link = '<https://lms.test/m?page=0>; rel="first", <https://lms.test/m?page=2>; rel="next"';
      expect(nextPageUrl(link)).to.equal('https://lms.test/m?page=2');
      expect(nextPageUrl('<https://lms.test/m?page=0>; rel="prev"')).to.equal(undefined);
      expect(nextPageUrl(null)).to.equal(undefined);
    });

    it('maps roles and status and leaves deleted members out', () => {
      const members = toRosterMembers([
        { user_id: 'a', status: 'Active', roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] },
        { user_id: 'b', status: 'Inactive', roles: ['Learner'], given_name: 'B', family_name: 'Bee' },
        { user_id: 'c', status: 'Deleted', roles: ['Learner'] },
      ]);
      expect(members.map((m) => [m.sub, m.role, m.status, m.name])).to.deep.equal([
        ['a', 'instructor', 'active', undefined],
        ['b', 'learner', 'inactive', 'B Bee'],
      ]);
    });
  });

  describe('against the dev LMS', function () {
    this.timeout(60_000);
    let server: ToolServer;
    let instructor: string;
    const platform = () => server.launch.devPlatform!.state;

    before(async () => {
      server = await startToolServer(
        await testConfig({ DEV_PLATFORM: '1', NRPS_PAGE_SIZE: '3' }),
        createLogger('silent'),
      );
    });
    after(async () => {
      await server?.close();
    });

    it('syncs the 8 members over 3 pages after an instructor launch, with mapped roles', async () => {
      instructor = await launchAs(server, 'ada.kim');
      const courseId = server.tokens.verify(instructor).course;
      await waitFor(async () => Boolean((await Course.findById(courseId).lean())?.rosterSyncedAt));
      const enrollments = await Enrollment.find({ course: courseId }).lean();
      expect(enrollments).to.have.length(8);
      const roles = enrollments.map((e) => e.role).sort();
      expect(roles).to.deep.equal([
        'instructor',
        'learner',
        'learner',
        'learner',
        'learner',
        'learner',
        'learner',
        'ta',
      ]);
      const course = await Course.findById(courseId).lean();
      const fetched = await server.launch.rosterSync.fetchMembers({
        id: courseId,
        issuer: course!.issuer,
        clientId: course!.clientId,
        membershipsUrl: course!.membershipsUrl!,
      });
      expect(fetched.pages).to.equal(3);
      expect(fetched.members).to.have.length(8);
    });

    it('refuses a second on-demand sync within the interval with RATE_LIMITED', async () => {
      const courseId = server.tokens.verify(instructor).course;
      const res = await fetch(`${server.url}/api/v1/courses/${courseId}/roster/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).to.equal(429);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('RATE_LIMITED');
    });

    it('marks members gone from the roster dropped and inactive ones inactive; absent = roster minus attendance', async () => {
      const { course: courseId, seminar } = server.tokens.verify(instructor);
      const users = platform().course.users;
      const removed = users.splice(
        users.findIndex((u) => u.id === 'hiro.tanaka'),
        1,
      )[0]!;
      users.find((u) => u.id === 'grace.yoon')!.status = 'Inactive';
      await Course.updateOne({ _id: courseId }, { $set: { rosterSyncedAt: new Date(Date.now() - 3600_000) } });
      const res = await fetch(`${server.url}/api/v1/courses/${courseId}/roster/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.include({ status: 'synced', pages: 3, members: 7, dropped: 1, inactive: 1 });
      const status = async (sub: string) => {
        const user = await User.findOne({ issuer: platform().issuer, sub }).lean();
        return (await Enrollment.findOne({ course: courseId, user: user!._id }).lean())!.status;
      };
      expect(await status(removed.id)).to.equal('dropped');
      expect(await status('grace.yoon')).to.equal('inactive');
      expect(await status('chloe.lee')).to.equal('active');

      const chloe = await User.findOne({ issuer: platform().issuer, sub: 'chloe.lee' }).lean();
      await Attendance.create({
        seminar,
        course: courseId,
        user: chloe!._id,
        firstJoinedAt: new Date(),
        lastJoinedAt: new Date(),
      });
      const absent = await fetch(`${server.url}/api/v1/sessions/${seminar}/absent`, {
        headers: { authorization: `Bearer ${instructor}` },
      });
      const names = ((await absent.json()) as { absent: Array<{ name: string }> }).absent.map((a) => a.name).sort();
      expect(names).to.deep.equal(['Daniel Choi', 'Eun-ji Jung', 'Farid Haddad']);
    });
  });
});
