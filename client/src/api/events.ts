/**
 * Socket event contract (DESIGN.md §4): event name = seed 000 §5 `type`, single argument = its `data`;
 * server → client payloads carry `timestamp`. Events marked "ours" extend the seed for pulse, Q&A, quizzes,
 * breakouts and the whiteboard; keep them in step with docs/live-room.md.
 */

export type ParticipantRole = 'instructor' | 'ta' | 'learner' | 'observer' | 'student';

export interface UserRef {
  id: string;
  full_name: string;
}

export interface PollOption {
  id: string;
  text: string;
}

export interface PollResult {
  text: string;
  votes: number;
  percentage: number;
}

export interface PollPayload {
  id: string;
  question: string;
  type: 'single_choice' | 'multiple_choice';
  options: PollOption[];
  duration_seconds?: number;
  ends_at?: string;
}

export interface QuizQuestionPayload {
  id: string;
  type: 'multiple_choice' | 'short_answer';
  question_text: string;
  options?: string[];
  points?: number;
}

export interface QuizPayload {
  id: string;
  title: string;
  questions: QuizQuestionPayload[];
}

export interface QuestionPayload {
  id: string;
  text: string;
  upvotes: number;
  upvoted_by_me?: boolean;
  answered: boolean;
  cluster?: number | null;
  created_at?: string;
}

export interface BreakoutRoomPayload {
  room_id: string;
  room_number: number;
  name: string;
  participants: UserRef[];
}

export interface ParticipationRow {
  user_id: string;
  full_name: string;
  speaking_time_seconds: number;
  chat_messages_count: number;
  participation_score: number;
}

export type PulseType = 'UNDERSTAND' | 'CONFUSED';

/** Payloads of client → server events. */
export interface ClientEvents {
  join_session: { display_name: string; device_info: { browser: string; os: string } };
  chat_message: { message: string; reply_to?: string | null };
  hand_raise: Record<string, never>;
  hand_lower: { user_id?: string };
  reaction: { emoji: string };
  // ours
  chat_reaction: { message_id: string; emoji: string };
  typing: { typing: boolean };
  pulse: { pulse_type: PulseType };
  question_ask: { text: string };
  question_upvote: { question_id: string };
  question_answer: { question_id: string };
  whiteboard_update: { elements: unknown[] };
  whiteboard_sync: Record<string, never>;
  // ours, staff only (the server refuses them from learners)
  poll_close: { poll_id: string };
  breakout_create: { rooms: Array<{ name: string; participant_ids: string[] }>; duration_minutes: number };
  breakout_move: { user_id: string; room_id: string };
  breakout_broadcast: { message: string };
  breakout_end: Record<string, never>;
  session_lock: { locked: boolean };
  mute_all: Record<string, never>;
}

interface Stamped {
  timestamp: string;
}

/** Payloads of server → client events (each also carries `timestamp`). */
export interface ServerEventPayloads {
  session_joined: {
    participant_id: string;
    session: { id: string; title: string; status: string };
    current_participants: number;
    participants?: Array<{ user: UserRef & { role: ParticipantRole }; joined_at: string }>;
  };
  participant_joined: { user: UserRef & { role: ParticipantRole }; joined_at: string };
  participant_left: { user_id: string; left_at: string };
  chat_message: { message_id: string; user: UserRef; message: string; reply_to: string | null };
  poll_created: { poll: PollPayload };
  poll_response_update: {
    poll_id: string;
    total_responses: number;
    response_rate: number;
    results?: Record<string, PollResult>;
  };
  poll_closed: { poll_id: string; results: Record<string, PollResult>; total_responses: number };
  hand_raised: { user: UserRef; queue_position: number };
  participation_update: { participants: ParticipationRow[]; avg_speaking_time: number };
  breakout_start: {
    room_assignments: BreakoutRoomPayload[];
    duration_minutes: number;
    ends_at: string;
  };
  breakout_end: { message: string };
  // ours
  hand_lowered: { user_id: string };
  reaction: { user_id: string; emoji: string };
  chat_reaction: { message_id: string; emoji: string; user_id: string };
  typing: { user: UserRef; typing: boolean };
  speak_start: { user_id: string };
  speak_end: { user_id: string };
  active_speaker: { user_id: string | null };
  pulse_update: { understand: number; confused: number; total: number };
  question_created: { question: QuestionPayload };
  question_updated: { question: QuestionPayload };
  quiz_published: { quiz: QuizPayload };
  breakout_broadcast: { message: string };
  session_status: { status: 'waiting' | 'live' | 'ended' | 'locked' };
  whiteboard_update: { elements: unknown[]; from: string };
  alert: { id: string; user: UserRef; kind: string; message: string };
}

export type ServerEventName = keyof ServerEventPayloads;
export type ServerPayload<K extends ServerEventName> = ServerEventPayloads[K] & Stamped;
export type ClientEventName = keyof ClientEvents;
export type ServerEvent = {
  [K in ServerEventName]: { type: K; data: ServerPayload<K> };
}[ServerEventName];

export const SERVER_EVENTS: readonly ServerEventName[] = [
  'session_joined',
  'participant_joined',
  'participant_left',
  'chat_message',
  'poll_created',
  'poll_response_update',
  'poll_closed',
  'hand_raised',
  'participation_update',
  'breakout_start',
  'breakout_end',
  'hand_lowered',
  'reaction',
  'chat_reaction',
  'typing',
  'speak_start',
  'speak_end',
  'active_speaker',
  'pulse_update',
  'question_created',
  'question_updated',
  'quiz_published',
  'breakout_broadcast',
  'session_status',
  'whiteboard_update',
  'alert',
];

export type Ack<T = Record<string, unknown>> =
  ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
