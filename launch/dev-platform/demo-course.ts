const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const PERSON = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';

const DEV_ROLES = {
  instructor: [`${MEMBERSHIP}Instructor`, `${PERSON}Faculty`],
  ta: ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'],
  student: [`${MEMBERSHIP}Learner`, `${PERSON}Student`],
} as const;

export interface DemoUser {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  kind: keyof typeof DEV_ROLES;
  roles: readonly string[];
  /** NRPS membership status; tests set Inactive. */
  status?: 'Active' | 'Inactive';
}

export interface DemoLink {
  id: string;
  title: string;
  description: string;
  /** Custom parameters of a Deep Linking content item, sent back on its launches. */
  custom?: Record<string, string>;
}

function user(id: string, givenName: string, familyName: string, kind: DemoUser['kind']): DemoUser {
  return {
    id,
    name: `${givenName} ${familyName}`,
    givenName,
    familyName,
    email: `${id}@dev-lms.test`,
    kind,
    roles: DEV_ROLES[kind],
  };
}

/** The seeded demo course: 1 instructor, 1 TA, 6 students, two seminar links. */
export function demoCourse() {
  return {
    context: { id: 'demo-course-101', label: 'DEMO101', title: 'Demo Course 101: Live Seminars' },
    users: [
      user('ada.kim', 'Ada', 'Kim', 'instructor'),
      user('ben.park', 'Ben', 'Park', 'ta'),
      user('chloe.lee', 'Chloe', 'Lee', 'student'),
      user('daniel.choi', 'Daniel', 'Choi', 'student'),
      user('eunji.jung', 'Eun-ji', 'Jung', 'student'),
      user('farid.haddad', 'Farid', 'Haddad', 'student'),
      user('grace.yoon', 'Grace', 'Yoon', 'student'),
      user('hiro.tanaka', 'Hiro', 'Tanaka', 'student'),
    ],
    links: [
      // Participation-graded, like its "Week 1 participation" gradebook column: ending it fills that column.
      {
        id: 'seminar-1',
        title: 'Week 1 live seminar',
        description: 'Introductions and the first discussion',
        custom: { eduforum_kind: 'participation', participation_graded: 'true' },
      },
      { id: 'seminar-2', title: 'Week 2 live seminar', description: 'Case study in breakout rooms' },
    ] as DemoLink[],
  };
}
export type DemoCourse = ReturnType<typeof demoCourse>;
