import type { Types } from 'mongoose';
import { Attendance, ParticipationEventModel, type SeminarDoc } from '../store/index.js';
import { courseRoster } from './course-roster.js';
import { seminarScores, type SeminarOffer } from './seminar-scores.js';
import { round, talkTimeBalance } from './talk-time.js';
import { buildTimeline, confusionMoments, engagementTrend, type TimelineEvent } from './timeline.js';

export type SeminarLean = SeminarDoc & { _id: Types.ObjectId };

export interface PulseThreshold {
  threshold: number;
  minSamples: number;
}

/** One student's row: seed 000's participant fields first, then ours. */
export interface ParticipantRow {
  user: { id: string; full_name: string };
  joined_at: string | null;
  left_at: string | null;
  speaking_time_seconds: number;
  chat_messages_count: number;
  polls_responded: number;
  quizzes_responded: number;
  hand_raises: number;
  participation_score: number;
  attended: boolean;
  present_seconds: number;
  reactions_count: number;
  pulse_count: number;
  pulse_confused_count: number;
  questions_count: number;
  question_upvotes_count: number;
  whiteboard_edits_count: number;
  last_activity_at: string | null;
}

/**
 * The per-student table of a seminar: the roster's learners (absentees included, dropped members not) with
 * their summaries and attendance.
 */
export async function participantRows(
  seminar: SeminarLean,
): Promise<{ rows: ParticipantRow[]; staff: Set<string>; staffTalkSeconds: number[]; offer: SeminarOffer }> {
  const [roster, attendance] = await Promise.all([
    courseRoster(seminar.course),
    Attendance.find({ seminar: seminar._id }).lean(),
  ]);
  const attended = new Map(attendance.map((a) => [String(a.user), a]));
  // Only the roster's learners: staff, observers and people the LMS no longer lists are not graded students.
  const ids = [...roster.learners.keys()];
  const { offer, byUser } = await seminarScores(seminar._id, [...ids, ...roster.staff]);
  const rows = ids.map((id): ParticipantRow => {
    const a = attended.get(id);
    const { summary, counts, score } = byUser.get(id)!;
    return {
      user: { id, full_name: roster.learners.get(id) ?? '' },
      joined_at: a?.firstJoinedAt.toISOString() ?? null,
      left_at: a?.lastLeftAt && a.lastLeftAt >= a.lastJoinedAt ? a.lastLeftAt.toISOString() : null,
      speaking_time_seconds: round(counts.talkSeconds, 1),
      chat_messages_count: counts.chatMessages,
      polls_responded: counts.pollsAnswered,
      quizzes_responded: counts.quizzesAnswered,
      hand_raises: counts.handRaises,
      participation_score: score,
      attended: a !== undefined,
      present_seconds: a?.presentSeconds ?? 0,
      reactions_count: summary?.reactions ?? 0,
      pulse_count: summary?.pulses ?? 0,
      pulse_confused_count: summary?.pulseConfused ?? 0,
      questions_count: summary?.questionsPosted ?? 0,
      question_upvotes_count: summary?.questionUpvotes ?? 0,
      whiteboard_edits_count: summary?.whiteboardEdits ?? 0,
      last_activity_at: summary?.lastActivityAt?.toISOString() ?? null,
    };
  });
  rows.sort((x, y) => x.user.full_name.localeCompare(y.user.full_name) || x.user.id.localeCompare(y.user.id));
  const staffTalkSeconds = [...roster.staff].map((id) => byUser.get(id)!.counts.talkSeconds);
  return { rows, staff: roster.staff, staffTalkSeconds, offer };
}

/**
 * `GET /sessions/{id}/analytics/participation`: seed 000's shape (session_id, total_participants,
 * participation_summary, participants, timeline) plus talk-time balance, engagement trend and confusion
 * moments. The table comes from summaries; only the timeline reads the seminar's events.
 */
export async function sessionParticipation(seminar: SeminarLean, pulse: PulseThreshold, bucketMs = 60_000) {
  const { rows, staff, staffTalkSeconds, offer } = await participantRows(seminar);
  const present = rows.filter((r) => r.attended);
  const mean = (pick: (r: ParticipantRow) => number) =>
    present.length === 0 ? 0 : round(present.reduce((sum, r) => sum + pick(r), 0) / present.length, 1);
  const rate = (answered: (r: ParticipantRow) => number, offeredCount: number) =>
    present.length === 0 || offeredCount === 0
      ? 0
      : round(present.reduce((sum, r) => sum + answered(r), 0) / (present.length * offeredCount));
  const events = await ParticipationEventModel.find({ seminar: seminar._id }, { type: 1, user: 1, at: 1, value: 1 })
    .sort({ at: 1 })
    .lean();
  const timelineEvents: TimelineEvent[] = events.map((e) => ({
    type: e.type,
    userId: String(e.user),
    at: e.at,
    value: e.value,
  }));
  const from = seminar.startedAt ?? timelineEvents[0]?.at ?? new Date();
  const to = seminar.endedAt ?? new Date();
  const timeline = buildTimeline(timelineEvents, { from, to: to > from ? to : from, staff, bucketMs });
  return {
    session_id: String(seminar._id),
    total_participants: present.length,
    participation_summary: {
      avg_speaking_time_seconds: mean((r) => r.speaking_time_seconds),
      avg_chat_messages: mean((r) => r.chat_messages_count),
      poll_response_rate: rate((r) => r.polls_responded, offer.polls),
      quiz_response_rate: rate((r) => r.quizzes_responded, offer.quizIds.length),
    },
    participants: rows,
    timeline,
    talk_time: talkTimeBalance(
      staffTalkSeconds,
      present.map((r) => r.speaking_time_seconds),
    ),
    engagement_trend: engagementTrend(timeline),
    confusion_moments: confusionMoments(timeline, pulse),
    absent: rows.filter((r) => !r.attended).map((r) => r.user),
  };
}
