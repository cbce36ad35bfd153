import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { QuizGrading } from '../quizzes/index.js';
import { BreakoutService, type BreakoutMediaPort } from './breakouts.js';
import { chatFeature } from './chat.js';
import { channels, LiveContext, type ParticipationSink } from './context.js';
import { bindEvents, type EventObserver, type LiveEvents, type LiveSocketData } from './events.js';
import type { Feature } from './feature.js';
import { clearHands, handsFeature } from './hands.js';
import { ParticipationTicker } from './participation.js';
import { PollService } from './polls.js';
import { presenceFeature } from './presence.js';
import { LiveQuizService } from './quizzes.js';
import { PulseService } from './pulse.js';
import { lexicalClusterer, questionsFeature, type QuestionClusterer } from './questions.js';
import { ReactionAggregator } from './reactions.js';
import { Rooms } from './rooms.js';
import { sessionLockFeature } from './session-lock.js';
import { DueTimers } from './timers.js';
import { WhiteboardRelay } from './whiteboard.js';

export { channels, stamp, type ParticipationSink } from './context.js';
export { resolveJoinCode } from './join-code.js';
export { pollCreateSchema, pollVoteSchema, type PollService } from './polls.js';
export { quizAnswerSchema, quizStartSchema, type LiveQuizService } from './quizzes.js';
export type { QuestionStats, QuizStats } from './quiz-stats.js';
export { isStaff, SEED_STATUS, STAFF, type Actor, type Participant, type Room } from './room.js';
export type { Rooms } from './rooms.js';
export { sessionRefusal } from './session-lock.js';
export { mediaRoomKey, type BreakoutMediaPort } from './breakouts.js';
export { BREAKOUT_MODES, planBreakouts, type BreakoutMode } from './breakout-planner.js';
export { lexicalClusterer, listQuestions, type ClusterCandidate, type QuestionClusterer } from './questions.js';
export { chatHistory, chatHistorySchema } from './chat.js';
export { consumeRate } from './rate-limit.js';
export type { PulseService } from './pulse.js';

export interface LiveDeps {
  redis: Redis;
  logger: Logger;
  /** Groups similar Q&A questions; lexical unless the grading module provides embeddings. */
  clusterer?: QuestionClusterer;
  /** Moves media between main and breakout routers; tool/server.ts passes the MediaService. */
  media?: BreakoutMediaPort;
  /** Receives every countable act (analytics pipeline); dropped when absent. */
  participation?: ParticipationSink;
  /** Times every handled client event (the /metrics histogram). */
  observeEvent?: EventObserver;
  /** Grades live quiz answers exactly like REST submissions, grade passback included. */
  quizzes: QuizGrading;
}

export interface Live {
  redis: Redis;
  rooms: Rooms;
  polls: PollService;
  /** Live checkpoint rounds; the REST submission route hands answers to a running round over to it. */
  quizzes: LiveQuizService;
  pulse: PulseService;
  /** Late wiring of the media service (it is created after the live room in tool/server.ts). */
  useMedia(media: BreakoutMediaPort): void;
  /** Seminars with at least one socket on this process (the `eduforum_rooms` gauge). */
  localRoomCount(): number;
  /** The analytics pipeline updated these summaries: they go out with the next `participation_update`. */
  summariesChanged(touched: ReadonlyArray<{ seminarId: string; userId: string }>): Promise<void>;
  /** Binds the live-room events to every authenticated socket of `io`. */
  attach(io: Server): void;
  close(): Promise<void>;
}

/**
 * The live-room domain (issue 7): presence and attendance, chat, hands, reactions, polls, … over socket.io,
 * plus the services the REST routes share. State lives in Mongo and Redis, so any number of tool processes
 * can serve one seminar.
 */
export function createLive(deps: LiveDeps): Live {
  const logger = deps.logger.child({ component: 'live' });
  const timers = new DueTimers(deps.redis, logger);
  const ctx = new LiveContext(deps.redis, logger, timers, deps.participation);
  const rooms = new Rooms(ctx);
  const polls = new PollService(ctx, rooms);
  const quizzes = new LiveQuizService(ctx, rooms, deps.quizzes);
  const reactions = new ReactionAggregator(ctx);
  const pulse = new PulseService(ctx, rooms);
  const whiteboard = new WhiteboardRelay(ctx, rooms);
  const participation = new ParticipationTicker(ctx, rooms);
  const breakouts = new BreakoutService(ctx, rooms, deps.media ?? { movePeer: () => undefined });
  rooms.onEnd(clearHands);
  rooms.onEnd(async (room) => rooms.forget(room.seminarId));

  const features: Feature[] = [
    chatFeature(),
    handsFeature(),
    reactions.feature(),
    polls.feature(),
    quizzes.feature(),
    pulse.feature(),
    questionsFeature(deps.clusterer ?? lexicalClusterer()),
    breakouts.feature(),
    whiteboard.feature(),
    sessionLockFeature(ctx),
  ];
  const presence = presenceFeature({ ctx, rooms, features: () => features });
  const events: LiveEvents = Object.assign({}, presence.events, ...features.map((f) => f.events));

  let attached: Server | undefined;

  function onConnection(socket: Socket): void {
    const session = (socket.data as Partial<LiveSocketData>).session;
    if (!session) return;
    void socket.join(channels.user(session.sub));
    bindEvents(socket, events, { ctx, rooms, observe: deps.observeEvent });
    socket.on('disconnect', () => {
      presence.leave(socket).catch((err: unknown) => logger.error({ err }, 'leave failed'));
    });
  }

  return {
    redis: deps.redis,
    rooms,
    polls,
    quizzes,
    pulse,
    useMedia: (media) => breakouts.useMedia(media),
    summariesChanged: (touched) => participation.summariesChanged(touched),
    localRoomCount: () =>
      attached ? [...attached.of('/').adapter.rooms.keys()].filter((r) => /^seminar:[^:]+$/.test(r)).length : 0,
    attach(io) {
      attached = io;
      ctx.bind(io);
      io.on('connection', onConnection);
      timers.start();
      reactions.start();
      pulse.start();
      whiteboard.start();
      participation.start();
      Promise.all([polls.restoreTimers(), quizzes.restoreTimers(), breakouts.restoreTimers()]).catch((err: unknown) =>
        logger.error({ err }, 'restoring live timers failed'),
      );
    },
    async close() {
      // Sign this process's sockets out of presence and attendance while the stores are still open, so a
      // restart does not leave them counted as present.
      if (attached) await Promise.allSettled([...attached.of('/').sockets.values()].map((s) => presence.leave(s)));
      timers.stop();
      reactions.stop();
      pulse.stop();
      participation.stop();
      await whiteboard.stop();
    },
  };
}
