import { expect } from 'chai';
import type { ServerEvent, ServerEventName, ServerPayload } from '../../client/src/api/index.js';
import {
  CHAT_LIMIT,
  chatThreads,
  initialRoomState,
  roomParticipants,
  roomReducer,
  sortedParticipants,
  sortedQuestions,
  understandingRatio,
  type RoomAction,
  type RoomState,
} from '../../client/src/state/index.js';

const SELF = 'u-self';
let clock = Date.parse('2026-11-23T10:00:00Z');

function ev<K extends ServerEventName>(type: K, data: Omit<ServerPayload<K>, 'timestamp'>): ServerEvent {
  clock += 1000;
  return { type, data: { ...data, timestamp: new Date(clock).toISOString() } } as unknown as ServerEvent;
}

function run(...actions: RoomAction[]): RoomState {
  return actions.reduce(roomReducer, initialRoomState(SELF));
}

const user = (id: string, full_name = `User ${id}`) => ({ id, full_name });
const chat = (id: string, from: string, message: string, reply_to: string | null = null) =>
  ev('chat_message', { message_id: id, user: user(from), message, reply_to, thread_id: reply_to });

describe('client room reducer', () => {
  it('restores roster, chat, hands and polls from the session_joined snapshot', () => {
    const state = run(
      { type: 'connection', state: 'reconnecting' },
      chat('m0', 'a', 'kept'),
      ev('session_joined', {
        participant_id: 'p1',
        session: { id: 's1', title: 'Week 3', status: 'live' },
        current_participants: 2,
        snapshot: {
          participants: [
            { id: SELF, full_name: 'Kim', role: 'learner', joined_at: '2026-11-23T09:59:30Z' },
            { id: 'i1', full_name: 'Prof. Lee', role: 'instructor', joined_at: '2026-11-23T09:59:00Z' },
          ],
          chat: {
            messages: [
              { message_id: 'm0', user: user('a'), message: 'kept', reply_to: null, reactions: { '👍': 2 } },
              { message_id: 'm1', user: user('i1'), message: 'welcome', reply_to: null },
            ],
          },
          my_hand: { raised: true, queue_position: 2 },
          polls: [
            {
              id: 'p1',
              question: 'Q?',
              type: 'single_choice',
              options: [{ id: 'opt_1', text: 'A' }],
              status: 'active',
              my_option_ids: ['opt_1'],
            },
          ],
        },
      }),
    );
    expect(state.connection).to.equal('connected');
    expect(state.session?.title).to.equal('Week 3');
    expect(sortedParticipants(state).map((p) => p.id)).to.deep.equal(['i1', SELF]);
    expect(state.chat.map((m) => m.id)).to.deep.equal(['m0', 'm1']);
    expect(state.chat[0]!.reactions).to.deep.equal({ '👍': 2 });
    expect(state).to.include({ myHandRaised: true, myHandPosition: 2 });
    expect(state.polls.p1).to.include({ status: 'open' });
    expect(state.polls.p1!.myAnswer).to.deep.equal(['opt_1']);
  });

  it('rebuilds a running breakout, pulse and questions from the snapshot', () => {
    const state = run(
      ev('session_joined', {
        session: { id: 's1', title: 'T', status: 'live' },
        current_participants: 2,
        snapshot: {
          participants: [{ id: 'a', full_name: 'Ann', role: 'learner', joined_at: 'x' }],
          breakout: {
            run_id: 'run1',
            rooms: [{ room_id: 'r1', room_number: 1, name: 'Group 1' }],
            duration_minutes: 5,
            ends_at: '2026-11-23T10:30:00Z',
            my_room_id: null,
            assignments: { a: 'r1' },
          },
          pulse: { understand: 2, confused: 1, total: 3 },
          my_pulse: null,
          questions: { questions: [{ id: 'q1', text: 'Why?', upvotes: 1, answered: false }] },
        },
      }),
    );
    expect(state.breakout?.rooms[0]!.participants).to.deep.equal([{ id: 'a', full_name: 'Ann' }]);
    expect(state.breakout?.myRoomId).to.equal(null);
    expect(state.pulse).to.include({ understand: 2, confused: 1, total: 3 });
    expect(Object.keys(state.questions)).to.deep.equal(['q1']);
  });

  it('adds and removes participants, dropping typing and speaker state but keeping the server-side hand', () => {
    const joined = run(
      ev('participant_joined', { user: { ...user('a', 'Ann'), role: 'learner' }, joined_at: 'x' }),
      ev('hand_raised', { user: user('a', 'Ann'), queue_position: 1 }),
      ev('chat_typing', { user: user('a', 'Ann'), typing: true }),
      ev('active_speaker', { user_id: 'a' }),
    );
    expect(Object.keys(joined.participants)).to.deep.equal(['a']);
    const left = roomReducer(joined, ev('participant_left', { user_id: 'a', left_at: 'y' }));
    expect(left.participants).to.deep.equal({});
    // The queue lives on the server and outlasts a dropped connection; only hand_lowered/hand_queue change it.
    expect(left.hands.map((h) => h.userId)).to.deep.equal(['a']);
    expect(left.typing).to.deep.equal({});
    expect(left.activeSpeaker).to.equal(null);
  });

  it('appends chat once per message id, caps the history and announces others’ messages only', () => {
    const state = run(chat('m1', 'a', 'hello'), chat('m1', 'a', 'hello'), chat('m2', SELF, 'mine'));
    expect(state.chat.map((m) => m.id)).to.deep.equal(['m1', 'm2']);
    expect(state.notice?.text).to.equal('live.chat');
    expect(state.notice?.params).to.deep.equal({ name: 'User a', message: 'hello' });
    const many = Array.from({ length: CHAT_LIMIT + 5 }, (_, i) => chat(`n${i}`, 'a', `${i}`));
    expect(run(...many).chat).to.have.length(CHAT_LIMIT);
  });

  it('groups replies under their thread, takes reaction counts from the server and my own from acks', () => {
    let state = run(chat('m1', 'a', 'q?'), chat('m2', 'b', 'answer', 'm1'), chat('m3', 'c', 'other'));
    expect(chatThreads(state.chat).map((t) => [t.root.id, t.replies.map((r) => r.id)])).to.deep.equal([
      ['m1', ['m2']],
      ['m3', []],
    ]);
    state = roomReducer(state, ev('chat_reaction', { message_id: 'm1', reactions: { '👍': 2 } }));
    state = roomReducer(state, { type: 'chat_reacted', messageId: 'm1', emoji: '👍', reacted: true });
    expect(state.chat[0]).to.deep.include({ reactions: { '👍': 2 }, mine: ['👍'] });
    state = roomReducer(state, { type: 'chat_reacted', messageId: 'm1', emoji: '👍', reacted: false });
    state = roomReducer(state, ev('chat_reaction', { message_id: 'm1', reactions: {} }));
    expect(state.chat[0]).to.deep.include({ reactions: {}, mine: [] });
  });

  it('applies edits and deletions to messages it has and keeps the breakout room of a message', () => {
    let state = run(chat('m1', 'a', 'helo'));
    state = roomReducer(
      state,
      ev('chat_message_updated', {
        message_id: 'm1',
        user: user('a'),
        message: 'hello',
        reply_to: null,
        edited_at: '2026-11-23T10:01:00Z',
      }),
    );
    expect(state.chat[0]).to.include({ message: 'hello', edited: true });
    state = roomReducer(state, ev('chat_message_deleted', { message_id: 'm1', deleted_by: 'a' }));
    expect(state.chat[0]).to.include({ message: '', deleted: true });
    state = roomReducer(
      state,
      ev('chat_message', { message_id: 'm2', user: user('b'), message: 'in group', reply_to: null, room_id: 'r1' }),
    );
    expect(state.chat[1]).to.include({ roomId: 'r1' });
  });

  it('shows who is typing until they send or the indicator expires', () => {
    const typing = run(ev('chat_typing', { user: user('a', 'Ann'), typing: true }));
    expect(Object.values(typing.typing).map((t) => t.name)).to.deep.equal(['Ann']);
    expect(roomReducer(typing, chat('m1', 'a', 'hi')).typing).to.deep.equal({});
    const until = typing.typing.a!.until;
    expect(roomReducer(typing, { type: 'typing_expired', now: until - 1 })).to.equal(typing);
    expect(roomReducer(typing, { type: 'typing_expired', now: until }).typing).to.deep.equal({});
  });

  it('keeps the staff hand queue in raise order and my own hand from hand_state', () => {
    let state = run(
      ev('hand_raised', { user: user('a'), queue_position: 1 }),
      ev('hand_raised', { user: user('b'), queue_position: 2 }),
      ev('hand_raised', { user: user('a'), queue_position: 1 }),
    );
    expect(state.hands.map((h) => h.userId)).to.deep.equal(['a', 'b']);
    expect(state.notice?.text).to.equal('live.hand');
    state = roomReducer(state, ev('hand_lowered', { user_id: 'a' }));
    expect(state.hands.map((h) => h.userId)).to.deep.equal(['b']);
    state = roomReducer(
      state,
      ev('hand_queue', { queue: [{ user: user('c'), queue_position: 1, raised_at: '2026-11-23T10:00:00Z' }] }),
    );
    expect(state.hands.map((h) => h.userId)).to.deep.equal(['c']);
    state = roomReducer(state, ev('hand_state', { raised: true, queue_position: 3 }));
    expect(state).to.include({ myHandRaised: true, myHandPosition: 3 });
    state = roomReducer(state, ev('hand_state', { raised: false, by: 'i1' }));
    expect(state).to.include({ myHandRaised: false, myHandPosition: null });
    state = roomReducer(state, ev('hand_called_on', { user: user('c', 'Cho') }));
    expect(state.notice).to.include({ text: 'live.calledOn' });
  });

  it('turns reaction bursts into a few floating emoji each', () => {
    const state = run(ev('reaction_burst', { counts: { '👍': 40, '👏': 1 }, window_ms: 1000 }));
    expect(state.reactions.map((r) => r.emoji)).to.deep.equal(['👍', '👍', '👍', '👏']);
    expect(roomReducer(state, { type: 'reaction_expired', id: state.reactions[0]!.id }).reactions).to.have.length(3);
  });

  it('follows a poll from creation through live counts and my answer to its results', () => {
    const poll = {
      id: 'p1',
      question: 'Next topic?',
      type: 'single_choice' as const,
      options: [
        { id: 'o1', text: 'Trees' },
        { id: 'o2', text: 'SVM' },
      ],
      ends_at: '2026-11-23T10:05:00Z',
      status: 'active' as const,
    };
    let state = run(ev('poll_created', { poll }));
    expect(state.pollOrder).to.deep.equal(['p1']);
    expect(state.polls.p1!.status).to.equal('open');
    expect(state.notice?.params).to.deep.equal({ question: 'Next topic?' });
    state = roomReducer(state, { type: 'poll_answered', pollId: 'p1', optionIds: ['o2'] });
    state = roomReducer(
      state,
      ev('poll_response_update', {
        poll_id: 'p1',
        total_responses: 3,
        response_rate: 0.5,
        options: [
          { id: 'o1', votes: 1 },
          { id: 'o2', votes: 2 },
        ],
      }),
    );
    expect(state.polls.p1).to.include({ totalResponses: 3, responseRate: 0.5 });
    expect(state.polls.p1!.results).to.deep.equal({
      o1: { text: 'Trees', votes: 1, percentage: 33.3 },
      o2: { text: 'SVM', votes: 2, percentage: 66.7 },
    });
    expect(state.polls.p1!.myAnswer).to.deep.equal(['o2']);
    const results = {
      o1: { text: 'Trees', votes: 1, percentage: 25 },
      o2: { text: 'SVM', votes: 3, percentage: 75 },
    };
    state = roomReducer(state, ev('poll_closed', { poll_id: 'p1', results, total_responses: 4 }));
    expect(state.polls.p1).to.include({ status: 'closed', totalResponses: 4 });
    expect(state.polls.p1!.results).to.deep.equal(results);
    expect(roomReducer(state, ev('poll_closed', { poll_id: 'nope', results, total_responses: 1 }))).to.equal(state);
    const learnerView = roomReducer(run(ev('poll_created', { poll })), ev('poll_closed', { poll_id: 'p1' }));
    expect(learnerView.polls.p1).to.include({ status: 'closed', results: null });
  });

  it('opens a published quiz and records the graded feedback', () => {
    const quiz = {
      id: 'q1',
      title: 'Check',
      questions: [{ id: 'x', type: 'short_answer' as const, question_text: 'Why?' }],
    };
    let state = run({ type: 'quiz_loaded', quiz, at: '2026-11-23T10:00:00Z' });
    expect(state.quiz?.status).to.equal('open');
    expect(state.notice).to.include({ text: 'live.quiz' });
    expect(roomReducer(state, { type: 'quiz_loaded', quiz, at: 'later' })).to.equal(state);
    state = roomReducer(state, {
      type: 'quiz_graded',
      score: 8,
      maxScore: 10,
      feedback: [{ questionId: 'x', correct: true, explanation: 'Because.' }],
    });
    expect(state.quiz).to.include({ status: 'submitted', score: 8, maxScore: 10 });
    expect(roomReducer(state, { type: 'quiz_dismissed' }).quiz).to.equal(null);
  });

  describe('live quiz', () => {
    const live = {
      id: 'lq',
      title: 'Checkpoint',
      status: 'live' as const,
      questions: [{ id: 'a', type: 'single_choice' as const, question_text: 'Which?', options: ['x', 'y'] }],
      time_limit_seconds: 60,
      started_at: '2026-11-23T10:00:00.000Z',
      ends_at: '2026-11-23T10:01:00.000Z',
    };
    const stats = {
      quiz_id: 'lq',
      answered: 1,
      learners_present: 3,
      average_percentage: 100,
      mean_answer_seconds: 4,
      median_answer_seconds: 4,
      questions: [{ question_id: 'a', type: 'single_choice' as const, correct: 1, pending: 0, distribution: [0, 1] }],
    };
    const mine = {
      submission_id: 's1',
      auto_graded_score: 1,
      max_score: 1,
      status: 'graded',
      feedback: [{ question_id: 'a', correct: true, points_earned: 1, explanation: 'Because.' }],
    };

    it('opens the started quiz with an announcement, takes staff stats, and reveals solutions at close', () => {
      let state = run(ev('quiz_started', { quiz: live }));
      expect(state.quiz).to.include({ status: 'open' });
      expect(state.liveQuiz).to.deep.include({ closed: false, stats: null });
      expect(state.notice).to.include({ kind: 'quiz', text: 'live.quiz' });
      state = roomReducer(state, ev('quiz_stats', stats));
      expect(state.liveQuiz?.stats).to.include({ answered: 1, average_percentage: 100 });
      expect(roomReducer(state, ev('quiz_stats', { ...stats, quiz_id: 'other' }))).to.equal(state);
      const newer = roomReducer(state, ev('quiz_stats', { ...stats, answered: 2 }));
      expect(roomReducer(newer, ev('quiz_stats', stats))).to.equal(newer);
      const solutions = [{ question_id: 'a', correct_option_indexes: [1] }];
      state = roomReducer(state, ev('quiz_closed', { quiz_id: 'lq', closed_at: live.ends_at, stats, solutions }));
      expect(state.liveQuiz).to.deep.include({ closed: true, solutions });
      expect(state.notice).to.include({ text: 'liveQuiz.closedNotice' });
    });

    it('restores the running quiz and my graded answer from the join snapshot, and drops a round that ended', () => {
      const joined = (quiz: unknown) =>
        ev('session_joined', {
          session: { id: 's', title: 'Week 3', status: 'live' },
          current_participants: 1,
          snapshot: { quiz } as never,
        });
      let state = run(joined({ ...live, my_answer: mine }));
      expect(state.liveQuiz?.quiz.id).to.equal('lq');
      expect(state.quiz).to.deep.include({ status: 'submitted', score: 1, maxScore: 1 });
      expect(state.quiz?.feedback).to.deep.equal([
        { questionId: 'a', correct: true, pointsEarned: 1, explanation: 'Because.' },
      ]);
      state = roomReducer(state, joined(null));
      expect(state.liveQuiz).to.equal(null);
    });
  });

  it('keeps pulse counts from the server, my own last pulse and the confusion alert', () => {
    let state = run({ type: 'pulse_self', pulse: 'CONFUSED' });
    state = roomReducer(state, ev('pulse_update', { understand: 3, confused: 1, total: 10 }));
    expect(state.pulse).to.deep.equal({ understand: 3, confused: 1, total: 10, mine: 'CONFUSED', alert: false });
    state = roomReducer(
      state,
      ev('pulse_alert', { active: true, understand: 1, confused: 3, total: 4, confused_ratio: 0.75 }),
    );
    expect(state.pulse.alert).to.equal(true);
    expect(state.notice).to.deep.include({ text: 'live.pulseAlert', params: { percent: 75 } });
    expect(understandingRatio(state.pulse)).to.equal(0.75);
    expect(understandingRatio(initialRoomState(SELF).pulse)).to.equal(null);
  });

  it('orders anonymous questions unanswered first, then by votes, and counts my upvote once', () => {
    const q = (id: string, upvotes: number, answered = false, created_at = `2026-11-23T10:0${id}:00Z`) => ({
      id,
      text: `question ${id}`,
      upvotes,
      answered,
      created_at,
    });
    let state = run(
      ev('question_posted', { question: q('1', 1) }),
      ev('question_posted', { question: q('2', 5, true) }),
      ev('question_posted', { question: q('3', 2) }),
    );
    expect(sortedQuestions(state).map((x) => x.id)).to.deep.equal(['3', '1', '2']);
    expect(state.notice).to.include({ text: 'live.question' });
    state = roomReducer(state, { type: 'question_upvoted', questionId: '1', upvotes: 2 });
    expect(state.questions['1']).to.include({ upvotes: 2, upvoted_by_me: true });
    state = roomReducer(state, ev('question_updated', { question: q('1', 2) }));
    expect(state.questions['1']!.upvoted_by_me).to.equal(true);
    state = roomReducer(state, ev('question_removed', { question_id: '3' }));
    expect(Object.keys(state.questions).sort()).to.deep.equal(['1', '2']);
  });

  it('counts as in my room only the members of my breakout room while breakouts run', () => {
    const joined = (id: string, role: 'learner' | 'instructor' = 'learner') =>
      ev('participant_joined', { user: { ...user(id, id.toUpperCase()), role }, joined_at: '2026-11-23T10:00:00Z' });
    const rooms = ev('breakout_start', {
      room_assignments: [
        { room_id: 'r1', room_number: 1, name: 'Room 1', participants: [user('a'), user(SELF)] },
        { room_id: 'r2', room_number: 2, name: 'Room 2', participants: [user('b')] },
      ],
      duration_minutes: 10,
      ends_at: '2026-11-23T10:20:00Z',
    });
    const names = (state: RoomState) => roomParticipants(state).map((p) => p.id);
    const before = run(joined('t', 'instructor'), joined('a'), joined('b'), joined(SELF));
    expect(names(before)).to.deep.equal(['t', 'a', 'b', SELF]);
    const during = roomReducer(before, rooms);
    expect(names(during)).to.deep.equal(['a', SELF]);
    expect(names({ ...during, breakout: { ...during.breakout!, myRoomId: null } }), 'main room').to.deep.equal(['t']);
    expect(names(roomReducer(during, ev('breakout_end', { message: 'Back' })))).to.have.length(4);
  });

  it('finds my breakout room, shows the broadcast and returns to the main room at the end', () => {
    let state = run(
      ev('breakout_start', {
        room_assignments: [
          { room_id: 'r1', room_number: 1, name: 'Group 1', participants: [user('a')] },
          { room_id: 'r2', room_number: 2, name: 'Group 2', participants: [user(SELF)] },
        ],
        duration_minutes: 10,
        ends_at: '2026-11-23T10:20:00Z',
      }),
    );
    expect(state.breakout?.myRoomId).to.equal('r2');
    expect(state.notice?.params).to.deep.equal({ room: 'Group 2' });
    state = roomReducer(state, ev('breakout_moved', { user_id: SELF, from_room_id: 'r2', to_room_id: 'r1' }));
    expect(state.breakout?.myRoomId).to.equal('r1');
    expect(state.breakout?.rooms.map((r) => r.participants.map((p) => p.id))).to.deep.equal([['a', SELF], []]);
    state = roomReducer(state, ev('breakout_warning', { seconds_left: 60, ends_at: '2026-11-23T10:20:00Z' }));
    expect(state.breakout?.warning).to.equal(60);
    state = roomReducer(state, ev('breakout_broadcast', { message: 'Two minutes left' }));
    expect(state.broadcast).to.equal('Two minutes left');
    state = roomReducer(state, ev('breakout_end', { message: 'Back' }));
    expect(state.breakout).to.equal(null);
    expect(state.broadcast).to.equal(null);
  });

  it('tracks the session status and join code, and announces server errors', () => {
    let state = run(
      ev('session_joined', { session: { id: 's', title: 'T', status: 'scheduled' }, current_participants: 1 }),
      ev('session_status', { status: 'live' }),
      ev('join_code', { code: '482913' }),
    );
    expect(state.session?.status).to.equal('live');
    expect(state.joinCode).to.equal('482913');
    state = roomReducer(state, ev('live_error', { event: 'hand_raise', code: 'RATE_LIMITED', message: 'slow down' }));
    expect(state.notice).to.include({ kind: 'error', text: 'errors.RATE_LIMITED' });
    state = roomReducer(state, ev('session_status', { status: 'completed' }));
    expect(state).to.include({ joinCode: null });
  });

  it('forgets raised hands and the pulse when the session ends (the server clears them without events)', () => {
    const ended = run(
      ev('session_joined', { session: { id: 's', title: 'T', status: 'live' }, current_participants: 2 }),
      ev('hand_raised', { user: user('a', 'Ann'), queue_position: 1 }),
      { type: 'hand_self', raised: true, position: 2 },
      { type: 'pulse_self', pulse: 'CONFUSED' },
      ev('pulse_update', { understand: 0, confused: 1, total: 2 }),
      ev('session_status', { status: 'completed' }),
    );
    expect(ended.hands).to.deep.equal([]);
    expect(ended).to.include({ myHandRaised: false, myHandPosition: null });
    expect(ended.pulse).to.deep.equal(initialRoomState(SELF).pulse);
  });

  it('stops waiting when join_session is refused', () => {
    const refused = run(
      ev('live_error', { event: 'join_session', code: 'CONFLICT', message: 'The session has ended' }),
    );
    expect(refused.connection).to.equal('refused');
    const other = run(ev('live_error', { event: 'chat_message', code: 'RATE_LIMITED', message: 'slow' }));
    expect(other.connection).to.equal('connecting');
  });

  it('waits outside a locked session and follows the lock from the snapshot and session_locked', () => {
    const kept = run(
      ev('live_error', { event: 'join_session', code: 'FORBIDDEN', message: 'locked', details: { reason: 'locked' } }),
    );
    expect(kept.connection).to.equal('locked');
    let state = roomReducer(
      kept,
      ev('session_joined', {
        session: { id: 's', title: 'T', status: 'live' },
        current_participants: 2,
        snapshot: { locked: true },
      }),
    );
    expect(state).to.include({ connection: 'connected', locked: true });
    state = roomReducer(state, ev('session_knock', { user: user('e', 'Eun-ji Jung') }));
    state = roomReducer(state, ev('session_knock', { user: user('e', 'Eun-ji Jung') }));
    expect(state.knocking).to.deep.equal([user('e', 'Eun-ji Jung')]);
    expect(state.notice).to.deep.include({ text: 'session.knock', params: { name: 'Eun-ji Jung' } });
    state = roomReducer(state, ev('session_locked', { locked: false, by: 'Ada Kim' }));
    expect(state.locked).to.equal(false);
    expect(state.knocking).to.deep.equal([]);
    expect(state.notice).to.deep.include({ kind: 'session', text: 'session.unlockedBy', params: { name: 'Ada Kim' } });
  });

  it('marks speakers and adds up talk time from speak_start/speak_end', () => {
    let state = run(ev('participant_joined', { user: { ...user('a'), role: 'learner' }, joined_at: 'x' }));
    state = roomReducer(state, ev('speak_start', { user_id: 'a' }));
    expect(state.participants.a!.speaking).to.equal(true);
    state = roomReducer(state, ev('speak_end', { user_id: 'a' }));
    expect(state.participants.a).to.include({ speaking: false, talkMs: 1000 });
    state = roomReducer(state, ev('speak_start', { user_id: 'a' }));
    state = roomReducer(state, ev('speak_end', { user_id: 'a', duration_ms: 15_300 }));
    expect(state.participants.a!.talkMs).to.equal(16_300);
  });

  it('keeps open alerts unique across REST loads and live pushes, newest first, and drops acknowledged ones', () => {
    const alert = (id: string, at: string, status: 'open' | 'acknowledged' = 'open') => ({
      id,
      course_id: 'c',
      session_id: 's',
      user: user('a'),
      rule: 'inactive_in_session' as const,
      severity: 'warning' as const,
      evidence: { idleMinutes: 31 },
      status,
      detected_at: at,
      acknowledged_at: null,
      acknowledged_by: null,
    });
    const raised = ev('alert_raised', { alert: alert('al2', '2026-01-01T10:05:00Z') });
    let state = roomReducer(roomReducer(run(), raised), raised);
    expect(state.alerts.map((a) => a.id)).to.deep.equal(['al2']);
    expect(state.notice?.text).to.equal('live.alert');
    state = roomReducer(state, {
      type: 'alerts_loaded',
      alerts: [alert('al1', '2026-01-01T10:00:00Z'), alert('al2', '2026-01-01T10:05:00Z')],
    });
    expect(state.alerts.map((a) => a.id)).to.deep.equal(['al2', 'al1']);
    state = roomReducer(state, {
      type: 'alerts_loaded',
      alerts: [alert('al1', '2026-01-01T10:00:00Z', 'acknowledged')],
    });
    expect(state.alerts.map((a) => a.id)).to.deep.equal(['al2']);
    state = roomReducer(
      state,
      ev('alert_acknowledged', { alert: alert('al2', '2026-01-01T10:05:00Z', 'acknowledged') }),
    );
    expect(state.alerts).to.deep.equal([]);
  });
});

describe('room reducer: media status', () => {
  const at = '2026-11-23T10:00:00.000Z';

  it('announces video coming back only after a reconnect, not on the first connection', () => {
    const first = run({ type: 'media_status', status: 'connecting', at }, { type: 'media_status', status: 'live', at });
    expect(first.media.status).to.equal('live');
    expect(first.notice).to.equal(null);
    const back = roomReducer(roomReducer(first, { type: 'media_status', status: 'reconnecting', at }), {
      type: 'media_status',
      status: 'live',
      at,
    });
    expect(back.notice?.text).to.equal('live.mediaBack');
  });

  it('keeps what staff switched off until the user acts, and announces it', () => {
    const muted = run({ type: 'media_stopped_by_staff', source: 'mic', at });
    expect(muted.media.stoppedByStaff).to.equal('mic');
    expect(muted.notice).to.include({ kind: 'media', text: 'media.stoppedByStaff.mic' });
    const cleared = roomReducer(muted, { type: 'media_stopped_by_staff', source: null, at });
    expect(cleared.media.stoppedByStaff).to.equal(null);
    expect(cleared.notice).to.equal(muted.notice);
  });
});

describe('room reducer: chat history, private messages, staff visits', () => {
  const at = '2026-11-23T10:00:00.000Z';
  const msg = (id: string, extra: object = {}) => ({
    message_id: id,
    user: user('a'),
    message: id,
    reply_to: null,
    ...extra,
  });

  it('puts an older page before the shown messages, once each, and remembers whether more exist', () => {
    let state = run(
      ev('session_joined', {
        participant_id: 'p1',
        session: { id: 's1', title: 'W', status: 'live' },
        current_participants: 1,
        snapshot: { chat: { messages: [msg('m3'), msg('m4')], has_more: true } },
      }),
    );
    expect(state.chatHasMore).to.equal(true);
    state = roomReducer(state, {
      type: 'chat_history_loaded',
      messages: [msg('m1'), msg('m2'), msg('m3')],
      hasMore: false,
      at,
    });
    expect(state.chat.map((m) => m.id)).to.deep.equal(['m1', 'm2', 'm3', 'm4']);
    expect(state.chatHasMore).to.equal(false);
  });

  it('marks a private conversation with its learner', () => {
    const state = run(
      ev('chat_message', { ...msg('m1'), private: true, private_with: 'a' }),
      ev('chat_message', msg('m2')),
    );
    expect(state.chat.map((m) => m.privateWith)).to.deep.equal(['a', null]);
  });

  it('moves a visiting instructor into a breakout room and back', () => {
    let state = run(
      ev('breakout_start', {
        room_assignments: [{ room_id: 'r1', room_number: 1, name: 'Group 1', participants: [user('a')] }],
        duration_minutes: 10,
        ends_at: '2026-11-23T10:20:00Z',
      }),
    );
    expect(state.breakout?.myRoomId).to.equal(null);
    state = roomReducer(state, { type: 'breakout_visited', roomId: 'r1' });
    expect(state.breakout?.myRoomId).to.equal('r1');
    state = roomReducer(state, { type: 'breakout_visited', roomId: null });
    expect(state.breakout?.myRoomId).to.equal(null);
  });
});
