import {
  errorKeyForCode,
  type AlertPayload,
  type BreakoutRoomPayload,
  type BreakoutRunPayload,
  type ChatMessagePayload,
  type HandQueueEntry,
  type ParticipantPayload,
  type ParticipantRole,
  type PollPayload,
  type ParticipationRow,
  type PollOption,
  type PollResult,
  type PulseType,
  type QuestionPayload,
  type QuizPayload,
  type ServerEvent,
  type UserRef,
} from '../api/index.js';
import { openQuiz, reduceLiveQuiz, withQuizSnapshot, type LiveQuizRound } from './live-quiz.js';

/** Pure room state: every socket event and local action goes through `roomReducer`; no DOM, no I/O. */

export type ConnectionState =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'offline'
  | 'unauthorized'
  | 'refused'
  /** Refused because staff locked the session; the client asks again until they unlock it. */
  | 'locked';

export interface Participant {
  id: string;
  name: string;
  role: ParticipantRole;
  joinedAt: string;
  speaking: boolean;
  /** Talk time seen by this client (speak_end durations, or measured between speak_start and speak_end). */
  talkMs: number;
  speakingSince: number | null;
}

export interface ChatEntry {
  id: string;
  user: UserRef;
  message: string;
  /** The thread's first message (replies to replies stay in the same thread). */
  threadId: string | null;
  /** The breakout room the message was written in; null for the main room. */
  roomId: string | null;
  /** A private conversation between one learner and the staff: the learner's id, else null. */
  privateWith: string | null;
  at: string;
  /** Counts per emoji from the server; `mine` are the ones this user added (from acks). */
  reactions: Record<string, number>;
  mine: string[];
  edited: boolean;
  deleted: boolean;
}

export interface HandEntry {
  userId: string;
  name: string;
  at: string;
}

export interface PollState {
  id: string;
  question: string;
  type: PollPayload['type'];
  options: PollOption[];
  endsAt: string | null;
  status: 'open' | 'closed';
  totalResponses: number;
  responseRate: number;
  results: Record<string, PollResult> | null;
  myAnswer: string[] | null;
}

export interface QuizFeedback {
  questionId: string;
  correct: boolean | null;
  pointsEarned?: number;
  explanation?: string;
}

export interface QuizState {
  quiz: QuizPayload;
  status: 'open' | 'submitted';
  score: number | null;
  maxScore: number | null;
  feedback: QuizFeedback[];
}

export interface PulseState {
  understand: number;
  confused: number;
  total: number;
  mine: PulseType | null;
  /** Staff: confusion is above the seminar's threshold. */
  alert: boolean;
}

export interface BreakoutState {
  rooms: BreakoutRoomPayload[];
  myRoomId: string | null;
  endsAt: string;
  /** Seconds left when the server last warned that the rooms close soon. */
  warning: number | null;
}

export interface ReactionBurst {
  id: string;
  emoji: string;
  at: string;
}

export interface Notice {
  id: string;
  kind: 'chat' | 'hand' | 'poll' | 'quiz' | 'breakout' | 'question' | 'alert' | 'session' | 'error' | 'media';
  text: string;
  params: Record<string, string | number>;
}

export interface RoomState {
  connection: ConnectionState;
  selfId: string;
  participantId: string | null;
  session: { id: string; title: string; status: string } | null;
  participants: Record<string, Participant>;
  activeSpeaker: string | null;
  chat: ChatEntry[];
  /** The server has messages older than the first one in `chat` (`has_more` of the snapshot or a page). */
  chatHasMore: boolean;
  typing: Record<string, { name: string; until: number }>;
  hands: HandEntry[];
  myHandRaised: boolean;
  myHandPosition: number | null;
  joinCode: string | null;
  /** Staff locked the session against newcomers. */
  locked: boolean;
  /** Staff: who tried to join since the lock, oldest first. */
  knocking: UserRef[];
  polls: Record<string, PollState>;
  pollOrder: string[];
  quiz: QuizState | null;
  liveQuiz: LiveQuizRound | null;
  pulse: PulseState;
  questions: Record<string, QuestionPayload>;
  breakout: BreakoutState | null;
  broadcast: string | null;
  reactions: ReactionBurst[];
  participation: ParticipationRow[];
  /** Open early-warning alerts, newest first. */
  alerts: AlertPayload[];
  /** The latest announcement for the screen-reader live region. */
  notice: Notice | null;
  /** The SFU connection of this page, and what staff last switched off (shown until the user acts). */
  media: { status: MediaStatus; stoppedByStaff: StaffStoppedSource | null };
}

export type MediaStatus = 'off' | 'connecting' | 'live' | 'reconnecting' | 'failed';
export type StaffStoppedSource = 'mic' | 'camera' | 'screen';

export const CHAT_LIMIT = 300;
export const REACTION_LIMIT = 20;
export const TYPING_TTL_MS = 4000;
/** A burst of 40 thumbs-up shows as a few floating ones, not 40. */
export const BURST_PER_EMOJI = 3;

export type LocalAction =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'media_status'; status: MediaStatus; at: string }
  | { type: 'breakout_visited'; roomId: string | null }
  | { type: 'chat_history_loaded'; messages: ChatMessagePayload[]; hasMore: boolean; at: string }
  | { type: 'media_stopped_by_staff'; source: StaffStoppedSource | null; at: string }
  | { type: 'hand_self'; raised: boolean; position?: number | null }
  | { type: 'chat_reacted'; messageId: string; emoji: string; reacted: boolean }
  | { type: 'poll_answered'; pollId: string; optionIds: string[] }
  | { type: 'pulse_self'; pulse: PulseType }
  | { type: 'question_upvoted'; questionId: string; upvotes: number }
  | { type: 'questions_listed'; questions: QuestionPayload[] }
  | { type: 'quiz_graded'; score: number | null; maxScore: number | null; feedback: QuizFeedback[] }
  | { type: 'quiz_dismissed' }
  | { type: 'quiz_loaded'; quiz: QuizPayload; at: string }
  | { type: 'typing_expired'; now: number }
  | { type: 'reaction_expired'; id: string }
  | { type: 'alerts_loaded'; alerts: AlertPayload[] };

export type RoomAction = ServerEvent | LocalAction;

export function initialRoomState(selfId: string): RoomState {
  return {
    connection: 'connecting',
    selfId,
    participantId: null,
    session: null,
    participants: {},
    activeSpeaker: null,
    chat: [],
    chatHasMore: false,
    typing: {},
    hands: [],
    myHandRaised: false,
    myHandPosition: null,
    joinCode: null,
    locked: false,
    knocking: [],
    polls: {},
    pollOrder: [],
    quiz: null,
    liveQuiz: null,
    pulse: { understand: 0, confused: 0, total: 0, mine: null, alert: false },
    questions: {},
    breakout: null,
    broadcast: null,
    reactions: [],
    participation: [],
    alerts: [],
    notice: null,
    media: { status: 'off', stoppedByStaff: null },
  };
}

export function notice(kind: Notice['kind'], text: string, at: string, params: Notice['params'] = {}): Notice {
  return { id: `${kind}:${at}:${text}`, kind, text, params };
}

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

function speakStart(state: RoomState, userId: string, at: string): RoomState {
  const participant = state.participants[userId];
  if (!participant || participant.speaking) return state;
  const updated = { ...participant, speaking: true, speakingSince: Date.parse(at) };
  return { ...state, participants: { ...state.participants, [userId]: updated } };
}

function speakEnd(state: RoomState, userId: string, at: string, durationMs?: number): RoomState {
  const participant = state.participants[userId];
  if (!participant) return state;
  const measured = participant.speakingSince === null ? 0 : Math.max(0, Date.parse(at) - participant.speakingSince);
  const updated = {
    ...participant,
    speaking: false,
    speakingSince: null,
    talkMs: participant.talkMs + (durationMs ?? measured),
  };
  return { ...state, participants: { ...state.participants, [userId]: updated } };
}

function toParticipant(p: ParticipantPayload): Participant {
  return {
    id: p.id,
    name: p.full_name,
    role: p.role,
    joinedAt: p.joined_at,
    speaking: false,
    talkMs: 0,
    speakingSince: null,
  };
}

function toChatEntry(m: ChatMessagePayload, at: string, previous?: ChatEntry): ChatEntry {
  return {
    id: m.message_id,
    user: { id: m.user.id, full_name: m.user.full_name },
    message: m.message,
    threadId: m.thread_id ?? m.reply_to ?? null,
    roomId: m.room_id ?? null,
    privateWith: m.private ? (m.private_with ?? m.user.id) : null,
    at: m.created_at ?? previous?.at ?? at,
    reactions: m.reactions ?? previous?.reactions ?? {},
    mine: previous?.mine ?? [],
    edited: Boolean(m.edited_at),
    deleted: Boolean(m.deleted),
  };
}

function toHands(queue: HandQueueEntry[]): HandEntry[] {
  return queue.map((h) => ({ userId: h.user.id, name: h.user.full_name, at: h.raised_at }));
}

function toPoll(poll: PollPayload): PollState {
  const votes = poll.options.some((o) => o.votes !== undefined);
  const total = poll.total_responses ?? 0;
  return {
    id: poll.id,
    question: poll.question,
    type: poll.type,
    options: poll.options.map((o) => ({ id: o.id, text: o.text })),
    endsAt: poll.ends_at ?? null,
    status: poll.status === 'closed' ? 'closed' : 'open',
    totalResponses: total,
    responseRate: 0,
    results: votes ? pollResults(poll.options, poll.options, total) : null,
    myAnswer: poll.my_option_ids && poll.my_option_ids.length > 0 ? poll.my_option_ids : null,
  };
}

/** Live per-option counts → the seed's results map (percentage of all responses, one decimal). */
export function pollResults(
  options: PollOption[],
  counts: Array<{ id: string; votes?: number }>,
  total: number,
): Record<string, PollResult> {
  const byId = new Map(counts.map((c) => [c.id, c.votes ?? 0]));
  return Object.fromEntries(
    options.map((o) => {
      const votes = byId.get(o.id) ?? 0;
      return [o.id, { text: o.text, votes, percentage: total === 0 ? 0 : Math.round((votes / total) * 1000) / 10 }];
    }),
  );
}

/** The snapshot's run (rooms + user → room map) as rooms with their participants. */
function breakoutFromRun(run: BreakoutRunPayload, names: Record<string, Participant>): BreakoutState {
  const assignments = Object.entries(run.assignments ?? {});
  return {
    rooms: run.rooms.map((r) => ({
      ...r,
      participants: assignments
        .filter(([, roomId]) => roomId === r.room_id)
        .map(([id]) => ({ id, full_name: names[id]?.name ?? '' })),
    })),
    myRoomId: run.my_room_id,
    endsAt: run.ends_at,
    warning: null,
  };
}

/** Moves a participant between breakout rooms (null = main room). */
function moveInBreakout(breakout: BreakoutState, userId: string, to: string | null, name: string): BreakoutState {
  const moving = breakout.rooms.flatMap((r) => r.participants).find((p) => p.id === userId) ?? {
    id: userId,
    full_name: name,
  };
  return {
    ...breakout,
    rooms: breakout.rooms.map((r) => ({
      ...r,
      participants: [...r.participants.filter((p) => p.id !== userId), ...(r.room_id === to ? [moving] : [])],
    })),
  };
}

function mergeChat(chat: ChatEntry[], entry: ChatEntry): ChatEntry[] {
  const index = chat.findIndex((m) => m.id === entry.id);
  if (index < 0) return [...chat, entry].slice(-CHAT_LIMIT);
  return chat.map((m, i) => (i === index ? entry : m));
}

function myBreakoutRoom(rooms: BreakoutRoomPayload[], selfId: string): string | null {
  return rooms.find((room) => room.participants.some((p) => p.id === selfId))?.room_id ?? null;
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.state };
    case 'breakout_visited':
      // Staff visiting a room: their board, chat scope and media follow it (the server moved them).
      return state.breakout ? { ...state, breakout: { ...state.breakout, myRoomId: action.roomId } } : state;
    case 'chat_history_loaded': {
      // A page of older messages (oldest first) goes before what is already shown.
      const known = new Set(state.chat.map((m) => m.id));
      const older = action.messages.filter((m) => !known.has(m.message_id)).map((m) => toChatEntry(m, action.at));
      return { ...state, chat: [...older, ...state.chat], chatHasMore: action.hasMore };
    }
    case 'media_status':
      return {
        ...state,
        media: { ...state.media, status: action.status },
        notice:
          action.status === 'live' && state.media.status === 'reconnecting'
            ? notice('media', 'live.mediaBack', action.at)
            : state.notice,
      };
    case 'media_stopped_by_staff':
      return {
        ...state,
        media: { ...state.media, stoppedByStaff: action.source },
        notice: action.source ? notice('media', `media.stoppedByStaff.${action.source}`, action.at) : state.notice,
      };
    case 'session_joined': {
      const { snapshot } = action.data;
      const withQuiz = withQuizSnapshot(state, snapshot?.quiz);
      const participants = snapshot?.participants
        ? Object.fromEntries(snapshot.participants.map((p) => [p.id, toParticipant(p)]))
        : state.participants;
      const polls = snapshot?.polls ? snapshot.polls.map(toPoll) : null;
      return {
        ...withQuiz,
        connection: 'connected',
        participantId: action.data.participant_id ?? state.participantId,
        session: action.data.session,
        locked: snapshot?.locked ?? state.locked,
        knocking: snapshot?.knocking ?? state.knocking,
        participants,
        chat: snapshot?.chat
          ? snapshot.chat.messages.reduce(
              (chat, m) =>
                mergeChat(
                  chat,
                  toChatEntry(
                    m,
                    action.data.timestamp,
                    chat.find((c) => c.id === m.message_id),
                  ),
                ),
              state.chat,
            )
          : state.chat,
        chatHasMore: snapshot?.chat ? Boolean(snapshot.chat.has_more) : state.chatHasMore,
        hands: snapshot?.hand_queue ? toHands(snapshot.hand_queue) : state.hands,
        myHandRaised: snapshot?.my_hand ? snapshot.my_hand.raised : state.myHandRaised,
        myHandPosition: snapshot?.my_hand ? snapshot.my_hand.queue_position : state.myHandPosition,
        polls: polls ? { ...state.polls, ...Object.fromEntries(polls.map((p) => [p.id, p])) } : state.polls,
        pollOrder: polls
          ? [...state.pollOrder, ...polls.map((p) => p.id).filter((id) => !state.pollOrder.includes(id))]
          : state.pollOrder,
        questions: snapshot?.questions
          ? Object.fromEntries(
              snapshot.questions.questions.map((q) => [
                q.id,
                { ...q, upvoted_by_me: state.questions[q.id]?.upvoted_by_me ?? false },
              ]),
            )
          : state.questions,
        pulse: {
          ...state.pulse,
          ...(snapshot?.pulse
            ? { understand: snapshot.pulse.understand, confused: snapshot.pulse.confused, total: snapshot.pulse.total }
            : {}),
          mine: snapshot?.my_pulse === undefined ? state.pulse.mine : snapshot.my_pulse,
        },
        breakout:
          snapshot?.breakout === undefined
            ? state.breakout
            : snapshot.breakout && breakoutFromRun(snapshot.breakout, participants),
      };
    }
    case 'participant_joined': {
      const { user, joined_at } = action.data;
      return {
        ...state,
        participants: { ...state.participants, [user.id]: toParticipant({ ...user, joined_at }) },
      };
    }
    case 'participant_left':
      // Hands stay: the server keeps a raised hand across a dropped connection (it comes back with the person).
      return {
        ...state,
        participants: omit(state.participants, action.data.user_id),
        typing: omit(state.typing, action.data.user_id),
        activeSpeaker: state.activeSpeaker === action.data.user_id ? null : state.activeSpeaker,
      };
    case 'chat_message': {
      const d = action.data;
      if (state.chat.some((m) => m.id === d.message_id)) return state;
      return {
        ...state,
        chat: mergeChat(state.chat, toChatEntry(d, d.timestamp)),
        typing: omit(state.typing, d.user.id),
        notice:
          d.user.id === state.selfId
            ? state.notice
            : notice('chat', 'live.chat', d.timestamp, { name: d.user.full_name, message: d.message }),
      };
    }
    case 'chat_message_updated': {
      const previous = state.chat.find((m) => m.id === action.data.message_id);
      if (!previous) return state;
      return { ...state, chat: mergeChat(state.chat, toChatEntry(action.data, action.data.timestamp, previous)) };
    }
    case 'chat_message_deleted':
      return {
        ...state,
        chat: state.chat.map((m) =>
          m.id === action.data.message_id ? { ...m, message: '', deleted: true, reactions: {}, mine: [] } : m,
        ),
      };
    case 'chat_reaction':
      return {
        ...state,
        chat: state.chat.map((m) => (m.id === action.data.message_id ? { ...m, reactions: action.data.reactions } : m)),
      };
    case 'chat_reacted':
      return {
        ...state,
        chat: state.chat.map((m) =>
          m.id !== action.messageId
            ? m
            : {
                ...m,
                mine: action.reacted
                  ? [...m.mine.filter((e) => e !== action.emoji), action.emoji]
                  : m.mine.filter((e) => e !== action.emoji),
              },
        ),
      };
    case 'chat_typing': {
      const { user, typing, timestamp } = action.data;
      if (user.id === state.selfId) return state;
      if (!typing) return { ...state, typing: omit(state.typing, user.id) };
      const until = Date.parse(timestamp) + TYPING_TTL_MS;
      return { ...state, typing: { ...state.typing, [user.id]: { name: user.full_name, until } } };
    }
    case 'typing_expired': {
      const typing = Object.fromEntries(Object.entries(state.typing).filter(([, t]) => t.until > action.now));
      return Object.keys(typing).length === Object.keys(state.typing).length ? state : { ...state, typing };
    }
    case 'hand_raised': {
      const { user, timestamp } = action.data;
      const hands = state.hands.some((h) => h.userId === user.id)
        ? state.hands
        : [...state.hands, { userId: user.id, name: user.full_name, at: timestamp }];
      return { ...state, hands, notice: notice('hand', 'live.hand', timestamp, { name: user.full_name }) };
    }
    case 'hand_lowered':
      return { ...state, hands: state.hands.filter((h) => h.userId !== action.data.user_id) };
    case 'hand_queue':
      return { ...state, hands: toHands(action.data.queue) };
    case 'hand_state':
      return {
        ...state,
        myHandRaised: action.data.raised,
        myHandPosition: action.data.raised ? (action.data.queue_position ?? state.myHandPosition) : null,
      };
    case 'hand_self':
      return {
        ...state,
        myHandRaised: action.raised,
        myHandPosition: action.raised ? (action.position ?? state.myHandPosition) : null,
      };
    case 'hand_called_on':
      return {
        ...state,
        notice: notice('hand', 'live.calledOn', action.data.timestamp, { name: action.data.user.full_name }),
      };
    case 'reaction_burst': {
      const bursts = Object.entries(action.data.counts).flatMap(([emoji, count]) =>
        Array.from({ length: Math.min(count, BURST_PER_EMOJI) }, (_, i) => ({
          id: `${action.data.timestamp}:${emoji}:${i}`,
          emoji,
          at: action.data.timestamp,
        })),
      );
      return { ...state, reactions: [...state.reactions, ...bursts].slice(-REACTION_LIMIT) };
    }
    case 'reaction_expired':
      return { ...state, reactions: state.reactions.filter((r) => r.id !== action.id) };
    case 'speak_start':
      return speakStart(state, action.data.user_id, action.data.timestamp);
    case 'speak_end':
      return speakEnd(state, action.data.user_id, action.data.timestamp, action.data.duration_ms);
    case 'active_speaker':
      return { ...state, activeSpeaker: action.data.user_id };
    case 'poll_created': {
      const { poll, timestamp } = action.data;
      return {
        ...state,
        polls: { ...state.polls, [poll.id]: toPoll(poll) },
        pollOrder: state.pollOrder.includes(poll.id) ? state.pollOrder : [...state.pollOrder, poll.id],
        notice: notice('poll', 'live.poll', timestamp, { question: poll.question }),
      };
    }
    case 'poll_response_update': {
      const poll = state.polls[action.data.poll_id];
      if (!poll) return state;
      const { total_responses, response_rate, options } = action.data;
      const updated: PollState = {
        ...poll,
        totalResponses: total_responses,
        responseRate: response_rate,
        results: options ? pollResults(poll.options, options, total_responses) : poll.results,
      };
      return { ...state, polls: { ...state.polls, [poll.id]: updated } };
    }
    case 'poll_closed': {
      const poll = state.polls[action.data.poll_id];
      if (!poll) return state;
      const updated: PollState = {
        ...poll,
        status: 'closed',
        results: action.data.results ?? null,
        totalResponses: action.data.total_responses ?? poll.totalResponses,
      };
      return {
        ...state,
        polls: { ...state.polls, [poll.id]: updated },
        notice: notice('poll', 'live.pollClosed', action.data.timestamp, { question: poll.question }),
      };
    }
    case 'poll_answered': {
      const poll = state.polls[action.pollId];
      if (!poll) return state;
      return { ...state, polls: { ...state.polls, [poll.id]: { ...poll, myAnswer: action.optionIds } } };
    }
    case 'quiz_started':
    case 'quiz_stats':
    case 'quiz_closed':
      return reduceLiveQuiz(state, action);
    // The AI assist's events live in their own components (features/ai), not in the room state.
    case 'caption':
    case 'checkpoint_suggestion':
    case 'summary_ready':
      return state;
    case 'quiz_loaded':
      if (state.quiz?.quiz.id === action.quiz.id) return state;
      return {
        ...state,
        quiz: openQuiz(action.quiz),
        notice: notice('quiz', 'live.quiz', action.at, { title: action.quiz.title }),
      };
    case 'quiz_graded':
      if (!state.quiz) return state;
      return {
        ...state,
        quiz: {
          ...state.quiz,
          status: 'submitted',
          score: action.score,
          maxScore: action.maxScore,
          feedback: action.feedback,
        },
      };
    case 'quiz_dismissed':
      return { ...state, quiz: null };
    case 'pulse_update':
      return {
        ...state,
        pulse: {
          ...state.pulse,
          understand: action.data.understand,
          confused: action.data.confused,
          total: action.data.total,
        },
      };
    case 'pulse_alert':
      return {
        ...state,
        pulse: { ...state.pulse, alert: action.data.active },
        notice: action.data.active
          ? notice('alert', 'live.pulseAlert', action.data.timestamp, {
              percent: Math.round((action.data.confused_ratio ?? 0) * 100),
            })
          : state.notice,
      };
    case 'pulse_self':
      return { ...state, pulse: { ...state.pulse, mine: action.pulse } };
    case 'question_posted':
    case 'question_updated': {
      const incoming = action.data.question;
      const previous = state.questions[incoming.id];
      const question = { ...incoming, upvoted_by_me: previous?.upvoted_by_me ?? false };
      return {
        ...state,
        questions: { ...state.questions, [question.id]: question },
        notice:
          action.type === 'question_posted'
            ? notice('question', 'live.question', action.data.timestamp, { text: question.text })
            : state.notice,
      };
    }
    case 'question_removed':
      return { ...state, questions: omit(state.questions, action.data.question_id) };
    case 'question_upvoted': {
      const question = state.questions[action.questionId];
      if (!question) return state;
      return {
        ...state,
        questions: {
          ...state.questions,
          [question.id]: { ...question, upvoted_by_me: true, upvotes: Math.max(question.upvotes, action.upvotes) },
        },
      };
    }
    case 'questions_listed':
      return {
        ...state,
        questions: Object.fromEntries(
          action.questions.map((q) => [q.id, { ...q, upvoted_by_me: state.questions[q.id]?.upvoted_by_me ?? false }]),
        ),
      };
    case 'participation_update':
      return { ...state, participation: action.data.participants };
    case 'breakout_start': {
      const { room_assignments, ends_at, timestamp } = action.data;
      const myRoomId = myBreakoutRoom(room_assignments, state.selfId);
      const room = room_assignments.find((r) => r.room_id === myRoomId);
      return {
        ...state,
        breakout: { rooms: room_assignments, myRoomId, endsAt: ends_at, warning: null },
        broadcast: null,
        notice: notice('breakout', 'live.breakoutStart', timestamp, { room: room?.name ?? '' }),
      };
    }
    case 'breakout_end':
      return {
        ...state,
        breakout: null,
        broadcast: null,
        notice: notice('breakout', 'live.breakoutEnd', action.data.timestamp),
      };
    case 'breakout_moved': {
      if (!state.breakout) return state;
      const { user_id, to_room_id, timestamp } = action.data;
      const moved = moveInBreakout(state.breakout, user_id, to_room_id, state.participants[user_id]?.name ?? '');
      const mine = user_id === state.selfId;
      const room = state.breakout.rooms.find((r) => r.room_id === to_room_id);
      return {
        ...state,
        breakout: { ...moved, myRoomId: mine ? to_room_id : moved.myRoomId },
        notice: mine ? notice('breakout', 'live.breakoutMoved', timestamp, { room: room?.name ?? '' }) : state.notice,
      };
    }
    case 'breakout_warning':
      if (!state.breakout) return state;
      return {
        ...state,
        breakout: { ...state.breakout, warning: action.data.seconds_left, endsAt: action.data.ends_at },
        notice: notice('breakout', 'live.breakoutWarning', action.data.timestamp, {
          seconds: action.data.seconds_left,
        }),
      };
    case 'breakout_broadcast':
      return {
        ...state,
        broadcast: action.data.message,
        notice: notice('breakout', 'live.broadcast', action.data.timestamp, { message: action.data.message }),
      };
    case 'session_status': {
      const ended = action.data.status === 'completed';
      return {
        ...state,
        session: state.session ? { ...state.session, status: action.data.status } : state.session,
        joinCode: ended ? null : state.joinCode,
        // Ending clears hands and pulse on the server without one event per hand, so the room forgets them here.
        ...(ended
          ? { hands: [], myHandRaised: false, myHandPosition: null, pulse: initialRoomState(state.selfId).pulse }
          : {}),
        notice: notice('session', `session.status.${action.data.status}`, action.data.timestamp),
      };
    }
    case 'join_code':
      return { ...state, joinCode: action.data.code };
    case 'session_knock':
      if (state.knocking.some((u) => u.id === action.data.user.id)) return state;
      return {
        ...state,
        knocking: [...state.knocking, action.data.user],
        notice: notice('session', 'session.knock', action.data.timestamp, { name: action.data.user.full_name }),
      };
    case 'session_locked':
      return {
        ...state,
        locked: action.data.locked,
        knocking: [],
        notice: notice(
          'session',
          action.data.locked ? 'session.lockedBy' : 'session.unlockedBy',
          action.data.timestamp,
          {
            name: action.data.by,
          },
        ),
      };
    case 'live_error':
      return {
        ...state,
        // A refused join_session leaves nothing to wait for (the seminar has ended), or something to wait for
        // (staff locked it).
        connection:
          action.data.event !== 'join_session'
            ? state.connection
            : action.data.details?.reason === 'locked'
              ? 'locked'
              : 'refused',
        notice: notice('error', errorKeyForCode(action.data.code), action.data.timestamp),
      };
    case 'alert_raised': {
      const { alert, timestamp } = action.data;
      if (state.alerts.some((a) => a.id === alert.id)) return state;
      return {
        ...state,
        alerts: [alert, ...state.alerts],
        notice: notice('alert', 'live.alert', timestamp, { name: alert.user.full_name }),
      };
    }
    case 'alert_acknowledged':
      return { ...state, alerts: state.alerts.filter((a) => a.id !== action.data.alert.id) };
    case 'alerts_loaded': {
      // The REST list and live pushes may overlap: one entry per id (the REST copy is newer), open ones only.
      const byId = new Map([...state.alerts, ...action.alerts].map((a) => [a.id, a]));
      const open = [...byId.values()].filter((a) => a.status === 'open');
      return { ...state, alerts: open.sort((a, b) => b.detected_at.localeCompare(a.detected_at)) };
    }
    case 'whiteboard_update':
    case 'whiteboard_lock':
      return state;
  }
}

/** Q&A list: unanswered first, then by upvotes, then oldest first (stable for equal votes). */
export function sortedQuestions(state: RoomState): QuestionPayload[] {
  return Object.values(state.questions).sort(
    (a, b) =>
      Number(a.answered) - Number(b.answered) ||
      b.upvotes - a.upvotes ||
      (a.created_at ?? '').localeCompare(b.created_at ?? ''),
  );
}

/** Share of "I understand" among pulses, 0..1; null while nobody has answered. */
export function understandingRatio(pulse: PulseState): number | null {
  const answered = pulse.understand + pulse.confused;
  return answered === 0 ? null : pulse.understand / answered;
}

/** Seconds left until an ISO instant, never negative. */
export function secondsLeft(endsAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 1000));
}

export function formatClock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${s.toString().padStart(2, '0')}`;
}

/** Chat entries grouped as threads: top-level messages with their replies in order. */
export function chatThreads(chat: ChatEntry[]): Array<{ root: ChatEntry; replies: ChatEntry[] }> {
  const roots = new Map<string, { root: ChatEntry; replies: ChatEntry[] }>();
  const orphanReplies: ChatEntry[] = [];
  for (const entry of chat) {
    if (entry.threadId && roots.has(entry.threadId)) roots.get(entry.threadId)!.replies.push(entry);
    else if (entry.threadId) orphanReplies.push(entry);
    else roots.set(entry.id, { root: entry, replies: [] });
  }
  for (const entry of orphanReplies) roots.set(entry.id, { root: entry, replies: [] });
  return [...roots.values()].sort((a, b) => a.root.at.localeCompare(b.root.at));
}

/** The participant list with the instructor(s) first, then by name. */
export function sortedParticipants(state: RoomState): Participant[] {
  const rank = (role: ParticipantRole) => (role === 'instructor' ? 0 : role === 'ta' ? 1 : 2);
  return Object.values(state.participants).sort((a, b) => rank(a.role) - rank(b.role) || a.name.localeCompare(b.name));
}

/**
 * Who is in this user's room, in roster order: during breakouts the members of my breakout room (staff in the
 * main room, assigned to none, see the others assigned to none); everyone otherwise.
 */
export function roomParticipants(state: RoomState): Participant[] {
  const everyone = sortedParticipants(state);
  const breakout = state.breakout;
  if (!breakout) return everyone;
  const roomOf = new Map(breakout.rooms.flatMap((r) => r.participants.map((p) => [p.id, r.room_id] as const)));
  return everyone.filter((p) => (roomOf.get(p.id) ?? null) === breakout.myRoomId);
}
