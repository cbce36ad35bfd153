import { AiAssistPanel, CheckpointSuggestions } from '../features/ai/index.js';
import {
  AlertsPanel,
  BreakoutManager,
  GradeSyncPanel,
  ParticipantsPanel,
  PollLauncher,
  QuizLauncher,
  SessionControls,
} from '../features/dashboard/index.js';
import { HandQueue } from '../features/hands/index.js';
import { PulseGauge } from '../features/pulse/index.js';
import { useApp } from '../ui/index.js';
import { RoomLayout } from './RoomLayout.js';

/** Instructor/TA view: the room plus the live dashboard. Lives in its own chunk (see views/index.ts). */
export default function InstructorView() {
  const { t } = useApp();
  return (
    <RoomLayout
      staff
      dashboard={
        <section class="dashboard" aria-label={t('dashboard.title')}>
          <h2>{t('dashboard.title')}</h2>
          <div class="dashboard__grid">
            <SessionControls />
            <PulseGauge />
            <HandQueue />
            <AlertsPanel />
            <PollLauncher />
            <CheckpointSuggestions />
            <QuizLauncher />
            <BreakoutManager />
            <ParticipantsPanel />
            <GradeSyncPanel />
            <AiAssistPanel />
          </div>
        </section>
      }
    />
  );
}
