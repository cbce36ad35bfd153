import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { LiveCaptions, SummaryNotePanel } from '../features/ai/index.js';
import { BreakoutBanner } from '../features/breakouts/index.js';
import { ChatPanel } from '../features/chat/index.js';
import { HandButton } from '../features/hands/index.js';
import { PollCard } from '../features/polls/index.js';
import { PulseButtons } from '../features/pulse/index.js';
import { QuestionsPanel } from '../features/questions/index.js';
import { QuizCard, useQuizWatcher } from '../features/quiz/index.js';
import { ReactionBar, ReactionOverlay } from '../features/reactions/index.js';
import { MediaControls, VideoGrid } from '../features/video-grid/index.js';
import { LazyWhiteboard } from '../features/whiteboard/index.js';
import { sortedParticipants } from '../state/index.js';
import { ConnectionBanner, LiveAnnouncer, LocaleSwitch, Tabs, useApp, useRoom, useRoomServices } from '../ui/index.js';

function PeopleList() {
  const { t } = useApp();
  const participants = useRoom(sortedParticipants);
  return (
    <ul class="list" aria-label={t('people.title')}>
      {participants.map((p) => (
        <li key={p.id}>
          <span>{p.name}</span>
          <span class="muted">{t(`role.${p.role}`)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The room as everyone sees it: stage (video or whiteboard) with the toolbar and activity cards, a side
 * panel (chat, Q&A, people) and, for staff, the dashboard passed in by the instructor chunk.
 */
export function RoomLayout(props: { staff: boolean; dashboard?: ComponentChildren }) {
  const { t, locale, claims } = useApp();
  const { socket, leave, media } = useRoomServices();
  const session = useRoom((s) => s.session);
  const polls = useRoom((s) => s.pollOrder.map((id) => s.polls[id]!));
  const chatCount = useRoom((s) => s.chat.length);
  // Each breakout room has its own board: remount (and re-snapshot) when this user changes room.
  const board = useRoom((s) => s.breakout?.myRoomId ?? 'main');
  const questionCount = useRoom((s) => Object.values(s.questions).filter((q) => !q.answered).length);
  const [stage, setStage] = useState('video');
  const [side, setSide] = useState('chat');
  const [seenChat, setSeenChat] = useState(0);
  const visiblePolls = polls.filter((p) => p.status === 'open' || props.staff).slice(-2);
  useQuizWatcher(!props.staff);

  const selectSide = (id: string) => {
    setSide(id);
    if (id === 'chat') setSeenChat(chatCount);
  };

  return (
    <div
      class={`room${props.staff ? ' room--staff' : ''}`}
      data-testid={props.staff ? 'instructor-view' : 'student-view'}
    >
      <header class="topbar">
        <h1>{session?.title ?? t('app.name')}</h1>
        <span class="muted">{t(`role.${claims.role}`)}</span>
        <div class="topbar__end">
          <LocaleSwitch />
          <button type="button" onClick={leave}>
            {t('room.leave')}
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <BreakoutBanner />
      <LiveAnnouncer />
      <div class="room__body">
        <main class="room__stage">
          <Tabs
            idPrefix="stage"
            label={t('room.stage')}
            tabs={[
              { id: 'video', label: t('room.video') },
              { id: 'whiteboard', label: t('room.whiteboard') },
            ]}
            active={stage}
            onSelect={setStage}
          >
            {stage === 'video' ? (
              <div class="stage">
                <VideoGrid media={media} />
                <ReactionOverlay />
              </div>
            ) : (
              <div class="whiteboard">
                <LazyWhiteboard
                  key={board}
                  socket={socket}
                  langCode={locale === 'ko' ? 'ko-KR' : 'en'}
                  staff={props.staff}
                  fallback={
                    <p class="muted" role="status">
                      {t('whiteboard.loading')}
                    </p>
                  }
                  failed={
                    <p class="error" role="alert">
                      {t('whiteboard.failed')}
                    </p>
                  }
                />
              </div>
            )}
          </Tabs>
          {/* The server takes hands, reactions and pulse only while the seminar is live; after the end media is
              off as well, so there is nothing left to send. */}
          {session?.status === 'completed' ? null : (
            <div class="toolbar" role="toolbar" aria-label={t('room.toolbar')}>
              <MediaControls media={media} />
              {session?.status === 'live' ? (
                <>
                  {props.staff ? null : <HandButton />}
                  <ReactionBar />
                  {props.staff ? null : <PulseButtons />}
                </>
              ) : null}
            </div>
          )}
          <LiveCaptions />
          <div class="cards">
            <SummaryNotePanel staff={props.staff} />
            {props.staff ? null : <QuizCard />}
            {visiblePolls.map((poll) => (
              <PollCard key={poll.id} poll={poll} staff={props.staff} />
            ))}
          </div>
          {props.dashboard}
        </main>
        <aside class="room__side">
          <Tabs
            idPrefix="side"
            label={t('room.panels')}
            tabs={[
              { id: 'chat', label: t('chat.title'), badge: side === 'chat' ? 0 : chatCount - seenChat },
              { id: 'qa', label: t('qa.title'), badge: questionCount },
              { id: 'people', label: t('people.title') },
            ]}
            active={side}
            onSelect={selectSide}
          >
            {side === 'chat' ? <ChatPanel /> : side === 'qa' ? <QuestionsPanel staff={props.staff} /> : <PeopleList />}
          </Tabs>
        </aside>
      </div>
    </div>
  );
}
