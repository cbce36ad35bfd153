import type { Types } from 'mongoose';
import { effectiveParticipationSettings } from '../grade-sync/index.js';
import { Attendance, ParticipationSummary, QuizSubmission, Seminar } from '../store/index.js';
import { courseRoster } from './course-roster.js';
import {
  consecutiveAbsences,
  lowParticipation,
  quizScoreDrop,
  type EarlyWarningRule,
  type EarlyWarningThresholds,
  type RuleResult,
} from './early-warning.js';
import { quizzesAnswered, scoreFromSummary, seminarOffer, type SummaryLean } from './seminar-scores.js';
import { round } from './talk-time.js';

/** Seed 000's risk-factor names for our rules. */
export const RISK_FACTOR: Record<EarlyWarningRule, string> = {
  consecutive_absences: 'low_attendance',
  low_participation: 'low_participation',
  quiz_score_drop: 'quiz_score_drop',
  inactive_in_session: 'inactive_in_session',
};

export interface StudentRecord {
  user: { id: string; full_name: string };
  /** Per held session, in the order of `sessions`: attended or not. */
  attendance: boolean[];
  /** Participation score per held session (0 when absent), same order. */
  participation_trend: Array<number | null>;
  attendance_rate: number;
  avg_participation_score: number;
  avg_quiz_score: number | null;
  quiz_scores: number[];
  risks: Array<RuleResult<unknown>>;
  risk_factors: string[];
}

export interface HeldSession {
  id: string;
  title: string;
  started_at: string;
  status: 'live' | 'completed';
}

/**
 * Every learner of the course across its held seminars: attendance (absentees from the roster), a
 * participation score per seminar from summaries, quiz percentages in submission order, and the early-warning
 * rules' verdicts. Bounded by seminars × roster + submissions; no event is read.
 */
export async function courseRecords(
  courseId: string | Types.ObjectId,
  thresholds: EarlyWarningThresholds,
): Promise<{ sessions: HeldSession[]; completed: number; students: StudentRecord[] }> {
  const [roster, seminars, attendance, summaries, submissions] = await Promise.all([
    courseRoster(courseId),
    Seminar.find(
      { course: courseId, status: { $ne: 'WAITING' } },
      { title: 1, status: 1, startedAt: 1, 'settings.participation': 1 },
    )
      .sort({ startedAt: 1 })
      .lean(),
    Attendance.find({ course: courseId }, { seminar: 1, user: 1 }).lean(),
    ParticipationSummary.find({ course: courseId }).lean(),
    QuizSubmission.find({ course: courseId }, { user: 1, score: 1, maxScore: 1, submittedAt: 1 })
      .sort({ submittedAt: 1 })
      .lean(),
  ]);
  const came = new Set(attendance.map((a) => `${String(a.seminar)}|${String(a.user)}`));
  const summaryOf = new Map(summaries.map((s) => [`${String(s.seminar)}|${String(s.user)}`, s as SummaryLean]));
  const offers = await Promise.all(
    seminars.map(async (s) => {
      const offer = await seminarOffer(s._id);
      return { offer, answered: await quizzesAnswered(offer.quizIds), settings: effectiveParticipationSettings(s) };
    }),
  );
  const completed = seminars.filter((s) => s.status === 'ENDED');

  const students = [...roster.learners].map(([id, name]) => {
    const attended = seminars.map((s) => came.has(`${String(s._id)}|${id}`));
    const trend = seminars.map((s, i) => {
      const key = `${String(s._id)}|${id}`;
      const { offer, answered, settings } = offers[i]!;
      return scoreFromSummary(summaryOf.get(key), offer, answered.get(id) ?? 0, settings).score;
    });
    const completedScores = trend.filter((_, i) => seminars[i]!.status === 'ENDED');
    const mine = submissions.filter((q) => String(q.user) === id && q.maxScore > 0);
    const quizScores = mine.map((q) => round((100 * q.score) / q.maxScore, 1));
    return {
      user: { id, full_name: name },
      attendance: attended,
      participation_trend: trend,
      attendance_rate:
        completed.length === 0
          ? 0
          : round(attended.filter((a, i) => a && seminars[i]!.status === 'ENDED').length / completed.length),
      avg_participation_score: average(completedScores),
      avg_quiz_score: quizScores.length ? average(quizScores) : null,
      quiz_scores: quizScores,
      risks: [] as Array<RuleResult<unknown>>,
      risk_factors: [] as string[],
    };
  });

  const courseScores = students.map((s) => s.avg_participation_score);
  for (const student of students) {
    const history = seminars.flatMap((s, i) =>
      s.status === 'ENDED' ? [{ seminarId: String(s._id), heldAt: s.startedAt!, present: student.attendance[i]! }] : [],
    );
    const found: Array<RuleResult<unknown> | null> = [
      consecutiveAbsences(history, thresholds.consecutiveAbsences),
      completed.length > 0
        ? lowParticipation(student.avg_participation_score, courseScores, thresholds.participationRatio)
        : null,
      quizScoreDrop(student.quiz_scores, thresholds.quizDropPoints),
    ];
    student.risks = found.filter((r) => r !== null);
    student.risk_factors = student.risks.map((r) => RISK_FACTOR[r.rule]);
  }

  return {
    sessions: seminars.map((s) => ({
      id: String(s._id),
      title: s.title,
      started_at: s.startedAt!.toISOString(),
      status: s.status === 'ENDED' ? 'completed' : 'live',
    })),
    completed: completed.length,
    students,
  };
}

/** `GET /courses/{id}/analytics/overview`: seed 000's fields plus the attendance matrix and trends. */
export async function courseOverview(courseId: string, thresholds: EarlyWarningThresholds) {
  const [{ sessions, completed, students }, sessionCount] = await Promise.all([
    courseRecords(courseId, thresholds),
    Seminar.countDocuments({ course: courseId }),
  ]);
  const person = (s: StudentRecord) => s.user;
  const quizAverages = students.flatMap((s) => (s.avg_quiz_score === null ? [] : [s.avg_quiz_score]));
  return {
    course_id: courseId,
    student_count: students.length,
    session_count: sessionCount,
    completed_sessions: completed,
    avg_attendance_rate: average(
      students.map((s) => s.attendance_rate),
      2,
    ),
    avg_participation_score: average(students.map((s) => s.avg_participation_score)),
    avg_quiz_score: quizAverages.length ? average(quizAverages) : null,
    top_performers: [...students]
      .filter((s) => s.risk_factors.length === 0)
      .sort(
        (a, b) =>
          b.avg_participation_score - a.avg_participation_score || (b.avg_quiz_score ?? 0) - (a.avg_quiz_score ?? 0),
      )
      .slice(0, 5)
      .map((s) => ({
        user: person(s),
        avg_participation_score: s.avg_participation_score,
        avg_quiz_score: s.avg_quiz_score,
      })),
    at_risk_students: students
      .filter((s) => s.risk_factors.length > 0)
      .map((s) => ({
        user: person(s),
        attendance_rate: s.attendance_rate,
        avg_participation_score: s.avg_participation_score,
        avg_quiz_score: s.avg_quiz_score,
        risk_factors: s.risk_factors,
        risks: s.risks,
      })),
    sessions,
    students: students.map((s) => ({
      user: person(s),
      attendance: s.attendance,
      participation_trend: s.participation_trend,
      attendance_rate: s.attendance_rate,
      avg_participation_score: s.avg_participation_score,
      avg_quiz_score: s.avg_quiz_score,
      risk_factors: s.risk_factors,
    })),
  };
}

/** Scores keep one decimal like grading's; rates (0–1) keep two. */
function average(values: readonly number[], digits = 1): number {
  return values.length === 0 ? 0 : round(values.reduce((sum, v) => sum + v, 0) / values.length, digits);
}
