/**
 * Early-warning rules of seed 001 (연속 결석 ≥ 2회, 참여도 < 평균의 50%, 퀴즈 점수 급락, 30분 이상 무참여).
 * Each rule is a pure function of the evidence it needs and returns the alert it would raise, or null, so
 * the thresholds can be tuned per course and every rule can be pinned by tests on synthetic histories.
 */

export type EarlyWarningRule = 'consecutive_absences' | 'low_participation' | 'quiz_score_drop' | 'inactive_in_session';

export interface RuleResult<E> {
  rule: EarlyWarningRule;
  severity: 'warning' | 'critical';
  evidence: E;
}

export interface EarlyWarningThresholds {
  consecutiveAbsences: number;
  participationRatio: number;
  quizDropPoints: number;
  inactiveMinutes: number;
}

export const DEFAULT_THRESHOLDS: EarlyWarningThresholds = {
  consecutiveAbsences: 2,
  participationRatio: 0.5,
  quizDropPoints: 20,
  inactiveMinutes: 30,
};

export interface SessionAttendance {
  seminarId: string;
  heldAt: Date;
  present: boolean;
  /** An excused absence neither counts towards nor breaks a streak. */
  excused?: boolean;
}

/** Absences in a row up to the most recent held session; attending resets the streak. */
export function consecutiveAbsences(
  history: readonly SessionAttendance[],
  threshold = DEFAULT_THRESHOLDS.consecutiveAbsences,
): RuleResult<{ streak: number; missed: string[] }> | null {
  const ordered = [...history].sort((a, b) => b.heldAt.getTime() - a.heldAt.getTime());
  const missed: string[] = [];
  for (const session of ordered) {
    if (session.present) break;
    if (!session.excused) missed.push(session.seminarId);
  }
  if (missed.length < threshold) return null;
  return {
    rule: 'consecutive_absences',
    severity: missed.length >= threshold + 1 ? 'critical' : 'warning',
    evidence: { streak: missed.length, missed: missed.reverse() },
  };
}

/**
 * A participation score below `ratio` × the course average. A course whose average is 0 gives no signal
 * about any one student, so it raises nothing.
 */
export function lowParticipation(
  studentScore: number,
  courseScores: readonly number[],
  ratio = DEFAULT_THRESHOLDS.participationRatio,
): RuleResult<{ score: number; courseAverage: number; ratio: number }> | null {
  if (courseScores.length === 0) return null;
  const courseAverage = courseScores.reduce((sum, s) => sum + s, 0) / courseScores.length;
  if (courseAverage <= 0 || studentScore >= ratio * courseAverage) return null;
  return {
    rule: 'low_participation',
    severity: studentScore < (ratio / 2) * courseAverage ? 'critical' : 'warning',
    evidence: { score: studentScore, courseAverage: round(courseAverage), ratio: round(studentScore / courseAverage) },
  };
}

/**
 * The latest quiz score (percent) at least `dropPoints` below the running average of the student's earlier
 * scores. The first quiz has nothing to drop from.
 */
export function quizScoreDrop(
  percentScores: readonly number[],
  dropPoints = DEFAULT_THRESHOLDS.quizDropPoints,
): RuleResult<{ latest: number; runningAverage: number; drop: number }> | null {
  if (percentScores.length < 2) return null;
  const earlier = percentScores.slice(0, -1);
  const latest = percentScores[percentScores.length - 1]!;
  const runningAverage = earlier.reduce((sum, s) => sum + s, 0) / earlier.length;
  const drop = runningAverage - latest;
  if (drop < dropPoints) return null;
  return {
    rule: 'quiz_score_drop',
    severity: drop >= 2 * dropPoints ? 'critical' : 'warning',
    evidence: { latest, runningAverage: round(runningAverage), drop: round(drop) },
  };
}

/**
 * A student present in a live session with no participation event for `minutes`, counted from the later of
 * their last act and their arrival (a late joiner is not inactive for the time before they came).
 */
export function inactiveInSession(
  input: { live: boolean; present: boolean; joinedAt: Date; lastActivityAt?: Date; now: Date },
  minutes = DEFAULT_THRESHOLDS.inactiveMinutes,
): RuleResult<{ idleMinutes: number; since: string }> | null {
  if (!input.live || !input.present) return null;
  const since = new Date(Math.max(input.joinedAt.getTime(), input.lastActivityAt?.getTime() ?? 0));
  const idleMinutes = (input.now.getTime() - since.getTime()) / 60_000;
  if (idleMinutes < minutes) return null;
  return {
    rule: 'inactive_in_session',
    severity: 'warning',
    evidence: { idleMinutes: Math.floor(idleMinutes), since: since.toISOString() },
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
