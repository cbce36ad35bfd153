import type {
  JoinSnapshot,
  LiveQuizPayload,
  QuizPayload,
  QuizSolution,
  QuizStatsPayload,
  QuizSubmissionResponse,
  ServerEvent,
} from '../api/index.js';
import { notice, type QuizFeedback, type QuizState, type RoomState } from './room.js';

/** The seminar's live quiz round as the room last saw it; kept after close so results stay on screen. */
export interface LiveQuizRound {
  quiz: LiveQuizPayload;
  stats: QuizStatsPayload | null;
  closed: boolean;
  solutions: QuizSolution[];
}

export type LiveQuizEvent = Extract<ServerEvent, { type: 'quiz_started' | 'quiz_stats' | 'quiz_closed' }>;

export function openQuiz(quiz: QuizPayload): QuizState {
  return { quiz, status: 'open', score: null, maxScore: null, feedback: [] };
}

/** Per-question feedback of a graded submission (REST response or `quiz_answer` ack). */
export function toQuizFeedback(result: QuizSubmissionResponse): QuizFeedback[] {
  return result.feedback.map((f) => ({
    questionId: f.question_id,
    correct: f.correct,
    pointsEarned: f.points_earned,
    explanation: f.explanation,
  }));
}

function graded(quiz: QuizState, result: QuizSubmissionResponse): QuizState {
  return {
    ...quiz,
    status: 'submitted',
    score: result.auto_graded_score,
    maxScore: result.max_score,
    feedback: toQuizFeedback(result),
  };
}

/** `quiz_started` opens the quiz for answering (keeping answers already given), stats and close update it. */
export function reduceLiveQuiz(state: RoomState, action: LiveQuizEvent): RoomState {
  switch (action.type) {
    case 'quiz_started': {
      const { quiz, timestamp } = action.data;
      return {
        ...state,
        liveQuiz: { quiz, stats: null, closed: false, solutions: [] },
        quiz: state.quiz?.quiz.id === quiz.id ? state.quiz : openQuiz(quiz),
        notice: notice('quiz', 'live.quiz', timestamp, { title: quiz.title }),
      };
    }
    case 'quiz_stats': {
      const round = state.liveQuiz;
      if (round?.quiz.id !== action.data.quiz_id) return state;
      // Tool processes compute statistics independently: an older count may arrive after a newer one.
      if (round.closed || (round.stats && action.data.answered < round.stats.answered)) return state;
      return { ...state, liveQuiz: { ...round, stats: action.data } };
    }
    case 'quiz_closed': {
      const round = state.liveQuiz;
      if (round?.quiz.id !== action.data.quiz_id) return state;
      return {
        ...state,
        liveQuiz: { ...round, closed: true, stats: action.data.stats, solutions: action.data.solutions },
        notice: notice('quiz', 'liveQuiz.closedNotice', action.data.timestamp, { title: round.quiz.title }),
      };
    }
  }
}

/** The join snapshot's running quiz (with the learner's own answer), or none running any more. */
export function withQuizSnapshot(state: RoomState, snapshot: JoinSnapshot['quiz']): RoomState {
  if (snapshot === undefined) return state;
  if (snapshot === null) return state.liveQuiz?.closed === false ? { ...state, liveQuiz: null } : state;
  const { stats, my_answer: mine, ...quiz } = snapshot;
  const previous = state.liveQuiz?.quiz.id === quiz.id ? state.liveQuiz.stats : null;
  const current = state.quiz?.quiz.id === quiz.id ? state.quiz : openQuiz(quiz);
  return {
    ...state,
    liveQuiz: { quiz, stats: stats ?? previous, closed: false, solutions: [] },
    quiz: mine ? graded(current, mine) : current,
  };
}
