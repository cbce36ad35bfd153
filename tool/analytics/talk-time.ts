/**
 * Gini coefficient of non-negative amounts: 0 when everyone has the same, approaching 1 when one person has
 * everything. Used on students' talk time (silent attendees included as 0) to show whether a discussion was
 * shared or carried by a few. No amounts, or all zero, is perfectly equal (nobody dominated).
 */
export function gini(values: readonly number[]): number {
  const sorted = values.map((v) => Math.max(0, v)).sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((sum, v) => sum + v, 0);
  if (n === 0 || total === 0) return 0;
  // Sorted form of Σi Σj |xi − xj| / (2 n² mean): Σ (2i − n − 1) x_i / (n Σ x).
  const weighted = sorted.reduce((sum, v, i) => sum + (2 * (i + 1) - n - 1) * v, 0);
  return round(weighted / (n * total), 3);
}

export interface TalkTimeBalance {
  instructor_seconds: number;
  student_seconds: number;
  /** Students' share of all talk time, 0–1 (0 when nobody spoke). */
  student_share: number;
  /** Inequality among the students (silent ones count), 0–1. */
  student_gini: number;
}

export function talkTimeBalance(staffSeconds: readonly number[], studentSeconds: readonly number[]): TalkTimeBalance {
  const instructor = staffSeconds.reduce((sum, v) => sum + v, 0);
  const students = studentSeconds.reduce((sum, v) => sum + v, 0);
  const total = instructor + students;
  return {
    instructor_seconds: round(instructor, 1),
    student_seconds: round(students, 1),
    student_share: total === 0 ? 0 : round(students / total, 3),
    student_gini: gini(studentSeconds),
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
