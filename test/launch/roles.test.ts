import { expect } from 'chai';
import { mapLtiRoles } from '../../launch/index.js';

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const I = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';

describe('LTI role mapping', () => {
  it('maps instructor-like roles to instructor', () => {
    expect(mapLtiRoles([`${M}Instructor`])).to.equal('instructor');
    expect(mapLtiRoles([`${M}Administrator`])).to.equal('instructor');
    expect(mapLtiRoles([`${M}ContentDeveloper`])).to.equal('instructor');
  });
  it('maps teaching assistants and mentors to ta, including the Instructor sub-role', () => {
    expect(mapLtiRoles([`${M}Instructor#TeachingAssistant`.replace('#Instructor#', '/Instructor#')])).to.equal('ta');
    expect(mapLtiRoles([`${M}Mentor`])).to.equal('ta');
  });
  it('maps learners and students to learner', () => {
    expect(mapLtiRoles([`${M}Learner`])).to.equal('learner');
    expect(mapLtiRoles([`${I}Student`])).to.equal('learner');
    expect(mapLtiRoles(['Learner'])).to.equal('learner');
  });
  it('picks the most privileged role when several are given', () => {
    expect(mapLtiRoles([`${I}Student`, `${M}Learner`, `${M}Instructor`])).to.equal('instructor');
  });
  it('treats anything else as observer', () => {
    expect(mapLtiRoles([])).to.equal('observer');
    expect(mapLtiRoles([`${I}Guest`, 'http://purl.imsglobal.org/vocab/lis/v2/system/person#User'])).to.equal(
      'observer',
    );
  });
});
