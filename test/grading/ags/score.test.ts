import { expect } from 'chai';
import { agsScoreSchema, scoreJobId } from '../../../grading/index.js';

const base = {
  userId: 'lms-user-1',
  timestamp: '2026-09-01T09:00:00.000Z',
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
} as const;

describe('AGS score', () => {
  it('accepts a complete score', () => {
    expect(agsScoreSchema.safeParse({ ...base, scoreGiven: 12.5, scoreMaximum: 15 }).success).to.equal(true);
  });
  it('refuses scoreGiven above scoreMaximum, negative scores and a missing timestamp', () => {
    const over = agsScoreSchema.safeParse({ ...base, scoreGiven: 16, scoreMaximum: 15 });
    expect(over.success).to.equal(false);
    expect(over.error?.issues[0]?.path).to.deep.equal(['scoreGiven']);
    expect(agsScoreSchema.safeParse({ ...base, scoreGiven: -1, scoreMaximum: 15 }).success).to.equal(false);
    const { timestamp: _t, ...untimed } = base;
    expect(agsScoreSchema.safeParse({ ...untimed, scoreGiven: 1, scoreMaximum: 2 }).success).to.equal(false);
  });
  it('requires scoreGiven and scoreMaximum together but allows neither (progress only)', () => {
    expect(agsScoreSchema.safeParse({ ...base, scoreGiven: 3 }).success).to.equal(false);
    expect(agsScoreSchema.safeParse({ ...base, gradingProgress: 'PendingManual' }).success).to.equal(true);
  });
  it('builds a job id that is stable, distinct per attempt and free of colons', () => {
    const parts = {
      issuer: 'https://moodle.example.edu',
      lineItem: 'https://moodle.example.edu/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1',
      userId: 'u|1',
      activity: 'quiz:abc',
      attempt: 1,
    };
    const id = scoreJobId(parts);
    expect(id).to.equal(scoreJobId({ ...parts }));
    expect(id).not.to.include(':');
    expect(id.split('|')).to.have.length(5);
    expect(scoreJobId({ ...parts, attempt: 2 })).not.to.equal(id);
  });
});
