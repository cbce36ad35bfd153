import type { QuizAnswer, QuizSubmissionResponse } from './rest.js';

/**
 * Socket event contract (DESIGN.md §4): event name = seed 000 §5 `type`, single argument = its `data`;
 * server → client payloads carry `timestamp`. Names and shapes follow the live-room server (tool/live/ on the
 * live branch, docs/live-room.md); events marked "pending" are not on the server yet and are the client's
 * proposal for pulse, Q&A, breakouts, staff controls and the whiteboard.
 */

export type ParticipantRole = 'instructor' | 'ta' | 'learner' | 'observer';

export interface UserRef {
  id: string;
  full_name: string;
}

export interface ParticipantPayload extends UserRef {
  role: ParticipantRole;
  joined_at: string;
}

export interface ChatMessagePayload {
  message_id: string;
  user: UserRef & { role?: ParticipantRole };
  message: string;
  reply_to: string | null;
  thread_id?: string | null;
  reply_count?: number;
  private?: boolean;
  /** The learner of a private conversation with staff. */
  private_with?: string | null;
  room_id?: string | null;
  reactions?: Record<string, number>;
  edited_at?: string | null;
  deleted?: boolean;
  created_at?: string;
}

export interface PollOption {
  id: string;
  text: string;
  votes?: number;
}

export interface PollResult {
  text: string;
  votes: number;
  percentage: number;
}

export interface PollPayload {
  id: string;
  question: string;
  type: 'single_choice' | 'multiple_choice' | 'true_false';
  options: PollOption[];
  duration_seconds?: number | null;
  ends_at?: string | null;
  status?: 'active' | 'closed';
  show_live_results?: boolean;
  /** Only in the join snapshot. */
  my_option_ids?: string[];
  total_responses?: number;
}

export interface HandQueueEntry {
  user: UserRef;
  queue_position: number;
  raised_at: string;
}

/** A quiz question as learners receive it (GET /quizzes/{id}): never the correct answer. */
export interface QuizQuestionPayload {
  id: string;
  type: 'single_choice' | 'multiple_choice' | 'true_false' | 'short_answer';
  question_text: string;
  options?: string[];
  points?: number;
}

export interface QuizPayload {
  id: string;
  title: string;
  status?: string;
  questions: QuizQuestionPayload[];
}

/** A quiz running live (`quiz_started`, join snapshot): questions without answers, and the deadline. */
export interface LiveQuizPayload extends QuizPayload {
  status: 'live';
  description?: string;
  time_limit_seconds: number | null;
  started_at: string;
  ends_at: string | null;
}

/** Staff statistics of a live quiz round (`quiz_stats`, and final in `quiz_closed`). */
export interface QuizStatsPayload {
  quiz_id: string;
  answered: number;
  learners_present: number;
  average_percentage: number | null;
  mean_answer_seconds: number | null;
  median_answer_seconds: number | null;
  questions: Array<{
    question_id: string;
    type: QuizQuestionPayload['type'];
    correct: number;
    pending: number;
    /** Per option (choice), [true, false] (true/false), null (short answer). */
    distribution: number[] | null;
  }>;
}

/** Revealed when a live quiz closes: right options or truth value, and the explanation. */
export interface QuizSolution {
  question_id: string;
  correct_option_indexes?: number[];
  correct_answer?: boolean;
  explanation?: string;
}

export interface QuestionPayload {
  id: string;
  text: string;
  upvotes: number;
  /** Client-side only: set from this user's upvote ack. */
  upvoted_by_me?: boolean;
  answered: boolean;
  hidden?: boolean;
  cluster_id?: string;
  created_at?: string;
}

export interface PulseGaugePayload {
  understand: number;
  confused: number;
  total: number;
  confused_ratio?: number;
  window_seconds?: number;
  threshold?: number;
}

/** The running breakout as the join snapshot gives it (assignments: user id → room id, staff only). */
export interface BreakoutRunPayload {
  run_id: string;
  rooms: Array<{ room_id: string; room_number: number; name: string }>;
  duration_minutes: number;
  ends_at: string;
  my_room_id: string | null;
  assignments?: Record<string, string>;
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

/** An early-warning alert (REST `GET /courses/{id}/alerts` and the `alert_raised` event). */
export interface AlertPayload {
  id: string;
  course_id: string;
  session_id: string;
  user: UserRef;
  rule: 'consecutive_absences' | 'low_participation' | 'quiz_score_drop' | 'inactive_in_session';
  severity: 'warning' | 'critical';
  evidence: Record<string, unknown>;
  status: 'open' | 'acknowledged';
  detected_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

export type PulseType = 'UNDERSTAND' | 'CONFUSED';

/** What a (re)joining client gets in `session_joined.snapshot`; each feature adds its part. */
export interface JoinSnapshot {
  participants?: ParticipantPayload[];
  chat?: { messages: ChatMessagePayload[]; has_more?: boolean; unread_count?: number };
  hand_queue?: HandQueueEntry[];
  my_hand?: { raised: boolean; queue_position: number | null };
  polls?: PollPayload[];
  questions?: { questions: QuestionPayload[]; groups?: Array<{ cluster_id: string; question_ids: string[] }> };
  pulse?: PulseGaugePayload;
  my_pulse?: PulseType | null;
  breakout?: BreakoutRunPayload | null;
  whiteboard?: { room_id: string | null; locked: boolean };
  /** Staff locked the session: nobody new may join. */
  locked?: boolean;
  /** Staff only: who tried to join since the lock. */
  knocking?: UserRef[];
  /** The running live quiz or null; staff also get its stats, learners their own graded answer. */
  quiz?: (LiveQuizPayload & { stats?: QuizStatsPayload; my_answer?: QuizSubmissionResponse | null }) | null;
}

/** Payloads of client → server events. */
export interface ClientEvents {
  join_session: { display_name: string; device_info: { browser: string; os: string } };
  chat_message: { message: string; reply_to?: string | null; private?: boolean };
  chat_history: { before?: string; limit?: number };
  chat_react: { message_id: string; emoji: string };
  chat_typing: { typing: boolean };
  hand_raise: Record<string, never>;
  hand_lower: { user_id?: string };
  hand_call_on: { user_id: string };
  hand_clear: Record<string, never>;
  reaction: { emoji: string };
  poll_vote: { poll_id: string; option_ids: string[] };
  poll_close: { poll_id: string };
  quiz_start: { quiz_id: string; time_limit_seconds?: number };
  quiz_answer: { quiz_id: string; answers: QuizAnswer[] };
  quiz_close: { quiz_id: string };
  pulse: { state: PulseType };
  question_ask: { text: string };
  question_upvote: { question_id: string };
  question_answer: { question_id: string; answered?: boolean };
  question_hide: { question_id: string; hidden?: boolean };
  question_list: Record<string, never>;
  whiteboard_update: { elements: unknown[]; room_id?: string | null };
  whiteboard_snapshot: { room_id?: string | null };
  whiteboard_lock: { locked: boolean; room_id?: string | null };
  session_lock: { locked: boolean };
  breakout_preview: { mode?: 'random' | 'round_robin'; room_count?: number };
  breakout_start: {
    rooms?: Array<{ name?: string; participant_ids: string[] }>;
    duration_minutes: number;
    room_count?: number;
  };
  breakout_move: { user_id: string; room_id: string | null };
  breakout_broadcast: { message: string };
  breakout_visit: { room_id: string | null };
  breakout_end: Record<string, never>;
  /** Media team's staff action (docs/media.md): pauses every producer of one participant. */
  'media:muteParticipant': { userId: string };
  'media:stopParticipantMedia': { userId: string; source: 'camera' | 'screen' };
}

interface Stamped {
  timestamp: string;
}

/** Payloads of server → client events (each also carries `timestamp`). */
export interface ServerEventPayloads {
  session_joined: {
    participant_id?: string;
    session: { id: string; title: string; status: string };
    current_participants: number;
    snapshot?: JoinSnapshot;
  };
  participant_joined: { user: UserRef & { role: ParticipantRole }; joined_at: string };
  participant_left: { user_id: string; left_at: string };
  session_status: { status: string; started_at?: string; ended_at?: string };
  join_code: { code: string };
  session_locked: { locked: boolean; by: string };
  session_knock: { user: UserRef };
  chat_message: ChatMessagePayload;
  chat_message_updated: ChatMessagePayload;
  chat_message_deleted: { message_id: string; deleted_by: string };
  chat_reaction: { message_id: string; reactions: Record<string, number> };
  chat_typing: { user: UserRef; typing: boolean };
  hand_raised: { user: UserRef; queue_position: number };
  hand_lowered: { user_id: string; by?: string };
  hand_queue: { queue: HandQueueEntry[] };
  hand_state: { raised: boolean; queue_position?: number | null; by?: string };
  hand_called_on: { user: UserRef };
  reaction_burst: { counts: Record<string, number>; window_ms: number };
  poll_created: { poll: PollPayload };
  poll_response_update: {
    poll_id: string;
    total_responses: number;
    response_rate: number;
    options?: Array<{ id: string; votes: number }>;
  };
  poll_closed: { poll_id: string; results?: Record<string, PollResult>; total_responses?: number };
  participation_update: { participants: ParticipationRow[]; avg_speaking_time: number };
  breakout_start: {
    run_id?: string;
    room_assignments: BreakoutRoomPayload[];
    duration_minutes: number;
    ends_at: string;
  };
  breakout_end: { message: string; run_id?: string };
  breakout_moved: { user_id: string; from_room_id: string | null; to_room_id: string | null };
  breakout_warning: { seconds_left: number; ends_at: string };
  breakout_broadcast: { message: string; from?: UserRef };
  pulse_update: PulseGaugePayload;
  pulse_alert: PulseGaugePayload & { active: boolean };
  question_posted: { question: QuestionPayload };
  question_updated: { question: QuestionPayload };
  question_removed: { question_id: string };
  whiteboard_update: { elements: unknown[]; from: string; room_id?: string | null };
  whiteboard_lock: { locked: boolean; room_id?: string | null };
  speak_start: { user_id: string };
  speak_end: { user_id: string; duration_ms?: number };
  active_speaker: { user_id: string | null };
  live_error: { event: string; code: string; message: string; details?: { reason?: string } };
  quiz_started: { quiz: LiveQuizPayload };
  quiz_stats: QuizStatsPayload;
  quiz_closed: { quiz_id: string; closed_at: string; stats: QuizStatsPayload; solutions: QuizSolution[] };
  alert_raised: { alert: AlertPayload };
  alert_acknowledged: { alert: AlertPayload };
  /** AI live assist (docs/ai.md): one speech-to-text segment of the instructor. */
  caption: CaptionPayload;
  /** Staff only: a check-in phrase was heard; a quiz draft or why there is none. */
  checkpoint_suggestion: CheckpointSuggestionPayload;
  /** Staff only: the end-of-session note was drafted (or could not be). */
  summary_ready: { session_id: string; status: 'draft' | 'failed' | 'approved'; reason: string | null };
}

export interface CaptionPayload {
  text: string;
  start_ms: number;
  end_ms: number;
  speaker: string;
}

/** A quiz question in the Quizzes module's create shape, as the AI drafts it (correct answers included). */
export type DraftQuestion =
  | { type: 'single_choice'; question_text: string; options: string[]; correct_option_index: number; points: number }
  | {
      type: 'multiple_choice';
      question_text: string;
      options: string[];
      correct_option_indexes: number[];
      points: number;
    }
  | { type: 'true_false'; question_text: string; correct_answer: boolean; points: number }
  | { type: 'short_answer'; question_text: string; model_answer: string; keywords?: string[]; points: number };

export interface CheckpointSuggestionPayload {
  id: string;
  phrase: string;
  at: string;
  excerpt: string;
  quiz: { title: string; questions: DraftQuestion[] } | null;
  error: { reason: string; message: string } | null;
}

export type ServerEventName = keyof ServerEventPayloads;
export type ServerPayload<K extends ServerEventName> = ServerEventPayloads[K] & Stamped;
export type ClientEventName = keyof ClientEvents;
export type ServerEvent = {
  [K in ServerEventName]: { type: K; data: ServerPayload<K> };
}[ServerEventName];

/** Every server event the client listens to (a record so the compiler checks the list is complete). */
const SERVER_EVENT_SET: Record<ServerEventName, true> = {
  session_joined: true,
  participant_joined: true,
  participant_left: true,
  session_status: true,
  join_code: true,
  session_locked: true,
  session_knock: true,
  chat_message: true,
  chat_message_updated: true,
  chat_message_deleted: true,
  chat_reaction: true,
  chat_typing: true,
  hand_raised: true,
  hand_lowered: true,
  hand_queue: true,
  hand_state: true,
  hand_called_on: true,
  reaction_burst: true,
  poll_created: true,
  poll_response_update: true,
  poll_closed: true,
  participation_update: true,
  breakout_start: true,
  breakout_end: true,
  breakout_moved: true,
  breakout_warning: true,
  pulse_alert: true,
  question_posted: true,
  question_removed: true,
  whiteboard_lock: true,
  speak_start: true,
  speak_end: true,
  active_speaker: true,
  live_error: true,
  pulse_update: true,
  question_updated: true,
  quiz_started: true,
  quiz_stats: true,
  quiz_closed: true,
  breakout_broadcast: true,
  whiteboard_update: true,
  alert_raised: true,
  alert_acknowledged: true,
  caption: true,
  checkpoint_suggestion: true,
  summary_ready: true,
};
export const SERVER_EVENTS = Object.keys(SERVER_EVENT_SET) as ServerEventName[];

export type Ack<T = Record<string, unknown>> =
  ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
