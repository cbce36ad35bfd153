import { expect } from 'chai';
import {
  consecutiveAbsences,
  inactiveInSession,
  lowParticipation,
  quizScoreDrop,
  type SessionAttendance,
} from '../../../tool/analytics/early-warning.js';

const day = (n: number) => new Date(Date.UTC(2026, 8, n, 9));
const session = (n: number, present: boolean, excused = false): SessionAttendance => ({
  seminarId: `s${n}`,
  heldAt: day(n),
  present,
  excused,
});

describe('early warning: consecutive absences', () => {
  it('raises nothing after a single missed first session', () => {
    expect(consecutiveAbsences([session(1, false)])).to.equal(null);
  });
  it('raises a warning at two absences in a row, listing them oldest first', () => {
    const alert = consecutiveAbsences([session(1, true), session(8, false), session(15, false)]);
    expect(alert).to.deep.equal({
      rule: 'consecutive_absences',
      severity: 'warning',
      evidence: { streak: 2, missed: ['s8', 's15'] },
    });
  });
  it('counts only the trailing streak: attending resets it', () => {
    expect(consecutiveAbsences([session(1, false), session(8, false), session(15, true)])).to.equal(null);
  });
  it('neither counts nor breaks on an excused absence', () => {
    const history = [session(1, false), session(8, false, true), session(15, false)];
    expect(consecutiveAbsences(history)?.evidence.missed).to.deep.equal(['s1', 's15']);
    expect(consecutiveAbsences([session(1, true), session(8, false, true), session(15, false)])).to.equal(null);
  });
  it('orders by date, not by input order, and escalates past the threshold', () => {
    const alert = consecutiveAbsences([session(15, false), session(1, false), session(8, false)]);
    expect(alert?.severity).to.equal('critical');
    expect(alert?.evidence.missed).to.deep.equal(['s1', 's8', 's15']);
  });
});

describe('early warning: low participation', () => {
  it('raises when below half the course average', () => {
    const alert = lowParticipation(20, [20, 60, 70, 90]);
    expect(alert?.rule).to.equal('low_participation');
    expect(alert?.evidence).to.deep.equal({ score: 20, courseAverage: 60, ratio: 0.33 });
    expect(alert?.severity).to.equal('warning');
  });
  it('raises nothing at exactly half the average', () => {
    expect(lowParticipation(30, [30, 90])).to.equal(null);
  });
  it('raises nothing when the course average is 0 or there is no course data', () => {
    expect(lowParticipation(0, [0, 0, 0])).to.equal(null);
    expect(lowParticipation(0, [])).to.equal(null);
  });
  it('is critical below a quarter of the average', () => {
    expect(lowParticipation(5, [5, 95, 100])?.severity).to.equal('critical');
  });
});

describe('early warning: quiz score drop', () => {
  it('raises nothing for the first quiz', () => {
    expect(quizScoreDrop([10])).to.equal(null);
  });
  it('compares the latest score with the running average of the earlier ones', () => {
    expect(quizScoreDrop([90, 80, 65])).to.deep.equal({
      rule: 'quiz_score_drop',
      severity: 'warning',
      evidence: { latest: 65, runningAverage: 85, drop: 20 },
    });
    expect(quizScoreDrop([90, 80, 66])).to.equal(null);
  });
  it('ignores improvement and is critical on a drop of twice the threshold', () => {
    expect(quizScoreDrop([40, 95])).to.equal(null);
    expect(quizScoreDrop([90, 90, 40])?.severity).to.equal('critical');
  });
});

describe('early warning: inactive in a live session', () => {
  const joinedAt = new Date('2026-09-01T09:00:00Z');
  it('raises after 30 minutes without participation', () => {
    const alert = inactiveInSession({
      live: true,
      present: true,
      joinedAt,
      lastActivityAt: new Date('2026-09-01T09:05:00Z'),
      now: new Date('2026-09-01T09:35:00Z'),
    });
    expect(alert?.evidence).to.deep.equal({ idleMinutes: 30, since: '2026-09-01T09:05:00.000Z' });
  });
  it('counts a late joiner from arrival, not from the session start', () => {
    const input = { live: true, present: true, joinedAt, now: new Date('2026-09-01T09:29:59Z') };
    expect(inactiveInSession(input)).to.equal(null);
  });
  it('raises nothing outside a live session or for someone who left', () => {
    const now = new Date('2026-09-01T11:00:00Z');
    expect(inactiveInSession({ live: false, present: true, joinedAt, now })).to.equal(null);
    expect(inactiveInSession({ live: true, present: false, joinedAt, now })).to.equal(null);
  });
});
