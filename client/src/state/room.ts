import type {
  BreakoutRoomPayload,
  ParticipantRole,
  ParticipationRow,
  PollOption,
  PollResult,
  PulseType,
  QuestionPayload,
  QuizPayload,
  ServerEvent,
  UserRef,
} from '../api/events.js';

/** Pure room state: every socket event and local action goes through `roomReducer`; no DOM, no I/O. */

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'unauthorized';

export interface Participant {
  id: string;
  name: string;
  role: ParticipantRole;
  joinedAt: string;
  speaking: boolean;
}

export interface ChatEntry {
  id: string;
  user: UserRef;
  message: string;
  replyTo: string | null;
  at: string;
  reactions: Record<string, string[]>;
}

export interface HandEntry {
  userId: string;
  name: string;
  at: string;
}

export interface PollState {
  id: string;
  question: string;
  type: 'single_choice' | 'multiple_choice';
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
}

export interface BreakoutState {
  rooms: BreakoutRoomPayload[];
  myRoomId: string | null;
  endsAt: string;
}

export interface ReactionBurst {
  id: string;
  userId: string;
  emoji: string;
  at: string;
}

export interface Notice {
  id: string;
  kind: 'chat' | 'hand' | 'poll' | 'quiz' | 'breakout' | 'question' | 'alert' | 'session';
  text: string;
  params: Record<string, string | number>;
}

export interface AlertEntry {
  id: string;
  user: UserRef;
  kind: string;
  message: string;
  at: string;
}

export interface RoomState {
  connection: ConnectionState;
  selfId: string;
  participantId: string | null;
  session: { id: string; title: string; status: string } | null;
  participants: Record<string, Participant>;
  activeSpeaker: string | null;
  chat: ChatEntry[];
  typing: Record<string, { name: string; until: number }>;
  hands: HandEntry[];
  myHandRaised: boolean;
  polls: Record<string, PollState>;
  pollOrder: string[];
  quiz: QuizState | null;
  pulse: PulseState;
  questions: Record<string, QuestionPayload>;
  breakout: BreakoutState | null;
  broadcast: string | null;
  reactions: ReactionBurst[];
  participation: ParticipationRow[];
  alerts: AlertEntry[];
  /** The latest announcement for the screen-reader live region. */
  notice: Notice | null;
}

export const CHAT_LIMIT = 300;
export const REACTION_LIMIT = 20;
export const TYPING_TTL_MS = 4000;

export type LocalAction =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'hand_self'; raised: boolean }
  | { type: 'poll_answered'; pollId: string; optionIds: string[] }
  | { type: 'pulse_self'; pulse: PulseType }
  | { type: 'question_upvoted'; questionId: string }
  | { type: 'quiz_graded'; score: number | null; maxScore: number | null; feedback: QuizFeedback[] }
  | { type: 'quiz_dismissed' }
  | { type: 'typing_expired'; now: number }
  | { type: 'reaction_expired'; id: string }
  | { type: 'poll_results'; pollId: string; results: Record<string, PollResult>; totalResponses: number };

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
    typing: {},
    hands: [],
    myHandRaised: false,
    polls: {},
    pollOrder: [],
    quiz: null,
    pulse: { understand: 0, confused: 0, total: 0, mine: null },
    questions: {},
    breakout: null,
    broadcast: null,
    reactions: [],
    participation: [],
    alerts: [],
    notice: null,
  };
}

function notice(kind: Notice['kind'], text: string, at: string, params: Notice['params'] = {}): Notice {
  return { id: `${kind}:${at}:${text}`, kind, text, params };
}

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

function withSpeaking(state: RoomState, userId: string, speaking: boolean): RoomState {
  const participant = state.participants[userId];
  if (!participant || participant.speaking === speaking) return state;
  return { ...state, participants: { ...state.participants, [userId]: { ...participant, speaking } } };
}

function toggleReaction(entry: ChatEntry, emoji: string, userId: string): ChatEntry {
  const users = entry.reactions[emoji] ?? [];
  const next = users.includes(userId) ? users.filter((u) => u !== userId) : [...users, userId];
  const reactions = next.length > 0 ? { ...entry.reactions, [emoji]: next } : omit(entry.reactions, emoji);
  return { ...entry, reactions };
}

function myBreakoutRoom(rooms: BreakoutRoomPayload[], selfId: string): string | null {
  return rooms.find((room) => room.participants.some((p) => p.id === selfId))?.room_id ?? null;
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.state };
    case 'session_joined': {
      const participants: Record<string, Participant> = {};
      for (const p of action.data.participants ?? []) {
        participants[p.user.id] = {
          id: p.user.id,
          name: p.user.full_name,
          role: p.user.role,
          joinedAt: p.joined_at,
          speaking: false,
        };
      }
      return {
        ...state,
        connection: 'connected',
        participantId: action.data.participant_id,
        session: action.data.session,
        participants: action.data.participants ? participants : state.participants,
      };
    }
    case 'participant_joined': {
      const { user, joined_at } = action.data;
      return {
        ...state,
        participants: {
          ...state.participants,
          [user.id]: { id: user.id, name: user.full_name, role: user.role, joinedAt: joined_at, speaking: false },
        },
      };
    }
    case 'participant_left':
      return {
        ...state,
        participants: omit(state.participants, action.data.user_id),
        hands: state.hands.filter((h) => h.userId !== action.data.user_id),
        typing: omit(state.typing, action.data.user_id),
        activeSpeaker: state.activeSpeaker === action.data.user_id ? null : state.activeSpeaker,
      };
    case 'chat_message': {
      const d = action.data;
      if (state.chat.some((m) => m.id === d.message_id)) return state;
      const entry: ChatEntry = {
        id: d.message_id,
        user: d.user,
        message: d.message,
        replyTo: d.reply_to,
        at: d.timestamp,
        reactions: {},
      };
      return {
        ...state,
        chat: [...state.chat, entry].slice(-CHAT_LIMIT),
        typing: omit(state.typing, d.user.id),
        notice:
          d.user.id === state.selfId
            ? state.notice
            : notice('chat', 'live.chat', d.timestamp, { name: d.user.full_name, message: d.message }),
      };
    }
    case 'chat_reaction': {
      const { message_id, emoji, user_id } = action.data;
      return {
        ...state,
        chat: state.chat.map((m) => (m.id === message_id ? toggleReaction(m, emoji, user_id) : m)),
      };
    }
    case 'typing': {
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
      return {
        ...state,
        hands,
        myHandRaised: user.id === state.selfId ? true : state.myHandRaised,
        notice: notice('hand', 'live.hand', timestamp, { name: user.full_name }),
      };
    }
    case 'hand_lowered':
      return {
        ...state,
        hands: state.hands.filter((h) => h.userId !== action.data.user_id),
        myHandRaised: action.data.user_id === state.selfId ? false : state.myHandRaised,
      };
    case 'hand_self':
      return { ...state, myHandRaised: action.raised };
    case 'reaction': {
      const burst = {
        id: `${action.data.user_id}:${action.data.timestamp}`,
        userId: action.data.user_id,
        emoji: action.data.emoji,
        at: action.data.timestamp,
      };
      return { ...state, reactions: [...state.reactions, burst].slice(-REACTION_LIMIT) };
    }
    case 'reaction_expired':
      return { ...state, reactions: state.reactions.filter((r) => r.id !== action.id) };
    case 'speak_start':
      return withSpeaking(state, action.data.user_id, true);
    case 'speak_end':
      return withSpeaking(state, action.data.user_id, false);
    case 'active_speaker':
      return { ...state, activeSpeaker: action.data.user_id };
    case 'poll_created': {
      const { poll, timestamp } = action.data;
      const entry: PollState = {
        id: poll.id,
        question: poll.question,
        type: poll.type,
        options: poll.options,
        endsAt: poll.ends_at ?? null,
        status: 'open',
        totalResponses: 0,
        responseRate: 0,
        results: null,
        myAnswer: null,
      };
      return {
        ...state,
        polls: { ...state.polls, [poll.id]: entry },
        pollOrder: state.pollOrder.includes(poll.id) ? state.pollOrder : [...state.pollOrder, poll.id],
        notice: notice('poll', 'live.poll', timestamp, { question: poll.question }),
      };
    }
    case 'poll_response_update': {
      const poll = state.polls[action.data.poll_id];
      if (!poll) return state;
      const updated: PollState = {
        ...poll,
        totalResponses: action.data.total_responses,
        responseRate: action.data.response_rate,
        results: action.data.results ?? poll.results,
      };
      return { ...state, polls: { ...state.polls, [poll.id]: updated } };
    }
    case 'poll_results':
    case 'poll_closed': {
      const pollId = action.type === 'poll_results' ? action.pollId : action.data.poll_id;
      const poll = state.polls[pollId];
      if (!poll) return state;
      const closed = action.type === 'poll_closed';
      const updated: PollState = {
        ...poll,
        status: closed ? 'closed' : poll.status,
        results: action.type === 'poll_results' ? action.results : action.data.results,
        totalResponses: action.type === 'poll_results' ? action.totalResponses : action.data.total_responses,
      };
      return {
        ...state,
        polls: { ...state.polls, [pollId]: updated },
        notice: closed
          ? notice('poll', 'live.pollClosed', action.data.timestamp, { question: poll.question })
          : state.notice,
      };
    }
    case 'poll_answered': {
      const poll = state.polls[action.pollId];
      if (!poll) return state;
      return { ...state, polls: { ...state.polls, [poll.id]: { ...poll, myAnswer: action.optionIds } } };
    }
    case 'quiz_published':
      return {
        ...state,
        quiz: { quiz: action.data.quiz, status: 'open', score: null, maxScore: null, feedback: [] },
        notice: notice('quiz', 'live.quiz', action.data.timestamp, { title: action.data.quiz.title }),
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
          understand: action.data.understand,
          confused: action.data.confused,
          total: action.data.total,
          mine: state.pulse.mine,
        },
      };
    case 'pulse_self':
      return { ...state, pulse: { ...state.pulse, mine: action.pulse } };
    case 'question_created':
    case 'question_updated': {
      const incoming = action.data.question;
      const previous = state.questions[incoming.id];
      const question = { ...incoming, upvoted_by_me: incoming.upvoted_by_me ?? previous?.upvoted_by_me ?? false };
      return {
        ...state,
        questions: { ...state.questions, [question.id]: question },
        notice:
          action.type === 'question_created'
            ? notice('question', 'live.question', action.data.timestamp, { text: question.text })
            : state.notice,
      };
    }
    case 'question_upvoted': {
      const question = state.questions[action.questionId];
      if (!question || question.upvoted_by_me) return state;
      return {
        ...state,
        questions: {
          ...state.questions,
          [question.id]: { ...question, upvoted_by_me: true, upvotes: question.upvotes + 1 },
        },
      };
    }
    case 'participation_update':
      return { ...state, participation: action.data.participants };
    case 'breakout_start': {
      const { room_assignments, ends_at, timestamp } = action.data;
      const myRoomId = myBreakoutRoom(room_assignments, state.selfId);
      const room = room_assignments.find((r) => r.room_id === myRoomId);
      return {
        ...state,
        breakout: { rooms: room_assignments, myRoomId, endsAt: ends_at },
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
    case 'breakout_broadcast':
      return {
        ...state,
        broadcast: action.data.message,
        notice: notice('breakout', 'live.broadcast', action.data.timestamp, { message: action.data.message }),
      };
    case 'session_status':
      return {
        ...state,
        session: state.session ? { ...state.session, status: action.data.status } : state.session,
        notice: notice('session', `session.status.${action.data.status}`, action.data.timestamp),
      };
    case 'alert': {
      const { id, user, kind, message, timestamp } = action.data;
      if (state.alerts.some((a) => a.id === id)) return state;
      return {
        ...state,
        alerts: [...state.alerts, { id, user, kind, message, at: timestamp }],
        notice: notice('alert', 'live.alert', timestamp, { name: user.full_name }),
      };
    }
    case 'whiteboard_update':
      return state;
  }
}

/** Hand queue in raise order; the position shown to people is 1-based. */
export function handPosition(state: RoomState, userId: string): number | null {
  const index = state.hands.findIndex((h) => h.userId === userId);
  return index < 0 ? null : index + 1;
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
    if (entry.replyTo && roots.has(entry.replyTo)) roots.get(entry.replyTo)!.replies.push(entry);
    else if (entry.replyTo) orphanReplies.push(entry);
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
